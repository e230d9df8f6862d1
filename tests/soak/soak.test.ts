/**
 * Soak: 200 stock y-websocket clients over 10 rooms of a real Causeway server (its own process, port
 * 0, real SQLite) for 60 s of steady edits through the shared operations, with seeded random
 * disconnects (provider.disconnect, and sockets dropped under the provider, which then reconnects by
 * itself). Clients keep editing while offline. At the end every room's clients and a fresh client
 * hold the same document, nothing a client created is missing, and once every client has left,
 * every room unloads and the server's heap (after gc) is back near where it started.
 *
 * No timing assertions: waits are on events (sync, document updates) or, for what only the server
 * process knows (rooms loaded), on its /healthz answer, each with a generous bound.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { addCategory, addCause, deleteNode, editText, findNode, moveNode, nodeText, readTree, ROOT } from '@causeway/shared';
import type { DiagramTree, NodeId, TreeNode } from '@causeway/shared';
import { startServer, type ServerHandle } from '../../bench/lib/servers.ts';
import { makeRooms } from '../../bench/lib/targets.ts';
import { mulberry32 } from '../../bench/lib/stats.ts';
import type { RoomTarget, ServerStats } from '../../bench/lib/protocol.ts';

const SEED = 20261129;
const ROOMS = 10;
const CLIENTS_PER_ROOM = 20;
const SOAK_MS = 60_000;
/** Mean time between one client's edits. */
const EDIT_EVERY_MS = 1_500;
/** Chance per edit tick that a connected client goes offline. */
const DROP_CHANCE = 0.02;
/**
 * "Back near its start": heap after gc with every room unloaded may exceed the heap after gc at
 * the start (measured after one warm-up room was loaded and unloaded, so lazy module loading and
 * compiled code are already counted) by at most this much. Ten loaded rooms with 200 connections
 * take several times this; a leaked room or connection set would show.
 */
const HEAP_SLACK_BYTES = 6 * 1024 * 1024;
/** ... and at most this share of what the ten loaded rooms and their connections added. */
const MAX_HELD_SHARE = 0.4;

interface SoakClient {
  room: number;
  doc: Y.Doc;
  provider: WebsocketProvider;
  created: Set<string>;
  deleted: Set<string>;
  offlineUntil: number;
}

let server: ServerHandle;
let rooms: RoomTarget[];

const WS = WebSocket as unknown as typeof globalThis.WebSocket;

function connect(target: RoomTarget, doc: Y.Doc): WebsocketProvider {
  return new WebsocketProvider(target.serverUrl, target.room, doc, { WebSocketPolyfill: WS, params: target.params, disableBc: true });
}

function whenSynced(provider: WebsocketProvider, what: string): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not sync within 60 s`)), 60_000);
    const onSync = (synced: boolean) => {
      if (!synced) return;
      provider.off('sync', onSync);
      clearTimeout(timer);
      resolve();
    };
    provider.on('sync', onSync);
  });
}

function stateVector(doc: Y.Doc): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

function covers(doc: Y.Doc, target: Map<number, number>): boolean {
  const sv = stateVector(doc);
  for (const [client, clock] of target) if ((sv.get(client) ?? 0) < clock) return false;
  return true;
}

/** Resolves when the document holds everything in `target` (waits on its update events). */
function whenCovers(doc: Y.Doc, target: Map<number, number>, what: string): Promise<void> {
  if (covers(doc, target)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not receive every update within 60 s`)), 60_000);
    const onUpdate = () => {
      if (!covers(doc, target)) return;
      doc.off('update', onUpdate);
      clearTimeout(timer);
      resolve();
    };
    doc.on('update', onUpdate);
  });
}

function allIds(tree: DiagramTree): string[] {
  const ids: string[] = [];
  const walk = (n: TreeNode) => {
    if (n.id) ids.push(n.id);
    n.children.forEach(walk);
  };
  tree.categories.forEach(walk);
  return ids;
}

async function health(): Promise<{ rooms: number; connections: number }> {
  const res = await fetch(`http://127.0.0.1:${server.port}/healthz`);
  return (await res.json()) as { rooms: number; connections: number };
}

/** The server unloads rooms on its own schedule; ask it until it reports none (at most 60 s). */
async function whenRoomsUnloaded(): Promise<{ rooms: number; connections: number }> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { rooms, connections } = await health();
    if ((rooms === 0 && connections === 0) || Date.now() > deadline) return { rooms, connections };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

let listenerLimit = 0;

