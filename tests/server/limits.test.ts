import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { addCategory, readTree, toJson } from '@causeway/shared';
import type { RunningServer, ServerOptions } from '../../server/src/index.ts';
import { createMemoryStore } from '../../server/src/store/memory.ts';
import type { Store } from '../../server/src/store/types.ts';
import { awarenessFrame, closeEvent, connect, createWorkshop, rawSocket, start, until, untilAwareness, untilDoc, type Client, type CreatedWorkshop } from './helpers.ts';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

interface Setup {
  server: RunningServer;
  store: Store;
  w: CreatedWorkshop;
  g: string;
  name: string;
  a: Client;
  b: Client;
}

/** A server, a workshop with one diagram, and two stock clients that must keep working. */
async function setup(options: ServerOptions = {}): Promise<Setup> {
  const store = createMemoryStore();
  const server = await start({ store, ...options });
  cleanup.push(() => store.close());
  cleanup.push(() => server.close());
  const w = await createWorkshop(server, { template: '4p' });
  const g = w.groups[0]!.id;
  const a = connect(server, w.id, g, w.tokens.participant);
  const b = connect(server, w.id, g, w.tokens.participant);
  cleanup.push(() => a.destroy(), () => b.destroy());
  await Promise.all([a.synced, b.synced]);
  return { server, store, w, g, name: `${w.id}/${g}`, a, b };
}

async function storedJson(store: Store, name: string): Promise<string> {
  const stored = await store.rooms.load(name);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u);
  return toJson(readTree(doc));
}

/** Other clients keep syncing: an edit by a reaches b. */
async function stillSyncing(s: Setup, label: string): Promise<void> {
  addCategory(s.a.doc, label);
  await untilDoc(s.b.doc, (d) => readTree(d).categories.some((c) => c.text === label), `b to see ${label}`);
}

function frame(...parts: (number | Uint8Array)[]): Uint8Array {
  const e = encoding.createEncoder();
  for (const p of parts) {
    if (typeof p === 'number') encoding.writeVarUint(e, p);
    else encoding.writeVarUint8Array(e, p);
  }
  return encoding.toUint8Array(e);
}

async function sendAndClose(s: Setup, data: Uint8Array | string, token = s.w.tokens.participant) {
  const ws = await rawSocket(s.server, `/sync/${s.w.id}/${s.g}?token=${token}`);
  const closed = closeEvent(ws);
  ws.send(data);
  return closed;
}

