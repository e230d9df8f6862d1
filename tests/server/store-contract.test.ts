import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openSqliteStore } from '../../server/src/store/sqlite.ts';
import type { GroupRecord, Store, WorkshopRecord } from '../../server/src/store/types.ts';
import { storeBackends } from './fixtures/store-backends.ts';
import { problemsAfterCrash, runWriterUntilKilled } from './fixtures/store-crash.ts';

/**
 * The persistence contract (S-ST rules). Every backend runs this same suite; a new backend
 * (PostgreSQL) is added as one more row of `backends`.
 */

const tmpRoot = mkdtempSync(join(tmpdir(), 'causeway-store-contract-'));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));
const backends = storeBackends(tmpRoot);

const bytes = (...xs: number[]): Uint8Array => new Uint8Array(xs);

function workshop(id: string, extra: Partial<WorkshopRecord> = {}): WorkshopRecord {
  return {
    id,
    title: `Workshop ${id}`,
    locale: 'pl',
    template: 'blank',
    createdAt: 1000,
    tokenHashes: { facilitator: 'f'.repeat(64), participant: 'p'.repeat(64), viewer: 'v'.repeat(64) },
    settings: { timerSeconds: 600, voting: { dots: 3 } },
    ...extra,
  };
}

function group(workshopId: string, id: string, position: number, extra: Partial<GroupRecord> = {}): GroupRecord {
  return { workshopId, id, name: `Group ${id}`, position, locked: false, createdAt: 2000, ...extra };
}

