import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  actionPlan,
  actionsOf,
  addAction,
  addLink,
  castVote,
  closeVoting,
  deleteAction,
  linksOfNode,
  priorityOf,
  readActions,
  readLinks,
  readPriorities,
  removeLink,
  resetVoting,
  retractVote,
  setPriority,
  startVoting,
  topCauses,
  updateAction,
  voteTotals,
  votingStatus,
} from '../../shared/src/facilitation/index.ts';
import type { ParticipantId } from '../../shared/src/facilitation/index.ts';
import { ACTIONS_MAP, LINKS_MAP, VOTES_MAP, VOTING_MAP } from '../../shared/src/facilitation/store.ts';
import {
  checkDocument,
  createLocalOrigin,
  createLocalUndoManager,
  deleteNode,
  readTree,
  replaceDiagram,
} from '../../shared/src/model/index.ts';
import type { NodeId } from '../../shared/src/tree.ts';
import { sampleDoc } from './helpers.ts';

const P1 = 'anna-1' as ParticipantId;
const P2 = 'bela-2' as ParticipantId;
const P3 = 'cvet-3' as ParticipantId;

/** Every transaction's origin, to check one transaction per operation. */
function recordTransactions(doc: Y.Doc): unknown[] {
  const origins: unknown[] = [];
  doc.on('afterTransaction', (tr: Y.Transaction) => {
    if (tr.changed.size > 0) origins.push(tr.origin);
  });
  return origins;
}

describe('priority marks', () => {
  it('M-F4: set, replace and clear a mark; one transaction with the given origin', () => {
    const { doc, a, b } = sampleDoc();
    const origin = createLocalOrigin('anna');
    const origins = recordTransactions(doc);
    expect(setPriority(doc, a, 'likely-root-cause', origin)).toBe(true);
    expect(priorityOf(doc, a)).toBe('likely-root-cause');
    expect(setPriority(doc, a, 'confirmed', origin)).toBe(true);
    expect(setPriority(doc, b, 'ruled-out', origin)).toBe(true);
    expect(readPriorities(doc)).toEqual(new Map([[a, 'confirmed'], [b, 'ruled-out']]));
    expect(setPriority(doc, a, null, origin)).toBe(true);
    expect(priorityOf(doc, a)).toBeNull();
    expect(origins).toEqual([origin, origin, origin, origin]);
    // Setting the mark a node already has writes nothing.
    setPriority(doc, b, 'ruled-out', origin);
    expect(origins).toHaveLength(4);
  });

  it('M-F4: refuses unknown marks and bad ids; false for a node that does not exist', () => {
    const { doc, a } = sampleDoc();
    expect(() => setPriority(doc, a, 'urgent' as never)).toThrow(RangeError);
    expect(() => setPriority(doc, 'bad id' as NodeId, 'confirmed')).toThrow(RangeError);
    expect(setPriority(doc, 'missing' as NodeId, 'confirmed')).toBe(false);
    expect(checkDocument(doc)).toEqual({ ok: true });
  });

  it('M-F2: a deleted node takes its mark with it', () => {
    const { doc, a } = sampleDoc();
    setPriority(doc, a, 'confirmed');
    deleteNode(doc, a);
    expect(readPriorities(doc).size).toBe(0);
  });
});

