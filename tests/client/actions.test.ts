import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCategory, addCause, createDiagram, createLocalOrigin, createLocalUndoManager, readTree } from '@causeway/shared';
import type { DiagramTree, NodeId } from '@causeway/shared';
import { createActions } from '../../client/src/board/actions.ts';
import { rebaseCaret } from '../../client/src/board/caret.ts';
import { indexTree, isWithin, navigateCanvas, preorder, selectionAfterDelete } from '../../client/src/board/tree-nav.ts';

function setup() {
  const doc = new Y.Doc();
  createDiagram(doc, { template: 'blank', locale: 'en', problem: 'Late deliveries' });
  const origin = createLocalOrigin('me');
  const people = addCategory(doc, 'People', undefined, origin);
  const process = addCategory(doc, 'Process', undefined, origin);
  const skills = addCause(doc, people, 'Skills', undefined, origin);
  const training = addCause(doc, skills, 'No training', undefined, origin);
  const turnover = addCause(doc, people, 'Turnover', undefined, origin);
  const actions = createActions(doc, origin, () => readTree(doc));
  return { doc, origin, actions, people, process, skills, training, turnover };
}

const texts = (tree: DiagramTree) => JSON.stringify(tree.categories.map(function walk(n): unknown {
  return [n.text, n.children.map(walk)];
}));

describe('C8: moving the selection through the tree', () => {
  it('C8: canvas arrows: Right goes to the parent (towards the head), Left to the first cause, Up/Down to siblings', () => {
    const { doc, people, process, skills, training, turnover } = setup();
    const tree = readTree(doc);
    const index = indexTree(tree);
    expect(navigateCanvas(tree, index, null, 'down')).toBe('problem');
    expect(navigateCanvas(tree, index, 'problem', 'left')).toBe(people);
    expect(navigateCanvas(tree, index, people, 'down')).toBe(process);
    expect(navigateCanvas(tree, index, process, 'down')).toBe(process);
    expect(navigateCanvas(tree, index, people, 'left')).toBe(skills);
    expect(navigateCanvas(tree, index, skills, 'left')).toBe(training);
    expect(navigateCanvas(tree, index, training, 'right')).toBe(skills);
    expect(navigateCanvas(tree, index, skills, 'down')).toBe(turnover);
    expect(navigateCanvas(tree, index, turnover, 'up')).toBe(skills);
    expect(navigateCanvas(tree, index, people, 'right')).toBe('problem');
    expect(preorder(tree)).toEqual(['problem', people, skills, training, turnover, process]);
    expect(isWithin(index, training, people)).toBe(true);
    expect(isWithin(index, process, people)).toBe(false);
    expect(selectionAfterDelete(index, skills)).toBe(turnover);
    expect(selectionAfterDelete(index, turnover)).toBe(skills);
    expect(selectionAfterDelete(index, training)).toBe(skills);
  });
});

