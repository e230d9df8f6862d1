import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, SchemaTooNewError, schemaVersion } from '../../server/src/store/migrations.ts';
import { configureConnection, openSqliteStore, storePath } from '../../server/src/store/sqlite.ts';
import { inspectAfterCrash, problemsAfterCrash, runWriterUntilKilled, slowDownSnapshotWrites } from './fixtures/store-crash.ts';

const tmpRoot = mkdtempSync(join(tmpdir(), 'causeway-store-sqlite-'));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));
let counter = 0;
const freshPath = (): string => join(tmpRoot, `db${++counter}`, 'causeway.sqlite');
const bytes = (...xs: number[]): Uint8Array => new Uint8Array(xs);

function tables(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((r) => r.name);
}

describe('SQLite store: compaction is atomic', () => {
  it('S-ST2: a compaction that fails after trimming the log rolls back completely', async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    for (let i = 1; i <= 4; i++) await store.rooms.append('r', bytes(i));
    await store.rooms.compact('r', bytes(20), 2);
    const before = await store.rooms.load('r');

    // Another connection makes the snapshot write fail: compact trims the log first, then writes the snapshot.
    const raw = new Database(path);
    raw.exec(`
      CREATE TRIGGER fail_snapshot_insert BEFORE INSERT ON room_snapshots BEGIN SELECT RAISE(ABORT, 'injected failure'); END;
      CREATE TRIGGER fail_snapshot_update BEFORE UPDATE ON room_snapshots BEGIN SELECT RAISE(ABORT, 'injected failure'); END;`);
    await expect(store.rooms.compact('r', bytes(40), 4)).rejects.toThrow(/injected failure/);
    await expect(store.rooms.compact('new-room', bytes(1), 0)).rejects.toThrow(/injected failure/);
    expect(await store.rooms.load('r')).toEqual(before);
    expect(await store.rooms.load('new-room')).toEqual({ snapshot: null, updates: [], lastSeq: 0 });

    raw.exec('DROP TRIGGER fail_snapshot_insert; DROP TRIGGER fail_snapshot_update;');
    raw.close();
    await store.rooms.compact('r', bytes(40), 4);
    expect(await store.rooms.load('r')).toEqual({ snapshot: bytes(40), updates: [], lastSeq: 4 });
    await store.close();
  });

  it.each([
    { seed: 21, killAfter: 7 },
    { seed: 22, killAfter: 30 },
  ])('S-ST2: a writer killed with SIGKILL while compacting leaves every room loadable and complete (seed $seed)', async ({ seed, killAfter }) => {
    const path = freshPath();
    const run = await runWriterUntilKilled(path, 'compact', seed % 2 === 0, seed, killAfter);
    expect(run.killedCompaction).not.toBeNull();
    expect(await problemsAfterCrash(path, run)).toEqual([]);
  });

  it.each([
    { seed: 31, killAfter: 1 },
    { seed: 32, killAfter: 2 },
  ])('S-ST2: a SIGKILL inside the compaction transaction (after the log trim) loses nothing (seed $seed)', async ({ seed, killAfter }) => {
    const path = freshPath();
    slowDownSnapshotWrites(path);
    const run = await runWriterUntilKilled(path, 'compact', seed % 2 === 0, seed, killAfter);
    const killed = run.killedCompaction!;
    expect(killed.resolved).toBe(false);
    const { problems, snapshotThrough } = await inspectAfterCrash(path, run);
    expect(problems).toEqual([]);
    // The interrupted compaction left no trace: the room still has its older snapshot (or none).
    expect(killed.through).toBeGreaterThan(0);
    expect(snapshotThrough.get(killed.room) ?? 0).toBeLessThan(killed.through);
  });
});