describe('links between causes', () => {
  it('M-F8: add, list and remove links across categories; no self links, no duplicates', () => {
    const { doc, a, c, d } = sampleDoc();
    const origins = recordTransactions(doc);
    expect(addLink(doc, a, c)).toBe(true);
    expect(addLink(doc, a, c)).toBe(false);
    expect(addLink(doc, c, c)).toBe(false);
    expect(addLink(doc, d, a)).toBe(true);
    expect(addLink(doc, a, 'missing' as NodeId)).toBe(false);
    expect(origins).toHaveLength(2);
    const sorted = [
      { from: a, to: c },
      { from: d, to: a },
    ].sort((x, y) => (x.from < y.from ? -1 : 1));
    expect(readLinks(doc)).toEqual(sorted);
    expect(linksOfNode(doc, a)).toEqual({ contributesTo: [c], contributedBy: [d] });
    expect(removeLink(doc, a, c)).toBe(true);
    expect(removeLink(doc, a, c)).toBe(false);
    expect(readLinks(doc)).toEqual([{ from: d, to: a }]);
    expect(() => addLink(doc, 'x y' as NodeId, a)).toThrow(RangeError);
  });

  it('M-F8: concurrent equal links on two peers merge into one', () => {
    const { doc, a, c } = sampleDoc();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    addLink(doc, a, c);
    addLink(other, a, c);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    expect(readLinks(doc)).toEqual([{ from: a, to: c }]);
    expect(readLinks(other)).toEqual([{ from: a, to: c }]);
  });

  it('M-F2: links to a deleted node are ignored by readers, and come back with an undone delete', () => {
    const { doc, a, c, d } = sampleDoc();
    const origin = createLocalOrigin('anna');
    const undo = createLocalUndoManager(doc, origin);
    addLink(doc, a, d);
    deleteNode(doc, c, origin); // takes d with it
    expect(readLinks(doc)).toEqual([]);
    expect(doc.getMap(LINKS_MAP).size).toBe(1);
    undo.undo();
    expect(readLinks(doc)).toEqual([{ from: a, to: d }]);
  });

  it('M-F14: adding a link is undone by the local undo manager only', () => {
    const { doc, a, c } = sampleDoc();
    const origin = createLocalOrigin('anna');
    const undo = createLocalUndoManager(doc, origin);
    addLink(doc, a, c, origin);
    undo.undo();
    expect(readLinks(doc)).toEqual([]);
    addLink(doc, a, c); // another origin
    undo.undo();
    expect(readLinks(doc)).toEqual([{ from: a, to: c }]);
  });
});

describe('actions', () => {
  it('M-F9: add, update and delete actions with validated fields', () => {
    const { doc, a, c } = sampleDoc();
    const origin = createLocalOrigin('anna');
    const origins = recordTransactions(doc);
    const first = addAction(doc, a, { what: 'Train staff', owner: 'Anna', due: '2026-12-01' }, origin)!;
    const second = addAction(doc, a, { what: 'Write a guide' }, origin)!;
    const third = addAction(doc, c, { what: 'Online form', status: 'doing' }, origin)!;
    expect(origins).toEqual([origin, origin, origin]);
    expect(actionsOf(doc, a)).toEqual([
      { id: first, cause: a, what: 'Train staff', owner: 'Anna', due: '2026-12-01', status: 'todo' },
      { id: second, cause: a, what: 'Write a guide', owner: '', due: '', status: 'todo' },
    ]);
    expect(updateAction(doc, second, { status: 'done', owner: 'Béla' }, origin)).toBe(true);
    expect(actionsOf(doc, a)[1]).toMatchObject({ status: 'done', owner: 'Béla' });
    expect(deleteAction(doc, first, origin)).toBe(true);
    expect(deleteAction(doc, first, origin)).toBe(false);
    expect(readActions(doc).map((x) => x.id)).toEqual([second, third]);
    expect(updateAction(doc, first, { what: 'x' })).toBe(false);
    expect(addAction(doc, 'gone' as NodeId, { what: 'x' })).toBeNull();
    expect(checkDocument(doc)).toEqual({ ok: true });
  });

  it('M-F9: refuses impossible dates, unknown statuses and overlong text', () => {
    const { doc, a } = sampleDoc();
    expect(() => addAction(doc, a, { what: 'x', due: '2026-02-30' })).toThrow(RangeError);
    expect(() => addAction(doc, a, { what: 'x', due: '1.12.2026' })).toThrow(RangeError);
    expect(() => addAction(doc, a, { what: 'x', status: 'blocked' as never })).toThrow(RangeError);
    expect(() => addAction(doc, a, { what: 'x'.repeat(2001) })).toThrow(RangeError);
    expect(addAction(doc, a, { what: 'leap', due: '2028-02-29' })).not.toBeNull();
    const id = readActions(doc)[0]!.id;
    expect(() => updateAction(doc, id, { due: '2027-02-29' })).toThrow(RangeError);
    expect(readActions(doc)).toHaveLength(1);
  });

  it('M-F2: actions of a deleted cause are not listed', () => {
    const { doc, c, d } = sampleDoc();
    addAction(doc, d, { what: 'Buy a scanner' });
    deleteNode(doc, c);
    expect(readActions(doc)).toEqual([]);
    expect(doc.getMap(ACTIONS_MAP).size).toBe(1);
    expect(checkDocument(doc)).toEqual({ ok: true });
  });
});

