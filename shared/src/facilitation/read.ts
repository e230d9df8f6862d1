/**
 * Facilitation readers (M-F rules): pure functions of the document state, so peers holding the
 * same state get equal answers. Data whose node is not drawn (deleted, or malformed) is ignored.
 */
import * as Y from 'yjs';
import { compareStrings } from '../model/fractional.ts';
import { NODE_FIELDS } from '../model/schema.ts';
import type { Structure } from '../model/structure.ts';
import type { DiagramTree, NodeId, TreeNode } from '../tree.ts';
import { actionsMapOf, countedVotes, linksOf, nodeMap, priorityIn, readVoting, snapshotOf, storedActions, storedLinks, votesOf, votingOf } from './store.ts';
import type { Snapshot, VotingSession } from './store.ts';
import type { ActionFields, ActionId, ParticipantId, PriorityMark, VotingSettings, VotingState } from './types.ts';

export interface Link {
  from: NodeId;
  to: NodeId;
}

export interface Action extends ActionFields {
  id: ActionId;
  cause: NodeId;
}

function labelOf(doc: Y.Doc, id: NodeId): string {
  const text = nodeMap(doc, id)?.get(NODE_FIELDS.text);
  return text instanceof Y.Text ? text.toString() : typeof text === 'string' ? text : '';
}

/** M-F4: the mark of a node, or null (none, malformed, or no such node). */
export function priorityOf(doc: Y.Doc, id: NodeId): PriorityMark | null {
  const map = nodeMap(doc, id);
  return map === null ? null : priorityIn(map);
}

/** M-F4: every drawn node that carries a mark. */
export function readPriorities(doc: Y.Doc): Map<NodeId, PriorityMark> {
  const out = new Map<NodeId, PriorityMark>();
  for (const node of snapshotOf(doc).structure.nodes.values()) {
    const mark = priorityIn(node.map);
    if (mark !== null) out.set(node.id, mark);
  }
  return out;
}

/** M-F8: links whose both ends are drawn, each once, sorted by from id then to id. */
export function readLinks(doc: Y.Doc): Link[] {
  return storedLinks(doc, snapshotOf(doc));
}

/** M-F8: the links of one node, in the order of readLinks. */
export function linksOfNode(doc: Y.Doc, id: NodeId): { contributesTo: NodeId[]; contributedBy: NodeId[] } {
  const links = readLinks(doc);
  return { contributesTo: links.filter((l) => l.from === id).map((l) => l.to), contributedBy: links.filter((l) => l.to === id).map((l) => l.from) };
}

const publicAction = ({ id, cause, what, owner, due, status }: Action): Action => ({ id, cause, what, owner, due, status });

/** M-F9: actions of drawn nodes, by node in document order, then in the order they were added. */
export function readActions(doc: Y.Doc): Action[] {
  return storedActions(doc, snapshotOf(doc)).map(publicAction);
}

export function actionsOf(doc: Y.Doc, cause: NodeId): Action[] {
  return readActions(doc).filter((a) => a.cause === cause);
}

export interface VotingStatus extends VotingSettings {
  state: VotingState;
}

/** M-F5: the voting session's state and settings (defaults when never started). */
export function votingStatus(doc: Y.Doc): VotingStatus {
  const { state, votesPerParticipant, allowMultiple, visibility } = readVoting(doc);
  return { state, votesPerParticipant, allowMultiple, visibility };
}

export interface VoteViewer {
  /** The participant looking; their own votes are always visible to them. */
  participantId?: ParticipantId | string;
}

export interface VoteView extends VotingStatus {
  /** True when everyone's votes may be shown: closed, or open with 'live' visibility. */
  revealed: boolean;
  /** Votes per node to show this viewer: everyone's when revealed, otherwise only the viewer's own. */
  totals: Map<NodeId, number>;
  /** The viewer's own counted votes. */
  mine: Map<NodeId, number>;
  /** Votes the viewer may still cast (0 when voting is not open or there is no participant id). */
  left: number;
  /** Progress that reveals no choice: how many participants voted, and how many votes count in all. */
  voters: number;
  votesCast: number;
}

function viewOf(doc: Y.Doc, snapshot: Snapshot, viewer: VoteViewer, voting: VotingSession): VoteView {
  const counted = countedVotes(doc, snapshot, voting);
  const revealed = voting.state === 'closed' || (voting.state === 'open' && voting.visibility === 'live');
  const all = new Map<NodeId, number>();
  let votesCast = 0;
  for (const votes of counted.values()) {
    for (const [cause, count] of votes) {
      all.set(cause, (all.get(cause) ?? 0) + count);
      votesCast += count;
    }
  }
  const mine = new Map(viewer.participantId === undefined ? [] : (counted.get(viewer.participantId as ParticipantId) ?? []));
  let used = 0;
  for (const count of mine.values()) used += count;
  const canVote = voting.state === 'open' && viewer.participantId !== undefined;
  return {
    state: voting.state,
    votesPerParticipant: voting.votesPerParticipant,
    allowMultiple: voting.allowMultiple,
    visibility: voting.visibility,
    revealed,
    totals: revealed ? all : new Map(mine),
    mine,
    left: canVote ? Math.max(0, voting.votesPerParticipant - used) : 0,
    voters: counted.size,
    votesCast,
  };
}

