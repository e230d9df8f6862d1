import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCategory, addCause, readTree, toJson, type NodeId } from '@causeway/shared';
import type { RunningServer } from '../../server/src/index.ts';
import { createMemoryStore } from '../../server/src/store/memory.ts';
import type { Store } from '../../server/src/store/types.ts';
import { awarenessFrame, connect, createWorkshop, rawSocket, start, tempDir, untilAwareness, untilDoc, untilUnloaded, type Client } from './helpers.ts';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(options: Parameters<typeof start>[0] = {}): Promise<{ server: RunningServer; store: Store }> {
  const store = options.store ?? createMemoryStore();
  const server = await start({ store, ...options });
  cleanup.push(() => store.close());
  cleanup.push(() => server.close());
  return { server, store };
}

function client(server: RunningServer, w: string, g: string, token: string): Client {
  const c = connect(server, w, g, token);
  cleanup.push(() => c.destroy());
  return c;
}

/** A blank workshop and two participants of its first group, both synced. */
async function blankPair(server: RunningServer) {
  const w = await createWorkshop(server, { template: 'blank' });
  const g = w.groups[0]!.id;
  const a = client(server, w.id, g, w.tokens.participant);
  const b = client(server, w.id, g, w.tokens.participant);
  await Promise.all([a.synced, b.synced]);
  return { w, g, a, b };
}

const causesOf = (doc: Y.Doc) => readTree(doc).categories.flatMap((c) => c.children.map((n) => n.text)).sort();