describe('dot voting', () => {
  it('M-F5: start, close, reopen and reset a session', () => {
    const { doc, a } = sampleDoc();
    expect(votingStatus(doc)).toEqual({ state: 'idle', votesPerParticipant: 3, allowMultiple: false, visibility: 'hidden' });
    expect(castVote(doc, P1, a)).toEqual({ ok: false, reason: 'not-open' });
    startVoting(doc, { votesPerParticipant: 5, allowMultiple: true });
    expect(votingStatus(doc)).toEqual({ state: 'open', votesPerParticipant: 5, allowMultiple: true, visibility: 'hidden' });
    expect(castVote(doc, P1, a)).toEqual({ ok: true, count: 1, left: 4 });
    expect(closeVoting(doc)).toBe(true);
    expect(closeVoting(doc)).toBe(false);
    expect(castVote(doc, P1, a)).toEqual({ ok: false, reason: 'not-open' });
    startVoting(doc); // reopens the same round
    expect(voteTotals(doc, { participantId: P1 }).mine.get(a)).toBe(1);
    resetVoting(doc);
    expect(votingStatus(doc)).toEqual({ state: 'idle', votesPerParticipant: 5, allowMultiple: true, visibility: 'hidden' });
    expect(doc.getMap(VOTES_MAP).size).toBe(0);
    startVoting(doc);
    expect(voteTotals(doc, { participantId: P1 }).mine.size).toBe(0);
    expect(() => startVoting(doc, { votesPerParticipant: 0 })).toThrow(RangeError);
    expect(() => startVoting(doc, { votesPerParticipant: 2.5 })).toThrow(RangeError);
    expect(() => startVoting(doc, { visibility: 'secret' as never })).toThrow(RangeError);
  });

  it('M-F6: the budget of N votes, one per cause unless several are allowed', () => {
    const { doc, a, b, c } = sampleDoc();
    startVoting(doc, { votesPerParticipant: 2 });
    expect(castVote(doc, P1, a)).toEqual({ ok: true, count: 1, left: 1 });
    expect(castVote(doc, P1, a)).toEqual({ ok: false, reason: 'one-per-cause' });
    expect(castVote(doc, P1, b)).toEqual({ ok: true, count: 1, left: 0 });
    expect(castVote(doc, P1, c)).toEqual({ ok: false, reason: 'no-votes-left' });
    expect(retractVote(doc, P1, b)).toBe(true);
    expect(retractVote(doc, P1, b)).toBe(false);
    expect(castVote(doc, P1, c)).toEqual({ ok: true, count: 1, left: 0 });
    expect(castVote(doc, P1, 'gone' as NodeId)).toEqual({ ok: false, reason: 'unknown-node' });
    expect(() => castVote(doc, 'not an id' as ParticipantId, a)).toThrow(RangeError);

    resetVoting(doc);
    startVoting(doc, { votesPerParticipant: 3, allowMultiple: true });
    expect(castVote(doc, P2, a)).toMatchObject({ ok: true, count: 1 });
    expect(castVote(doc, P2, a)).toMatchObject({ ok: true, count: 2 });
    expect(castVote(doc, P2, a)).toMatchObject({ ok: true, count: 3, left: 0 });
    expect(castVote(doc, P2, b)).toEqual({ ok: false, reason: 'no-votes-left' });
    expect(retractVote(doc, P2, a)).toBe(true);
    expect(voteTotals(doc, { participantId: P2 }).mine.get(a)).toBe(2);
  });

  it('M-F6: a reconnecting participant (new Yjs client, same participant id) cannot vote twice', () => {
    const { doc, a, b } = sampleDoc();
    startVoting(doc, { votesPerParticipant: 1 });
    castVote(doc, P1, a);
    const reconnected = new Y.Doc(); // a new clientID
    Y.applyUpdate(reconnected, Y.encodeStateAsUpdate(doc));
    expect(castVote(reconnected, P1, b)).toEqual({ ok: false, reason: 'no-votes-left' });
    expect(castVote(reconnected, P1, a)).toEqual({ ok: false, reason: 'no-votes-left' });
  });

  it('M-F6: two tabs of one participant over budget at once are capped the same way on every peer', () => {
    const { doc, a, b, c } = sampleDoc();
    startVoting(doc, { votesPerParticipant: 2 });
    castVote(doc, P1, b);
    const tab2 = new Y.Doc();
    Y.applyUpdate(tab2, Y.encodeStateAsUpdate(doc));
    expect(castVote(doc, P1, c).ok).toBe(true);
    expect(castVote(tab2, P1, a).ok).toBe(true);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(tab2));
    Y.applyUpdate(tab2, Y.encodeStateAsUpdate(doc));
    closeVoting(doc);
    Y.applyUpdate(tab2, Y.encodeStateAsUpdate(doc));
    const one = voteTotals(doc);
    const two = voteTotals(tab2);
    expect(one.votesCast).toBe(2);
    expect(one.totals).toEqual(two.totals);
    // Capped in ascending node-id order.
    const expected = [a, b, c].sort().slice(0, 2);
    expect([...one.totals.keys()].sort()).toEqual(expected);
    expect(castVote(doc, P1, a)).toEqual({ ok: false, reason: 'not-open' });
  });

  it('M-F7: hidden while open (each sees only their own), totals and ranking after close', () => {
    const { doc, a, b, c, d } = sampleDoc();
    startVoting(doc, { votesPerParticipant: 3 });
    for (const [p, causes] of [[P1, [a, c, d]], [P2, [c, d]], [P3, [c, b]]] as const) {
      for (const cause of causes) expect(castVote(doc, p, cause).ok).toBe(true);
    }
    const hidden = voteTotals(doc, { participantId: P2 });
    expect(hidden.revealed).toBe(false);
    expect(hidden.totals).toEqual(new Map([[c, 1], [d, 1]]));
    expect(hidden.left).toBe(1);
    expect(hidden.voters).toBe(3);
    expect(hidden.votesCast).toBe(7);
    expect(voteTotals(doc).totals.size).toBe(0);
    expect(topCauses(doc)).toEqual([]);
    expect(topCauses(doc, { participantId: P3 }).map((r) => r.id)).toEqual([b, c]);

    closeVoting(doc);
    const closed = voteTotals(doc);
    expect(closed.revealed).toBe(true);
    expect(closed.totals).toEqual(new Map([[a, 1], [b, 1], [c, 3], [d, 2]]));
    expect(closed.left).toBe(0);
    // Most votes first; ties in document order (a, b under People come before d).
    expect(topCauses(doc).map((r) => [r.text, r.votes, r.rank])).toEqual([
      ['Paper forms', 3, 1],
      ['Scanning is manual', 2, 2],
      ['Untrained staff', 1, 3],
      ['Too few clerks', 1, 3],
    ]);
    expect(topCauses(doc, {}, 2).map((r) => r.id)).toEqual([c, d]);
  });

  it('M-F7: live visibility shows everyone\'s votes while open', () => {
    const { doc, a } = sampleDoc();
    startVoting(doc, { visibility: 'live' });
    castVote(doc, P1, a);
    expect(voteTotals(doc).totals).toEqual(new Map([[a, 1]]));
  });

  it('M-F2: votes on a deleted cause no longer count, so the participant may vote again', () => {
    const { doc, a, b } = sampleDoc();
    startVoting(doc, { votesPerParticipant: 1 });
    castVote(doc, P1, a);
    deleteNode(doc, a);
    expect(castVote(doc, P1, b).ok).toBe(true);
    closeVoting(doc);
    expect(voteTotals(doc).totals).toEqual(new Map([[b, 1]]));
    expect(checkDocument(doc)).toEqual({ ok: true });
  });
});

