import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  addCategory,
  addCause,
  checkDocument,
  createDiagram,
  createLocalOrigin,
  createLocalUndoManager,
  deleteNode,
  editText,
  moveNode,
  readTree,
} from '../../shared/src/model/index.ts';
import { labels, syncAll } from './helpers.ts';

describe('local undo (M15)', () => {
  it('M15: undo removes only the local user’s change, not a remote one', () => {
    const a = new Y.Doc();
    createDiagram(a, { template: 'blank', locale: 'en', problem: 'P' });
    const b = new Y.Doc();
    syncAll(a, b);
    const alice = createLocalOrigin('alice');
    const bob = createLocalOrigin('bob');
    const undoA = createLocalUndoManager(a, alice, { captureTimeout: 0 });
    const cat = addCategory(a, 'People', undefined, alice);
    syncAll(a, b);
    addCause(b, cat, 'from bob', undefined, bob);
    editText(b, cat, 'People (bob)', bob);
    syncAll(a, b);
    addCause(a, cat, 'from alice', undefined, alice);
    syncAll(a, b);
    expect(labels(readTree(a)).categories).toEqual([['People (bob)', ['from bob', 'from alice']]]);
    undoA.undo();
    syncAll(a, b);
    expect(labels(readTree(b)).categories).toEqual([['People (bob)', ['from bob']]]);
    expect(undoA.canUndo()).toBe(true);
  });

  it('M15: undo reverts text edits, moves and deletes made locally, and redo re-applies them', () => {
    const doc = new Y.Doc();
    const me = createLocalOrigin('me');
    createDiagram(doc, { template: 'blank', locale: 'en', problem: 'P' });
    const undo = createLocalUndoManager(doc, me, { captureTimeout: 0 });
    const a = addCategory(doc, 'A', undefined, me);
    const b = addCategory(doc, 'B', undefined, me);
    const x = addCause(doc, a, 'x', undefined, me);
    editText(doc, x, 'xy', me);
    moveNode(doc, x, b, 0, me);
    deleteNode(doc, b, me);
    const snapshots: unknown[] = [];
    expect(labels(readTree(doc)).categories).toEqual(['A']);
    undo.undo();
    snapshots.push(labels(readTree(doc)).categories);
    undo.undo();
    snapshots.push(labels(readTree(doc)).categories);
    undo.undo();
    snapshots.push(labels(readTree(doc)).categories);
    expect(snapshots).toEqual([['A', ['B', ['xy']]], [['A', ['xy']], 'B'], [['A', ['x']], 'B']]);
    undo.redo();
    expect(labels(readTree(doc)).categories).toEqual([['A', ['xy']], 'B']);
  });

  it('M15: undoing a move that won over a peer’s concurrent move leaves a complete, valid node', () => {
    // Which concurrent write wins depends on client ids; try both ways round.
    for (const [idA, idB] of [[1, 2], [2, 1]] as const) {
      const a = new Y.Doc();
      a.clientID = idA;
      createDiagram(a, { template: 'blank', locale: 'en', problem: 'P' });
      const b = new Y.Doc();
      b.clientID = idB;
      const me = createLocalOrigin('me');
      const undo = createLocalUndoManager(a, me, { captureTimeout: 0 });
      const x = addCategory(a, 'X');
      const y = addCategory(a, 'Y');
      const cause = addCause(a, x, 'c');
      addCause(a, x, 'd');
      syncAll(a, b);
      moveNode(a, cause, y, 0, me);
      moveNode(b, cause, x, 1);
      syncAll(a, b);
      undo.undo();
      syncAll(a, b);
      expect(checkDocument(a)).toEqual({ ok: true });
      expect(readTree(b)).toEqual(readTree(a));
    }
  });

  it('M15: undoing a delete of a node a peer moved meanwhile brings it back complete', () => {
    const a = new Y.Doc();
    createDiagram(a, { template: 'blank', locale: 'en', problem: 'P' });
    const b = new Y.Doc();
    const me = createLocalOrigin('me');
    const undo = createLocalUndoManager(a, me, { captureTimeout: 0 });
    const x = addCategory(a, 'X');
    const y = addCategory(a, 'Y');
    const cause = addCause(a, x, 'c');
    syncAll(a, b);
    deleteNode(a, cause, me);
    moveNode(b, cause, y, 0);
    syncAll(a, b);
    undo.undo();
    syncAll(a, b);
    expect(checkDocument(a)).toEqual({ ok: true });
    expect(labels(readTree(a)).categories).toEqual([['X', ['c']], 'Y']);
    expect(readTree(b)).toEqual(readTree(a));
  });

  it('M15: changes with another origin (migration, import, default) are not on the local stack', () => {
    const doc = new Y.Doc();
    const me = createLocalOrigin();
    const undo = createLocalUndoManager(doc, me);
    createDiagram(doc, { template: '4m', locale: 'en' });
    addCategory(doc, 'x');
    expect(undo.canUndo()).toBe(false);
  });
});
