import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { sendOwnAwarenessOnly } from '../../client/src/sync/presence.ts';
import { createMemoryStore } from '../../server/src/store/memory.ts';
import { createWorkshop, start, untilAwareness, wsUrl, type Client } from '../server/helpers.ts';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** A real socket that counts the awareness messages (y-protocols type 1) its client sends. */
function countingSocket(): { Socket: typeof WebSocket; sent: () => number } {
  let awareness = 0;
  class Counting extends WebSocket {
    override send(data: unknown, ...rest: unknown[]): void {
      if (data instanceof Uint8Array && data[0] === 1) awareness++;
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  }
  return { Socket: Counting, sent: () => awareness };
}

describe('C11: presence upstream', () => {
  it('C11: a board sends its own awareness changes only, not back what it receives from others (the stock provider does)', async () => {
    const store = createMemoryStore();
    const server = await start({ store });
    cleanup.push(() => store.close(), () => server.close());
    const w = await createWorkshop(server, { template: 'blank' });
    const room = `${w.id}/${w.groups[0]!.id}`;
    const open = (own: boolean): Client & { sent: () => number } => {
      const { Socket, sent } = countingSocket();
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(wsUrl(server), room, doc, { WebSocketPolyfill: Socket as unknown as typeof globalThis.WebSocket, params: { token: w.tokens.participant }, disableBc: true });
      if (own) sendOwnAwarenessOnly(provider);
      const synced = new Promise<void>((resolve) => provider.once('sync', () => resolve()));
      cleanup.push(() => provider.destroy());
      return { doc, provider, synced, destroy: () => provider.destroy(), sent };
    };
    const mover = open(true);
    const board = open(true);
    const stock = open(false);
    await Promise.all([mover.synced, board.synced, stock.synced]);
    for (const [i, c] of [mover, board, stock].entries()) c.provider.awareness.setLocalStateField('user', { name: `P${i}`, colour: '#2f9e44' });
    const seen = (c: Client, x: number) => [...c.provider.awareness.getStates().values()].some((s) => (s as { cursor?: { x: number } }).cursor?.x === x);
    await untilAwareness(board, () => board.provider.awareness.getStates().size === 3, 'board sees everyone');
    await untilAwareness(stock, () => stock.provider.awareness.getStates().size === 3, 'stock sees everyone');
    const before = { mover: mover.sent(), board: board.sent(), stock: stock.sent() };
    for (let x = 1; x <= 10; x++) mover.provider.awareness.setLocalStateField('cursor', { x, y: 0 });
    await untilAwareness(board, () => seen(board, 10), 'board sees the cursor');
    await untilAwareness(stock, () => seen(stock, 10), 'stock sees the cursor');
    // The board's own change goes out, and once the stock client sees it, so has everything the
    // board sent before it (one socket, in order).
    board.provider.awareness.setLocalStateField('cursor', { x: -1, y: 0 });
    await untilAwareness(stock, () => seen(stock, -1), 'stock sees the board');
    expect(mover.sent() - before.mover).toBe(10);
    expect(board.sent() - before.board).toBe(1);
    // What the stock provider does: each received update goes back.
    expect(stock.sent() - before.stock).toBeGreaterThanOrEqual(10);
    // Leaving is still announced: the others lose the board at once.
    board.provider.destroy();
    await untilAwareness(stock, () => stock.provider.awareness.getStates().size === 2, 'board gone');
  });
});
