import * as Y from 'yjs';
import { ID_PATTERN, isNodeId } from '../ids.ts';
import { isOrderKey } from '../model/fractional.ts';
import { nodesOf } from '../model/schema.ts';
import type { DocumentError } from '../model/validate.ts';
import {
  ACTION_FIELDS,
  MAX_ACTION_TEXT,
  PRIORITY_FIELD,
  VOTING_FIELDS,
  actionsMapOf,
  isActionId,
  isActionStatus,
  isDueDate,
  isPriorityMark,
  isVoteBudget,
  isVoteCount,
  isVoteVisibility,
  isVotingState,
  linksOf,
  parseLinkKey,
  parseVoteKey,
  votesOf,
  votingOf,
} from './store.ts';
import { checkNotice } from './notice.ts';


/**
 * M-F3: schema errors in the facilitation data (part of checkDocument, M18). References to nodes
 * that are gone are not errors: they are the normal result of a concurrent delete (M-F2).
 */
export function checkFacilitation(doc: Y.Doc): DocumentError[] {
  const errors: DocumentError[] = [];
  nodesOf(doc).forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const mark = (value as Y.Map<unknown>).get(PRIORITY_FIELD);
    if (mark !== undefined && !isPriorityMark(mark)) {
      errors.push({ path: `nodes.${id}.${PRIORITY_FIELD}`, message: 'must be likely-root-cause, needs-evidence, confirmed or ruled-out' });
    }
  });
  linksOf(doc).forEach((_value, key) => {
    if (parseLinkKey(key) === null) errors.push({ path: `links.${key}`, message: 'key must be "<from id>><to id>" with two different node ids' });
  });
  votesOf(doc).forEach((value, key) => {
    if (parseVoteKey(key) === null) errors.push({ path: `votes.${key}`, message: 'key must be "<session>/<participant id>/<node id>"' });
    if (!isVoteCount(value)) errors.push({ path: `votes.${key}`, message: 'must be a whole number above 0' });
  });
  const voting = votingOf(doc);
  const check = (key: string, ok: (v: unknown) => boolean, message: string) => {
    const value = voting.get(key);
    if (value !== undefined && !ok(value)) errors.push({ path: `voting.${key}`, message });
  };
  check(VOTING_FIELDS.state, isVotingState, 'must be idle, open or closed');
  check(VOTING_FIELDS.session, (v) => typeof v === 'string' && ID_PATTERN.test(v), 'must be an id');
  check(VOTING_FIELDS.votesPerParticipant, isVoteBudget, 'must be a whole number from 1 to 100');
  check(VOTING_FIELDS.allowMultiple, (v) => typeof v === 'boolean', 'must be a boolean');
  check(VOTING_FIELDS.visibility, isVoteVisibility, 'must be hidden or live');
  actionsMapOf(doc).forEach((value, id) => {
    const path = `actions.${id}`;
    if (!isActionId(id)) errors.push({ path, message: 'action id must match [A-Za-z0-9_-]{1,64}' });
    if (!(value instanceof Y.Map)) {
      errors.push({ path, message: 'must be a Y.Map' });
      return;
    }
    const map = value as Y.Map<unknown>;
    if (!isNodeId(map.get(ACTION_FIELDS.cause))) errors.push({ path: `${path}.cause`, message: 'must be a node id' });
    for (const key of [ACTION_FIELDS.what, ACTION_FIELDS.owner]) {
      const text = map.get(key);
      if (typeof text !== 'string' || text.length > MAX_ACTION_TEXT) errors.push({ path: `${path}.${key}`, message: `must be a string of at most ${MAX_ACTION_TEXT} characters` });
    }
    if (!isDueDate(map.get(ACTION_FIELDS.due))) errors.push({ path: `${path}.due`, message: 'must be a date YYYY-MM-DD or ""' });
    if (!isActionStatus(map.get(ACTION_FIELDS.status))) errors.push({ path: `${path}.status`, message: 'must be todo, doing or done' });
    if (!isOrderKey(map.get(ACTION_FIELDS.order))) errors.push({ path: `${path}.order`, message: 'must be a base-62 fractional index' });
  });
  errors.push(...checkNotice(doc));
  return errors;
}
