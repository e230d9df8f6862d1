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
