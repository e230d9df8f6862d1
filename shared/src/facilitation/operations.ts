/**
 * Facilitation operations (M-F rules): each is one doc.transact with a typed origin. Inputs a
 * program controls (marks, ids, field values) are validated and refused with a RangeError; a
 * node that is missing (deleted by a peer a moment ago) is an ordinary outcome, answered with
 * false / null / a reason.
 */
import * as Y from 'yjs';
import { isNodeId, randomId } from '../ids.ts';
import { keyBetween } from '../model/fractional.ts';
import { DEFAULT_ORIGIN } from '../model/origin.ts';
import type { Origin } from '../model/origin.ts';
import type { NodeId } from '../tree.ts';
import {
  ACTION_FIELDS,
  MAX_ACTION_TEXT,
  PRIORITY_FIELD,
  VOTING_FIELDS,
  actionsMapOf,
  countedVotes,
  isActionStatus,
  isDueDate,
  isParticipantId,
  isPriorityMark,
  isVoteBudget,
  isVoteCount,
  isVoteVisibility,
  linkKey,
  linksOf,
  nodeMap,
  readVoting,
  snapshotOf,
  storedActions,
  voteKey,
  votesOf,
  votingOf,
} from './store.ts';
import type { ActionFields, ActionId, ParticipantId, PriorityMark, VotingSettings } from './types.ts';

function requireNodeId(value: unknown, what: string): asserts value is NodeId {
  if (!isNodeId(value)) throw new RangeError(`${what} must be a node id ([A-Za-z0-9_-]{1,64}, not "root"), got ${JSON.stringify(value)}`);
}

function requireParticipant(value: unknown): asserts value is ParticipantId {
  if (!isParticipantId(value)) throw new RangeError(`participant id must match [A-Za-z0-9_-]{1,64}, got ${JSON.stringify(value)}`);
}

// ---------------------------------------------------------------------------------------------
// Priority marks (M-F4)