describe('action plan', () => {
  it('M-F10: ordered by mark, then revealed votes, then document order', () => {
    const { doc, people, a, b, c, d } = sampleDoc();
    addAction(doc, d, { what: 'Buy a scanner' });
    addAction(doc, b, { what: 'Hire two clerks', owner: 'HR' });
    addAction(doc, a, { what: 'Train staff' });
    addAction(doc, c, { what: 'Online form' });
    addAction(doc, people, { what: 'Survey staff' });
    setPriority(doc, a, 'ruled-out');
    setPriority(doc, c, 'likely-root-cause');
    setPriority(doc, d, 'confirmed');
    startVoting(doc, { votesPerParticipant: 2 });
    castVote(doc, P1, b);
    // Hidden and open: votes do not reorder the plan yet.
    expect(actionPlan(doc).map((e) => e.text)).toEqual(['Scanning is manual', 'Paper forms', 'People', 'Too few clerks', 'Untrained staff']);
    closeVoting(doc);
    const plan = actionPlan(doc);
    expect(plan.map((e) => [e.text, e.priority, e.votes])).toEqual([
      ['Scanning is manual', 'confirmed', 0],
      ['Paper forms', 'likely-root-cause', 0],
      ['Too few clerks', null, 1],
      ['People', null, 0],
      ['Untrained staff', 'ruled-out', 0],
    ]);
    expect(plan[0]!.category).toBe('Process');
    expect(plan[2]!.actions).toEqual([expect.objectContaining({ what: 'Hire two clerks', owner: 'HR' })]);
  });
});

