import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { isNodeId } from '../../shared/src/ids.ts';
import {
  addCategory,
  addCause,
  childrenOf,
  createDiagram,
  createLocalOrigin,
  deleteNode,
  depthOf,
  editText,
  findNode,
  getText,
  indexOf,
  isAncestorOf,
  moveNode,
  parentOf,
  readDiagramInfo,
  readTree,
  reorderNode,
  replaceDiagram,
  setProblem,
  siblingsOf,
} from '../../shared/src/model/index.ts';
import type { Origin } from '../../shared/src/model/index.ts';
import type { NodeId } from '../../shared/src/tree.ts';
import { allIds, labels, syncAll } from './helpers.ts';

function fresh(template: Parameters<typeof createDiagram>[1]['template'] = 'blank', problem = 'Applications wait 40 days') {
  const doc = new Y.Doc();
  createDiagram(doc, { template, locale: 'en', problem, createdAt: 1000 });
  return doc;
}

describe('model operations', () => {
  it('M1, M3: createDiagram writes schema v1 meta and the template categories', () => {
    const doc = fresh('4p');
    expect(readDiagramInfo(doc)).toEqual({ schemaVersion: 1, template: '4p', createdAt: 1000 });
    expect(getText(doc, 'problem')).toBeInstanceOf(Y.Text);
    expect(labels(readTree(doc))).toEqual({
      problem: 'Applications wait 40 days',
      categories: ['Policies', 'Procedures', 'People', 'Plant/Technology'],
    });
  });

  it('M3: createDiagram uses the locale and refuses a document that already holds a diagram', () => {
    const doc = new Y.Doc();
    createDiagram(doc, { template: '4s', locale: 'pl' });
    expect(readTree(doc).categories.map((c) => c.text)).toEqual(['Otoczenie', 'Dostawcy', 'Systemy', 'Umiejętności']);
    expect(() => createDiagram(doc, { template: 'blank', locale: 'en' })).toThrow(/already/);
  });

  it('M2: nodes carry parent, text (Y.Text), order and createdAt; ids are random and valid', () => {
    const doc = fresh();
    const a = addCategory(doc, 'People');
    const b = addCause(doc, a, 'No training');
    expect(isNodeId(a) && isNodeId(b) && a !== b).toBe(true);
    const map = doc.getMap('nodes').get(b) as Y.Map<unknown>;
    expect(map.get('parent')).toBe(a);
    expect(map.get('text')).toBeInstanceOf(Y.Text);
    expect(typeof map.get('order')).toBe('string');
    expect(typeof map.get('createdAt')).toBe('number');
    const ids = new Set(Array.from({ length: 500 }, () => addCategory(new Y.Doc(), 'x')));
    expect(ids.size).toBe(500);
  });

  it('M4, M5: categories and causes are inserted at the given index, default last', () => {
    const doc = fresh();
    const c = addCategory(doc, 'C');
    addCategory(doc, 'A', 0);
    addCategory(doc, 'B', 1);
    addCategory(doc, 'D', 99);
    const x = addCause(doc, c, 'x');
    addCause(doc, c, 'w', 0);
    addCause(doc, c, 'y');
    const sub = addCause(doc, x, 'deep');
    expect(labels(readTree(doc)).categories).toEqual(['A', 'B', ['C', ['w', ['x', ['deep']], 'y']], 'D']);
    expect(depthOf(doc, sub)).toBe(3);
    expect(parentOf(doc, sub)).toBe(x);
    expect(childrenOf(doc, c).length).toBe(3);
    expect(indexOf(doc, x)).toBe(1);
    expect(isAncestorOf(doc, c, sub)).toBe(true);
    expect(isAncestorOf(doc, sub, c)).toBe(false);
  });

  it('M4, M8: positions are clamped; a missing or NaN position means the end', () => {
    const doc = fresh();
    addCategory(doc, 'B');
    addCategory(doc, 'A', -5);
    addCategory(doc, 'C', Number.NaN);
    const d = addCategory(doc, 'D', 1.7);
    expect(readTree(doc).categories.map((c) => c.text)).toEqual(['A', 'D', 'B', 'C']);
    expect(moveNode(doc, d, 'root', Number.POSITIVE_INFINITY)).toBe(true);
    expect(reorderNode(doc, d, Number.NaN)).toBe(true);
    expect(readTree(doc).categories.map((c) => c.text)).toEqual(['A', 'B', 'C', 'D']);
    expect(reorderNode(doc, d, Number.NEGATIVE_INFINITY)).toBe(true);
    expect(readTree(doc).categories.map((c) => c.text)).toEqual(['D', 'A', 'B', 'C']);
  });

  it('M5: many inserts at the front and in the middle keep the requested order', () => {
    const doc = fresh();
    const expected: string[] = [];
    for (let i = 0; i < 200; i++) {
      const at = (i * 7) % (expected.length + 1);
      addCategory(doc, String(i), at);
      expected.splice(at, 0, String(i));
    }
    expect(readTree(doc).categories.map((c) => c.text)).toEqual(expected);
  });

  it('M5: two peers inserting at the same place both keep their node, in the same order everywhere', () => {
    const a = fresh();
    const b = new Y.Doc();
    syncAll(a, b);
    const first = addCategory(a, 'first');
    addCategory(a, 'last');
    syncAll(a, b);
    addCategory(a, 'from a', 1);
    addCategory(b, 'from b', 1);
    syncAll(a, b);
    expect(readTree(a)).toEqual(readTree(b));
    expect(readTree(a).categories.map((c) => c.text).sort()).toEqual(['first', 'from a', 'from b', 'last']);
    // Inserting right after `first` still lands there even if the two concurrent keys were equal.
    const z = addCategory(a, 'z', 1);
    expect(siblingsOf(a, z)[0]).toBe(first);
    expect(indexOf(a, z)).toBe(1);
  });

  it('M6, M7: setProblem and editText change the text by a minimal diff', () => {
    const doc = fresh();
    setProblem(doc, 'Applications wait 30 days');
    expect(readTree(doc).problem).toBe('Applications wait 30 days');
    const id = addCategory(doc, 'Peple');
    const text = getText(doc, id)!;
    const deltas: unknown[] = [];
    text.observe((event) => deltas.push(event.delta));
    expect(editText(doc, id, 'People')).toBe(true);
    expect(deltas).toEqual([[{ retain: 2 }, { insert: 'o' }]]);
    expect(editText(doc, 'missing' as NodeId, 'x')).toBe(false);
  });

  it('M7: two people typing in one label both keep their characters', () => {
    const a = fresh();
    const id = addCategory(a, 'Law');
    const b = new Y.Doc();
    syncAll(a, b);
    editText(a, id, 'Law and');
    editText(b, id, 'New Law');
    syncAll(a, b);
    expect(readTree(a).categories[0]!.text).toBe('New Law and');
    expect(readTree(b)).toEqual(readTree(a));
  });

  it('M7: edits never cut a surrogate pair (emoji) in half', () => {
    const doc = fresh();
    const id = addCategory(doc, 'a😀b');
    editText(doc, id, 'a😃b');
    expect(readTree(doc).categories[0]!.text).toBe('a😃b');
    editText(doc, 'problem', 'Łódź — Ёж 😀');
    editText(doc, 'problem', 'Łódź — Ёж 😁!');
    expect(readTree(doc).problem).toBe('Łódź — Ёж 😁!');
  });

  it('M8: moveNode moves a subtree to a new parent and position; reorderNode keeps the parent', () => {
    const doc = fresh();
    const people = addCategory(doc, 'People');
    const law = addCategory(doc, 'Law');
    const a = addCause(doc, people, 'a');
    addCause(doc, a, 'a1');
    addCause(doc, law, 'l');
    expect(moveNode(doc, a, law, 0)).toBe(true);
    expect(labels(readTree(doc)).categories).toEqual(['People', ['Law', [['a', ['a1']], 'l']]]);
    expect(reorderNode(doc, a, 5)).toBe(true);
    expect(labels(readTree(doc)).categories).toEqual(['People', ['Law', ['l', ['a', ['a1']]]]]);
    expect(moveNode(doc, a, 'root', 0)).toBe(true);
    expect(labels(readTree(doc)).categories).toEqual([['a', ['a1']], 'People', ['Law', ['l']]]);
    expect(reorderNode(doc, law, 0)).toBe(true);
    expect(readTree(doc).categories.map((c) => c.text)).toEqual(['Law', 'a', 'People']);
  });

  it('M8: a move under the node itself or its own descendant is refused', () => {
    const doc = fresh();
    const people = addCategory(doc, 'People');
    const a = addCause(doc, people, 'a');
    const a1 = addCause(doc, a, 'a1');
    const before = readTree(doc);
    expect(moveNode(doc, people, a1, 0)).toBe(false);
    expect(moveNode(doc, a, a, 0)).toBe(false);
    expect(moveNode(doc, a, 'gone' as NodeId, 0)).toBe(false);
    expect(readTree(doc)).toEqual(before);
  });

  it('M8: a move to the position it already has writes nothing', () => {
    const doc = fresh();
    addCategory(doc, 'A');
    const b = addCategory(doc, 'B');
    let updates = 0;
    doc.on('update', () => updates++);
    expect(reorderNode(doc, b, 1)).toBe(true);
    expect(updates).toBe(0);
  });

  it('M9: deleteNode removes the node with its whole subtree', () => {
    const doc = fresh();
    const people = addCategory(doc, 'People');
    const keep = addCategory(doc, 'Keep');
    const a = addCause(doc, people, 'a');
    addCause(doc, addCause(doc, a, 'a1'), 'a11');
    expect(deleteNode(doc, people)).toBe(true);
    expect(doc.getMap('nodes').size).toBe(1);
    expect(allIds(readTree(doc))).toEqual([keep]);
    expect(deleteNode(doc, people)).toBe(false);
  });

  it('M17: every operation is exactly one transaction carrying the given origin', () => {
    const doc = fresh();
    const origin: Origin = createLocalOrigin('alice');
    const seen: unknown[] = [];
    doc.on('afterTransaction', (tr) => seen.push(tr.origin));
    const cat = addCategory(doc, 'A', undefined, origin);
    const cause = addCause(doc, cat, 'b', 0, origin);
    editText(doc, cause, 'bb', origin);
    setProblem(doc, 'new problem', origin);
    moveNode(doc, cause, 'root', 0, origin);
    reorderNode(doc, cause, 1, origin);
    deleteNode(doc, cat, origin);
    replaceDiagram(doc, { problem: 'p', categories: [] }, origin);
    expect(seen).toEqual(Array(8).fill(origin));
  });

  it('M14: replaceDiagram makes the document equal to the tree, reusing ids, in one transaction', () => {
    const doc = fresh('4m');
    const [men, machines] = readTree(doc).categories;
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    replaceDiagram(doc, {
      problem: 'Late decisions',
      categories: [
        { id: machines!.id!, text: 'Machines!', children: [{ text: 'Old servers', children: [{ text: 'No budget', children: [] }] }] },
        { text: 'New category', children: [] },
        { id: men!.id!, text: 'Manpower', children: [] },
        { id: men!.id!, text: 'Duplicate id gets a new one', children: [] },
        { id: 'bad id!' as NodeId, text: 'Bad id gets a new one', children: [] },
      ],
    });
    expect(transactions).toBe(1);
    const tree = readTree(doc);
    expect(labels(tree)).toEqual({
      problem: 'Late decisions',
      categories: [['Machines!', [['Old servers', ['No budget']]]], 'New category', 'Manpower', 'Duplicate id gets a new one', 'Bad id gets a new one'],
    });
    expect(tree.categories[0]!.id).toBe(machines!.id);
    expect(tree.categories[2]!.id).toBe(men!.id);
    expect(new Set(allIds(tree)).size).toBe(7);
    expect(doc.getMap('nodes').size).toBe(7);
  });

  it('M14: replaceDiagram with the document’s own tree changes nothing', () => {
    const doc = fresh('public-administration');
    const cat = readTree(doc).categories[1]!.id!;
    addCause(doc, cat, 'a');
    addCause(doc, cat, 'b', 0);
    let updates = 0;
    doc.on('update', () => updates++);
    replaceDiagram(doc, readTree(doc));
    expect(updates).toBe(0);
  });

  it('M14: replaceDiagram keeps characters a peer typed concurrently in a node it keeps', () => {
    const a = fresh();
    const id = addCategory(a, 'Law');
    const b = new Y.Doc();
    syncAll(a, b);
    editText(b, id, 'Law!');
    replaceDiagram(a, { problem: 'x', categories: [{ id, text: 'The Law', children: [] }] });
    syncAll(a, b);
    expect(readTree(a).categories[0]!.text).toBe('The Law!');
    expect(readTree(b)).toEqual(readTree(a));
  });

  it('M14: replaceDiagram can record the template it applies', () => {
    const doc = fresh('4m');
    replaceDiagram(doc, { problem: 'p', categories: [{ text: 'Skills', children: [] }] }, undefined, { template: '4s' });
    expect(readDiagramInfo(doc).template).toBe('4s');
  });

  it('M14: replaceDiagram fills meta on an empty document', () => {
    const doc = new Y.Doc();
    replaceDiagram(doc, { problem: 'p', categories: [{ text: 'c', children: [] }] });
    expect(readDiagramInfo(doc).schemaVersion).toBe(1);
    expect(readDiagramInfo(doc).template).toBe('blank');
    expect(labels(readTree(doc))).toEqual({ problem: 'p', categories: ['c'] });
  });

  it('M10: findNode locates a node in a tree from readTree', () => {
    const doc = fresh();
    const c = addCategory(doc, 'C');
    const x = addCause(doc, c, 'x');
    const y = addCause(doc, x, 'y');
    const found = findNode(readTree(doc), y)!;
    expect(found.node.text).toBe('y');
    expect(found.parent!.id).toBe(x);
    expect(found.depth).toBe(3);
    expect(findNode(readTree(doc), 'nope' as NodeId)).toBeNull();
  });
});
