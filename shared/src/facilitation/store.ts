/**
 * Where facilitation data lives in the Y.Doc (M-F1) and how it is read back, tolerating anything
 * malformed or dangling (M-F2). Internal to shared/; the public API is operations.ts and read.ts.
 */
import * as Y from 'yjs';
import { ID_PATTERN, isNodeId } from '../ids.ts';
import { compareStrings, isOrderKey } from '../model/fractional.ts';
import { ROOT, nodesOf } from '../model/schema.ts';
import { childrenIn, resolveStructure } from '../model/structure.ts';
import type { Structure } from '../model/structure.ts';
import type { NodeId } from '../tree.ts';
import { ACTION_STATUSES, PRIORITY_MARKS, VOTE_VISIBILITIES, VOTING_STATES } from './types.ts';
import type { ActionFields, ActionId, ActionStatus, ParticipantId, PriorityMark, VoteVisibility, VotingSettings, VotingState } from './types.ts';

export const LINKS_MAP = 'links';
export const ACTIONS_MAP = 'actions';
export const VOTES_MAP = 'votes';
export const VOTING_MAP = 'voting';
/** Key of the priority mark in a node's Y.Map. */
export const PRIORITY_FIELD = 'priority';
export const ACTION_FIELDS = { cause: 'cause', what: 'what', owner: 'owner', due: 'due', status: 'status', order: 'order', createdAt: 'createdAt' } as const;
export const VOTING_FIELDS = {
  state: 'state',
  session: 'session',
  votesPerParticipant: 'votesPerParticipant',
  allowMultiple: 'allowMultiple',
  visibility: 'visibility',
} as const;

export const DEFAULT_VOTING_SETTINGS: Readonly<VotingSettings> = Object.freeze({ votesPerParticipant: 3, allowMultiple: false, visibility: 'hidden' });
export const MAX_VOTES_PER_PARTICIPANT = 100;
/** Longest `what` or `owner` of an action, in UTF-16 code units (the same as a label, F2). */
export const MAX_ACTION_TEXT = 2000;

export const linksOf = (doc: Y.Doc) => doc.getMap<unknown>(LINKS_MAP);
export const actionsMapOf = (doc: Y.Doc) => doc.getMap<unknown>(ACTIONS_MAP);
export const votesOf = (doc: Y.Doc) => doc.getMap<unknown>(VOTES_MAP);
export const votingOf = (doc: Y.Doc) => doc.getMap<unknown>(VOTING_MAP);

export const isPriorityMark = (value: unknown): value is PriorityMark => (PRIORITY_MARKS as readonly unknown[]).includes(value);
export const isActionStatus = (value: unknown): value is ActionStatus => (ACTION_STATUSES as readonly unknown[]).includes(value);
export const isVotingState = (value: unknown): value is VotingState => (VOTING_STATES as readonly unknown[]).includes(value);
export const isVoteVisibility = (value: unknown): value is VoteVisibility => (VOTE_VISIBILITIES as readonly unknown[]).includes(value);
export const isParticipantId = (value: unknown): value is ParticipantId => typeof value === 'string' && ID_PATTERN.test(value);
export const isActionId = (value: unknown): value is ActionId => typeof value === 'string' && ID_PATTERN.test(value);
export const isVoteBudget = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_VOTES_PER_PARTICIPANT;

/** `YYYY-MM-DD`, a real calendar date (proleptic Gregorian), or ''. */
export function isDueDate(value: unknown): value is string {
  if (value === '') return true;
  if (typeof value !== 'string') return false;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

export const linkKey = (from: string, to: string) => `${from}>${to}`;
export function parseLinkKey(key: string): { from: NodeId; to: NodeId } | null {
  const parts = key.split('>');
  if (parts.length !== 2 || !isNodeId(parts[0]) || !isNodeId(parts[1]) || parts[0] === parts[1]) return null;
  return { from: parts[0], to: parts[1] };
}

export const voteKey = (session: string, participant: string, cause: string) => `${session}/${participant}/${cause}`;
export function parseVoteKey(key: string): { session: string; participant: ParticipantId; cause: NodeId } | null {
  const parts = key.split('/');
  if (parts.length !== 3 || !ID_PATTERN.test(parts[0]!) || !isParticipantId(parts[1]) || !isNodeId(parts[2])) return null;
  return { session: parts[0]!, participant: parts[1], cause: parts[2] };
}
export const isVoteCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value > 0;

export interface VotingSession extends VotingSettings {
  state: VotingState;
  /** Id of the current round; votes stored under another session are ignored (M-F6). */
  session: string | null;
}

/** The voting session, with defaults for anything missing or malformed. */
export function readVoting(doc: Y.Doc): VotingSession {
  const map = votingOf(doc);
  const state = map.get(VOTING_FIELDS.state);
  const session = map.get(VOTING_FIELDS.session);
  const budget = map.get(VOTING_FIELDS.votesPerParticipant);
  const multiple = map.get(VOTING_FIELDS.allowMultiple);
  const visibility = map.get(VOTING_FIELDS.visibility);
  return {
    state: isVotingState(state) ? state : 'idle',
    session: typeof session === 'string' && ID_PATTERN.test(session) ? session : null,
    votesPerParticipant: isVoteBudget(budget) ? budget : DEFAULT_VOTING_SETTINGS.votesPerParticipant,
    allowMultiple: typeof multiple === 'boolean' ? multiple : DEFAULT_VOTING_SETTINGS.allowMultiple,
    visibility: isVoteVisibility(visibility) ? visibility : DEFAULT_VOTING_SETTINGS.visibility,
  };
}

/** The resolved tree plus each node's position in document order (depth first, as drawn). */
export interface Snapshot {
  structure: Structure;
  position: Map<NodeId, number>;
  /** The category each node is drawn under (itself for a category). */
  category: Map<NodeId, NodeId>;
}

export function snapshotOf(doc: Y.Doc, structure: Structure = resolveStructure(doc)): Snapshot {
  const position = new Map<NodeId, number>();
  const category = new Map<NodeId, NodeId>();
  const stack: Array<{ id: NodeId; top: NodeId }> = [];
  const roots = childrenIn(structure, ROOT);
  for (let i = roots.length - 1; i >= 0; i--) stack.push({ id: roots[i]!, top: roots[i]! });
  while (stack.length > 0) {
    const { id, top } = stack.pop()!;
    position.set(id, position.size);
    category.set(id, top);
    const children = childrenIn(structure, id);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ id: children[i]!, top });
  }
  return { structure, position, category };
}