/**
 * M-F7: what one viewer may see of the votes. While a hidden session is open everyone, the
 * facilitator included, sees only their own votes plus the progress counts; this is a rule for
 * views, not a secret (every peer holds the whole document).
 */
export function voteTotals(doc: Y.Doc, viewer: VoteViewer = {}): VoteView {
  return viewOf(doc, snapshotOf(doc), viewer, readVoting(doc));
}

export interface RankedCause {
  id: NodeId;
  text: string;
  votes: number;
  /** Standard competition ranking: equal totals share a rank (1, 1, 3). */
  rank: number;
  priority: PriorityMark | null;
}

/** M-F7: nodes with at least one visible vote, most votes first; ties in document order. */
export function topCauses(doc: Y.Doc, viewer: VoteViewer = {}, limit: number = Infinity): RankedCause[] {
  const snapshot = snapshotOf(doc);
  const { totals } = viewOf(doc, snapshot, viewer, readVoting(doc));
  const ids = Array.from(totals.keys()).sort(
    (a, b) => totals.get(b)! - totals.get(a)! || snapshot.position.get(a)! - snapshot.position.get(b)!,
  );
  const out: RankedCause[] = [];
  for (const [i, id] of ids.entries()) {
    if (out.length >= limit) break;
    const votes = totals.get(id)!;
    const previous = out[i - 1];
    out.push({ id, text: labelOf(doc, id), votes, rank: previous && previous.votes === votes ? previous.rank : i + 1, priority: priorityOf(doc, id) });
  }
  return out;
}

/** M-F10: order of marks in the implementation plan (ruled-out last, after unmarked). */
export const PLAN_MARK_ORDER: Readonly<Record<PriorityMark | 'none', number>> = {
  confirmed: 0,
  'likely-root-cause': 1,
  'needs-evidence': 2,
  none: 3,
  'ruled-out': 4,
};

export interface PlanEntry {
  cause: NodeId;
  text: string;
  /** Label of the category the node is drawn under ('' text for an empty label). */
  category: string;
  priority: PriorityMark | null;
  /** Revealed vote total (0 while a hidden session is open). */
  votes: number;
  actions: Action[];
}

/**
 * M-F10: the implementation plan: every drawn node with at least one action, ordered by mark
 * (confirmed, likely root cause, needs evidence, none, ruled out), then revealed votes (most
 * first), then document order; actions in the order they were added.
 */
export function actionPlan(doc: Y.Doc): PlanEntry[] {
  const snapshot = snapshotOf(doc);
  const view = viewOf(doc, snapshot, {}, readVoting(doc));
  const byCause = new Map<NodeId, Action[]>();
  for (const action of storedActions(doc, snapshot)) {
    let list = byCause.get(action.cause);
    if (!list) byCause.set(action.cause, (list = []));
    list.push(publicAction(action));
  }
  const entries: PlanEntry[] = Array.from(byCause, ([cause, actions]) => ({
    cause,
    text: labelOf(doc, cause),
    category: labelOf(doc, snapshot.category.get(cause)!),
    priority: priorityOf(doc, cause),
    votes: view.revealed ? (view.totals.get(cause) ?? 0) : 0,
    actions,
  }));
  return entries.sort(
    (a, b) =>
      PLAN_MARK_ORDER[a.priority ?? 'none'] - PLAN_MARK_ORDER[b.priority ?? 'none'] ||
      b.votes - a.votes ||
      snapshot.position.get(a.cause)! - snapshot.position.get(b.cause)!,
  );
}

/**
 * M-F11: copies the facilitation data onto a tree being built by readTree (M10): `priority` and
 * `votes` on nodes, `links`, `actions` and `voting` on the tree, each only when present, so a
 * diagram without facilitation reads exactly as before.
 */
export function attachFacilitation(doc: Y.Doc, structure: Structure, built: ReadonlyMap<NodeId, TreeNode>, tree: DiagramTree): void {
  for (const node of structure.nodes.values()) {
    const mark = priorityIn(node.map);
    if (mark !== null) built.get(node.id)!.priority = mark;
  }
  if (votingOf(doc).has('state')) tree.voting = votingStatus(doc);
  // readTree runs on every change: skip the walk below for the usual diagram without facilitation.
  if (votesOf(doc).size === 0 && linksOf(doc).size === 0 && actionsMapOf(doc).size === 0) return;
  const snapshot = snapshotOf(doc, structure);
  const voting = readVoting(doc);
  const perNode = new Map<NodeId, Array<[string, number]>>();
  for (const [participant, votes] of countedVotes(doc, snapshot, voting)) {
    for (const [cause, count] of votes) {
      let list = perNode.get(cause);
      if (!list) perNode.set(cause, (list = []));
      list.push([participant, count]);
    }
  }
  for (const [cause, list] of perNode) {
    list.sort((a, b) => compareStrings(a[0], b[0]));
    built.get(cause)!.votes = Object.fromEntries(list);
  }
  const links = storedLinks(doc, snapshot);
  if (links.length > 0) tree.links = links;
  const actions = storedActions(doc, snapshot).map(({ id, cause, what, owner, due, status }) => ({ id, cause, what, owner, due, status }));
  if (actions.length > 0) tree.actions = actions;
  // Keep the key order links, actions, voting (as in the JSON file).
  if (tree.voting) {
    const voting = tree.voting;
    delete tree.voting;
    tree.voting = voting;
  }
}
