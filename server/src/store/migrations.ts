import type Database from 'better-sqlite3';

/**
 * Numbered, forward-only schema migrations (STYLE.md 5). `PRAGMA user_version` holds the number of
 * the last applied migration; `schema_migrations` records when each one ran, for people reading the
 * file. Never edit a released migration: add the next number.
 */
export interface Migration {
  id: number;
  name: string;
  up(db: Database.Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'rooms-log-snapshots-workshops-groups',
    up(db) {
      db.exec(`
        CREATE TABLE room_log (
          room       TEXT    NOT NULL,
          seq        INTEGER NOT NULL,
          data       BLOB    NOT NULL,
          created_at INTEGER NOT NULL,
          PRIMARY KEY (room, seq)
        );
        CREATE TABLE room_snapshots (
          room        TEXT    NOT NULL PRIMARY KEY,
          data        BLOB    NOT NULL,
          through_seq INTEGER NOT NULL,
          updated_at  INTEGER NOT NULL
        );
        CREATE TABLE workshops (
          id                 TEXT    NOT NULL PRIMARY KEY,
          title              TEXT    NOT NULL,
          locale             TEXT    NOT NULL,
          template           TEXT    NOT NULL,
          created_at         INTEGER NOT NULL,
          token_facilitator  TEXT    NOT NULL,
          token_participant  TEXT    NOT NULL,
          token_viewer       TEXT    NOT NULL,
          settings           TEXT    NOT NULL DEFAULT '{}'
        );
        CREATE TABLE workshop_groups (
          workshop_id TEXT    NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
          id          TEXT    NOT NULL,
          name        TEXT    NOT NULL,
          position    REAL    NOT NULL,
          locked      INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
          created_at  INTEGER NOT NULL,
          PRIMARY KEY (workshop_id, id)
        );
      `);
    },
  },
  {
    // list() read every logged row to count and size each room; a summary kept up to date by
    // triggers makes it one row per room, and appends stay a single statement.
    id: 2,
    name: 'room-stats',
    up(db) {
      db.exec(`
        CREATE TABLE room_stats (
          room           TEXT    NOT NULL PRIMARY KEY,
          log_length     INTEGER NOT NULL,
          log_bytes      INTEGER NOT NULL,
          snapshot_bytes INTEGER NOT NULL,
          updated_at     INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO room_stats (room, log_length, log_bytes, snapshot_bytes, updated_at)
          SELECT room, SUM(n), SUM(lb), SUM(sb), MAX(at) FROM (
            SELECT room, COUNT(*) AS n, SUM(length(data)) AS lb, 0 AS sb, MAX(created_at) AS at FROM room_log GROUP BY room
            UNION ALL
            SELECT room, 0, 0, length(data), updated_at FROM room_snapshots
          ) GROUP BY room;
        CREATE TRIGGER room_log_stats_insert AFTER INSERT ON room_log BEGIN
          INSERT INTO room_stats (room, log_length, log_bytes, snapshot_bytes, updated_at)
            VALUES (NEW.room, 1, length(NEW.data), 0, NEW.created_at)
            ON CONFLICT (room) DO UPDATE SET log_length = log_length + 1, log_bytes = log_bytes + excluded.log_bytes,
              updated_at = MAX(updated_at, excluded.updated_at);
        END;
        CREATE TRIGGER room_log_stats_delete AFTER DELETE ON room_log BEGIN
          UPDATE room_stats SET log_length = log_length - 1, log_bytes = log_bytes - length(OLD.data) WHERE room = OLD.room;
        END;
        CREATE TRIGGER room_snapshots_stats_insert AFTER INSERT ON room_snapshots BEGIN
          INSERT INTO room_stats (room, log_length, log_bytes, snapshot_bytes, updated_at)
            VALUES (NEW.room, 0, 0, length(NEW.data), NEW.updated_at)
            ON CONFLICT (room) DO UPDATE SET snapshot_bytes = excluded.snapshot_bytes, updated_at = MAX(updated_at, excluded.updated_at);
        END;
        CREATE TRIGGER room_snapshots_stats_update AFTER UPDATE ON room_snapshots BEGIN
          UPDATE room_stats SET snapshot_bytes = length(NEW.data), updated_at = MAX(updated_at, NEW.updated_at) WHERE room = NEW.room;
        END;
        CREATE TRIGGER room_snapshots_stats_delete AFTER DELETE ON room_snapshots BEGIN
          UPDATE room_stats SET snapshot_bytes = 0 WHERE room = OLD.room;
        END;
      `);
    },
  },
  {
    // A compaction deletes hundreds of log rows, and the per-row delete trigger made up much of its
    // time on the event loop; the store now recounts the few rows left once per compaction.
    id: 3,
    name: 'room-stats-recount-on-compaction',
    up(db) {
      db.exec('DROP TRIGGER room_log_stats_delete');
    },
  },
];

export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(`The database has schema version ${found}, but this build of Causeway only knows up to ${known}. Run a newer build, or restore a backup.`);
    this.name = 'SchemaTooNewError';
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every migration newer than the database, each in its own transaction together with the
 * version bump, so a crash or a failing migration leaves the database at the previous version.
 * Returns the ids applied.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const ordered = [...migrations].sort((a, b) => a.id - b.id);
  ordered.forEach((m, i) => {
    if (m.id !== i + 1) throw new Error(`Migrations must be numbered 1, 2, 3, ... without gaps (found ${m.id} at position ${i + 1})`);
  });
  const known = ordered.length;
  const found = schemaVersion(db);
  if (found > known) throw new SchemaTooNewError(found, known);

  const applied: number[] = [];
  for (const m of ordered.slice(found)) {
    db.transaction(() => {
      db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        id         INTEGER NOT NULL PRIMARY KEY,
        name       TEXT    NOT NULL,
        applied_at INTEGER NOT NULL
      )`);
      m.up(db);
      db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(m.id, m.name, Date.now());
      // user_version is part of the database header, so it commits or rolls back with the transaction.
      db.pragma(`user_version = ${m.id}`);
    }).immediate();
    applied.push(m.id);
  }
  return applied;
}
