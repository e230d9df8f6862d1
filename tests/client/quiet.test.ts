import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { skipUpdateEvents } from '../../client/src/sync/quiet.ts';

const LOCAL = Symbol('local copy');

function docWithCause(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('nodes').set(text, text);
  return Y.encodeStateAsUpdate(doc);
}

describe('C3: the local copy is not encoded again for update listeners', () => {
  it('C3: a skipped transaction emits no update; later and other transactions do', () => {
    const doc = new Y.Doc();
    const seen: unknown[] = [];
    doc.on('update', (_update: Uint8Array, origin: unknown) => seen.push(origin));
    let offline = true;
    skipUpdateEvents(doc, (t) => t.origin === LOCAL && offline);

    doc.transact(() => Y.applyUpdate(doc, docWithCause('a')), LOCAL);
    expect(doc.getMap('nodes').get('a')).toBe('a');
    expect(seen).toEqual([]);

    doc.transact(() => doc.getMap('nodes').set('b', 'b'), 'me');
    expect(seen).toEqual(['me']);

    offline = false;
    doc.transact(() => Y.applyUpdate(doc, docWithCause('c')), LOCAL);
    expect(seen).toEqual(['me', LOCAL]);
  });

  it('C3: a change made by an observer of the skipped transaction is still emitted, and so is a listener added meanwhile', () => {
    const doc = new Y.Doc();
    const seen: string[] = [];
    doc.on('update', (_update: Uint8Array, origin: unknown) => seen.push(String(origin)));
    skipUpdateEvents(doc, (t) => t.origin === LOCAL);
    const nodes = doc.getMap('nodes');
    nodes.observe((event) => {
      if (event.transaction.origin !== LOCAL) return;
      doc.on('update', (_u: Uint8Array, origin: unknown) => seen.push(`late:${String(origin)}`));
      doc.transact(() => nodes.set('migrated', true), 'migration');
    });

    doc.transact(() => Y.applyUpdate(doc, docWithCause('a')), LOCAL);
    expect(nodes.get('migrated')).toBe(true);
    expect(seen).toEqual(['migration', 'late:migration']);
  });

  it('C3: once stopped, every transaction emits again', () => {
    const doc = new Y.Doc();
    const seen: unknown[] = [];
    doc.on('update', (_update: Uint8Array, origin: unknown) => seen.push(origin));
    const stop = skipUpdateEvents(doc, (t) => t.origin === LOCAL);
    stop();
    doc.transact(() => Y.applyUpdate(doc, docWithCause('a')), LOCAL);
    expect(seen).toEqual([LOCAL]);
  });
});
