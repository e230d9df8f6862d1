import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  REMOTE_ORIGIN,
  createLocalOrigin,
  createLocalUndoManager,
  addCategory,
  addCause,
  createDiagram,
  deleteNode,
  editText,
  followTree,
  getText,
  labelEditsOf,
  moveNode,
  readTree,
  walkTree,
  withLabelsRead,
} from '../../shared/src/model/index.ts';
import {
  addAction,
  addLink,
  castVote,
  closeVoting,
  removeLink,
  setPriority,
  startVoting,
  updateAction,
} from '../../shared/src/facilitation/index.ts';
import type { ActionId, ParticipantId, PriorityMark } from '../../shared/src/facilitation/index.ts';
import type { DiagramTree, NodeId, TreeNode } from '../../shared/src/tree.ts';
import { mulberry32 } from './random.ts';

function diagram(categories = 3, causes = 12): Y.Doc {
  const doc = new Y.Doc();
  createDiagram(doc, { template: 'blank', locale: 'en', problem: 'Applications wait 40 days' });
  const ids: NodeId[] = [];
  for (let c = 0; c < categories; c++) ids.push(addCategory(doc, `Category ${c}`));
  for (let i = 0; i < causes; i++) ids.push(addCause(doc, ids[(i * 7) % ids.length]!, `Cause ${i}`));
  return doc;
}