describe('bad frames', () => {
  it('S25: a frame over 2 MiB closes the connection with 1009; the room carries on', async () => {
    const s = await setup();
    const before = await storedJson(s.store, s.name);
    const big = new Uint8Array(2 * 1024 * 1024 + 1);
    big.set(frame(0, 2), 0);
    expect((await sendAndClose(s, big)).code).toBe(1009);
    await stillSyncing(s, 'after big frame');
    expect(await storedJson(s.store, s.name)).not.toBe(before);
    expect(await storedJson(s.store, s.name)).toBe(toJson(readTree(s.a.doc)));
  });

  it('S25: malformed messages close with 1003 or 1007 and a reason; room and store untouched', async () => {
    const s = await setup();
    await s.server.rooms.get(s.name)!.flush();
    const before = await storedJson(s.store, s.name);
    const seqBefore = (await s.store.rooms.load(s.name)).lastSeq;
    const goodUpdate = (() => {
      const d = new Y.Doc();
      d.getMap('x').set('k', 'v');
      return Y.encodeStateAsUpdate(d);
    })();
    const cases: [string, Uint8Array | string, number][] = [
      ['text frame', 'hello', 1003],
      ['unknown message type', frame(7), 1003],
      ['unknown sync type', frame(0, 9, new Uint8Array([0])), 1003],
      ['empty frame', new Uint8Array(0), 1007],
      ['truncated sync update', frame(0, 2, goodUpdate).slice(0, 5), 1007],
      ['length past the end', new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2]), 1007],
      ['huge varint', new Uint8Array([0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]), 1007],
      ['trailing bytes', new Uint8Array([...frame(0, 2, goodUpdate), 0, 0]), 1007],
      ['garbage update', frame(0, 2, new Uint8Array([5, 200, 17, 99, 1, 2, 3, 4, 250, 250, 250])), 1007],
      ['garbage sync step 2', frame(0, 1, new Uint8Array([1, 1, 1, 1, 255])), 1007],
      ['garbage state vector', frame(0, 0, new Uint8Array([3, 1])), 1007],
      ['awareness with bad JSON', frame(1, frame(1, 77, 1, new TextEncoder().encode('{nope'))), 1007],
      ['auth message of unknown type', frame(2, 5), 1003],
      ['awareness state over 64 KiB', awarenessFrame(78, 1, { user: { name: 'x'.repeat(70_000) } }), 1009],
    ];
    for (const [what, data, code] of cases) {
      const closed = await sendAndClose(s, data);
      expect({ what, code: closed.code }).toEqual({ what, code });
      expect(closed.reason.length, what).toBeGreaterThan(0);
    }
    expect(toJson(readTree(s.server.rooms.get(s.name)!.doc))).toBe(before);
    expect((await s.store.rooms.load(s.name)).lastSeq).toBe(seqBefore);
    expect(await storedJson(s.store, s.name)).toBe(before);
    await stillSyncing(s, 'after bad frames');
  });

  it('S6: ids outside [A-Za-z0-9_-]{1,64} get 400 before the upgrade', async () => {
    const s = await setup();
    const t = s.w.tokens.participant;
    for (const path of [`/sync/a.b/${s.g}`, `/sync/${'a'.repeat(65)}/${s.g}`, `/sync/${s.w.id}/%C3%A9`, `/sync//${s.g}`, `/sync/${s.w.id}/g%20h`]) {
      await expect(rawSocket(s.server, `${path}?token=${t}`), path).rejects.toMatchObject({ status: 400 });
    }
    for (const path of [`/sync/${s.w.id}`, `/sync/${s.w.id}/${s.g}/extra`, '/other']) {
      await expect(rawSocket(s.server, `${path}?token=${t}`), path).rejects.toMatchObject({ status: 404 });
    }
    const ok = await rawSocket(s.server, `/sync/${s.w.id}/${s.g}?token=${t}`);
    ok.terminate();
  });
});

describe('awareness', () => {
  it("S9: a connection cannot change or remove another client's presence", async () => {
    const s = await setup();
    s.b.provider.awareness.setLocalStateField('user', { name: 'Bea' });
    const bId = s.b.doc.clientID;
    const seesBea = () => s.a.provider.awareness.getStates().get(bId)?.user?.name === 'Bea';
    await until(seesBea, (changed) => {
      s.a.provider.awareness.on('change', changed);
      return () => s.a.provider.awareness.off('change', changed);
    }, 10_000, 'a to see Bea');
    const ws = await rawSocket(s.server, `/sync/${s.w.id}/${s.g}?token=${s.w.tokens.participant}`);
    ws.send(awarenessFrame(bId, 1000, { user: { name: 'Impostor' } }));
    ws.send(awarenessFrame(bId, 1001, null));
    // Its own presence still goes through, after the spoofed ones.
    ws.send(awarenessFrame(4242, 1, { user: { name: 'Raw' } }));
    await until(() => s.a.provider.awareness.getStates().has(4242), (changed) => {
      s.a.provider.awareness.on('change', changed);
      return () => s.a.provider.awareness.off('change', changed);
    }, 10_000, 'a to see the raw client');
    expect(seesBea()).toBe(true);
    ws.terminate();
  });
});