describe('C9: keyboard and toolbar actions are shared operations', () => {
  it('C9: Enter adds an empty sibling right after the selection and edits it; on the problem it edits the problem', () => {
    const { doc, actions, skills } = setup();
    const result = actions.addSibling(skills)!;
    expect(result.edit).toBe(true);
    const people = readTree(doc).categories[0]!;
    expect(people.children.map((c) => c.text)).toEqual(['Skills', '', 'Turnover']);
    expect(people.children[1]!.id).toBe(result.selection);
    expect(actions.addSibling('problem')).toEqual({ selection: 'problem', edit: true });
  });

  it('C9: Tab adds a cause as the last child; on the problem it adds a category', () => {
    const { doc, actions, people } = setup();
    const cause = actions.addChild(people)!;
    expect(readTree(doc).categories[0]!.children.at(-1)!.id).toBe(cause.selection);
    const category = actions.addChild('problem')!;
    expect(readTree(doc).categories.at(-1)!.id).toBe(category.selection);
  });

  it('C9: Shift+Tab moves a cause up a level, right after its old parent; a category stays', () => {
    const { doc, actions, training, people } = setup();
    actions.outdent(training);
    expect(texts(readTree(doc))).toBe(JSON.stringify([['People', [['Skills', []], ['No training', []], ['Turnover', []]]], ['Process', []]]));
    expect(actions.outdent(people)).toBeNull();
    actions.outdent(training);
    expect(readTree(doc).categories.map((c) => c.text)).toEqual(['People', 'No training', 'Process']);
  });

  it('C9: Alt+arrows reorder among siblings and stop at the ends', () => {
    const { doc, actions, skills } = setup();
    expect(actions.moveBy(skills, -1)).toBeNull();
    actions.moveBy(skills, 1);
    expect(readTree(doc).categories[0]!.children.map((c) => c.text)).toEqual(['Turnover', 'Skills']);
  });

  it('C9: Delete removes the subtree and selects the next sibling; the problem cannot be deleted', () => {
    const { doc, actions, skills, turnover } = setup();
    expect(actions.remove(skills)).toEqual({ selection: turnover, edit: false });
    expect(readTree(doc).categories[0]!.children.map((c) => c.text)).toEqual(['Turnover']);
    expect(actions.remove('problem')).toBeNull();
  });

  it('C9: undo reverts only my own changes, never another person’s', () => {
    const { doc, origin, actions, people } = setup();
    const undo = createLocalUndoManager(doc, origin);
    const mine = actions.addChild(people)!.selection;
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    const theirs = addCause(other, people as NodeId, 'Theirs', undefined, createLocalOrigin('them'));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    undo.undo();
    const ids = indexTree(readTree(doc));
    expect(ids.has(mine)).toBe(false);
    expect(ids.has(theirs)).toBe(true);
  });
});

describe('C10: drag and drop writes the document once, on drop', () => {
  it('C10: dropping inside a node makes the dragged node its last cause', () => {
    const { doc, actions, turnover, process } = setup();
    let updates = 0;
    doc.on('update', () => updates++);
    actions.drop(turnover, { kind: 'inside', id: process });
    expect(updates).toBe(1);
    expect(texts(readTree(doc))).toBe(JSON.stringify([['People', [['Skills', [['No training', []]]]]], ['Process', [['Turnover', []]]]]));
  });

  it('C10: dropping before or after a node places it among that node’s siblings', () => {
    const { doc, actions, training, turnover, skills } = setup();
    actions.drop(training, { kind: 'after', id: turnover });
    expect(readTree(doc).categories[0]!.children.map((c) => c.text)).toEqual(['Skills', 'Turnover', 'No training']);
    actions.drop(training, { kind: 'before', id: skills });
    expect(readTree(doc).categories[0]!.children.map((c) => c.text)).toEqual(['No training', 'Skills', 'Turnover']);
  });

  it('C10: a node cannot be dropped into its own subtree, and the problem cannot be dragged', () => {
    const { doc, actions, people, training } = setup();
    const before = texts(readTree(doc));
    expect(actions.drop(people, { kind: 'inside', id: training })).toBeNull();
    expect(actions.drop('problem', { kind: 'inside', id: people })).toBeNull();
    expect(texts(readTree(doc))).toBe(before);
  });

  it('C10: dropping a category onto the problem keeps it a category (at the end)', () => {
    const { doc, actions, skills } = setup();
    actions.drop(skills, { kind: 'inside', id: 'problem' });
    expect(readTree(doc).categories.map((c) => c.text)).toEqual(['People', 'Process', 'Skills']);
  });
});

describe('C7: the in-place editor keeps its caret when others type in the same label', () => {
  it('C7: text inserted before the caret shifts it; text after it does not', () => {
    expect(rebaseCaret('Skills', 'Soft skills', 6)).toBe(11);
    expect(rebaseCaret('Skills', 'Skills gap', 3)).toBe(3);
    expect(rebaseCaret('abcdef', 'abXYZdef', 5)).toBe(7);
    expect(rebaseCaret('abcdef', 'af', 3)).toBe(1);
    expect(rebaseCaret('same', 'same', 2)).toBe(2);
  });
});
