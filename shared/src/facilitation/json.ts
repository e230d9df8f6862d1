/**
 * M-F17: facilitation fields in the JSON format (F4 reserved them). Called by formats/json.ts;
 * kept here so the facilitation rules live in one place.
 */
import { MAX_TEXT_LENGTH, NODE_ID_PATTERN, textTooLongError } from '../formats/errors.ts';
import type { FormatError, FormatErrorCode } from '../formats/errors.ts';
import type { DiagramTree, NodeId, TreeNode } from '../tree.ts';
import { DEFAULT_VOTING_SETTINGS, isActionStatus, isDueDate, isParticipantId, isPriorityMark, isVoteBudget, isVoteCount, isVoteVisibility, isVotingState } from './store.ts';
import type { TreeAction, TreeLink, TreeVoting } from './types.ts';

type Json = unknown;
const isObject = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);
const typeName = (value: Json) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

function wrongType(path: string, expected: string, value: Json): FormatError {
  return { path, code: 'wrong_type', message: `Expected ${expected}, found ${typeName(value)}${typeof value === 'string' ? ` "${value.slice(0, 80)}"` : ''}.`, params: { expected, found: typeName(value) } };
}

function refError(path: string, code: 'unknown_id' | 'self_link', id: string): FormatError {
  const message = code === 'unknown_id' ? `No category or cause in the file has the id "${id}".` : `A cause cannot be linked to itself ("${id}").`;
  return { path, code: code as FormatErrorCode, message, params: { id: id.slice(0, 80) } };
}

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

/** Reads `priority` and `votes` of one node object at `path` into `node`. */
export function readNodeJsonFields(raw: Record<string, Json>, path: string, node: TreeNode, errors: FormatError[]): void {
  if (raw.priority !== undefined) {
    if (isPriorityMark(raw.priority)) node.priority = raw.priority;
    else errors.push(wrongType(`${path}.priority`, 'likely-root-cause | needs-evidence | confirmed | ruled-out', raw.priority));
  }
  if (raw.votes !== undefined) {
    if (!isObject(raw.votes)) {
      errors.push(wrongType(`${path}.votes`, 'object', raw.votes));
      return;
    }
    const entries: Array<[string, number]> = [];
    for (const [participant, count] of Object.entries(raw.votes)) {
      const at = `${path}.votes.${participant}`;
      if (!isParticipantId(participant)) {
        errors.push({ path: at, code: 'invalid_id', message: 'A participant id is 1 to 64 characters from A-Z, a-z, 0-9, "_" and "-".', params: { id: participant.slice(0, 80) } });
      } else if (!isVoteCount(count)) errors.push(wrongType(at, 'whole number above 0', count));
      else entries.push([participant, count]);
    }
    if (entries.length > 0) node.votes = Object.fromEntries(entries);
  }
}

/**
 * Reads `links`, `actions` and `voting` of the top-level object; `ids` maps every node id in the
 * file to its path. A file with votes but no `voting` gets a closed session with default settings.
 */