describe('SQLite store: bad data at rest', () => {
  it('S-ST11: load returns stored bytes as they are, even when they are not a valid Yjs update', async () => {
    const store = openSqliteStore(freshPath());
    await store.rooms.compact('r', bytes(0xff, 0xff, 0xff), 0);
    await store.rooms.append('r', bytes(0xde, 0xad));
    await expect(store.rooms.load('r')).resolves.toEqual({ snapshot: bytes(0xff, 0xff, 0xff), updates: [bytes(0xde, 0xad)], lastSeq: 1 });
    await store.close();
  });

  it('S-ST11: a snapshot or update stored as TEXT by hand loads as its UTF-8 bytes', async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    await store.rooms.compact('r', bytes(1), 0);
    await store.rooms.append('r', bytes(2));
    const raw = new Database(path);
    raw.prepare("UPDATE room_snapshots SET data = 'ab' WHERE room = 'r'").run();
    raw.prepare("UPDATE room_log SET data = 'é' WHERE room = 'r'").run();
    raw.close();
    expect(await store.rooms.load('r')).toEqual({ snapshot: bytes(0x61, 0x62), updates: [bytes(0xc3, 0xa9)], lastSeq: 1 });
    await store.close();
  });

  it('S-ST11: a workshop whose settings column is damaged still loads, with empty settings', async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    const tokenHashes = { facilitator: 'a'.repeat(64), participant: 'b'.repeat(64), viewer: 'c'.repeat(64) };
    await store.workshops.createWorkshop({ id: 'w', title: 'T', locale: 'lv', template: 'blank', createdAt: 1, tokenHashes, settings: { a: 1 } }, []);
    const raw = new Database(path);
    raw.prepare("UPDATE workshops SET settings = '{not json' WHERE id = 'w'").run();
    raw.close();
    expect(await store.workshops.getWorkshop('w')).toEqual({ id: 'w', title: 'T', locale: 'lv', template: 'blank', createdAt: 1, tokenHashes, settings: {} });
    await store.close();
  });
});

