import type { GroupRecord, Persistence, RoomInfo, Store, WorkshopRecord, WorkshopStore } from './types.ts';
import { checkCompactArgs, checkGroup, checkUpdate, StoreClosedError } from './validate.ts';

export interface MemoryStoreOptions {
  now?: () => number;
}

interface MemoryRoom {
  snapshot: { data: Uint8Array; throughSeq: number; updatedAt: number } | null;
  log: { seq: number; data: Uint8Array; createdAt: number }[];
}

/** The state lives in this process only: for tests and for trying the server without a disk. */
export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const now = options.now ?? Date.now;
  const roomsByName = new Map<string, MemoryRoom>();
  const workshopsById = new Map<string, WorkshopRecord>();
  // workshop id -> group id -> group
  const groupsByWorkshop = new Map<string, Map<string, GroupRecord>>();
  let closed = false;
  const open = (): void => {
    if (closed) throw new StoreClosedError();
  };
  // Copies in and out, like a real store: a caller mutating what it passed or got back changes nothing stored.
  const copyWorkshop = (w: WorkshopRecord): WorkshopRecord => ({
    ...w,
    tokenHashes: { ...w.tokenHashes },
    settings: JSON.parse(JSON.stringify(w.settings ?? {})) as Record<string, unknown>,
  });
  const lastSeqOf = (r: MemoryRoom): number => Math.max(r.snapshot?.throughSeq ?? 0, r.log[r.log.length - 1]?.seq ?? 0);

  const rooms: Persistence = {
    async load(room) {
      open();
      const r = roomsByName.get(room);
      if (!r) return { snapshot: null, updates: [], lastSeq: 0 };
      return { snapshot: r.snapshot ? r.snapshot.data.slice() : null, updates: r.log.map((e) => e.data.slice()), lastSeq: lastSeqOf(r) };
    },
    async append(room, update) {
      open();
      checkUpdate(update);
      let r = roomsByName.get(room);
      if (!r) {
        r = { snapshot: null, log: [] };
        roomsByName.set(room, r);
      }
      const seq = lastSeqOf(r) + 1;
      r.log.push({ seq, data: update.slice(), createdAt: now() });
      return seq;
    },
    async compact(room, snapshot, throughSeq) {
      open();
      checkUpdate(snapshot);
      const r = roomsByName.get(room) ?? { snapshot: null, log: [] };
      checkCompactArgs(throughSeq, r.snapshot?.throughSeq ?? 0, lastSeqOf(r));
      r.log = r.log.filter((e) => e.seq > throughSeq);
      r.snapshot = { data: snapshot.slice(), throughSeq, updatedAt: now() };
      roomsByName.set(room, r);
    },
    async list(prefix = '') {
      open();
      const infos: RoomInfo[] = [];
      for (const [room, r] of roomsByName) {
        if ((!r.snapshot && r.log.length === 0) || !room.startsWith(prefix)) continue;
        const times = r.log.map((e) => e.createdAt);
        if (r.snapshot) times.push(r.snapshot.updatedAt);
        infos.push({
          room,
          logLength: r.log.length,
          bytes: (r.snapshot?.data.byteLength ?? 0) + r.log.reduce((n, e) => n + e.data.byteLength, 0),
          updatedAt: Math.max(...times),
        });
      }
      return infos.sort((a, b) => (a.room < b.room ? -1 : a.room > b.room ? 1 : 0));
    },
    async delete(room) {
      open();
      roomsByName.delete(room);
    },
    close: () => store.close(),
  };

  const workshops: WorkshopStore = {
    async createWorkshop(workshop, groups) {
      open();
      if (workshopsById.has(workshop.id)) throw new Error(`workshop ${workshop.id} already exists`);
      const byId = new Map<string, GroupRecord>();
      for (const g of groups) {
        if (g.workshopId !== workshop.id) throw new Error(`group ${g.id} belongs to workshop ${g.workshopId}, not ${workshop.id}`);
        checkGroup(g);
        if (byId.has(g.id)) throw new Error(`group ${g.id} appears twice`);
        byId.set(g.id, { ...g });
      }
      workshopsById.set(workshop.id, copyWorkshop(workshop));
      groupsByWorkshop.set(workshop.id, byId);
    },
    async getWorkshop(id) {
      open();
      const w = workshopsById.get(id);
      return w ? copyWorkshop(w) : null;
    },
    async updateWorkshop(id, patch) {
      open();
      const w = workshopsById.get(id);
      if (!w) return;
      if (patch.title !== undefined) w.title = patch.title;
      if (patch.settings !== undefined) w.settings = JSON.parse(JSON.stringify(patch.settings)) as Record<string, unknown>;
    },
    async listGroups(workshopId) {
      open();
      const groups = [...(groupsByWorkshop.get(workshopId)?.values() ?? [])].map((g) => ({ ...g }));
      return groups.sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
    async getGroup(workshopId, groupId) {
      open();
      const g = groupsByWorkshop.get(workshopId)?.get(groupId);
      return g ? { ...g } : null;
    },
    async addGroup(group) {
      open();
      checkGroup(group);
      const byId = groupsByWorkshop.get(group.workshopId);
      if (!byId) throw new Error(`workshop ${group.workshopId} does not exist`);
      if (byId.has(group.id)) throw new Error(`group ${group.id} already exists in workshop ${group.workshopId}`);
      byId.set(group.id, { ...group });
    },
    async updateGroup(workshopId, groupId, patch) {
      open();
      if (patch.position !== undefined) checkGroup({ id: groupId, position: patch.position });
      const g = groupsByWorkshop.get(workshopId)?.get(groupId);
      if (!g) return;
      if (patch.name !== undefined) g.name = patch.name;
      if (patch.locked !== undefined) g.locked = patch.locked;
      if (patch.position !== undefined) g.position = patch.position;
    },
    async deleteGroup(workshopId, groupId) {
      open();
      groupsByWorkshop.get(workshopId)?.delete(groupId);
    },
  };

  const store: Store = {
    rooms,
    workshops,
    async close() {
      closed = true;
    },
  };
  return store;
}