export function readTreeJsonFields(data: Record<string, Json>, ids: ReadonlyMap<string, string>, hasVotes: boolean, errors: FormatError[]): Pick<DiagramTree, 'links' | 'actions' | 'voting'> {
  const out: Pick<DiagramTree, 'links' | 'actions' | 'voting'> = {};
  const reference = (value: Json, path: string, field: string): NodeId | null => {
    if (value === undefined) {
      errors.push({ path, code: 'missing_field', message: `Required field "${field}" is missing.`, params: { field } });
      return null;
    }
    if (typeof value !== 'string') {
      errors.push(wrongType(`${path}.${field}`, 'string', value));
      return null;
    }
    if (!ids.has(value)) {
      errors.push(refError(`${path}.${field}`, 'unknown_id', value));
      return null;
    }
    return value as NodeId;
  };

  if (data.links !== undefined) {
    if (!Array.isArray(data.links)) errors.push(wrongType('$.links', 'array', data.links));
    else {
      const seen = new Set<string>();
      const links: TreeLink[] = [];
      data.links.forEach((item: Json, i: number) => {
        const path = `$.links[${i}]`;
        if (!isObject(item)) return errors.push(wrongType(path, 'object', item));
        const from = reference(item.from, path, 'from');
        const to = reference(item.to, path, 'to');
        if (from === null || to === null) return;
        if (from === to) return errors.push(refError(path, 'self_link', from));
        // Duplicates are harmless (two people drew the same arrow): kept once.
        if (!seen.has(`${from}>${to}`)) links.push({ from, to });
        seen.add(`${from}>${to}`);
      });
      if (links.length > 0) out.links = links;
    }
  }

  if (data.actions !== undefined) {
    if (!Array.isArray(data.actions)) errors.push(wrongType('$.actions', 'array', data.actions));
    else {
      const actionIds = new Map<string, string>();
      const actions: TreeAction[] = [];
      data.actions.forEach((item: Json, i: number) => {
        const path = `$.actions[${i}]`;
        if (!isObject(item)) return errors.push(wrongType(path, 'object', item));
        const before = errors.length;
        const cause = reference(item.cause, path, 'cause');
        const text = (field: 'what' | 'owner', required: boolean): string => {
          const value = item[field];
          if (value === undefined) {
            if (required) errors.push({ path, code: 'missing_field', message: `Required field "${field}" is missing.`, params: { field } });
            return '';
          }
          if (typeof value !== 'string') {
            errors.push(wrongType(`${path}.${field}`, 'string', value));
            return '';
          }
          if (value.length > MAX_TEXT_LENGTH) errors.push(textTooLongError(`${path}.${field}`, value.length));
          return value;
        };
        const what = text('what', true);
        const owner = text('owner', false);
        const due = item.due ?? '';
        if (!isDueDate(due)) errors.push(wrongType(`${path}.due`, 'date YYYY-MM-DD or ""', due));
        const status = item.status ?? 'todo';
        if (!isActionStatus(status)) errors.push(wrongType(`${path}.status`, 'todo | doing | done', status));
        let id: string | undefined;
        if (item.id !== undefined) {
          if (typeof item.id !== 'string' || !NODE_ID_PATTERN.test(item.id)) {
            errors.push({ path: `${path}.id`, code: 'invalid_id', message: 'An id is 1 to 64 characters from A-Z, a-z, 0-9, "_" and "-".', params: { id: String(item.id).slice(0, 80) } });
          } else if (actionIds.has(item.id)) {
            errors.push({ path: `${path}.id`, code: 'duplicate_id', message: `Action id "${item.id}" is already used at ${actionIds.get(item.id)}.`, params: { id: item.id, firstPath: actionIds.get(item.id)! } });
          } else {
            actionIds.set(item.id, `${path}.id`);
            id = item.id;
          }
        }
        if (errors.length > before || cause === null) return;
        const action: TreeAction = { cause, what, owner, due: due as string, status: status as TreeAction['status'] };
        actions.push(id === undefined ? action : { id, ...action });
      });
      if (actions.length > 0) out.actions = actions;
    }
  }

  if (data.voting !== undefined) {
    const v = data.voting;
    if (!isObject(v)) errors.push(wrongType('$.voting', 'object', v));
    else {
      const voting: TreeVoting = { state: 'closed', ...DEFAULT_VOTING_SETTINGS };
      if (v.state === undefined) errors.push({ path: '$.voting', code: 'missing_field', message: 'Required field "state" is missing.', params: { field: 'state' } });
      else if (!isVotingState(v.state)) errors.push(wrongType('$.voting.state', 'idle | open | closed', v.state));
      else voting.state = v.state;
      if (v.votesPerParticipant !== undefined) {
        if (isVoteBudget(v.votesPerParticipant)) voting.votesPerParticipant = v.votesPerParticipant;
        else errors.push(wrongType('$.voting.votesPerParticipant', 'whole number from 1 to 100', v.votesPerParticipant));
      }
      if (v.allowMultiple !== undefined) {
        if (typeof v.allowMultiple === 'boolean') voting.allowMultiple = v.allowMultiple;
        else errors.push(wrongType('$.voting.allowMultiple', 'boolean', v.allowMultiple));
      }
      if (v.visibility !== undefined) {
        if (isVoteVisibility(v.visibility)) voting.visibility = v.visibility;
        else errors.push(wrongType('$.voting.visibility', 'hidden | live', v.visibility));
      }
      out.voting = voting;
    }
  } else if (hasVotes) out.voting = { state: 'closed', ...DEFAULT_VOTING_SETTINGS };
  return out;
}