describe('readTree and replaceDiagram', () => {
  function richDoc() {
    const s = sampleDoc();
    setPriority(s.doc, s.c, 'likely-root-cause');
    addLink(s.doc, s.a, s.c);
    addAction(s.doc, s.c, { what: 'Online form', owner: 'IT', due: '2027-01-15', status: 'doing' });
    addAction(s.doc, s.c, { what: 'Pilot' });
    startVoting(s.doc, { votesPerParticipant: 2, allowMultiple: true, visibility: 'live' });
    castVote(s.doc, P1, s.c);
    castVote(s.doc, P1, s.c);
    castVote(s.doc, P2, s.d);
    return s;
  }

  it('M-F11: readTree carries marks, votes, links, actions and the voting session only where present', () => {
    const plain = sampleDoc();
    const tree = readTree(plain.doc);
    expect(Object.keys(tree)).toEqual(['problem', 'categories']);
    expect(Object.keys(tree.categories[0]!)).toEqual(['id', 'text', 'children']);

    const { doc, a, c, d } = richDoc();
    const rich = readTree(doc);
    const process = rich.categories[1]!;
    expect(process.children[0]).toMatchObject({ id: c, priority: 'likely-root-cause', votes: { [P1]: 2 } });
    expect(process.children[0]!.children[0]).toMatchObject({ id: d, votes: { [P2]: 1 } });
    expect(rich.links).toEqual([{ from: a, to: c }]);
    expect(rich.actions!.map((x) => x.what)).toEqual(['Online form', 'Pilot']);
    expect(rich.voting).toEqual({ state: 'open', votesPerParticipant: 2, allowMultiple: true, visibility: 'live' });
  });

  it('M-F12: replaceDiagram with its own readTree writes nothing; into a new document it copies everything', () => {
    const { doc } = richDoc();
    const tree = readTree(doc);
    const origins = recordTransactions(doc);
    replaceDiagram(doc, tree);
    expect(origins).toEqual([]);

    const copy = new Y.Doc();
    replaceDiagram(copy, tree);
    expect(readTree(copy)).toEqual(tree);
    expect(checkDocument(copy)).toEqual({ ok: true });
    expect(voteTotals(copy).totals).toEqual(voteTotals(doc).totals);
  });

  it('M-F12: replacing with a tree without facilitation clears marks, votes, links and actions but keeps the session', () => {
    const { doc } = richDoc();
    const tree = readTree(doc);
    const strip = (n: (typeof tree.categories)[number]): (typeof tree.categories)[number] => ({ id: n.id!, text: n.text, children: n.children.map(strip) });
    replaceDiagram(doc, { problem: tree.problem, categories: tree.categories.map(strip) });
    const after = readTree(doc);
    expect(after.links).toBeUndefined();
    expect(after.actions).toBeUndefined();
    expect(readPriorities(doc).size).toBe(0);
    expect(voteTotals(doc).votesCast).toBe(0);
    expect(after.voting?.state).toBe('open');
    expect(doc.getMap(VOTING_MAP).get('state')).toBe('open');
  });

  it('M-F12: links and actions pointing at ids that are not in the tree are dropped; changed actions update in place', () => {
    const { doc, a, c } = richDoc();
    const tree = readTree(doc);
    const actionId = tree.actions![0]!.id!;
    tree.links = [{ from: a, to: c }, { from: a, to: 'nowhere' as NodeId }, { from: c, to: c }];
    tree.actions = [{ ...tree.actions![0]!, status: 'done' }, { cause: 'nowhere' as NodeId, what: 'x', owner: '', due: '', status: 'todo' }];
    replaceDiagram(doc, tree);
    expect(readLinks(doc)).toEqual([{ from: a, to: c }]);
    expect(readActions(doc)).toEqual([expect.objectContaining({ id: actionId, status: 'done' })]);
    expect(checkDocument(doc)).toEqual({ ok: true });
  });
});

