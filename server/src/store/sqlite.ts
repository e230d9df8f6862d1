import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { startCheckpointer } from './checkpointer.ts';
import type { Checkpointer } from './checkpointer.ts';
import { migrate } from './migrations.ts';
import type { GroupRecord, Persistence, RoomInfo, Store, StoredRoom, WorkshopRecord, WorkshopStore } from './types.ts';
import { checkCompactArgs, checkGroup, checkUpdate, StoreClosedError } from './validate.ts';

export interface SqliteStoreOptions {
  /**
   * 'normal' (default): a committed append survives `kill -9` of the process (WAL frames are in the
   * OS before the call returns) but the last few may be lost on power failure.
   * 'full': every commit is fsynced; survives power loss too, at the cost of one fsync per append.
   */
  synchronous?: 'normal' | 'full';
  /** Clock for created/updated times; tests pass a fake. */
  now?: () => number;
  /** How long a connection waits for another process's write lock before failing, in ms. */
  busyTimeoutMs?: number;
  /**
   * false (default): each append is its own committed insert. true: appends made in the same
   * event-loop turn are inserted in one transaction (at setImmediate); each promise still resolves
   * only after that commit, so durability is unchanged and throughput under bursts is higher.
   */
  batchAppends?: boolean;
  /**
   * When set (and the store is a file), WAL checkpoints run every this many ms on a worker thread
   * instead of inside whichever commit crosses SQLite's threshold (S-ST15). The server sets it.
   */
  backgroundCheckpointMs?: number;
}

/** The store's file inside DATA_DIR. */
export function storePath(dataDir: string): string {
  return join(dataDir, 'causeway.sqlite');
}

interface WorkshopRow {
  id: string;
  title: string;
  locale: string;
  template: string;
  created_at: number;
  token_facilitator: string;
  token_participant: string;
  token_viewer: string;
  settings: string;
}

interface GroupRow {
  workshop_id: string;
  id: string;
  name: string;
  position: number;
  locked: number;
  created_at: number;
}

function bytes(value: Buffer | string): Uint8Array {
  // The store writes only BLOBs; a TEXT value (a row edited by hand) is read as its UTF-8 bytes rather
  // than failing the whole load.
  const buf = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

function toWorkshop(row: WorkshopRow): WorkshopRecord {
  let settings: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(row.settings);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) settings = parsed as Record<string, unknown>;
  } catch {
    // A damaged settings column must not make the workshop unreachable; its defaults apply.
  }
  return {
    id: row.id,
    title: row.title,
    locale: row.locale,
    template: row.template,
    createdAt: row.created_at,
    tokenHashes: { facilitator: row.token_facilitator, participant: row.token_participant, viewer: row.token_viewer },
    settings,
  };
}

function toGroup(row: GroupRow): GroupRecord {
  return {
    workshopId: row.workshop_id,
    id: row.id,
    name: row.name,
    position: row.position,
    locked: row.locked === 1,
    createdAt: row.created_at,
  };
}

/** The per-connection settings every store connection uses (exported for its test). */
export function configureConnection(db: Database.Database, options: Pick<SqliteStoreOptions, 'synchronous' | 'busyTimeoutMs'> = {}): void {
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  // After a burst, a checkpoint truncates the WAL back to this size instead of keeping it large.
  db.pragma('journal_size_limit = 67108864');
}

