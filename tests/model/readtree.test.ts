import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  addCategory,
  addCause,
  createDiagram,
  deleteNode,
  editText,
  moveNode,
  parentOf,
  readTree,
  reorderNode,
} from '../../shared/src/model/index.ts';
import type { NodeId } from '../../shared/src/tree.ts';
import { allIds, labels, syncAll } from './helpers.ts';

function pair() {
  const a = new Y.Doc();
  createDiagram(a, { template: 'blank', locale: 'en', problem: 'P' });
  const b = new Y.Doc();
  syncAll(a, b);
  return [a, b] as const;
}

function rawNode(doc: Y.Doc, id: string, parent: unknown, text: string, order = 'V') {
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    map.set('parent', parent);
    map.set('text', new Y.Text(text));
    map.set('order', order);
    map.set('createdAt', 0);
    doc.getMap('nodes').set(id, map);
  });
}

describe('readTree resolution (M10-M13)', () => {
  it('M10: peers with the same state get equal trees, whatever order updates arrived in', () => {
    const [a, b] = pair();
    const c = new Y.Doc();
    syncAll(a, c);
    const cat = addCategory(a, 'A');
    syncAll(a, b, c);
    addCause(a, cat, 'from a');
    addCause(b, cat, 'from b');
    addCategory(c, 'C', 0);
    syncAll(c, b);
    syncAll(a, b);
    syncAll(c, a);
    expect(readTree(b)).toEqual(readTree(a));
    expect(readTree(c)).toEqual(readTree(a));
  });

  it('M11, M13: a cause added under a node deleted concurrently stays visible as a category', () => {
    const [a, b] = pair();
    const people = addCategory(a, 'People');
    const cause = addCause(a, people, 'No training');
    syncAll(a, b);
    deleteNode(a, cause);
    const added = addCause(b, cause, 'Budget cut');
    addCause(b, added, 'Elections');
    syncAll(a, b);
    for (const doc of [a, b]) {
      const categories = readTree(doc).categories.map((c) => labels({ problem: '', categories: [c] }));
      expect(categories).toHaveLength(2);
      expect(categories).toContainEqual({ problem: '', categories: [['Budget cut', ['Elections']]] });
      expect(categories).toContainEqual({ problem: '', categories: ['People'] });
      expect(parentOf(doc, added)).toBe('root');
    }
    expect(readTree(a)).toEqual(readTree(b));
  });

  it('M11, M13: a node moved into a subtree deleted concurrently stays visible as a category', () => {
    const [a, b] = pair();
    const people = addCategory(a, 'People');
    const law = addCategory(a, 'Law');
    const x = addCause(a, law, 'x');
    syncAll(a, b);
    deleteNode(a, people);
    moveNode(b, x, people, 0);
    syncAll(a, b);
    expect(readTree(a)).toEqual(readTree(b));
    expect(parentOf(a, x)).toBe('root');
    expect(allIds(readTree(a)).sort()).toEqual([law, x].sort());
  });

  it('M13: an edit of a node deleted concurrently does not bring it back', () => {
    const [a, b] = pair();
    const people = addCategory(a, 'People');
    syncAll(a, b);
    deleteNode(a, people);
    editText(b, people, 'People and skills');
    syncAll(a, b);
    expect(readTree(a).categories).toEqual([]);
    expect(readTree(b)).toEqual(readTree(a));
  });

  it('M12: two concurrent moves that make a cycle are resolved on every peer; the smallest id becomes a category', () => {
    const [a, b] = pair();
    const x = addCategory(a, 'X');
    const y = addCategory(a, 'Y');
    addCause(a, x, 'x1');
    addCause(a, y, 'y1');
    syncAll(a, b);
    expect(moveNode(a, x, y, 0)).toBe(true);
    expect(moveNode(b, y, x, 0)).toBe(true);
    syncAll(a, b);
    const tree = readTree(a);
    expect(tree).toEqual(readTree(b));
    const smallest = x < y ? x : y;
    const other = x < y ? y : x;
    expect(tree.categories.map((c) => c.id)).toEqual([smallest]);
    expect(parentOf(a, other)).toBe(smallest);
    expect(allIds(tree).length).toBe(4);
  });

  it('M12: a three-node cycle and a self-parented node are broken deterministically', () => {
    const doc = new Y.Doc();
    rawNode(doc, 'c', 'a', 'C');
    rawNode(doc, 'a', 'b', 'A');
    rawNode(doc, 'b', 'c', 'B');
    rawNode(doc, 'd', 'b', 'D');
    rawNode(doc, 's', 's', 'S', 'z');
    expect(labels(readTree(doc)).categories).toEqual([['A', [['C', [['B', ['D']]]]]], 'S']);
  });

  it('M11: nodes with a missing, malformed or unknown parent are categories; non-map entries are skipped', () => {
    const doc = new Y.Doc();
    rawNode(doc, 'a', 'ghost', 'A', 'a');
    rawNode(doc, 'b', 42, 'B', 'b');
    rawNode(doc, 'c', 'root', 'C', 'c');
    doc.getMap('nodes').set('junk', 'not a node');
    expect(labels(readTree(doc))).toEqual({ problem: '', categories: ['A', 'B', 'C'] });
  });

  it('M5: siblings with equal order keys sort by id', () => {
    const doc = new Y.Doc();
    rawNode(doc, 'b', 'root', 'second', 'V');
    rawNode(doc, 'a', 'root', 'first', 'V');
    rawNode(doc, 'C', 'root', 'capital first', 'V');
    expect(readTree(doc).categories.map((c) => c.text)).toEqual(['capital first', 'first', 'second']);
  });

  it('M8: reorder of a node shown by M11/M12 writes its effective parent, healing the stored one', () => {
    const doc = new Y.Doc();
    rawNode(doc, 'a', 'ghost', 'A', 'a');
    rawNode(doc, 'b', 'root', 'B', 'b');
    expect(reorderNode(doc, 'a' as NodeId, 1)).toBe(true);
    expect((doc.getMap('nodes').get('a') as Y.Map<unknown>).get('parent')).toBe('root');
    expect(readTree(doc).categories.map((c) => c.text)).toEqual(['B', 'A']);
  });

  it('M10: readTree handles a 10,000-deep chain without overflowing the stack', () => {
    const doc = new Y.Doc();
    doc.transact(() => {
      for (let i = 0; i < 10_000; i++) rawNode(doc, `n${i}`, i === 0 ? 'root' : `n${i - 1}`, String(i));
    });
    let depth = 0;
    let node = readTree(doc).categories[0];
    while (node) {
      depth++;
      node = node.children[0];
    }
    expect(depth).toBe(10_000);
  });
});
