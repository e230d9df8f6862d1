/**
 * Storage contracts. Every backend (SQLite now, in-memory for tests, PostgreSQL later) passes the
 * same contract suite in tests/server/store-contract.test.ts. Methods return promises so that a
 * networked backend fits; the SQLite backend resolves them synchronously underneath.
 */

/** A room's stored state: an optional merged snapshot, then the log of updates after it. */
export interface StoredRoom {
  snapshot: Uint8Array | null;
  /** Updates appended after the snapshot, oldest first. */
  updates: Uint8Array[];
  /** Sequence number of the last stored update (0 when nothing is stored). */
  lastSeq: number;
}

export interface RoomInfo {
  room: string;
  logLength: number;
  bytes: number;
  updatedAt: number;
}

export interface Persistence {
  load(room: string): Promise<StoredRoom>;
  /** Durably appends one update (on disk before the promise resolves). Returns its sequence number. */
  append(room: string, update: Uint8Array): Promise<number>;
  /**
   * Atomically replaces the snapshot and every logged update with seq <= throughSeq by `snapshot`.
   * Updates appended after throughSeq are kept. A crash mid-way leaves the previous state loadable.
   */
  compact(room: string, snapshot: Uint8Array, throughSeq: number): Promise<void>;
  /** Stored rooms whose name starts with `prefix` (every room without one), sorted by name. */
  list(prefix?: string): Promise<RoomInfo[]>;
  delete(room: string): Promise<void>;
  close(): Promise<void>;
}

export type Role = 'facilitator' | 'participant' | 'viewer';

export interface WorkshopRecord {
  id: string;
  title: string;
  locale: string;
  template: string;
  createdAt: number;
  /** SHA-256 hex hash of each role's token; tokens themselves are never stored. */
  tokenHashes: Record<Role, string>;
  /** Free-form facilitation settings (JSON-serialisable). */
  settings: Record<string, unknown>;
}

export interface GroupRecord {
  workshopId: string;
  id: string;
  name: string;
  position: number;
  locked: boolean;
  createdAt: number;
}

export interface WorkshopStore {
  createWorkshop(workshop: WorkshopRecord, groups: GroupRecord[]): Promise<void>;
  getWorkshop(id: string): Promise<WorkshopRecord | null>;
  updateWorkshop(id: string, patch: Partial<Pick<WorkshopRecord, 'title' | 'settings'>>): Promise<void>;
  listGroups(workshopId: string): Promise<GroupRecord[]>;
  getGroup(workshopId: string, groupId: string): Promise<GroupRecord | null>;
  addGroup(group: GroupRecord): Promise<void>;
  updateGroup(workshopId: string, groupId: string, patch: Partial<Pick<GroupRecord, 'name' | 'locked' | 'position'>>): Promise<void>;
  deleteGroup(workshopId: string, groupId: string): Promise<void>;
}

/** One database holds rooms and workshops (SQLite: one file in DATA_DIR, WAL mode). */
export interface Store {
  rooms: Persistence;
  workshops: WorkshopStore;
  close(): Promise<void>;
}
