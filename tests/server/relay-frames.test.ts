/**
 * S5, S9: relayed messages are encoded once per update and written to every receiver as a ready
 * WebSocket frame (protocol.ts sharedFrame / sharedUpdateFrame, room.ts Connection.sendShared).
 * The frame header has three length forms (7 bit, 16 bit, 64 bit), each checked here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCategory, addCause, readTree, type NodeId } from '@causeway/shared';
import { createMemoryStore } from '../../server/src/store/memory.ts';
import { encodeAwarenessMessage, encodeUpdate, sharedFrame, sharedUpdateFrame, type SharedFrame } from '../../server/src/protocol.ts';
import type { RunningServer } from '../../server/src/index.ts';
import { awarenessFrame, connect, createWorkshop, rawSocket, start, untilAwareness, untilDoc, type Client } from './helpers.ts';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** Reads an unmasked final binary frame's header (RFC 6455 5.2): the payload, checked for length. */
function payloadOf(frame: SharedFrame): Uint8Array {
  const wire = frame.wire;
  expect(wire[0]).toBe(0x82);
  const len7 = wire[1]!;
  expect(len7 & 0x80).toBe(0); // server frames are never masked
  let length = len7;
  let offset = 2;
  if (len7 === 126) {
    length = (wire[2]! << 8) | wire[3]!;
    offset = 4;
    expect(length).toBeGreaterThanOrEqual(126);
  } else if (len7 === 127) {
    const view = new DataView(wire.buffer, wire.byteOffset, wire.byteLength);
    expect(view.getUint32(2)).toBe(0);
    length = view.getUint32(6);
    offset = 10;
    expect(length).toBeGreaterThanOrEqual(65536);
  }
  expect(wire.length).toBe(offset + length);
  const payload = wire.subarray(offset);
  expect(Buffer.from(frame.message).equals(payload)).toBe(true);
  return payload;
}

describe('shared relay frames', () => {
  // Around each header form's limit and the update length's varuint steps (127/128, 16383/16384).
  const sizes = [0, 1, 60, 121, 122, 123, 124, 125, 126, 127, 128, 129, 200, 16383, 16384, 65530, 65531, 65532, 65533, 65536, 70_000, 300_000];

  it('S5: an update frame is byte for byte the y-websocket update message in one WebSocket frame', () => {
    for (const size of sizes) {
      const update = new Uint8Array(size).map((_, i) => (i * 31 + size) & 0xff);
      const frame = sharedUpdateFrame(update);
      expect(Buffer.from(payloadOf(frame)).equals(encodeUpdate(update)), `size ${size}`).toBe(true);
    }
  });

  it('S5: any message wraps into one WebSocket frame unchanged', () => {
    for (const size of sizes) {
      const message = encodeAwarenessMessage(new Uint8Array(size).fill(7));
      expect(Buffer.from(payloadOf(sharedFrame(message))).equals(message), `size ${size}`).toBe(true);
    }
  });
});

describe('relay through the server', () => {
  async function room(): Promise<{ server: RunningServer; w: Awaited<ReturnType<typeof createWorkshop>>; client(): Client }> {
    const store = createMemoryStore();
    const server = await start({ store });
    cleanup.push(() => store.close());
    cleanup.push(() => server.close());
    const w = await createWorkshop(server, { template: 'blank' });
    return {
      server,
      w,
      client: () => {
        const c = connect(server, w.id, w.groups[0]!.id, w.tokens.participant);
        cleanup.push(() => c.destroy());
        return c;
      },
    };
  }

  it('S9: small, 16-bit and 64-bit length updates reach every other client in order', async () => {
    const { client } = await room();
    const a = client();
    const others = [client(), client(), client()];
    await Promise.all([a, ...others].map((c) => c.synced));
    const category = addCategory(a.doc, 'People') as NodeId;
    const labels = ['short', 'm'.repeat(300), 'l'.repeat(70_000), 'x'.repeat(126), 'last'];
    for (const label of labels) addCause(a.doc, category, label);
    const causes = (d: Y.Doc) => readTree(d).categories[0]?.children.map((n) => n.text) ?? [];
    for (const c of others) {
      await untilDoc(c.doc, (d) => causes(d).length === labels.length, 'every cause');
      expect(causes(c.doc).sort()).toEqual([...labels].sort());
      expect(Y.encodeStateVector(c.doc)).toEqual(Y.encodeStateVector(a.doc));
    }
  });

  it('S9: awareness relayed as a shared frame arrives whole, large states too', async () => {
    const { server, w, client } = await room();
    const watcher = client();
    await watcher.synced;
    const ws = await rawSocket(server, `/sync/${w.id}/${w.groups[0]!.id}?token=${w.tokens.participant}`);
    cleanup.push(() => ws.terminate());
    const name = 'n'.repeat(40_000);
    ws.send(awarenessFrame(777, 1, { user: { name } }));
    await untilAwareness(watcher, () => (watcher.provider.awareness.getStates().get(777) as { user?: { name?: string } } | undefined)?.user?.name === name, 'the large awareness state');
  });
});