/** M-F4: sets (or, with null, clears) the priority mark of a category or cause. False when the node does not exist. */
export function setPriority(doc: Y.Doc, id: NodeId, mark: PriorityMark | null, origin: Origin = DEFAULT_ORIGIN): boolean {
  requireNodeId(id, 'node');
  if (mark !== null && !isPriorityMark(mark)) throw new RangeError(`unknown priority mark ${JSON.stringify(mark)}`);
  const map = nodeMap(doc, id);
  if (map === null) return false;
  if ((map.get(PRIORITY_FIELD) ?? null) === mark) return true;
  doc.transact(() => {
    if (mark === null) map.delete(PRIORITY_FIELD);
    else map.set(PRIORITY_FIELD, mark);
  }, origin);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Links (M-F8)

/** M-F8: `from` contributes to `to`. False when either node is missing, the link exists already, or from === to. */
export function addLink(doc: Y.Doc, from: NodeId, to: NodeId, origin: Origin = DEFAULT_ORIGIN): boolean {
  requireNodeId(from, 'link start');
  requireNodeId(to, 'link end');
  if (from === to) return false;
  const links = linksOf(doc);
  const key = linkKey(from, to);
  if (links.has(key) || nodeMap(doc, from) === null || nodeMap(doc, to) === null) return false;
  doc.transact(() => links.set(key, Date.now()), origin);
  return true;
}

/** M-F8: removes the link; false when there is none. */
export function removeLink(doc: Y.Doc, from: NodeId, to: NodeId, origin: Origin = DEFAULT_ORIGIN): boolean {
  requireNodeId(from, 'link start');
  requireNodeId(to, 'link end');
  const links = linksOf(doc);
  const key = linkKey(from, to);
  if (!links.has(key)) return false;
  doc.transact(() => links.delete(key), origin);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Actions (M-F9)

export type ActionInput = Pick<ActionFields, 'what'> & Partial<ActionFields>;

function checkActionFields(fields: Partial<ActionFields>): void {
  for (const key of ['what', 'owner'] as const) {
    const value = fields[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new RangeError(`action ${key} must be a string`);
    if (value.length > MAX_ACTION_TEXT) throw new RangeError(`action ${key} is longer than ${MAX_ACTION_TEXT} characters`);
  }
  if (fields.due !== undefined && !isDueDate(fields.due)) throw new RangeError(`action due date must be YYYY-MM-DD or '', got ${JSON.stringify(fields.due)}`);
  if (fields.status !== undefined && !isActionStatus(fields.status)) throw new RangeError(`unknown action status ${JSON.stringify(fields.status)}`);
}

/** M-F9: adds an action for a node, after its other actions. Null when the node does not exist. */
export function addAction(doc: Y.Doc, cause: NodeId, input: ActionInput, origin: Origin = DEFAULT_ORIGIN): ActionId | null {
  requireNodeId(cause, 'cause');
  checkActionFields(input);
  if (typeof input.what !== 'string') throw new RangeError('action what must be a string');
  if (nodeMap(doc, cause) === null) return null;
  const id = randomId() as ActionId;
  doc.transact(() => {
    const siblings = storedActions(doc, snapshotOf(doc)).filter((a) => a.cause === cause && a.order !== '');
    const last = siblings.reduce<string | null>((max, a) => (max === null || a.order > max ? a.order : max), null);
    const map = new Y.Map();
    map.set(ACTION_FIELDS.cause, cause);
    map.set(ACTION_FIELDS.what, input.what);
    map.set(ACTION_FIELDS.owner, input.owner ?? '');
    map.set(ACTION_FIELDS.due, input.due ?? '');
    map.set(ACTION_FIELDS.status, input.status ?? 'todo');
    map.set(ACTION_FIELDS.order, keyBetween(last, null));
    map.set(ACTION_FIELDS.createdAt, Date.now());
    actionsMapOf(doc).set(id, map);
  }, origin);
  return id;
}

/** M-F9: changes the given fields of an action (each field last-writer-wins). False when the action does not exist. */
export function updateAction(doc: Y.Doc, id: ActionId, patch: Partial<ActionFields>, origin: Origin = DEFAULT_ORIGIN): boolean {
  checkActionFields(patch);
  const value = actionsMapOf(doc).get(id);
  if (!(value instanceof Y.Map)) return false;
  const map = value as Y.Map<unknown>;
  const changes = (['what', 'owner', 'due', 'status'] as const).filter((key) => patch[key] !== undefined && map.get(key) !== patch[key]);
  if (changes.length === 0) return true;
  doc.transact(() => {
    for (const key of changes) map.set(key, patch[key]);
  }, origin);
  return true;
}

/** M-F9: deletes an action; false when it does not exist. */
export function deleteAction(doc: Y.Doc, id: ActionId, origin: Origin = DEFAULT_ORIGIN): boolean {
  const actions = actionsMapOf(doc);
  if (!actions.has(id)) return false;
  doc.transact(() => actions.delete(id), origin);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Dot voting (M-F5, M-F6)

function checkSettings(settings: Partial<VotingSettings>): void {
  if (settings.votesPerParticipant !== undefined && !isVoteBudget(settings.votesPerParticipant)) {
    throw new RangeError(`votesPerParticipant must be a whole number from 1 to 100, got ${JSON.stringify(settings.votesPerParticipant)}`);
  }
  if (settings.allowMultiple !== undefined && typeof settings.allowMultiple !== 'boolean') throw new RangeError('allowMultiple must be a boolean');
  if (settings.visibility !== undefined && !isVoteVisibility(settings.visibility)) throw new RangeError(`unknown visibility ${JSON.stringify(settings.visibility)}`);
}

/**
 * M-F5: opens voting. From 'idle' a new round starts (a fresh session id, so no earlier vote
 * counts); from 'closed' the same round reopens with its votes. Settings not given keep their
 * current value (defaults: 3 votes, one per cause, hidden).
 */
export function startVoting(doc: Y.Doc, settings: Partial<VotingSettings> = {}, origin: Origin = DEFAULT_ORIGIN): void {
  checkSettings(settings);
  const current = readVoting(doc);
  doc.transact(() => {
    const map = votingOf(doc);
    if (current.state === 'idle' || current.session === null) map.set(VOTING_FIELDS.session, randomId(12));
    const next: VotingSettings = {
      votesPerParticipant: settings.votesPerParticipant ?? current.votesPerParticipant,
      allowMultiple: settings.allowMultiple ?? current.allowMultiple,
      visibility: settings.visibility ?? current.visibility,
    };
    for (const key of ['votesPerParticipant', 'allowMultiple', 'visibility'] as const) {
      if (map.get(key) !== next[key]) map.set(key, next[key]);
    }
    if (map.get(VOTING_FIELDS.state) !== 'open') map.set(VOTING_FIELDS.state, 'open');
  }, origin);
}

/** M-F5: closes an open session, revealing hidden totals. False when voting is not open. */
export function closeVoting(doc: Y.Doc, origin: Origin = DEFAULT_ORIGIN): boolean {
  if (readVoting(doc).state !== 'open') return false;
  doc.transact(() => votingOf(doc).set(VOTING_FIELDS.state, 'closed'), origin);
  return true;
}

/** M-F5: back to 'idle': every vote is deleted and the round forgotten; settings are kept. */
export function resetVoting(doc: Y.Doc, origin: Origin = DEFAULT_ORIGIN): void {
  doc.transact(() => {
    const map = votingOf(doc);
    if (map.get(VOTING_FIELDS.state) !== 'idle') map.set(VOTING_FIELDS.state, 'idle');
    if (map.has(VOTING_FIELDS.session)) map.delete(VOTING_FIELDS.session);
    const votes = votesOf(doc);
    for (const key of Array.from(votes.keys())) votes.delete(key);
  }, origin);
}

export type VoteResult =
  | { ok: true; count: number; left: number }
  | { ok: false; reason: 'not-open' | 'unknown-node' | 'no-votes-left' | 'one-per-cause' };

/**
 * M-F6: one more vote by `participant` on a node. The budget is checked against the votes this
 * peer counts (a second tab or a reconnect of the same participant shares the budget, since votes
 * are keyed by participant id, not by connection).
 */
export function castVote(doc: Y.Doc, participant: ParticipantId, cause: NodeId, origin: Origin = DEFAULT_ORIGIN): VoteResult {
  requireParticipant(participant);
  requireNodeId(cause, 'cause');
  const voting = readVoting(doc);
  if (voting.state !== 'open' || voting.session === null) return { ok: false, reason: 'not-open' };
  const snapshot = snapshotOf(doc);
  if (!snapshot.position.has(cause)) return { ok: false, reason: 'unknown-node' };
  const mine = countedVotes(doc, snapshot, voting).get(participant) ?? new Map<NodeId, number>();
  let used = 0;
  for (const count of mine.values()) used += count;
  const current = mine.get(cause) ?? 0;
  if (used >= voting.votesPerParticipant) return { ok: false, reason: 'no-votes-left' };
  if (!voting.allowMultiple && current >= 1) return { ok: false, reason: 'one-per-cause' };
  const session = voting.session;
  doc.transact(() => votesOf(doc).set(voteKey(session, participant, cause), current + 1), origin);
  return { ok: true, count: current + 1, left: voting.votesPerParticipant - used - 1 };
}

/** M-F6: takes back one of the participant's votes on a node. False when voting is not open or there is none. */
export function retractVote(doc: Y.Doc, participant: ParticipantId, cause: NodeId, origin: Origin = DEFAULT_ORIGIN): boolean {
  requireParticipant(participant);
  requireNodeId(cause, 'cause');
  const voting = readVoting(doc);
  if (voting.state !== 'open' || voting.session === null) return false;
  const votes = votesOf(doc);
  const key = voteKey(voting.session, participant, cause);
  const stored = votes.get(key);
  if (!isVoteCount(stored)) return false;
  doc.transact(() => {
    if (stored <= 1 || !voting.allowMultiple) votes.delete(key);
    else votes.set(key, stored - 1);
  }, origin);
  return true;
}