describe('sync with stock y-websocket providers', () => {
  it('S5, S9: two clients converge on the same diagram', async () => {
    const { server } = await setup();
    const w = await createWorkshop(server, { template: '4p' });
    const g = w.groups[0]!.id;
    const a = client(server, w.id, g, w.tokens.participant);
    const b = client(server, w.id, g, w.tokens.participant);
    await Promise.all([a.synced, b.synced]);
    expect(readTree(a.doc).categories.map((c) => c.text)).toEqual(['Policies', 'Procedures', 'People', 'Plant/Technology']);
    const category = readTree(a.doc).categories[0]!.id as NodeId;
    addCause(a.doc, category, 'Forms are on paper');
    addCause(b.doc, category, 'Nobody owns the queue');
    await untilDoc(a.doc, (d) => causesOf(d).length === 2, 'a to see both causes');
    await untilDoc(b.doc, (d) => causesOf(d).length === 2, 'b to see both causes');
    expect(toJson(readTree(a.doc))).toEqual(toJson(readTree(b.doc)));
    expect(causesOf(a.doc)).toEqual(['Forms are on paper', 'Nobody owns the queue']);
  });

  it('S9: twenty clients converge, each adding causes concurrently', async () => {
    const { server } = await setup();
    const w = await createWorkshop(server, { template: 'blank' });
    const g = w.groups[0]!.id;
    const clients = Array.from({ length: 20 }, () => client(server, w.id, g, w.tokens.participant));
    await Promise.all(clients.map((c) => c.synced));
    const category = addCategory(clients[0]!.doc, 'People');
    await Promise.all(clients.map((c) => untilDoc(c.doc, (d) => readTree(d).categories.length === 1, 'category')));
    clients.forEach((c, i) => {
      addCause(c.doc, category, `cause ${i}`);
      addCause(c.doc, category, `second ${i}`);
    });
    await Promise.all(clients.map((c) => untilDoc(c.doc, (d) => causesOf(d).length === 40, 'all 40 causes')));
    const expected = toJson(readTree(clients[0]!.doc));
    for (const c of clients) expect(toJson(readTree(c.doc))).toBe(expected);
  });

  it('S8: a stored diagram is there on the first sync, never an empty document', async () => {
    const { server } = await setup();
    const w = await createWorkshop(server, { template: '4s' });
    const g = w.groups[0]!.id;
    const a = client(server, w.id, g, w.tokens.participant);
    await a.synced;
    // At the moment the provider reports synced, the stored categories are already in the doc.
    expect(readTree(a.doc).categories).toHaveLength(4);
  });

  it('S9: awareness of a closed client disappears for the others', async () => {
    const { server } = await setup();
    const w = await createWorkshop(server);
    const g = w.groups[0]!.id;
    const a = client(server, w.id, g, w.tokens.participant);
    const b = client(server, w.id, g, w.tokens.participant);
    await Promise.all([a.synced, b.synced]);
    a.provider.awareness.setLocalStateField('user', { name: 'Ana' });
    const aId = a.doc.clientID;
    await untilAwareness(b, () => b.provider.awareness.getStates().get(aId)?.user?.name === 'Ana', 'b to see Ana');
    // Close the socket without the provider's goodbye message: the server must remove it.
    a.provider.shouldConnect = false;
    a.provider.ws?.close();
    await untilAwareness(b, () => !b.provider.awareness.getStates().has(aId), 'Ana to disappear for b');
  });

  it('S13: a connection that stops answering pings is closed and its awareness removed at once', async () => {
    const { server } = await setup({ pingIntervalMs: 100 });
    const w = await createWorkshop(server);
    const g = w.groups[0]!.id;
    const watcher = client(server, w.id, g, w.tokens.viewer);
    await watcher.synced;
    // A raw client that never answers pings, announcing awareness client 4242.
    const dead = await rawSocket(server, `/sync/${w.id}/${g}?token=${w.tokens.participant}`, { autoPong: false });
    cleanup.push(() => dead.terminate());
    dead.send(awarenessFrame(4210, 1, { user: { name: 'Ghost' } }));
    await untilAwareness(watcher, () => watcher.provider.awareness.getStates().has(4210), 'ghost to appear');
    await untilAwareness(watcher, () => !watcher.provider.awareness.getStates().has(4210), 'ghost to be removed');
    expect(server.rooms.get(`${w.id}/${g}`)?.connections.size).toBe(1);
  });

  it('S12: a room with nobody in it is stored and unloaded; reloading shows everything', async () => {
    const { server, store } = await setup();
    const w = await createWorkshop(server, { template: 'blank' });
    const g = w.groups[0]!.id;
    const name = `${w.id}/${g}`;
    const a = client(server, w.id, g, w.tokens.participant);
    await a.synced;
    const room = server.rooms.get(name)!;
    addCategory(a.doc, 'Law');
    await untilDoc(room.doc, (d) => readTree(d).categories.length === 1, 'server to have the category');
    const unloaded = untilUnloaded(server, name);
    a.destroy();
    await unloaded;
    expect(server.rooms.size).toBe(0);
    // Compaction on unload leaves one snapshot and an empty log.
    const stored = await store.rooms.load(name);
    expect(stored.snapshot).not.toBeNull();
    expect(stored.updates).toHaveLength(0);
    const b = client(server, w.id, g, w.tokens.viewer);
    await b.synced;
    expect(readTree(b.doc).categories.map((c) => c.text)).toEqual(['Law']);
  });

  /** Resolves at the next compaction the store completes. */
  function nextCompaction(store: Store): Promise<void> {
    const compact = store.rooms.compact.bind(store.rooms);
    return new Promise((resolve) => {
      store.rooms.compact = async (...args) => {
        await compact(...args);
        store.rooms.compact = compact;
        resolve();
      };
    });
  }

  it('S11: after N updates the log is compacted at the next quiet moment and stays loadable', async () => {
    const { server, store } = await setup({ compactAfterUpdates: 10, compactIdleMs: 100 });
    const { w, g, a, b } = await blankPair(server);
    const compacted = nextCompaction(store);
    const category = addCategory(a.doc, 'IT');
    for (let i = 0; i < 25; i++) addCause(a.doc, category, `c${i}`);
    await untilDoc(b.doc, (d) => causesOf(d).length === 25, 'b to see 25 causes');
    await compacted;
    const stored = await store.rooms.load(`${w.id}/${g}`);
    expect(stored.snapshot).not.toBeNull();
    // All of it, or (had the burst paused for the idle time) what came after the pause.
    expect(stored.updates.length).toBeLessThan(10);
    const check = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(check, stored.snapshot);
    for (const u of stored.updates) Y.applyUpdate(check, u);
    expect(causesOf(check)).toHaveLength(25);
  });

  it('S11: while edits keep coming a room does not compact until its log reaches the cap, then at once', async () => {
    const { server, store } = await setup({ compactAfterUpdates: 10, compactIdleMs: 60_000, compactMaxUpdates: 20 });
    const { w, g, a, b } = await blankPair(server);
    const category = addCategory(a.doc, 'IT');
    for (let i = 0; i < 15; i++) addCause(a.doc, category, `c${i}`);
    await untilDoc(b.doc, (d) => causesOf(d).length === 15, 'b to see 15 causes');
    // Past N but not quiet yet and under the cap: the log is kept as it is.
    const before = await store.rooms.load(`${w.id}/${g}`);
    expect(before.snapshot).toBeNull();
    expect(before.updates.length).toBeGreaterThanOrEqual(16);
    for (let i = 15; i < 25; i++) addCause(a.doc, category, `c${i}`);
    // Relays follow the compaction in the room's chain, so b seeing the last cause means it is done.
    await untilDoc(b.doc, (d) => causesOf(d).length === 25, 'b to see 25 causes');
    const after = await store.rooms.load(`${w.id}/${g}`);
    expect(after.snapshot).not.toBeNull();
    expect(after.updates.length).toBeLessThan(20);
    const check = new Y.Doc();
    if (after.snapshot) Y.applyUpdate(check, after.snapshot);
    for (const u of after.updates) Y.applyUpdate(check, u);
    expect(causesOf(check)).toHaveLength(25);
  });

  it('S10: when the store refuses a write, nothing is relayed, clients reconnect, and the edit is stored after all', async () => {
    const store = createMemoryStore();
    let failAppends = false;
    const append = store.rooms.append.bind(store.rooms);
    store.rooms.append = (room, update) => (failAppends ? Promise.reject(new Error('disk full')) : append(room, update));
    const { server } = await setup({ store });
    const { w, g, a, b } = await blankPair(server);
    const closed = new Promise<number | undefined>((resolve) => b.provider.once('connection-close', (event) => resolve(event?.code)));
    failAppends = true;
    addCategory(a.doc, 'Written while the disk was full');
    expect(await closed).toBe(1011);
    expect(readTree(b.doc).categories).toHaveLength(0);
    failAppends = false;
    await untilDoc(b.doc, (d) => readTree(d).categories.length === 1, 'b to get the edit after reconnecting');
    await server.rooms.get(`${w.id}/${g}`)!.flush();
    const stored = await store.rooms.load(`${w.id}/${g}`);
    const check = new Y.Doc();
    for (const u of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) Y.applyUpdate(check, u);
    expect(readTree(check).categories.map((c) => c.text)).toEqual(['Written while the disk was full']);
    expect(server.metrics.errors.get({ kind: 'store' })).toBeGreaterThan(0);
  });

  it('S1, S12: restart on the same data directory keeps everything (SQLite)', async () => {
    const dir = tempDir();
    cleanup.push(() => dir.remove());
    const first = await start({ dataDir: dir.path });
    const w = await createWorkshop(first, { template: 'blank', groups: ['One', 'Two'] });
    const g = w.groups[1]!.id;
    const a = connect(first, w.id, g, w.tokens.participant);
    await a.synced;
    const category = addCategory(a.doc, 'Processes');
    addCause(a.doc, category, 'Approvals wait for signatures');
    const other = connect(first, w.id, g, w.tokens.viewer);
    await untilDoc(other.doc, (d) => causesOf(d).length === 1, 'viewer to see the cause');
    await first.close();
    a.destroy();
    other.destroy();

    const second = await start({ dataDir: dir.path });
    cleanup.push(() => second.close());
    const fresh = client(second, w.id, g, w.tokens.viewer);
    await fresh.synced;
    expect(causesOf(fresh.doc)).toEqual(['Approvals wait for signatures']);
    const res = await fetch(`${second.url}/api/workshops/${w.id}?token=${w.tokens.viewer}`);
    const body = (await res.json()) as { groups: { name: string; causes: number }[] };
    expect(body.groups.map((x) => [x.name, x.causes])).toEqual([
      ['One', 0],
      ['Two', 1],
    ]);
  });
});
