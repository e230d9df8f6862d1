import * as Y from 'yjs';
import type { NodeId } from '../tree.ts';

/** The schema version this program writes and reads (SPEC.md section 1). */
export const SCHEMA_VERSION = 1;

export const META_MAP = 'meta';
export const NODES_MAP = 'nodes';

/** Parent marker of a category. */
export const ROOT = 'root';
export type ParentId = NodeId | typeof ROOT;

/** Field names of `meta` and of one node map, so callers never spell them by hand. */
export const META_FIELDS = { schemaVersion: 'schemaVersion', problem: 'problem', template: 'template', createdAt: 'createdAt' } as const;
export const NODE_FIELDS = { parent: 'parent', text: 'text', order: 'order', createdAt: 'createdAt' } as const;

export function metaOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(META_MAP);
}

export function nodesOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(NODES_MAP);
}

/** The node's Y.Map, or null when the id is absent or the entry is malformed. */
export function nodeMapOf(doc: Y.Doc, id: string): Y.Map<unknown> | null {
  const value = nodesOf(doc).get(id);
  return value instanceof Y.Map ? (value as Y.Map<unknown>) : null;
}