describe('SQLite store: opening', () => {
  it('S-ST9: the store file is causeway.sqlite in DATA_DIR', () => {
    expect(storePath(join('data', 'dir'))).toBe(join('data', 'dir', 'causeway.sqlite'));
  });

  it('S-ST9: a file that is not a database is refused with an error and left as it was', () => {
    const path = freshPath();
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, 'these are meeting notes, not a database '.repeat(100));
    const before = readFileSync(path);
    expect(() => openSqliteStore(path)).toThrow(/not a database/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});

describe('SQLite store: connection settings and append failures', () => {
  it.each([
    { options: {}, synchronous: 1, busy: 5000 },
    { options: { synchronous: 'full' as const, busyTimeoutMs: 250 }, synchronous: 2, busy: 250 },
  ])('S-ST10: WAL, synchronous $synchronous, busy timeout $busy, foreign keys on', ({ options, synchronous, busy }) => {
    const path = freshPath();
    mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    configureConnection(db, options);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(synchronous);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(busy);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it.each([false, true])('S-ST10: a failed insert rejects and stores nothing; batched appends fail together (batch %s)', async (batchAppends) => {
    const path = freshPath();
    const store = openSqliteStore(path, { batchAppends });
    await store.rooms.append('ok', bytes(0));
    const raw = new Database(path);
    raw.exec("CREATE TRIGGER refuse_bad BEFORE INSERT ON room_log WHEN NEW.room = 'bad' BEGIN SELECT RAISE(ABORT, 'disk says no'); END;");
    raw.close();
    const results = await Promise.allSettled([store.rooms.append('ok', bytes(1)), store.rooms.append('bad', bytes(2))]);
    expect(results.map((r) => r.status)).toEqual(batchAppends ? ['rejected', 'rejected'] : ['fulfilled', 'rejected']);
    expect((await store.rooms.load('ok')).lastSeq).toBe(batchAppends ? 1 : 2);
    expect((await store.rooms.load('bad')).lastSeq).toBe(0);
    // The store keeps working for later appends.
    expect(await store.rooms.append('ok', bytes(3))).toBe(batchAppends ? 2 : 3);
    await store.close();
  });
});

describe('SQLite store: two connections on one file', () => {
  it('S-ST12: a load never sees another connection\'s compaction half done', async () => {
    const path = freshPath();
    const store = openSqliteStore(path, { busyTimeoutMs: 50 });
    for (let i = 1; i <= 3; i++) await store.rooms.append('r', bytes(i));
    const before = await store.rooms.load('r');
    const other = new Database(path);
    other.exec("BEGIN IMMEDIATE; DELETE FROM room_log WHERE room = 'r' AND seq <= 2;");
    expect(await store.rooms.load('r')).toEqual(before);
    // While the other connection holds the write lock, an append waits busyTimeoutMs, then fails and stores nothing.
    await expect(store.rooms.append('r', bytes(4))).rejects.toThrow(/locked|busy/i);
    other.exec('ROLLBACK');
    other.close();
    expect(await store.rooms.load('r')).toEqual(before);
    expect(await store.rooms.append('r', bytes(4))).toBe(4);
    await store.close();
  });

  it('S-ST12: appends from two stores on the same file interleave with unique, rising seqs', async () => {
    const path = freshPath();
    const a = openSqliteStore(path);
    const b = openSqliteStore(path);
    const seqs: number[] = [];
    for (let i = 0; i < 6; i++) seqs.push(await (i % 2 ? b : a).rooms.append('shared', bytes(i)));
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
    await b.rooms.compact('shared', bytes(99), 3);
    expect(await a.rooms.append('shared', bytes(6))).toBe(7);
    expect(await a.rooms.load('shared')).toEqual({ snapshot: bytes(99), updates: [bytes(3), bytes(4), bytes(5), bytes(6)], lastSeq: 7 });
    await a.close();
    await b.close();
  });
});

describe('SQLite schema migrations', () => {
  it('S-ST13: migration 1 on an empty file creates the room log, snapshots, workshops and groups tables', () => {
    const db = new Database(':memory:');
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db, MIGRATIONS.slice(0, 1))).toEqual([1]);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).toEqual(['room_log', 'room_snapshots', 'schema_migrations', 'workshop_groups', 'workshops']);
    expect(db.prepare('SELECT id, name FROM schema_migrations').all()).toEqual([{ id: 1, name: 'rooms-log-snapshots-workshops-groups' }]);
    db.close();
  });

  it('S-ST13: migration 2 adds room_stats, filled from the rooms already stored, and kept current afterwards', async () => {
    const path = freshPath();
    mkdirSync(dirname(path), { recursive: true });
    const v1 = new Database(path);
    v1.pragma('journal_mode = WAL');
    migrate(v1, MIGRATIONS.slice(0, 1));
    const log = v1.prepare('INSERT INTO room_log (room, seq, data, created_at) VALUES (?, ?, ?, ?)');
    const snap = v1.prepare('INSERT INTO room_snapshots (room, data, through_seq, updated_at) VALUES (?, ?, ?, ?)');
    log.run('w/log-only', 1, Buffer.from([1, 2]), 100);
    log.run('w/log-only', 2, Buffer.from([3]), 300);
    snap.run('w/snapshot-only', Buffer.alloc(10), 4, 200);
    snap.run('w/both', Buffer.alloc(5), 2, 400);
    log.run('w/both', 3, Buffer.alloc(7), 350);
    v1.close();

    const store = openSqliteStore(path, { now: () => 1000 });
    const check = new Database(path, { readonly: true });
    expect(schemaVersion(check)).toBe(MIGRATIONS.length);
    check.close();
    expect(await store.rooms.list()).toEqual([
      { room: 'w/both', logLength: 1, bytes: 12, updatedAt: 400 },
      { room: 'w/log-only', logLength: 2, bytes: 3, updatedAt: 300 },
      { room: 'w/snapshot-only', logLength: 0, bytes: 10, updatedAt: 200 },
    ]);
    expect(await store.rooms.append('w/snapshot-only', bytes(1))).toBe(5);
    await store.rooms.compact('w/log-only', bytes(9, 9, 9), 1);
    await store.rooms.delete('w/both');
    expect(await store.rooms.list()).toEqual([
      { room: 'w/log-only', logLength: 1, bytes: 4, updatedAt: 1000 },
      { room: 'w/snapshot-only', logLength: 1, bytes: 11, updatedAt: 1000 },
    ]);
    await store.close();
  });

  it('S-ST13: migration 1 deletes a workshop\'s groups with it and accepts only 0/1 as the lock flag', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db);
    db.prepare("INSERT INTO workshops (id, title, locale, template, created_at, token_facilitator, token_participant, token_viewer) VALUES ('w', 't', 'en', 'blank', 0, 'f', 'p', 'v')").run();
    db.prepare("INSERT INTO workshop_groups (workshop_id, id, name, position, locked, created_at) VALUES ('w', 'g', 'G', 0, 0, 0)").run();
    expect(() => db.prepare("INSERT INTO workshop_groups (workshop_id, id, name, position, locked, created_at) VALUES ('w', 'h', 'H', 0, 2, 0)").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO workshop_groups (workshop_id, id, name, position, locked, created_at) VALUES ('nope', 'h', 'H', 0, 0, 0)").run()).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM workshops WHERE id = 'w'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM workshop_groups').get()).toEqual({ n: 0 });
    db.close();
  });

  it('S-ST13: opening an up-to-date file applies nothing and keeps the data', async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    await store.rooms.append('r', bytes(1));
    await store.close();
    const db = new Database(path);
    expect(migrate(db)).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
    db.close();
    const again = openSqliteStore(path);
    expect((await again.rooms.load('r')).updates).toEqual([bytes(1)]);
    await again.close();
  });

  it('S-ST13: a failing migration leaves the file at the previous version, untouched', () => {
    const db = new Database(':memory:');
    migrate(db);
    const next = MIGRATIONS.length + 1;
    const broken = [...MIGRATIONS, { id: next, name: 'broken', up: (d: Database.Database) => { d.exec('CREATE TABLE half_done (x)'); throw new Error('boom'); } }];
    expect(() => migrate(db, broken)).toThrow('boom');
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(tables(db)).not.toContain('half_done');
    expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
    // A fixed version of the same migration then applies on top.
    const fixed = [...MIGRATIONS, { id: next, name: 'fixed', up: (d: Database.Database) => d.exec('CREATE TABLE added_later (x)') }];
    expect(migrate(db, fixed)).toEqual([next]);
    expect(schemaVersion(db)).toBe(next);
    expect(tables(db)).toContain('added_later');
    db.close();
  });

  it('S-ST13: migrations must be numbered without gaps', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, [...MIGRATIONS, { id: MIGRATIONS.length + 2, name: 'gap', up: () => {} }])).toThrow(/without gaps/);
    expect(schemaVersion(db)).toBe(0);
    db.close();
  });

  it('S-ST13: a file from a newer schema is refused, not modified', async () => {
    const path = freshPath();
    await openSqliteStore(path).close();
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => openSqliteStore(path)).toThrow(SchemaTooNewError);
    const check = new Database(path);
    expect(schemaVersion(check)).toBe(99);
    check.close();
  });
});