beforeAll(async () => {
  // Each stock provider adds a process 'exit' listener (to clear its awareness state).
  listenerLimit = process.getMaxListeners();
  process.setMaxListeners(ROOMS * CLIENTS_PER_ROOM + 50);
  server = await startServer('causeway');
  rooms = await makeRooms('causeway', server.port, ROOMS, 'soak');
}, 60_000);

afterAll(async () => {
  process.setMaxListeners(listenerLimit);
  await server?.close();
});

describe('soak (issue 6)', () => {
  it('S9/S10/S12: 200 stock clients in 10 rooms for 60 s with seeded disconnects converge with nothing lost; rooms unload and server heap returns near its start', async () => {
    const rng = mulberry32(SEED);
    let drops = 0;
    let edits = 0;
    const peak: ServerStats[] = [];

    const edit = (c: SoakClient) => {
      const tree = readTree(c.doc);
      const ids = allIds(tree);
      const r = rng();
      const own = [...c.created].filter((id) => ids.includes(id));
      if (tree.categories.length < 6 || (r < 0.05 && tree.categories.length < 10)) {
        c.created.add(addCategory(c.doc, `Category ${edits}`));
      } else if (r < 0.4 || ids.length === 0) {
        const parent = ids[Math.floor(rng() * ids.length)] as NodeId;
        c.created.add(addCause(c.doc, parent, ''));
      } else if (r < 0.9) {
        const target = (own.length > 0 && rng() < 0.7 ? own[Math.floor(rng() * own.length)] : ids[Math.floor(rng() * ids.length)]) as NodeId;
        const text = nodeText(c.doc, target) ?? '';
        editText(c.doc, target, text.length > 40 ? text.slice(1) : text + String.fromCharCode(97 + Math.floor(rng() * 26)));
      } else if (r < 0.95 && own.length > 0) {
        const id = own[Math.floor(rng() * own.length)] as NodeId;
        const parent = rng() < 0.2 ? ROOT : (ids[Math.floor(rng() * ids.length)] as NodeId);
        moveNode(c.doc, id, parent, Math.floor(rng() * 4));
      } else if (own.length > 0) {
        const id = own[Math.floor(rng() * own.length)] as NodeId;
        const found = findNode(tree, id);
        // The whole subtree goes, as this client sees it; concurrent additions below survive (M11).
        const gone: string[] = [];
        const walk = (n: TreeNode) => {
          if (n.id) gone.push(n.id);
          n.children.forEach(walk);
        };
        if (found) walk(found.node);
        if (deleteNode(c.doc, id)) gone.forEach((g) => c.deleted.add(g));
      }
      edits++;
    };

    // Warm-up: a few clients edit, drop and reconnect in two rooms, then leave and the rooms unload,
    // so that the baseline already holds lazily loaded code and warmed-up caches.
    {
      const warm: SoakClient[] = [];
      for (let i = 0; i < 6; i++) {
        const doc = new Y.Doc();
        warm.push({ room: i % 2, doc, provider: connect(rooms[i % 2]!, doc), created: new Set(), deleted: new Set(), offlineUntil: 0 });
      }
      await Promise.all(warm.map((c, i) => whenSynced(c.provider, `warm-up client ${i}`)));
      for (let round = 0; round < 30; round++) for (const c of warm) edit(c);
      for (const c of warm.slice(0, 3)) (c.provider.ws as unknown as WebSocket | null)?.terminate();
      await Promise.all(warm.map((c, i) => whenSynced(c.provider, `warm-up client ${i} after a drop`)));
      for (const c of warm) c.provider.destroy();
      expect(await whenRoomsUnloaded()).toEqual({ rooms: 0, connections: 0 });
    }
    const baseline = await server.stats(true);
    edits = 0;

    const clients: SoakClient[] = [];
    for (let i = 0; i < ROOMS * CLIENTS_PER_ROOM; i++) {
      const room = Math.floor(i / CLIENTS_PER_ROOM);
      const doc = new Y.Doc();
      clients.push({ room, doc, provider: connect(rooms[room]!, doc), created: new Set(), deleted: new Set(), offlineUntil: 0 });
    }
    await Promise.all(clients.map((c, i) => whenSynced(c.provider, `client ${i}`)));
    const sampler = setInterval(() => void server.stats().then((s) => peak.push(s)), 5_000);

    const start = Date.now();
    const timers = new Set<NodeJS.Timeout>();
    await new Promise<void>((resolve) => {
      let running = clients.length;
      for (const c of clients) {
        const tick = () => {
          const now = Date.now();
          if (now - start >= SOAK_MS) {
            if (--running === 0) resolve();
            return;
          }
          if (c.offlineUntil !== 0 && now >= c.offlineUntil) {
            c.offlineUntil = 0;
            c.provider.connect();
          } else if (c.offlineUntil === 0 && rng() < DROP_CHANCE) {
            drops++;
            if (rng() < 0.5) {
              // Offline for a while (a laptop lid, a train): the client keeps editing locally.
              c.provider.disconnect();
              c.offlineUntil = now + 500 + rng() * 4_000;
            } else {
              // The network drops the socket; the provider notices and reconnects by itself.
              (c.provider.ws as unknown as WebSocket | null)?.terminate();
            }
          }
          edit(c);
          const t = setTimeout(tick, EDIT_EVERY_MS * (0.5 + rng()));
          timers.add(t);
        };
        const t = setTimeout(tick, rng() * EDIT_EVERY_MS);
        timers.add(t);
      }
    });
    for (const t of timers) clearTimeout(t);
    clearInterval(sampler);

    // Everyone back online; each room converges to the union of what its clients made.
    for (const c of clients) if (c.offlineUntil !== 0 || !c.provider.shouldConnect) c.provider.connect();
    await Promise.all(clients.map((c, i) => whenSynced(c.provider, `client ${i} after reconnect`)));
    const fresh: Array<{ doc: Y.Doc; provider: WebsocketProvider }> = [];
    for (let room = 0; room < ROOMS; room++) {
      const members = clients.filter((c) => c.room === room);
      const target = new Map<number, number>();
      for (const m of members) for (const [client, clock] of stateVector(m.doc)) target.set(client, Math.max(clock, target.get(client) ?? 0));
      await Promise.all(members.map((m, i) => whenCovers(m.doc, target, `room ${room} client ${i}`)));
      const doc = new Y.Doc();
      const provider = connect(rooms[room]!, doc);
      fresh.push({ doc, provider });
      await whenSynced(provider, `fresh client of room ${room}`);
      await whenCovers(doc, target, `fresh client of room ${room}`);

      const expected = JSON.stringify(readTree(doc));
      for (const m of members) expect(JSON.stringify(readTree(m.doc)), `room ${room}: a client differs from the fresh client`).toBe(expected);
      expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(members[0]!.doc));
      const present = new Set(allIds(readTree(doc)));
      // A delete takes the subtree as the deleting client saw it, which may hold others' causes.
      const deleted = new Set(members.flatMap((m) => [...m.deleted]));
      const missing = members.flatMap((m) => [...m.created].filter((id) => !deleted.has(id) && !present.has(id)));
      expect(missing, `room ${room}: created and never deleted, but missing`).toEqual([]);
      expect(present.size).toBeGreaterThan(6);
    }
    // The run really exercised drops and edits.
    expect(drops).toBeGreaterThan(20);
    expect(edits).toBeGreaterThan(ROOMS * CLIENTS_PER_ROOM * 5);

    const loaded = await server.stats(true);
    for (const c of clients) c.provider.destroy();
    for (const f of fresh) f.provider.destroy();
    expect(await whenRoomsUnloaded()).toEqual({ rooms: 0, connections: 0 });
    const end = await server.stats(true);
    const peakHeap = Math.max(...peak.map((s) => s.heapUsed));
    const growth = end.heapUsed - baseline.heapUsed;
    console.info(
      `soak: ${edits} edits, ${drops} drops; server heap after gc ${(baseline.heapUsed / 1048576).toFixed(1)} MB at start, ` +
        `${(peakHeap / 1048576).toFixed(1)} MB peak (no gc), ${(loaded.heapUsed / 1048576).toFixed(1)} MB with every room loaded, ` +
        `${(end.heapUsed / 1048576).toFixed(1)} MB at the end; ` +
        `RSS ${(baseline.rss / 1048576).toFixed(0)} -> ${(end.rss / 1048576).toFixed(0)} MB`,
    );
    // Back near the start: well under what the loaded rooms and their connections held, and small.
    expect(growth, 'server heap growth after every room unloaded (bytes)').toBeLessThan(HEAP_SLACK_BYTES);
    expect(growth / (loaded.heapUsed - baseline.heapUsed), 'share of the loaded rooms\' heap still held').toBeLessThan(MAX_HELD_SHARE);
  }, 300_000);
});
