/**
 * M-F12: the facilitation part of replaceDiagram (M14). Runs inside replaceDiagram's transaction,
 * after the nodes are written, and makes marks, votes, links and actions equal to the tree's,
 * writing only what differs (so replacing a document with its own readTree writes nothing).
 */
import * as Y from 'yjs';
import { randomId } from '../ids.ts';
import { evenKeys, isOrderKey } from '../model/fractional.ts';
import type { DiagramTree, NodeId, TreeNode } from '../tree.ts';
import {
  ACTION_FIELDS,
  MAX_ACTION_TEXT,
  PRIORITY_FIELD,
  VOTING_FIELDS,
  actionsMapOf,
  isActionId,
  isActionStatus,
  isDueDate,
  isParticipantId,
  isPriorityMark,
  isVoteBudget,
  isVoteCount,
  isVoteVisibility,
  isVotingState,
  linkKey,
  linksOf,
  nodeMap,
  readVoting,
  voteKey,
  votesOf,
  votingOf,
} from './store.ts';
import type { ActionFields } from './types.ts';

function setIfChanged(map: Y.Map<unknown>, key: string, value: unknown): void {
  if (map.get(key) !== value) map.set(key, value);
}

/** `ids` maps each tree node to the id replaceDiagram stored it under. */
export function replaceFacilitationInTransaction(doc: Y.Doc, tree: DiagramTree, ids: ReadonlyMap<TreeNode, NodeId>): void {
  const present = new Set(ids.values());

  // Marks (M-F4).
  for (const [node, id] of ids) {
    const map = nodeMap(doc, id);
    if (map === null) continue;
    const mark = isPriorityMark(node.priority) ? node.priority : null;
    if (mark === null) {
      if (map.has(PRIORITY_FIELD)) map.delete(PRIORITY_FIELD);
    } else setIfChanged(map, PRIORITY_FIELD, mark);
  }

  // Links (M-F8): keys are the dedupe.
  const links = linksOf(doc);
  const wanted = new Set<string>();
  for (const link of tree.links ?? []) {
    if (link.from !== link.to && present.has(link.from) && present.has(link.to)) wanted.add(linkKey(link.from, link.to));
  }
  for (const key of Array.from(links.keys())) if (!wanted.has(key)) links.delete(key);
  const now = Date.now();
  for (const key of wanted) if (!links.has(key)) links.set(key, now);

  // Actions (M-F9): kept in place by id, order keys kept when they already give the tree's order.
  const actions = actionsMapOf(doc);
  const usedIds = new Set<string>();
  const byCause = new Map<NodeId, Array<{ id: string; fields: ActionFields }>>();
  for (const action of tree.actions ?? []) {
    if (!present.has(action.cause)) continue;
    const id = isActionId(action.id) && !usedIds.has(action.id) ? action.id : randomId();
    usedIds.add(id);
    const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, MAX_ACTION_TEXT) : '');
    const fields: ActionFields = {
      what: text(action.what),
      owner: text(action.owner),
      due: isDueDate(action.due) ? action.due : '',
      status: isActionStatus(action.status) ? action.status : 'todo',
    };
    let list = byCause.get(action.cause);
    if (!list) byCause.set(action.cause, (list = []));
    list.push({ id, fields });
  }
  for (const key of Array.from(actions.keys())) if (!usedIds.has(key)) actions.delete(key);
  for (const [cause, list] of byCause) {
    const existing = list.map(({ id }) => {
      const value = actions.get(id);
      return value instanceof Y.Map ? (value as Y.Map<unknown>) : null;
    });
    const orders = existing.map((map) => map?.get(ACTION_FIELDS.order));
    const keep = orders.every((order, i) => isOrderKey(order) && existing[i]!.get(ACTION_FIELDS.cause) === cause && (i === 0 || (orders[i - 1] as string) < order));
    const keys = keep ? (orders as string[]) : evenKeys(list.length);
    list.forEach(({ id, fields }, i) => {
      let map = existing[i];
      if (!map) {
        map = new Y.Map<unknown>();
        map.set(ACTION_FIELDS.createdAt, now);
        actions.set(id, map);
      }
      setIfChanged(map, ACTION_FIELDS.cause, cause);
      for (const key of ['what', 'owner', 'due', 'status'] as const) setIfChanged(map, key, fields[key]);
      setIfChanged(map, ACTION_FIELDS.order, keys[i]);
    });
  }

  // Voting session (M-F5): only when the tree carries one.
  const voting = votingOf(doc);
  if (tree.voting !== undefined) {
    const v = tree.voting;
    if (isVotingState(v.state)) setIfChanged(voting, VOTING_FIELDS.state, v.state);
    if (isVoteBudget(v.votesPerParticipant)) setIfChanged(voting, VOTING_FIELDS.votesPerParticipant, v.votesPerParticipant);
    if (typeof v.allowMultiple === 'boolean') setIfChanged(voting, VOTING_FIELDS.allowMultiple, v.allowMultiple);
    if (isVoteVisibility(v.visibility)) setIfChanged(voting, VOTING_FIELDS.visibility, v.visibility);
  }
  let session = readVoting(doc);
  if (session.state === 'idle' && voting.has(VOTING_FIELDS.session)) voting.delete(VOTING_FIELDS.session);
  else if (session.state !== 'idle' && session.session === null) voting.set(VOTING_FIELDS.session, randomId(12));
  session = readVoting(doc);

  // Votes (M-F6): under the current round; votes of a tree read while idle have no round to go to.
  const votes = votesOf(doc);
  const wantedVotes = new Map<string, number>();
  if (session.session !== null) {
    for (const [node, id] of ids) {
      for (const [participant, count] of Object.entries(node.votes ?? {})) {
        if (isParticipantId(participant) && isVoteCount(count)) wantedVotes.set(voteKey(session.session, participant, id), count);
      }
    }
  }
  for (const key of Array.from(votes.keys())) if (!wantedVotes.has(key)) votes.delete(key);
  for (const [key, count] of wantedVotes) setIfChanged(votes, key, count);
}