describe.each(backends)('persistence contract: $name store', (backend) => {
  let store: Store;
  let clock = 0;
  beforeEach(() => {
    clock = 1_700_000_000_000;
    store = backend.open(() => clock).store;
  });
  afterEach(async () => {
    await store.close();
  });

  it('S-ST1: load of an unknown room is empty', async () => {
    await expect(store.rooms.load('w1/nope')).resolves.toEqual({ snapshot: null, updates: [], lastSeq: 0 });
  });

  it('S-ST1: appends get rising sequence numbers per room and load returns them in order', async () => {
    expect(await store.rooms.append('w1/a', bytes(1))).toBe(1);
    expect(await store.rooms.append('w1/b', bytes(9))).toBe(1);
    expect(await store.rooms.append('w1/a', bytes(2, 2))).toBe(2);
    expect(await store.rooms.append('w1/a', bytes())).toBe(3);
    const a = await store.rooms.load('w1/a');
    expect(a.snapshot).toBeNull();
    expect(a.updates.map((u) => [...u])).toEqual([[1], [2, 2], []]);
    expect(a.lastSeq).toBe(3);
    expect((await store.rooms.load('w1/b')).updates.map((u) => [...u])).toEqual([[9]]);
  });

  it('S-ST1: loaded updates are plain Uint8Arrays unaffected by later caller mutation', async () => {
    const u = bytes(1, 2, 3);
    await store.rooms.append('r', u);
    u[0] = 99;
    const loaded = await store.rooms.load('r');
    expect(loaded.updates[0]).toBeInstanceOf(Uint8Array);
    expect([...loaded.updates[0]!]).toEqual([1, 2, 3]);
  });

  it('S-ST1: appends issued together without awaiting keep their order and get consecutive seqs', async () => {
    const seqs = await Promise.all([1, 2, 3, 4, 5].map((i) => store.rooms.append(i % 2 ? 'odd' : 'even', bytes(i))));
    expect(seqs).toEqual([1, 1, 2, 2, 3]);
    expect((await store.rooms.load('odd')).updates.map((u) => [...u])).toEqual([[1], [3], [5]]);
  });

  it('S-ST1: a compact or load issued right after unawaited appends sees them', async () => {
    const a = store.rooms.append('r', bytes(1));
    const b = store.rooms.append('r', bytes(2));
    const loaded = await store.rooms.load('r');
    expect(loaded.lastSeq).toBe(2);
    await store.rooms.compact('r', bytes(12), 2);
    expect([await a, await b]).toEqual([1, 2]);
    expect(await store.rooms.load('r')).toEqual({ snapshot: bytes(12), updates: [], lastSeq: 2 });
  });

  it('S-ST1: append rejects something that is not bytes', async () => {
    await expect(store.rooms.append('r', 'text' as unknown as Uint8Array)).rejects.toThrow(TypeError);
    expect((await store.rooms.load('r')).lastSeq).toBe(0);
  });

  it('S-ST2: compact replaces the snapshot and the log through throughSeq and keeps later updates', async () => {
    for (let i = 1; i <= 5; i++) await store.rooms.append('r', bytes(i));
    await store.rooms.compact('r', bytes(100), 3);
    const after = await store.rooms.load('r');
    expect([...after.snapshot!]).toEqual([100]);
    expect(after.updates.map((u) => [...u])).toEqual([[4], [5]]);
    expect(after.lastSeq).toBe(5);
    // Sequence numbers keep rising after compaction, even when the whole log was absorbed.
    await store.rooms.compact('r', bytes(101), 5);
    expect(await store.rooms.load('r')).toEqual({ snapshot: bytes(101), updates: [], lastSeq: 5 });
    expect(await store.rooms.append('r', bytes(6))).toBe(6);
    expect((await store.rooms.load('r')).lastSeq).toBe(6);
  });

  it('S-ST2: a Yjs room compacted mid-stream loads to the same document', async () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const text = doc.getText('problem');
    for (const word of ['Applications ', 'wait ', '40 days ', 'for a ', 'decision']) text.insert(text.length, word);
    for (const u of updates) await store.rooms.append('w/g', u);
    // Compact through the first three updates only; the rest stays in the log.
    const merged = Y.mergeUpdates(updates.slice(0, 3));
    await store.rooms.compact('w/g', merged, 3);
    const loaded = await store.rooms.load('w/g');
    const copy = new Y.Doc();
    Y.applyUpdate(copy, loaded.snapshot!);
    for (const u of loaded.updates) Y.applyUpdate(copy, u);
    expect(copy.getText('problem').toString()).toBe('Applications wait 40 days for a decision');
    expect(loaded.updates).toHaveLength(2);
  });

  it('S-ST2: compact with throughSeq 0 stores an initial snapshot for a new room', async () => {
    await store.rooms.compact('fresh', bytes(7, 7), 0);
    expect(await store.rooms.load('fresh')).toEqual({ snapshot: bytes(7, 7), updates: [], lastSeq: 0 });
    expect(await store.rooms.append('fresh', bytes(1))).toBe(1);
  });

  it('S-ST2: compact refuses a throughSeq past the log or behind the stored snapshot, and changes nothing', async () => {
    for (let i = 1; i <= 4; i++) await store.rooms.append('r', bytes(i));
    await store.rooms.compact('r', bytes(50), 2);
    const before = await store.rooms.load('r');
    await expect(store.rooms.compact('r', bytes(60), 5)).rejects.toThrow(RangeError);
    await expect(store.rooms.compact('r', bytes(60), 1)).rejects.toThrow(RangeError);
    await expect(store.rooms.compact('r', bytes(60), 2.5)).rejects.toThrow(RangeError);
    await expect(store.rooms.compact('r', bytes(60), -1)).rejects.toThrow(RangeError);
    expect(await store.rooms.load('r')).toEqual(before);
    // Re-compacting at the snapshot's own seq is allowed (e.g. on unload with nothing new).
    await store.rooms.compact('r', bytes(51), 2);
    expect([...(await store.rooms.load('r')).snapshot!]).toEqual([51]);
  });

  it('S-ST3: delete removes a room completely; its seqs start again at 1', async () => {
    await store.rooms.append('gone', bytes(1));
    await store.rooms.append('gone', bytes(2));
    await store.rooms.compact('gone', bytes(3), 1);
    await store.rooms.append('kept', bytes(4));
    await store.rooms.delete('gone');
    await store.rooms.delete('never-existed');
    expect(await store.rooms.load('gone')).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
    expect((await store.rooms.list()).map((r) => r.room)).toEqual(['kept']);
    expect(await store.rooms.append('gone', bytes(5))).toBe(1);
  });

  it('S-ST4: list with a prefix reports only the rooms whose name starts with it', async () => {
    for (const room of ['w/a', 'w/b', 'w0/a', 'v/a', 'w', 'wx/a', 'ż/a']) await store.rooms.append(room, bytes(1));
    expect((await store.rooms.list('w/')).map((r) => r.room)).toEqual(['w/a', 'w/b']);
    expect((await store.rooms.list('w')).map((r) => r.room)).toEqual(['w', 'w/a', 'w/b', 'w0/a', 'wx/a']);
    expect((await store.rooms.list('ż/')).map((r) => r.room)).toEqual(['ż/a']);
    expect(await store.rooms.list('none/')).toEqual([]);
    expect((await store.rooms.list('')).map((r) => r.room)).toEqual((await store.rooms.list()).map((r) => r.room));
    expect((await store.rooms.list()).length).toBe(7);
  });

  it('S-ST4: list reports every stored room with its log length, bytes and last change, sorted by room', async () => {
    expect(await store.rooms.list()).toEqual([]);
    clock = 5000;
    await store.rooms.append('w/b', bytes(1, 2, 3));
    clock = 6000;
    await store.rooms.append('w/b', bytes(4));
    await store.rooms.append('w/a', bytes(1));
    clock = 7000;
    await store.rooms.compact('w/a', bytes(1, 1, 1, 1, 1), 1);
    await store.rooms.compact('w/c', bytes(1, 2), 0);
    expect(await store.rooms.list()).toEqual([
      { room: 'w/a', logLength: 0, bytes: 5, updatedAt: 7000 },
      { room: 'w/b', logLength: 2, bytes: 4, updatedAt: 6000 },
      { room: 'w/c', logLength: 0, bytes: 2, updatedAt: 7000 },
    ]);
  });

  it('S-ST5: after close every call rejects, and close twice is harmless', async () => {
    await store.rooms.append('r', bytes(1));
    await store.close();
    await store.close();
    await expect(store.rooms.load('r')).rejects.toThrow(/closed/);
    await expect(store.rooms.append('r', bytes(2))).rejects.toThrow(/closed/);
    await expect(store.workshops.getWorkshop('w')).rejects.toThrow(/closed/);
  });

  it('S-ST5: rooms.close closes the store it belongs to', async () => {
    await store.rooms.close();
    await expect(store.rooms.list()).rejects.toThrow(/closed/);
  });

  it('S-ST6: a workshop and its groups round-trip; unknown ids give null', async () => {
    const w = workshop('w1');
    await store.workshops.createWorkshop(w, [group('w1', 'g1', 0), group('w1', 'g2', 1, { locked: true })]);
    expect(await store.workshops.getWorkshop('w1')).toEqual(w);
    expect(await store.workshops.getWorkshop('w2')).toBeNull();
    expect(await store.workshops.getGroup('w1', 'g2')).toEqual(group('w1', 'g2', 1, { locked: true }));
    expect(await store.workshops.getGroup('w1', 'nope')).toBeNull();
    expect(await store.workshops.getGroup('w2', 'g1')).toBeNull();
    expect(await store.workshops.listGroups('w2')).toEqual([]);
  });

  it('S-ST6: returned records are copies; mutating them changes nothing stored', async () => {
    await store.workshops.createWorkshop(workshop('w1'), [group('w1', 'g1', 0)]);
    const got = (await store.workshops.getWorkshop('w1'))!;
    got.title = 'changed';
    got.tokenHashes.viewer = 'x';
    (got.settings.voting as { dots: number }).dots = 99;
    const g = (await store.workshops.getGroup('w1', 'g1'))!;
    g.locked = true;
    expect(await store.workshops.getWorkshop('w1')).toEqual(workshop('w1'));
    expect((await store.workshops.getGroup('w1', 'g1'))!.locked).toBe(false);
  });

  it('S-ST6: a duplicate workshop id is refused and the first one is untouched', async () => {
    await store.workshops.createWorkshop(workshop('w1'), [group('w1', 'g1', 0)]);
    await expect(store.workshops.createWorkshop(workshop('w1', { title: 'Other' }), [])).rejects.toThrow();
    expect((await store.workshops.getWorkshop('w1'))!.title).toBe('Workshop w1');
    expect(await store.workshops.listGroups('w1')).toHaveLength(1);
  });

  it('S-ST6: createWorkshop is all or nothing (a bad group stores neither workshop nor groups)', async () => {
    await expect(store.workshops.createWorkshop(workshop('w1'), [group('w1', 'g1', 0), group('w1', 'g1', 1)])).rejects.toThrow();
    expect(await store.workshops.getWorkshop('w1')).toBeNull();
    expect(await store.workshops.listGroups('w1')).toEqual([]);
    await expect(store.workshops.createWorkshop(workshop('w2'), [group('other', 'g1', 0)])).rejects.toThrow();
    expect(await store.workshops.getWorkshop('w2')).toBeNull();
  });

  it('S-ST7: groups list by position, then id', async () => {
    await store.workshops.createWorkshop(workshop('w1'), [group('w1', 'c', 2), group('w1', 'b', 0.5), group('w1', 'a', 2)]);
    await store.workshops.addGroup(group('w1', 'z', -1));
    await store.workshops.createWorkshop(workshop('w2'), [group('w2', 'other', 0)]);
    expect((await store.workshops.listGroups('w1')).map((g) => g.id)).toEqual(['z', 'b', 'a', 'c']);
    await store.workshops.updateGroup('w1', 'c', { position: 0 });
    expect((await store.workshops.listGroups('w1')).map((g) => g.id)).toEqual(['z', 'c', 'b', 'a']);
  });

  it('S-ST7: addGroup refuses an unknown workshop, a duplicate id and a position that is not a number', async () => {
    await store.workshops.createWorkshop(workshop('w1'), [group('w1', 'g1', 0)]);
    await expect(store.workshops.addGroup(group('nope', 'g1', 0))).rejects.toThrow();
    await expect(store.workshops.addGroup(group('w1', 'g1', 5, { name: 'dup' }))).rejects.toThrow();
    await expect(store.workshops.addGroup(group('w1', 'g2', Number.NaN))).rejects.toThrow(RangeError);
    expect(await store.workshops.listGroups('w1')).toEqual([group('w1', 'g1', 0)]);
    expect(await store.workshops.listGroups('nope')).toEqual([]);
  });

  it('S-ST8: lock flag, rename and move change only what the patch names', async () => {
    await store.workshops.createWorkshop(workshop('w1'), [group('w1', 'g1', 0), group('w1', 'g2', 1)]);
    await store.workshops.updateGroup('w1', 'g1', { locked: true });
    expect(await store.workshops.getGroup('w1', 'g1')).toEqual(group('w1', 'g1', 0, { locked: true }));
    await store.workshops.updateGroup('w1', 'g1', { name: 'Zespół ds. wniosków' });
    expect(await store.workshops.getGroup('w1', 'g1')).toEqual(group('w1', 'g1', 0, { locked: true, name: 'Zespół ds. wniosków' }));
    await store.workshops.updateGroup('w1', 'g1', { locked: false, position: 3 });
    expect(await store.workshops.getGroup('w1', 'g1')).toEqual(group('w1', 'g1', 3, { name: 'Zespół ds. wniosków' }));
    await store.workshops.updateGroup('w1', 'g1', {});
    expect(await store.workshops.getGroup('w1', 'g2')).toEqual(group('w1', 'g2', 1));
  });

  it('S-ST8: updateWorkshop changes title and replaces settings; other fields stay', async () => {
    await store.workshops.createWorkshop(workshop('w1'), []);
    await store.workshops.updateWorkshop('w1', { title: 'Отдел „Лицензии“' });
    expect(await store.workshops.getWorkshop('w1')).toEqual(workshop('w1', { title: 'Отдел „Лицензии“' }));
    await store.workshops.updateWorkshop('w1', { settings: { projector: 'g2' } });
    expect(await store.workshops.getWorkshop('w1')).toEqual(workshop('w1', { title: 'Отдел „Лицензии“', settings: { projector: 'g2' } }));
  });

  it('S-ST8: update and delete of unknown ids change nothing and do not fail', async () => {
    await store.workshops.createWorkshop(workshop('w1'), [group('w1', 'g1', 0)]);
    await store.workshops.updateWorkshop('nope', { title: 'x' });
    await store.workshops.updateGroup('w1', 'nope', { name: 'x' });
    await store.workshops.updateGroup('nope', 'g1', { name: 'x' });
    await store.workshops.deleteGroup('w1', 'nope');
    await store.workshops.deleteGroup('nope', 'g1');
    expect(await store.workshops.getWorkshop('nope')).toBeNull();
    expect(await store.workshops.listGroups('w1')).toEqual([group('w1', 'g1', 0)]);
  });

  it('S-ST8: deleteGroup removes only that group', async () => {
    await store.workshops.createWorkshop(workshop('w1'), [group('w1', 'g1', 0), group('w1', 'g2', 1)]);
    await store.workshops.createWorkshop(workshop('w2'), [group('w2', 'g1', 0)]);
    await store.workshops.deleteGroup('w1', 'g1');
    expect(await store.workshops.getGroup('w1', 'g1')).toBeNull();
    expect((await store.workshops.listGroups('w1')).map((g) => g.id)).toEqual(['g2']);
    expect(await store.workshops.getGroup('w2', 'g1')).toEqual(group('w2', 'g1', 0));
    // The id is free again.
    await store.workshops.addGroup(group('w1', 'g1', 7));
    expect((await store.workshops.getGroup('w1', 'g1'))!.position).toBe(7);
  });
});

