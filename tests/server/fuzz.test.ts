/**
 * Seeded fuzz of the sync endpoint: random and mutated frames against a live room while two stock
 * clients keep editing. Every frame is followed by a query-awareness probe, so each one counted was
 * handled by the server (answered, or the connection closed) before the next is sent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import type WebSocket from 'ws';
import { addCategory, addCause, readTree, toJson, type NodeId } from '@causeway/shared';
import type { RunningServer } from '../../server/src/index.ts';
import { createMemoryStore } from '../../server/src/store/memory.ts';
import type { Store } from '../../server/src/store/types.ts';
import { awarenessFrame, connect, createWorkshop, rawSocket, start, untilDoc } from './helpers.ts';

/** Pinned seed; change it to explore, and pin any seed that fails. */
const SEED = 0x5eed_2026;
const FRAMES = 10_000;
const WORKERS = 16;
const EDIT_EVERY = 500;

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

function frame(...parts: (number | Uint8Array)[]): Uint8Array {
  const e = encoding.createEncoder();
  for (const p of parts) {
    if (typeof p === 'number') encoding.writeVarUint(e, p);
    else encoding.writeVarUint8Array(e, p);
  }
  return encoding.toUint8Array(e);
}

/** Valid frames to start from: updates touch only a root the diagram never reads ('fuzz'). */
function templates(random: () => number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const map = doc.getMap('fuzz');
  const text = doc.getText('fuzztext');
  const list = doc.getArray<unknown>('fuzzlist');
  for (let i = 0; i < 40; i++) {
    const r = random();
    if (r < 0.3) map.set(`k${i}`, { n: i, s: 'ą€😀'.repeat(i % 4) });
    else if (r < 0.5) text.insert(Math.floor(random() * (text.length + 1)), `t${i}`);
    else if (r < 0.6 && text.length > 2) text.delete(0, 2);
    else if (r < 0.8) list.push([i, `x${i}`, new Uint8Array([i])]);
    else map.set(`m${i}`, new Y.Map());
  }
  const frames = updates.flatMap((u) => [frame(0, 2, u), frame(0, 1, u)]);
  frames.push(frame(0, 0, Y.encodeStateVector(doc)), frame(0, 0, new Uint8Array([0])), frame(3), frame(2, 0, new TextEncoder().encode('hi')));
  for (let i = 0; i < 10; i++) frames.push(awarenessFrame(1000 + i, i + 1, { user: { name: `fuzz ${i}` } }));
  frames.push(awarenessFrame(1001, 99, null));
  return frames;
}

function randomBytes(random: () => number, max: number): Uint8Array {
  const out = new Uint8Array(Math.floor(random() * max));
  for (let i = 0; i < out.length; i++) out[i] = Math.floor(random() * 256);
  return out;
}

/** One frame: random bytes, or a template truncated, bit-flipped, retyped, given a huge length, padded or spliced. */
function nextFrame(random: () => number, base: Uint8Array[]): Uint8Array {
  const pick = () => base[Math.floor(random() * base.length)]!;
  const kind = Math.floor(random() * 9);
  const t = pick();
  switch (kind) {
    case 0:
      return randomBytes(random, random() < 0.9 ? 64 : 4096);
    case 1:
      return t.slice(0, Math.floor(random() * t.length));
    case 2: {
      const out = t.slice();
      const flips = 1 + Math.floor(random() * 4);
      for (let i = 0; i < flips; i++) out[Math.floor(random() * out.length)]! ^= 1 << Math.floor(random() * 8);
      return out;
    }
    case 3: {
      const out = t.slice();
      out[0] = Math.floor(random() * 256);
      return out;
    }
    case 4:
      return new Uint8Array([t[0]!, ...(t[0] === 0 ? [Math.floor(random() * 3)] : []), 0xff, 0xff, 0xff, 0xff, 0x0f, ...t.slice(3)]);
    case 5:
      return new Uint8Array([...t, ...randomBytes(random, 16)]);
    case 6:
      return frame(0, Math.floor(random() * 3), randomBytes(random, 200));
    case 7:
      return frame(1, randomBytes(random, 100));
    default: {
      const out = t.slice();
      const at = Math.floor(random() * out.length);
      out.set(randomBytes(random, 8).subarray(0, out.length - at), at);
      return out;
    }
  }
}

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function storedJson(store: Store, name: string): Promise<string> {
  const stored = await store.rooms.load(name);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u);
  return toJson(readTree(doc));
}