describe('SQLite store: checkpoints on a worker thread', () => {
  /** Waits (polling: SQLite tells nobody when a checkpoint ran) until `check` holds. */
  async function eventually(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('S-ST15: the worker copies committed appends into the database file; closing leaves no WAL and loses nothing', async () => {
    const path = freshPath();
    const store = openSqliteStore(path, { backgroundCheckpointMs: 20, batchAppends: true });
    const before = statSync(path).size;
    const update = new Uint8Array(1024).fill(7);
    // About 60 pages: far below SQLite's own threshold (1,000), so only the worker can have copied them.
    await Promise.all(Array.from({ length: 200 }, () => store.rooms.append('r', update)));
    await eventually(() => statSync(path).size >= before + 200 * 1024, 'a checkpoint into the database file');
    expect(existsSync(`${path}-wal`)).toBe(true);
    await store.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    const again = openSqliteStore(path);
    const loaded = await again.rooms.load('r');
    expect(loaded.updates).toHaveLength(200);
    expect(loaded.lastSeq).toBe(200);
    await again.close();
  });

  it('S-ST15: without the option, nothing checkpoints between commits below SQLite’s threshold', async () => {
    const path = freshPath();
    const store = openSqliteStore(path, { batchAppends: true });
    const before = statSync(path).size;
    await Promise.all(Array.from({ length: 200 }, () => store.rooms.append('r', new Uint8Array(1024).fill(7))));
    // Give a checkpoint every chance to run, then check none did (the control for the test above).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(statSync(path).size).toBeLessThan(before + 200 * 1024);
    await store.close();
  });
});
