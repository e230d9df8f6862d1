import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { GroupWatcher } from '../../client/src/overview/watcher.ts';
import { createMemoryStore } from '../../server/src/store/memory.ts';
import { connect, createWorkshop, start, until } from '../server/helpers.ts';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('C11: who is in a group, on the overview', () => {
  it('C11: a card hears of people coming, renaming and leaving, not of every cursor move', async () => {
    // The browser's WebSocket, here the `ws` package's (the same protocol on a real socket).
    const had = (globalThis as { WebSocket?: unknown }).WebSocket;
    (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
    cleanup.push(() => ((globalThis as { WebSocket?: unknown }).WebSocket = had));
    const store = createMemoryStore();
    const server = await start({ store });
    cleanup.push(() => store.close(), () => server.close());
    const w = await createWorkshop(server, { template: 'blank' });
    const g = w.groups[0]!.id;
    const watcher = new GroupWatcher(w.id, g, w.tokens.facilitator, new URL(server.url));
    cleanup.push(() => watcher.destroy());
    let told = 0;
    const changed = new Set<() => void>();
    watcher.subscribe(() => {
      told++;
      for (const fn of changed) fn();
    });
    const onChange = (fn: () => void) => {
      changed.add(fn);
      return () => changed.delete(fn);
    };
    const names = () => watcher.getState().people.map((p) => p.name);

    const anna = connect(server, w.id, g, w.tokens.participant);
    cleanup.push(() => anna.destroy());
    await anna.synced;
    anna.provider.awareness.setLocalStateField('user', { name: 'Anna', colour: '#00798c' });
    await until(() => names().join() === 'Anna', onChange, 10_000, 'Anna on the card');

    const before = told;
    for (let x = 1; x <= 20; x++) anna.provider.awareness.setLocalStateField('cursor', { x, y: 0 });
    // The rename follows the moves on one socket: once the card has it, it has had every move.
    anna.provider.awareness.setLocalStateField('user', { name: 'Anna K.', colour: '#00798c' });
    await until(() => names().join() === 'Anna K.', onChange, 10_000, 'the new name');
    expect(told - before).toBe(1);

    anna.destroy();
    await until(() => names().length === 0, onChange, 10_000, 'Anna gone');
  });
});
