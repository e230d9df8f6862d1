/**
 * Seeded random edits by stock clients through the server, some of them made offline and merged on
 * reconnect: every client, the server and the store end with the same diagram.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCategory, addCause, deleteNode, editText, moveNode, readTree, toJson, walkTree, type NodeId } from '@causeway/shared';
import { createMemoryStore } from '../../server/src/store/memory.ts';
import { connect, createWorkshop, start, until, type Client } from './helpers.ts';

/** Pinned seeds; add any seed that ever fails. */
const SEEDS = [1, 2, 3];
const CLIENTS = 6;
const STEPS = 300;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('convergence through the server', () => {
  for (const seed of SEEDS) {
    it(`S9, S10: seed ${seed}: ${CLIENTS} clients, ${STEPS} random edits with offline spells, converge everywhere`, async () => {
      const store = createMemoryStore();
      const server = await start({ store });
      cleanup.push(() => store.close(), () => server.close());
      const w = await createWorkshop(server, { template: '4p' });
      const g = w.groups[0]!.id;
      const clients: Client[] = Array.from({ length: CLIENTS }, () => connect(server, w.id, g, w.tokens.participant));
      cleanup.push(() => clients.forEach((c) => c.destroy()));
      await Promise.all(clients.map((c) => c.synced));
      const random = mulberry32(seed);
      const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(random() * list.length)];

      for (let step = 0; step < STEPS; step++) {
        const c = pick(clients)!;
        const nodes = walkTree(readTree(c.doc)).map((e) => e.node.id as NodeId);
        const r = random();
        const target = pick(nodes);
        if (r < 0.05) {
          // Go offline or come back: edits made meanwhile merge on reconnect.
          if (c.provider.shouldConnect) c.provider.disconnect();
          else c.provider.connect();
        } else if (r < 0.1 || !target) addCategory(c.doc, `category ${step}`);
        else if (r < 0.5) addCause(c.doc, target, `cause ${step}`, Math.floor(random() * 3));
        else if (r < 0.7) editText(c.doc, target, `edited ${step}`);
        else if (r < 0.75) editText(c.doc, 'problem', `problem ${step}`);
        else if (r < 0.9) moveNode(c.doc, target, pick(nodes)!, Math.floor(random() * 3));
        else deleteNode(c.doc, target);
        // Let the network run now and then, so edits interleave with relays.
        if (random() < 0.2) await new Promise((resolve) => setImmediate(resolve));
      }
      for (const c of clients) if (!c.provider.shouldConnect) c.provider.connect();

      const json = (c: Client) => toJson(readTree(c.doc));
      // Same state vectors (every insert everywhere) and same diagram (every delete too).
      const sameEverywhere = () => {
        const first = Y.encodeStateVector(clients[0]!.doc).toString();
        if (!clients.every((c) => c.provider.synced && Y.encodeStateVector(c.doc).toString() === first)) return false;
        const expected = json(clients[0]!);
        return clients.every((c) => json(c) === expected);
      };
      await until(
        sameEverywhere,
        (changed) => {
          for (const c of clients) {
            c.doc.on('update', changed);
            c.provider.on('sync', changed);
          }
          return () => {
            for (const c of clients) {
              c.doc.off('update', changed);
              c.provider.off('sync', changed);
            }
          };
        },
        20_000,
        'every client to converge',
      );
      const expected = json(clients[0]!);
      for (const c of clients) expect(json(c)).toBe(expected);
      const room = server.rooms.get(`${w.id}/${g}`)!;
      await room.flush();
      expect(toJson(readTree(room.doc))).toBe(expected);
      const stored = await store.rooms.load(`${w.id}/${g}`);
      const fromStore = new Y.Doc();
      for (const u of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) Y.applyUpdate(fromStore, u);
      expect(toJson(readTree(fromStore))).toBe(expected);
      expect(walkTree(readTree(fromStore)).length).toBeGreaterThan(10);
    }, 60_000);
  }
});