/** Deep equality, key order included (the JSON export walks the tree in key order). */
function expectSameTree(actual: DiagramTree, doc: Y.Doc): void {
  const expected = readTree(doc);
  expect(actual).toEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

function nodeIds(doc: Y.Doc): NodeId[] {
  return walkTree(readTree(doc)).map((e) => e.node.id!);
}

const MARKS: PriorityMark[] = ['confirmed', 'likely-root-cause', 'needs-evidence', 'ruled-out'];

/** Ids of nodes on the path from a category down to `id` (inclusive). */
function pathTo(tree: DiagramTree, id: NodeId): Set<NodeId> {
  const found = walkTree(tree);
  const parentOf = new Map(found.map((e) => [e.node.id!, e.parent?.id ?? null]));
  const out = new Set<NodeId>();
  for (let at: NodeId | null | undefined = id; at; at = parentOf.get(at)) out.add(at);
  return out;
}

describe('incremental tree reading (M10)', () => {
  it('M10: typing into one label reports that label only; other changes report null', () => {
    const doc = diagram();
    const [first] = nodeIds(doc);
    const seen: Array<Set<string> | null> = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => seen.push(labelEditsOf(doc, tr)));
    editText(doc, first!, 'People and skills');
    editText(doc, 'problem', 'Applications wait 41 days');
    setPriority(doc, first!, 'confirmed');
    addCause(doc, first!, 'new');
    doc.transact(() => {});
    expect(seen).toEqual([new Set([first]), new Set(['problem']), null, null, new Set()]);
  });

  it('M10: after typing, only the path to the label is new; every other subtree is the same object', () => {
    const doc = diagram(4, 40);
    const before = readTree(doc);
    const target = walkTree(before).find((e) => e.parent !== null && e.node.children.length > 0)!.node.id!;
    getText(doc, target)!.insert(0, 'x');
    const after = withLabelsRead(doc, before, [target]);
    expectSameTree(after, doc);
    const onPath = pathTo(after, target);
    const old = new Map(walkTree(before).map((e) => [e.node.id!, e.node]));
    let shared = 0;
    for (const { node } of walkTree(after)) {
      if (onPath.has(node.id!)) expect(node).not.toBe(old.get(node.id!));
      else {
        expect(node).toBe(old.get(node.id!));
        shared++;
      }
    }
    expect(shared).toBe(walkTree(after).length - onPath.size);
    // The target's children are untouched subtrees too.
    const found = walkTree(after).find((e) => e.node.id === target)!.node;
    expect(found.children.every((child, i) => child === old.get(target)!.children[i])).toBe(true);
    // Nothing changed: the very same tree.
    expect(withLabelsRead(doc, after, [])).toBe(after);
  });

  it('M10: a label missing from the tree (added since) falls back to a full read', () => {
    const doc = diagram();
    const before = readTree(doc);
    const added = addCause(doc, nodeIds(doc)[0]!, 'late');
    expectSameTree(withLabelsRead(doc, before, [added]), doc);
  });

  it('M10, M-F11: followTree equals readTree after every random transaction, facilitation included (local and remote)', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const rng = mulberry32(seed);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
      const doc = diagram(3 + (seed % 3), 10 + seed);
      // A second replica receives everything as remote updates, several transactions per delivery.
      const remote = new Y.Doc();
      Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc), REMOTE_ORIGIN);
      const queue: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array, origin: unknown) => {
        if (origin !== REMOTE_ORIGIN) queue.push(u);
      });
      const local = followTree(doc);
      const far = followTree(remote);
      let changes = 0;
      doc.on('afterTransaction', (tr: Y.Transaction) => {
        if (local.note(tr)) changes++;
      });
      remote.on('afterTransaction', (tr: Y.Transaction) => far.note(tr));
      expectSameTree(local.read(), doc);
      const participants = ['p1', 'p2', 'p3'] as ParticipantId[];
      const actions: ActionId[] = [];
      for (let step = 0; step < 120; step++) {
        if (nodeIds(doc).length < 4) addCategory(doc, `Again ${step}`);
        const ids = nodeIds(doc);
        const id = pick(ids);
        const roll = rng();
        const before = local.read();
        const changesBefore = changes;
        let labelsOnly = true;
        if (roll < 0.35) {
          const text = getText(doc, id)!;
          if (text.length > 0 && rng() < 0.3) text.delete(Math.floor(rng() * text.length), 1);
          else text.insert(Math.floor(rng() * (text.length + 1)), pick(['a', 'ż', 'Ђ', ' ', 'ő']));
        } else if (roll < 0.45) {
          editText(doc, 'problem', `${readTree(doc).problem.slice(0, 30)}${pick(['!', 'ą', ' x'])}`);
        } else if (roll < 0.52) {
          // Several labels in one transaction (as a remote update batch would bring them).
          doc.transact(() => {
            for (let k = 0; k < 3; k++) getText(doc, pick(ids))!.insert(0, String(k));
          });
        } else {
          labelsOnly = false;
          if (roll < 0.58) setPriority(doc, id, rng() < 0.2 ? null : pick(MARKS));
          else if (roll < 0.62) startVoting(doc, { votesPerParticipant: 5, allowMultiple: true, visibility: pick(['hidden', 'live'] as const) });
          else if (roll < 0.7) castVote(doc, pick(participants), id);
          else if (roll < 0.72) closeVoting(doc);
          else if (roll < 0.78) addLink(doc, id, pick(ids));
          else if (roll < 0.8) {
            const links = readTree(doc).links ?? [];
            if (links.length > 0) {
              const link = pick(links);
              removeLink(doc, link.from, link.to);
            }
          } else if (roll < 0.85) {
            const action = addAction(doc, id, { what: `do ${step}`, owner: pick(['Ann', 'Bo']) });
            if (action) actions.push(action);
          } else if (roll < 0.88) {
            if (actions.length > 0) updateAction(doc, pick(actions), { status: pick(['todo', 'doing', 'done'] as const), what: `did ${step}` });
          } else if (roll < 0.93) addCause(doc, id, `new ${step}`);
          else if (roll < 0.96) {
            if (ids.length > 4) deleteNode(doc, id);
          } else moveNode(doc, id, pick(ids), 0);
        }
        const after = local.read();
        expectSameTree(after, doc);
        if (labelsOnly && changes > changesBefore) {
          // Typing makes new objects of exactly the nodes on the way to the changed labels.
          const was = new Map(walkTree(before).map((e) => [e.node.id!, e.node]));
          const now = walkTree(after);
          const retyped = now.filter((e) => e.node.text !== was.get(e.node.id!)!.text).map((e) => e.node.id!);
          const onPaths = new Set(retyped.flatMap((rid) => [...pathTo(after, rid)]));
          const renewed = new Set(now.filter((e) => e.node !== was.get(e.node.id!)).map((e) => e.node.id!));
          expect(renewed).toEqual(onPaths);
        }
        if (rng() < 0.3) {
          for (const u of queue.splice(0)) Y.applyUpdate(remote, u, REMOTE_ORIGIN);
          expectSameTree(far.read(), remote);
        }
      }
      for (const u of queue.splice(0)) Y.applyUpdate(remote, u, REMOTE_ORIGIN);
      expectSameTree(far.read(), remote);
      expect(far.read()).toEqual(local.read());
    }
  });

  it('M10, M11, M12: two peers typing, deleting, moving, undoing and syncing at random: both followers equal readTree after every transaction', () => {
    for (let seed = 100; seed < 106; seed++) {
      const rng = mulberry32(seed);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
      const a = diagram(3, 8);
      const b = new Y.Doc();
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a), REMOTE_ORIGIN);
      const peers = [a, b].map((doc) => {
        const origin = createLocalOrigin();
        const follower = followTree(doc);
        const undo = createLocalUndoManager(doc, origin, { captureTimeout: 0 });
        // Checked inside every transaction's aftermath, as the board reads it (local typing at once).
        doc.on('afterTransaction', (tr: Y.Transaction) => {
          if (follower.note(tr) && rng() < 0.5) expectSameTree(follower.read(), doc);
        });
        return { doc, origin, follower, undo };
      });
      for (let step = 0; step < 120; step++) {
        const peer = pick(peers);
        const { doc, origin } = peer;
        const ids = nodeIds(doc);
        const roll = rng();
        if (ids.length < 3) addCategory(doc, `Again ${step}`, undefined, origin);
        else if (roll < 0.45) {
          const id = pick(ids);
          const text = getText(doc, id);
          if (text) doc.transact(() => text.insert(Math.floor(rng() * (text.length + 1)), pick(['k', 'é', ' '])), origin);
        } else if (roll < 0.5) {
          // A label whose text was stored as a plain string gets a new Y.Text (M7 repairs it).
          const map = doc.getMap('nodes').get(pick(ids)) as Y.Map<unknown>;
          doc.transact(() => map.set('text', new Y.Text(`fresh ${step}`)), origin);
        } else if (roll < 0.55) doc.transact(() => getText(doc, 'problem')!.insert(0, '#'), origin);
        else if (roll < 0.62) deleteNode(doc, pick(ids), origin);
        else if (roll < 0.7) moveNode(doc, pick(ids), pick(ids), 0, origin);
        else if (roll < 0.76) addCause(doc, pick(ids), `c${step}`, undefined, origin);
        else if (roll < 0.8) setPriority(doc, pick(ids), pick(MARKS), origin);
        else if (roll < 0.86) peer.undo.undo();
        else if (roll < 0.9) peer.undo.redo();
        else {
          // Sync both ways: concurrent typing, deletions and moves meet here.
          Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), REMOTE_ORIGIN);
          Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), REMOTE_ORIGIN);
        }
        for (const p of peers) expectSameTree(p.follower.read(), p.doc);
      }
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), REMOTE_ORIGIN);
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), REMOTE_ORIGIN);
      expect(peers[0]!.follower.read()).toEqual(peers[1]!.follower.read());
      for (const p of peers) expectSameTree(p.follower.read(), p.doc);
    }
  });

  it('M10: a change outside the diagram (another root type) or to meta fields other than the problem reads the whole tree', () => {
    const doc = diagram();
    const seen: Array<Set<string> | null> = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => seen.push(labelEditsOf(doc, tr)));
    doc.getText('scratch').insert(0, 'x');
    doc.getMap('meta').set('template', 'other');
    // A Y.Text that sits under a node map but is not its label.
    const map = doc.getMap('nodes').get(nodeIds(doc)[0]!) as Y.Map<unknown>;
    doc.transact(() => map.set('note', new Y.Text('n')));
    (map.get('note') as Y.Text).insert(0, 'm');
    expect(seen).toEqual([null, null, null, null]);
  });

  it('M10: reads between transactions return the same object while nothing changed', () => {
    const doc = diagram();
    const follower = followTree(doc);
    doc.on('afterTransaction', (tr: Y.Transaction) => follower.note(tr));
    const a = follower.read();
    expect(follower.read()).toBe(a);
    doc.transact(() => {});
    expect(follower.read()).toBe(a);
    const id = nodeIds(doc)[2]!;
    getText(doc, id)!.insert(0, 'q');
    const b = follower.read();
    expect(b).not.toBe(a);
    const untouched = (tree: DiagramTree): TreeNode[] => tree.categories.filter((c) => !pathTo(tree, id).has(c.id!));
    expect(untouched(b)).toEqual(untouched(a));
    untouched(b).forEach((c, i) => expect(c).toBe(untouched(a)[i]));
  });
});