describe('validation', () => {
  it('M-F3: checkDocument reports malformed facilitation data with paths', () => {
    const { doc, a } = sampleDoc();
    doc.transact(() => {
      (doc.getMap('nodes').get(a) as Y.Map<unknown>).set('priority', 'urgent');
      doc.getMap(LINKS_MAP).set('nonsense', 1);
      doc.getMap(VOTES_MAP).set(`s/${P1}/${a}`, -1);
      doc.getMap(VOTING_MAP).set('state', 'paused');
      const action = new Y.Map<unknown>();
      action.set('cause', a);
      action.set('what', 'x');
      action.set('owner', 3);
      action.set('due', 'tomorrow');
      action.set('status', 'todo');
      action.set('order', 'V');
      doc.getMap(ACTIONS_MAP).set('act1', action);
    });
    const result = checkDocument(doc);
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.errors.map((e) => e.path);
    expect(paths).toEqual([
      `nodes.${a}.priority`,
      'links.nonsense',
      `votes.s/${P1}/${a}`,
      'voting.state',
      'actions.act1.owner',
      'actions.act1.due',
    ]);
    // Readers tolerate all of it.
    expect(priorityOf(doc, a)).toBeNull();
    expect(readLinks(doc)).toEqual([]);
    expect(readActions(doc)).toEqual([expect.objectContaining({ owner: '', due: '' })]);
    expect(votingStatus(doc).state).toBe('idle');
  });
});

describe('transactions, undo and imports', () => {
  it('M-F15: every voting operation is one transaction with its origin; no-ops write nothing', () => {
    const { doc, a } = sampleDoc();
    const origin = createLocalOrigin('facilitator');
    const origins = recordTransactions(doc);
    startVoting(doc, { votesPerParticipant: 2 }, origin);
    castVote(doc, P1, a, origin);
    retractVote(doc, P1, a, origin);
    closeVoting(doc, origin);
    resetVoting(doc, origin);
    expect(origins).toEqual([origin, origin, origin, origin, origin]);
    expect(retractVote(doc, P1, a, origin)).toBe(false);
    expect(castVote(doc, P1, a, origin).ok).toBe(false);
    expect(closeVoting(doc, origin)).toBe(false);
    expect(origins).toHaveLength(5);
  });

  it('M-F14: adding an action and setting a mark are undone by the local undo manager; votes are not', () => {
    const { doc, a } = sampleDoc();
    const origin = createLocalOrigin('anna');
    const undo = createLocalUndoManager(doc, origin, { captureTimeout: 0 });
    startVoting(doc);
    castVote(doc, P1, a, origin);
    addAction(doc, a, { what: 'Train staff' }, origin);
    undo.stopCapturing();
    setPriority(doc, a, 'confirmed', origin);
    undo.undo();
    expect(priorityOf(doc, a)).toBeNull();
    expect(readActions(doc)).toHaveLength(1);
    undo.undo();
    expect(readActions(doc)).toHaveLength(0);
    expect(voteTotals(doc, { participantId: P1 }).mine.get(a)).toBe(1);
  });

  it('M-F12: votes in a tree go nowhere while voting is idle; a reordered action list gets fresh order keys', () => {
    const { doc, a } = sampleDoc();
    const first = addAction(doc, a, { what: 'one' })!;
    const second = addAction(doc, a, { what: 'two' })!;
    const tree = readTree(doc);
    tree.categories[0]!.children[0]!.votes = { [P1]: 1 };
    tree.actions = [...tree.actions!].reverse();
    replaceDiagram(doc, tree);
    expect(voteTotals(doc).votesCast).toBe(0);
    expect(doc.getMap(VOTES_MAP).size).toBe(0);
    expect(readActions(doc).map((x) => x.id)).toEqual([second, first]);
    expect(checkDocument(doc)).toEqual({ ok: true });
  });

  it('M-F6: with one vote per cause, retracting removes the vote even if a file stored more', () => {
    const { doc, a } = sampleDoc();
    const tree = readTree(doc);
    tree.categories[0]!.children[0]!.votes = { [P1]: 3 };
    tree.voting = { state: 'open', votesPerParticipant: 3, allowMultiple: false, visibility: 'live' };
    replaceDiagram(doc, tree);
    expect(voteTotals(doc).totals.get(a)).toBe(1);
    expect(retractVote(doc, P1, a)).toBe(true);
    expect(voteTotals(doc).totals.size).toBe(0);
  });
});