/**
 * Opens (creating if needed) the single SQLite file that holds every room and workshop, in WAL
 * mode, and brings its schema up to date. Calls run synchronously underneath, so an append is
 * committed when its promise resolves (with batchAppends, when its batch has committed).
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  const now = options.now ?? Date.now;
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    configureConnection(db, options);
    migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }
  let checkpointer: Checkpointer | null = null;
  if (options.backgroundCheckpointMs !== undefined && path !== ':memory:') {
    db.pragma('wal_autocheckpoint = 0');
    checkpointer = startCheckpointer(path, options.backgroundCheckpointMs, () => {
      // Without the worker the WAL would only grow: SQLite checkpoints on commit again.
      if (db.open) db.pragma('wal_autocheckpoint = 1000');
    });
  }

  // The next seq is computed inside the insert, so an append is exactly one statement, and seqs keep
  // rising across compactions (the snapshot remembers the last seq it absorbed).
  const appendStmt = db.prepare<[{ room: string; data: Buffer; at: number }], { seq: number }>(`
    INSERT INTO room_log (room, seq, data, created_at)
    VALUES (@room, 1 + MAX(
      COALESCE((SELECT MAX(seq) FROM room_log WHERE room = @room), 0),
      COALESCE((SELECT through_seq FROM room_snapshots WHERE room = @room), 0)
    ), @data, @at)
    RETURNING seq`);
  const snapshotStmt = db.prepare<[string], { data: Buffer | string; through_seq: number }>('SELECT data, through_seq FROM room_snapshots WHERE room = ?');
  const logStmt = db.prepare<[string], { data: Buffer | string; seq: number }>('SELECT data, seq FROM room_log WHERE room = ? ORDER BY seq');
  const lastSeqStmt = db.prepare<[{ room: string }], { last: number }>(`SELECT MAX(
      COALESCE((SELECT MAX(seq) FROM room_log WHERE room = @room), 0),
      COALESCE((SELECT through_seq FROM room_snapshots WHERE room = @room), 0)) AS last`);
  const trimLogStmt = db.prepare<[string, number]>('DELETE FROM room_log WHERE room = ? AND seq <= ?');
  // Deleting log rows fires no trigger (migration 3): a compaction recounts what is left.
  const recountLogStmt = db.prepare<[{ room: string }]>(`
    UPDATE room_stats SET
      log_length = (SELECT COUNT(*) FROM room_log WHERE room = @room),
      log_bytes = (SELECT COALESCE(SUM(length(data)), 0) FROM room_log WHERE room = @room)
    WHERE room = @room`);
  const putSnapshotStmt = db.prepare<[string, Buffer, number, number]>(`
    INSERT INTO room_snapshots (room, data, through_seq, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (room) DO UPDATE SET data = excluded.data, through_seq = excluded.through_seq, updated_at = excluded.updated_at`);
  // room_stats is kept current by triggers (migration 2); a row exists while the room has data.
  const listStmt = db.prepare<[{ from: string; to: string | null }], RoomInfo>(`
    SELECT room, log_length AS logLength, log_bytes + snapshot_bytes AS bytes, updated_at AS updatedAt
    FROM room_stats WHERE room >= @from AND (@to IS NULL OR room < @to) ORDER BY room`);
  const deleteLogStmt = db.prepare<[string]>('DELETE FROM room_log WHERE room = ?');
  const deleteSnapshotStmt = db.prepare<[string]>('DELETE FROM room_snapshots WHERE room = ?');
  const deleteStatsStmt = db.prepare<[string]>('DELETE FROM room_stats WHERE room = ?');

  const insertWorkshopStmt = db.prepare(`
    INSERT INTO workshops (id, title, locale, template, created_at, token_facilitator, token_participant, token_viewer, settings)
    VALUES (@id, @title, @locale, @template, @createdAt, @facilitator, @participant, @viewer, @settings)`);
  const getWorkshopStmt = db.prepare<[string], WorkshopRow>('SELECT * FROM workshops WHERE id = ?');
  const insertGroupStmt = db.prepare(`
    INSERT INTO workshop_groups (workshop_id, id, name, position, locked, created_at)
    VALUES (@workshopId, @id, @name, @position, @locked, @createdAt)`);
  const listGroupsStmt = db.prepare<[string], GroupRow>('SELECT * FROM workshop_groups WHERE workshop_id = ? ORDER BY position, id');
  const getGroupStmt = db.prepare<[string, string], GroupRow>('SELECT * FROM workshop_groups WHERE workshop_id = ? AND id = ?');
  // A null parameter leaves the column as it is (the patch did not mention it).
  const updateWorkshopStmt = db.prepare(
    'UPDATE workshops SET title = COALESCE(@title, title), settings = COALESCE(@settings, settings) WHERE id = @id');
  const updateGroupStmt = db.prepare(`
    UPDATE workshop_groups SET name = COALESCE(@name, name), locked = COALESCE(@locked, locked), position = COALESCE(@position, position)
    WHERE workshop_id = @workshopId AND id = @groupId`);
  const deleteGroupStmt = db.prepare<[string, string]>('DELETE FROM workshop_groups WHERE workshop_id = ? AND id = ?');

  let closed = false;
  interface PendingAppend {
    params: { room: string; data: Buffer; at: number };
    resolve: (seq: number) => void;
    reject: (err: unknown) => void;
  }
  let pending: PendingAppend[] = [];
  const insertBatch = db.transaction((batch: PendingAppend[]) =>
    batch.map((p) => {
      const row = appendStmt.get(p.params);
      if (!row) throw new Error('append returned no sequence number');
      return row.seq;
    }),
  );
  const flushAppends = (): void => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    let seqs: number[];
    try {
      seqs = insertBatch.immediate(batch);
    } catch (err) {
      // The transaction rolled back: none of the batch is stored, so every caller hears about it.
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => p.resolve(seqs[i]!));
  };
  // Every other call first commits queued appends, so it sees them and order stays as called.
  const open = (): void => {
    if (closed) throw new StoreClosedError();
    flushAppends();
  };

  const compactTx = db.transaction((room: string, snapshot: Buffer, throughSeq: number) => {
    const current = snapshotStmt.get(room)?.through_seq ?? 0;
    const last = lastSeqStmt.get({ room })?.last ?? 0;
    checkCompactArgs(throughSeq, current, last);
    trimLogStmt.run(room, throughSeq);
    recountLogStmt.run({ room });
    putSnapshotStmt.run(room, snapshot, throughSeq, now());
  });
  const loadTx = db.transaction((room: string): StoredRoom => {
    const snap = snapshotStmt.get(room);
    const rows = logStmt.all(room);
    const lastRow = rows[rows.length - 1];
    return {
      snapshot: snap ? bytes(snap.data) : null,
      updates: rows.map((r) => bytes(r.data)),
      lastSeq: Math.max(snap?.through_seq ?? 0, lastRow?.seq ?? 0),
    };
  });
  const deleteRoomTx = db.transaction((room: string) => {
    deleteLogStmt.run(room);
    deleteSnapshotStmt.run(room);
    deleteStatsStmt.run(room);
  });

  const rooms: Persistence = {
    async load(room) {
      open();
      // One read transaction, so a writer on another connection cannot split snapshot and log.
      return loadTx.deferred(room);
    },
    async append(room, update) {
      if (closed) throw new StoreClosedError();
      checkUpdate(update);
      if (options.batchAppends) {
        // Copied, because the caller may reuse its buffer before the batch is written.
        const params = { room, data: Buffer.from(update), at: now() };
        return new Promise<number>((resolve, reject) => {
          pending.push({ params, resolve, reject });
          if (pending.length === 1) setImmediate(flushAppends);
        });
      }
      const row = appendStmt.get({ room, data: Buffer.from(update.buffer, update.byteOffset, update.byteLength), at: now() });
      if (!row) throw new Error('append returned no sequence number');
      return row.seq;
    },
    async compact(room, snapshot, throughSeq) {
      open();
      checkUpdate(snapshot);
      compactTx.immediate(room, Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength), throughSeq);
    },
    async list(prefix = '') {
      open();
      // A range of the primary key: the names after `prefix` and before the first name past it.
      const last = prefix.codePointAt(prefix.length - 1);
      const to = last === undefined ? null : prefix.slice(0, prefix.length - String.fromCodePoint(last).length) + String.fromCodePoint(last + 1);
      return listStmt.all({ from: prefix, to });
    },
    async delete(room) {
      open();
      deleteRoomTx.immediate(room);
    },
    close: () => store.close(),
  };

  const workshops: WorkshopStore = {
    async createWorkshop(workshop, groups) {
      open();
      db.transaction(() => {
        insertWorkshopStmt.run({
          id: workshop.id,
          title: workshop.title,
          locale: workshop.locale,
          template: workshop.template,
          createdAt: workshop.createdAt,
          facilitator: workshop.tokenHashes.facilitator,
          participant: workshop.tokenHashes.participant,
          viewer: workshop.tokenHashes.viewer,
          settings: JSON.stringify(workshop.settings ?? {}),
        });
        for (const g of groups) {
          if (g.workshopId !== workshop.id) throw new Error(`group ${g.id} belongs to workshop ${g.workshopId}, not ${workshop.id}`);
          checkGroup(g);
          insertGroupStmt.run({ ...g, locked: g.locked ? 1 : 0 });
        }
      }).immediate();
    },
    async getWorkshop(id) {
      open();
      const row = getWorkshopStmt.get(id);
      return row ? toWorkshop(row) : null;
    },
    async updateWorkshop(id, patch) {
      open();
      updateWorkshopStmt.run({
        id,
        title: patch.title ?? null,
        settings: patch.settings === undefined ? null : JSON.stringify(patch.settings),
      });
    },
    async listGroups(workshopId) {
      open();
      return listGroupsStmt.all(workshopId).map(toGroup);
    },
    async getGroup(workshopId, groupId) {
      open();
      const row = getGroupStmt.get(workshopId, groupId);
      return row ? toGroup(row) : null;
    },
    async addGroup(group) {
      open();
      checkGroup(group);
      insertGroupStmt.run({ ...group, locked: group.locked ? 1 : 0 });
    },
    async updateGroup(workshopId, groupId, patch) {
      open();
      if (patch.position !== undefined) checkGroup({ id: groupId, position: patch.position });
      updateGroupStmt.run({
        workshopId,
        groupId,
        name: patch.name ?? null,
        locked: patch.locked === undefined ? null : patch.locked ? 1 : 0,
        position: patch.position ?? null,
      });
    },
    async deleteGroup(workshopId, groupId) {
      open();
      deleteGroupStmt.run(workshopId, groupId);
    },
  };

  const store: Store = {
    rooms,
    workshops,
    async close() {
      if (closed) return;
      flushAppends();
      closed = true;
      // The worker's connection first, so that closing the last one checkpoints and removes the WAL.
      await checkpointer?.close();
      db.close();
    },
  };
  return store;
}