describe('limits', () => {
  it('S26: a connection sending faster than its rate limit is closed with 1008', async () => {
    const s = await setup({ updateRate: { perSecond: 1, burst: 20 }, awarenessRate: { perSecond: 1, burst: 5 } });
    const ws = await rawSocket(s.server, `/sync/${s.w.id}/${s.g}?token=${s.w.tokens.viewer}`);
    const closed = closeEvent(ws);
    for (let i = 0; i < 10; i++) ws.send(frame(3));
    const event = await closed;
    expect(event.code).toBe(1008);
    expect(event.reason).toMatch(/rate limit/i);
    const ws2 = await rawSocket(s.server, `/sync/${s.w.id}/${s.g}?token=${s.w.tokens.viewer}`);
    const closed2 = closeEvent(ws2);
    const sv = Y.encodeStateVector(new Y.Doc());
    for (let i = 0; i < 40; i++) ws2.send(frame(0, 0, sv));
    expect((await closed2).code).toBe(1008);
  });

  it('S26: the awareness updates a stock provider sends back do not count against its limit; others\' states beyond that still do', async () => {
    // Four people moving their cursors in step: each sends 15 changes of its own (under the burst
    // of 20) and, being the stock provider, sends back the 45 it receives from the three others.
    const s = await setup({ awarenessRate: { perSecond: 1, burst: 20 } });
    const c = connect(s.server, s.w.id, s.g, s.w.tokens.participant);
    const d = connect(s.server, s.w.id, s.g, s.w.tokens.participant);
    cleanup.push(() => c.destroy(), () => d.destroy());
    await Promise.all([c.synced, d.synced]);
    const people = [s.a, s.b, c, d];
    const closes: number[] = [];
    for (const p of people) p.provider.on('connection-close', (event: CloseEvent | null) => closes.push(event?.code ?? 0));
    for (let i = 1; i <= 15; i++) {
      for (const p of people) p.provider.awareness.setLocalStateField('cursor', { x: i, y: i });
      const seesAll = (p: Client) => [...p.provider.awareness.getStates().values()].filter((st) => (st as { cursor?: { x: number } }).cursor?.x === i).length === 4;
      for (const p of people) await untilAwareness(p, () => seesAll(p), `every cursor at ${i}`);
    }
    // Frames of one connection are handled in order: once a's edit reaches d, every echo a sent
    // before it has been handled too (and the same for each of them).
    for (const p of people) {
      const label = `after echoes ${people.indexOf(p)}`;
      addCategory(p.doc, label);
      for (const q of people) if (q !== p) await untilDoc(q.doc, (doc) => readTree(doc).categories.some((x) => x.text === label), label);
    }
    expect(closes).toEqual([]);
    expect(s.server.metrics.errors.get({ kind: 'rate-limit' })).toBe(0);

    // A raw client repeating a's state is owed one echo (the states it was sent on open), no more.
    const ws = await rawSocket(s.server, `/sync/${s.w.id}/${s.g}?token=${s.w.tokens.participant}`);
    const closed = closeEvent(ws);
    const aState = s.a.provider.awareness.getLocalState();
    for (let i = 0; i < 30; i++) ws.send(awarenessFrame(s.a.doc.clientID, 1, aState));
    expect((await closed).code).toBe(1008);
  });

  it('S27: one connection more than the room limit is closed with 1013', async () => {
    const s = await setup({ maxConnectionsPerRoom: 2 });
    const ws = await rawSocket(s.server, `/sync/${s.w.id}/${s.g}?token=${s.w.tokens.viewer}`);
    const event = await closeEvent(ws);
    expect(event.code).toBe(1013);
    expect(event.reason).toMatch(/full/i);
    await stillSyncing(s, 'room still works');
  });

  it('S28: a document past the size limit refuses growth with 4413; the room carries on', async () => {
    const s = await setup({ maxDocBytes: 20_000 });
    const before = toJson(readTree(s.server.rooms.get(s.name)!.doc));
    const big = new Y.Doc();
    Y.applyUpdate(big, Y.encodeStateAsUpdate(s.a.doc));
    big.getMap('nodes').set('x', 'y'.repeat(30_000));
    const update = Y.encodeStateAsUpdate(big, Y.encodeStateVector(s.a.doc));
    const event = await sendAndClose(s, frame(0, 2, update));
    expect(event.code).toBe(4413);
    expect(event.reason).toMatch(/too large/i);
    expect(toJson(readTree(s.server.rooms.get(s.name)!.doc))).toBe(before);
    expect(s.server.rooms.get(s.name)!.doc.getMap('nodes').has('x')).toBe(false);
    await stillSyncing(s, 'small edits still fit');
  });
});