describe('fuzzing the sync endpoint', () => {
  it(`S25: ${FRAMES} seeded random and mutated frames: the server stays up, clients keep syncing, the diagram is unchanged`, async () => {
    const store = createMemoryStore();
    const server: RunningServer = await start({
      store,
      updateRate: { perSecond: 1e6, burst: 1e6 },
      awarenessRate: { perSecond: 1e6, burst: 1e6 },
    });
    cleanup.push(() => store.close(), () => server.close());
    const w = await createWorkshop(server, { template: '4p' });
    const g = w.groups[0]!.id;
    const name = `${w.id}/${g}`;
    const a = connect(server, w.id, g, w.tokens.participant);
    const b = connect(server, w.id, g, w.tokens.participant);
    cleanup.push(() => a.destroy(), () => b.destroy());
    await Promise.all([a.synced, b.synced]);
    // An awareness state in the room, so every query-awareness probe gets an answer.
    a.provider.awareness.setLocalStateField('user', { name: 'Ana' });
    const category = readTree(a.doc).categories[0]!.id as NodeId;

    const random = mulberry32(SEED);
    const base = templates(random);
    const frames = Array.from({ length: FRAMES }, () => nextFrame(random, base));
    let next = 0;
    let closes = 0;
    let handled = 0;
    let wake: (() => void) | undefined;

    async function worker(): Promise<void> {
      let ws: WebSocket | null = null;
      let pending: ((result: 'answered' | 'closed') => void) | null = null;
      while (next < frames.length) {
        if (!ws) {
          ws = await rawSocket(server, `/sync/${w.id}/${g}?token=${w.tokens.participant}`);
          const socket = ws;
          socket.on('message', (data: Buffer) => {
            if (data[0] === 1) pending?.('answered');
          });
          socket.on('close', () => {
            if (ws === socket) ws = null;
            pending?.('closed');
          });
        }
        if (next >= frames.length) break;
        const data = frames[next++]!;
        const result = await new Promise<'answered' | 'closed'>((resolve) => {
          pending = resolve;
          ws!.send(data);
          ws!.send(frame(3));
        });
        pending = null;
        if (++handled % EDIT_EVERY === 0) wake?.();
        if (result === 'closed') {
          closes++;
          ws = null;
        }
      }
      ws?.terminate();
    }

    const fuzzing = Promise.all(Array.from({ length: WORKERS }, () => worker()));
    // Meanwhile the real clients keep editing and syncing: one edit per EDIT_EVERY frames handled.
    let edits = 0;
    let done = false;
    void fuzzing.then(() => {
      done = true;
      wake?.();
    });
    while (!done) {
      const text = `cause ${edits++}`;
      addCause(a.doc, category, text);
      await untilDoc(b.doc, (d) => JSON.stringify(readTree(d)).includes(`"${text}"`), `b to see ${text}`);
      if (!done) await new Promise<void>((resolve) => (wake = resolve));
    }
    await fuzzing;
    addCategory(b.doc, 'after fuzz');
    await untilDoc(a.doc, (d) => readTree(d).categories.some((c) => c.text === 'after fuzz'), 'a to see the last edit');

    expect(handled).toBe(FRAMES);
    expect(closes).toBeGreaterThan(FRAMES / 10);
    expect(edits).toBeGreaterThan(3);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // Every bad frame was refused by the protocol checks, none by an unexpected failure.
    expect(server.metrics.errors.get({ kind: 'internal' })).toBe(0);
    expect(server.metrics.errors.get({ kind: 'protocol' })).toBeGreaterThan(FRAMES / 10);
    const room = server.rooms.get(name)!;
    await room.flush();
    const expected = toJson(readTree(a.doc));
    expect(toJson(readTree(b.doc))).toBe(expected);
    expect(toJson(readTree(room.doc))).toBe(expected);
    expect(await storedJson(store, name)).toBe(expected);
    // A fresh client loads exactly the diagram the two clients made.
    const fresh = connect(server, w.id, g, w.tokens.viewer);
    cleanup.push(() => fresh.destroy());
    await fresh.synced;
    expect(toJson(readTree(fresh.doc))).toBe(expected);
  }, 240_000);
});