export function priorityIn(map: Y.Map<unknown>): PriorityMark | null {
  const value = map.get(PRIORITY_FIELD);
  return isPriorityMark(value) ? value : null;
}

/** Links with both ends drawn, deduplicated by key (M-F8), sorted by from then to. */
export function storedLinks(doc: Y.Doc, snapshot: Snapshot): Array<{ from: NodeId; to: NodeId }> {
  const out: Array<{ from: NodeId; to: NodeId }> = [];
  for (const key of Array.from(linksOf(doc).keys()).sort(compareStrings)) {
    const link = parseLinkKey(key);
    if (link && snapshot.position.has(link.from) && snapshot.position.has(link.to)) out.push(link);
  }
  return out;
}

export interface StoredAction extends ActionFields {
  id: ActionId;
  cause: NodeId;
  order: string;
  map: Y.Map<unknown>;
}

const textField = (value: unknown) => (typeof value === 'string' ? value : '');

/** Every well-formed action of a drawn cause, by cause in document order, then order key, then id. */
export function storedActions(doc: Y.Doc, snapshot: Snapshot): StoredAction[] {
  const out: StoredAction[] = [];
  actionsMapOf(doc).forEach((value, id) => {
    if (!(value instanceof Y.Map) || !isActionId(id)) return;
    const map = value as Y.Map<unknown>;
    const cause = map.get(ACTION_FIELDS.cause);
    if (!isNodeId(cause) || !snapshot.position.has(cause)) return;
    const due = map.get(ACTION_FIELDS.due);
    const status = map.get(ACTION_FIELDS.status);
    const order = map.get(ACTION_FIELDS.order);
    out.push({
      id,
      cause,
      what: textField(map.get(ACTION_FIELDS.what)),
      owner: textField(map.get(ACTION_FIELDS.owner)),
      due: isDueDate(due) ? due : '',
      status: isActionStatus(status) ? status : 'todo',
      order: isOrderKey(order) ? order : '',
      map,
    });
  });
  out.sort(
    (a, b) =>
      snapshot.position.get(a.cause)! - snapshot.position.get(b.cause)! || compareStrings(a.order, b.order) || compareStrings(a.id, b.id),
  );
  return out;
}

/**
 * M-F6: every participant's counted votes in the current session, capped deterministically: only
 * drawn nodes count, a count is at most 1 unless several are allowed, and a participant's votes
 * are taken in ascending node-id order until the budget is used up. Participants in id order.
 */
export function countedVotes(doc: Y.Doc, snapshot: Snapshot, voting: VotingSession = readVoting(doc)): Map<ParticipantId, Map<NodeId, number>> {
  const result = new Map<ParticipantId, Map<NodeId, number>>();
  if (voting.state === 'idle' || voting.session === null) return result;
  const raw = new Map<ParticipantId, Array<[NodeId, number]>>();
  votesOf(doc).forEach((value, key) => {
    const vote = parseVoteKey(key);
    if (!vote || vote.session !== voting.session || !isVoteCount(value) || !snapshot.position.has(vote.cause)) return;
    let list = raw.get(vote.participant);
    if (!list) raw.set(vote.participant, (list = []));
    list.push([vote.cause, voting.allowMultiple ? value : 1]);
  });
  for (const participant of Array.from(raw.keys()).sort(compareStrings)) {
    const list = raw.get(participant)!.sort((a, b) => compareStrings(a[0], b[0]));
    let left = voting.votesPerParticipant;
    const counted = new Map<NodeId, number>();
    for (const [cause, count] of list) {
      const take = Math.min(count, left);
      if (take <= 0) break;
      counted.set(cause, take);
      left -= take;
    }
    if (counted.size > 0) result.set(participant, counted);
  }
  return result;
}

/** Nodes stored in `nodes` as Y.Maps, whether drawn or not (every stored node is drawn, M10). */
export function nodeMap(doc: Y.Doc, id: NodeId): Y.Map<unknown> | null {
  const value = nodesOf(doc).get(id);
  return value instanceof Y.Map ? (value as Y.Map<unknown>) : null;
}
