import * as Y from 'yjs';
import { isNodeId } from '../ids.ts';
import { isOrderKey } from './fractional.ts';
import { checkFacilitation } from '../facilitation/validate.ts';
import { META_FIELDS, NODE_FIELDS, ROOT, SCHEMA_VERSION, metaOf, nodesOf } from './schema.ts';

export interface DocumentError {
  /** Where the problem is, e.g. `meta.problem` or `nodes.<id>.order`. */
  path: string;
  message: string;
}

export type CheckResult = { ok: true } | { ok: false; errors: DocumentError[] };

/**
 * M18: checks a document against schema v1 without changing it. Orphans and cycles are not errors
 * (they are legitimate results of concurrent edits, resolved by M11/M12); unknown extra keys are
 * allowed so later features can add fields without a new version.
 */
export function checkDocument(doc: Y.Doc): CheckResult {
  const errors: DocumentError[] = [];
  const meta = metaOf(doc);
  const version = meta.get(META_FIELDS.schemaVersion);
  if (version === undefined) {
    errors.push({ path: 'meta.schemaVersion', message: 'missing: the document has no schema version' });
  } else if (typeof version !== 'number' || !Number.isInteger(version)) {
    errors.push({ path: 'meta.schemaVersion', message: `must be an integer, got ${JSON.stringify(version)}` });
  } else if (version > SCHEMA_VERSION) {
    errors.push({ path: 'meta.schemaVersion', message: `version ${version} is newer than this program supports (${SCHEMA_VERSION})` });
  } else if (version < SCHEMA_VERSION) {
    errors.push({ path: 'meta.schemaVersion', message: `version ${version} must be migrated to ${SCHEMA_VERSION} first` });
  }
  if (!(meta.get(META_FIELDS.problem) instanceof Y.Text)) errors.push({ path: 'meta.problem', message: 'must be a Y.Text' });
  if (typeof meta.get(META_FIELDS.template) !== 'string') errors.push({ path: 'meta.template', message: 'must be a string' });
  const createdAt = meta.get(META_FIELDS.createdAt);
  if (typeof createdAt !== 'number' || !Number.isFinite(createdAt)) {
    errors.push({ path: 'meta.createdAt', message: 'must be a finite number (milliseconds since 1970)' });
  }

  nodesOf(doc).forEach((value, id) => {
    const path = `nodes.${id}`;
    if (!isNodeId(id)) errors.push({ path, message: 'node id must match [A-Za-z0-9_-]{1,64} and not be "root"' });
    if (!(value instanceof Y.Map)) {
      errors.push({ path, message: 'must be a Y.Map' });
      return;
    }
    const node = value as Y.Map<unknown>;
    const parent = node.get(NODE_FIELDS.parent);
    if (parent !== ROOT && !isNodeId(parent)) errors.push({ path: `${path}.parent`, message: 'must be "root" or a node id' });
    if (!(node.get(NODE_FIELDS.text) instanceof Y.Text)) errors.push({ path: `${path}.text`, message: 'must be a Y.Text' });
    if (!isOrderKey(node.get(NODE_FIELDS.order))) {
      errors.push({ path: `${path}.order`, message: 'must be a base-62 fractional index not ending in "0"' });
    }
    const nodeCreatedAt = node.get(NODE_FIELDS.createdAt);
    if (typeof nodeCreatedAt !== 'number' || !Number.isFinite(nodeCreatedAt)) {
      errors.push({ path: `${path}.createdAt`, message: 'must be a finite number (milliseconds since 1970)' });
    }
  });
  // M-F3: marks, links, votes, the voting session and actions.
  errors.push(...checkFacilitation(doc));
  return errors.length === 0 ? { ok: true } : { ok: false, errors };
}