describe('persistence contract: SQLite only', () => {
  it('S-ST9: rooms, snapshots, workshops and groups survive close and reopen', async () => {
    const path = join(tmpRoot, 'reopen', 'nested', 'causeway.sqlite');
    const first = openSqliteStore(path);
    await first.rooms.append('w1/g1', bytes(1));
    await first.rooms.append('w1/g1', bytes(2));
    await first.rooms.compact('w1/g1', bytes(12), 2);
    await first.rooms.append('w1/g1', bytes(3));
    await first.workshops.createWorkshop(workshop('w1'), [group('w1', 'g1', 0, { locked: true })]);
    // Left unawaited on purpose: close must still write it.
    const pendingAppend = first.rooms.append('w1/g2', bytes(9));
    await first.close();
    expect(await pendingAppend).toBe(1);

    const second = openSqliteStore(path);
    try {
      expect(await second.rooms.load('w1/g1')).toEqual({ snapshot: bytes(12), updates: [bytes(3)], lastSeq: 3 });
      expect(await second.rooms.load('w1/g2')).toEqual({ snapshot: null, updates: [bytes(9)], lastSeq: 1 });
      expect(await second.workshops.getWorkshop('w1')).toEqual(workshop('w1'));
      expect(await second.workshops.listGroups('w1')).toEqual([group('w1', 'g1', 0, { locked: true })]);
      expect(await second.rooms.append('w1/g1', bytes(4))).toBe(4);
    } finally {
      await second.close();
    }
  });

  it('S-ST9: unawaited batched appends are written by close', async () => {
    const path = join(tmpRoot, 'batched-close', 'causeway.sqlite');
    const first = openSqliteStore(path, { batchAppends: true });
    const seqs = [first.rooms.append('r', bytes(1)), first.rooms.append('r', bytes(2))];
    await first.close();
    expect(await Promise.all(seqs)).toEqual([1, 2]);
    const second = openSqliteStore(path);
    expect((await second.rooms.load('r')).updates).toEqual([bytes(1), bytes(2)]);
    await second.close();
  });

  it('S-ST9: the file is in WAL mode', async () => {
    const path = join(tmpRoot, 'wal', 'causeway.sqlite');
    const s = openSqliteStore(path);
    await s.rooms.append('r', bytes(1));
    const Database = (await import('better-sqlite3')).default;
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    await s.close();
  });

  // Kill points come from the number of results the child reported; seeds are fixed so a failure replays.
  it.each([
    { batch: false, seed: 11, killAfter: 300 },
    { batch: false, seed: 12, killAfter: 1700 },
    { batch: true, seed: 13, killAfter: 900 },
  ])('S-ST10: after SIGKILL mid write-storm another process finds every append that resolved (batch $batch, seed $seed)', async ({ batch, seed, killAfter }) => {
    const path = join(tmpRoot, `kill-${seed}`, 'causeway.sqlite');
    const run = await runWriterUntilKilled(path, 'append', batch, seed, killAfter);
    expect(run.lines).toBeGreaterThanOrEqual(killAfter);
    expect(await problemsAfterCrash(path, run)).toEqual([]);
  });
});
