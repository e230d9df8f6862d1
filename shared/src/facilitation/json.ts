/**
 * M-F17: facilitation fields in the JSON format (F4 reserved them). Called by formats/json.ts;
 * kept here so the facilitation rules live in one place.
 */
import { MAX_TEXT_LENGTH, NODE_ID_PATTERN, textTooLongError } from '../formats/errors.ts';
import type { FormatError } from '../formats/errors.ts';
import type { DiagramTree, NodeId, TreeNode } from '../tree.ts';
import { DEFAULT_VOTING_SETTINGS, isActionStatus, isDueDate, isParticipantId, isPriorityMark, isVoteBudget, isVoteCount, isVoteVisibility, isVotingState } from './store.ts';
import type { TreeAction, TreeLink, TreeVoting } from './types.ts';

type Json = unknown;
const isObject = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Fields written between `text` and `causes` of a node (absent when the node has none). */
export function nodeJsonFields(node: TreeNode): { priority?: string; votes?: Record<string, number> } {
  const out: { priority?: string; votes?: Record<string, number> } = {};
  if (node.priority !== undefined) out.priority = node.priority;
  if (node.votes !== undefined && Object.keys(node.votes).length > 0) out.votes = node.votes;
  return out;
}

/** Fields written after `categories`. Links and actions name nodes by id, so `ids: false` leaves them out. */
export function treeJsonFields(tree: DiagramTree, withIds: boolean): { links?: TreeLink[]; actions?: TreeAction[]; voting?: TreeVoting } {
  const out: { links?: TreeLink[]; actions?: TreeAction[]; voting?: TreeVoting } = {};
  if (withIds && tree.links && tree.links.length > 0) out.links = tree.links.map(({ from, to }) => ({ from, to }));
  if (withIds && tree.actions && tree.actions.length > 0) {
    out.actions = tree.actions.map(({ id, cause, what, owner, due, status }) => (id === undefined ? { cause, what, owner, due, status } : { id, cause, what, owner, due, status }));
  }
  if (tree.voting) {
    const { state, votesPerParticipant, allowMultiple, visibility } = tree.voting;
    out.voting = { state, votesPerParticipant, allowMultiple, visibility };
  }
  return out;
}

/**
 * Reads `priority` and `votes` of one node object into `node`. Facilitation values without the
 * documented shape are ignored like unknown fields (F4): a file from a later version with a new
 * mark still opens.
 */
export function readNodeJsonFields(raw: Record<string, Json>, _path: string, node: TreeNode, _errors: FormatError[]): void {
  if (isPriorityMark(raw.priority)) node.priority = raw.priority;
  if (isObject(raw.votes)) {
    const entries = Object.entries(raw.votes).filter((e): e is [string, number] => isParticipantId(e[0]) && isVoteCount(e[1]));
    if (entries.length > 0) node.votes = Object.fromEntries(entries);
  }
}

/**
 * Reads `links`, `actions` and `voting` of the top-level object; `ids` maps every node id in the
 * file to its path. What lacks the documented shape or names no node is ignored (F4, M-F17);
 * only F2's text limit is an error. A file with votes but no usable `voting` gets a closed
 * session with default settings.
 */
export function readTreeJsonFields(data: Record<string, Json>, ids: ReadonlyMap<string, string>, hasVotes: boolean, errors: FormatError[]): Pick<DiagramTree, 'links' | 'actions' | 'voting'> {
  const out: Pick<DiagramTree, 'links' | 'actions' | 'voting'> = {};
  const known = (value: Json): value is NodeId => typeof value === 'string' && ids.has(value);

  if (Array.isArray(data.links)) {
    const seen = new Set<string>();
    const links: TreeLink[] = [];
    for (const item of data.links as Json[]) {
      if (!isObject(item) || !known(item.from) || !known(item.to) || item.from === item.to) continue;
      const key = `${item.from}>${item.to}`;
      if (!seen.has(key)) links.push({ from: item.from, to: item.to });
      seen.add(key);
    }
    if (links.length > 0) out.links = links;
  }

  if (Array.isArray(data.actions)) {
    const actionIds = new Set<string>();
    const actions: TreeAction[] = [];
    (data.actions as Json[]).forEach((item, i) => {
      if (!isObject(item) || !known(item.cause) || typeof item.what !== 'string') return;
      const path = `$.actions[${i}]`;
      const owner = typeof item.owner === 'string' ? item.owner : '';
      if (item.what.length > MAX_TEXT_LENGTH) errors.push(textTooLongError(`${path}.what`, item.what.length));
      if (owner.length > MAX_TEXT_LENGTH) errors.push(textTooLongError(`${path}.owner`, owner.length));
      const action: TreeAction = {
        cause: item.cause,
        what: item.what,
        owner,
        due: isDueDate(item.due) ? item.due : '',
        status: isActionStatus(item.status) ? item.status : 'todo',
      };
      // An id that is malformed or repeated is dropped: the action gets a new one on import.
      if (typeof item.id === 'string' && NODE_ID_PATTERN.test(item.id) && !actionIds.has(item.id)) {
        actionIds.add(item.id);
        actions.push({ id: item.id, ...action });
      } else actions.push(action);
    });
    if (actions.length > 0) out.actions = actions;
  }

  const v = data.voting;
  if (isObject(v) && isVotingState(v.state)) {
    out.voting = {
      state: v.state,
      votesPerParticipant: isVoteBudget(v.votesPerParticipant) ? v.votesPerParticipant : DEFAULT_VOTING_SETTINGS.votesPerParticipant,
      allowMultiple: typeof v.allowMultiple === 'boolean' ? v.allowMultiple : DEFAULT_VOTING_SETTINGS.allowMultiple,
      visibility: isVoteVisibility(v.visibility) ? v.visibility : DEFAULT_VOTING_SETTINGS.visibility,
    };
  } else if (hasVotes) out.voting = { state: 'closed', ...DEFAULT_VOTING_SETTINGS };
  return out;
}
