export type { GroupRecord, Persistence, Role, RoomInfo, Store, StoredRoom, WorkshopRecord, WorkshopStore } from './types.ts';
export { openSqliteStore, storePath } from './sqlite.ts';
export type { SqliteStoreOptions } from './sqlite.ts';
export { createMemoryStore } from './memory.ts';
export type { MemoryStoreOptions } from './memory.ts';
export { newToken, hashToken, tokensEqual } from './tokens.ts';
export { MIGRATIONS, migrate, schemaVersion, SchemaTooNewError } from './migrations.ts';
export type { Migration } from './migrations.ts';
export { StoreClosedError } from './validate.ts';
