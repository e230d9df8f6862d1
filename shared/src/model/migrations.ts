import * as Y from 'yjs';
import { compareStrings, evenKeys, isOrderKey } from './fractional.ts';
import { MIGRATION_ORIGIN } from './origin.ts';
import type { Origin } from './origin.ts';
import { META_FIELDS, NODE_FIELDS, ROOT, SCHEMA_VERSION, metaOf, nodesOf } from './schema.ts';
import { checkDocument } from './validate.ts';
import type { DocumentError } from './validate.ts';

/** One step forward: brings a document from `version - 1` to `version` (M19). */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly migrate: (doc: Y.Doc) => void;
}

/**
 * Version 0: drafts written before schemaVersion existed. They may lack template and createdAt,
 * hold the problem or labels as plain strings, nodes as plain objects, and lack parent or order.
 */
function migrateTo1(doc: Y.Doc): void {
  const meta = metaOf(doc);
  const problem = meta.get(META_FIELDS.problem);
  if (!(problem instanceof Y.Text)) meta.set(META_FIELDS.problem, new Y.Text(typeof problem === 'string' ? problem : ''));
  if (typeof meta.get(META_FIELDS.template) !== 'string') meta.set(META_FIELDS.template, 'blank');
  if (typeof meta.get(META_FIELDS.createdAt) !== 'number') meta.set(META_FIELDS.createdAt, 0);

  const nodes = nodesOf(doc);
  const needsOrder = new Map<string, string[]>();
  for (const [id, value] of Array.from(nodes.entries())) {
    let map: Y.Map<unknown>;
    if (value instanceof Y.Map) {
      map = value as Y.Map<unknown>;
    } else if (typeof value === 'object' && value !== null && !(value instanceof Y.AbstractType)) {
      // A plain object node: rebuild it as a Y.Map with the same fields.
      map = new Y.Map<unknown>(Object.entries(value as Record<string, unknown>));
      nodes.set(id, map);
    } else {
      continue; // Not recognisable as a node: left for validation to report.
    }
    const text = map.get(NODE_FIELDS.text);
    if (!(text instanceof Y.Text)) map.set(NODE_FIELDS.text, new Y.Text(typeof text === 'string' ? text : ''));
    if (typeof map.get(NODE_FIELDS.parent) !== 'string') map.set(NODE_FIELDS.parent, ROOT);
    if (typeof map.get(NODE_FIELDS.createdAt) !== 'number') map.set(NODE_FIELDS.createdAt, 0);
    if (!isOrderKey(map.get(NODE_FIELDS.order))) {
      const parent = map.get(NODE_FIELDS.parent) as string;
      const list = needsOrder.get(parent) ?? [];
      list.push(id);
      needsOrder.set(parent, list);
    }
  }
  // Nodes without a usable order get fresh keys after their valid siblings, sorted by id.
  for (const [parent, ids] of needsOrder) {
    let highest = '';
    nodes.forEach((value) => {
      if (!(value instanceof Y.Map) || value.get(NODE_FIELDS.parent) !== parent) return;
      const order = value.get(NODE_FIELDS.order);
      if (isOrderKey(order) && order > highest) highest = order;
    });
    ids.sort(compareStrings);
    const keys = evenKeys(ids.length);
    ids.forEach((id, i) => (nodes.get(id) as Y.Map<unknown>).set(NODE_FIELDS.order, highest + keys[i]!));
  }
  meta.set(META_FIELDS.schemaVersion, 1);
}

/** Numbered, forward-only. The entry for version n migrates n - 1 to n. */
export const MIGRATIONS: readonly Migration[] = [{ version: 1, name: '001-schema-version-and-yjs-types', migrate: migrateTo1 }];

export type MigrationResult =
  | { ok: true; fromVersion: number; toVersion: number; applied: string[] }
  | { ok: false; fromVersion: number | null; errors: DocumentError[] };

function isEmpty(doc: Y.Doc): boolean {
  return metaOf(doc).size === 0 && nodesOf(doc).size === 0;
}

/** The stored version: 0 for a document with content but no version; null when it is not an integer. */
export function documentVersion(doc: Y.Doc): number | null {
  const version = metaOf(doc).get(META_FIELDS.schemaVersion);
  if (version === undefined) return 0;
  return typeof version === 'number' && Number.isInteger(version) && version >= 0 ? version : null;
}

function applyMigrations(doc: Y.Doc, from: number, origin: Origin | null): string[] {
  const pending = MIGRATIONS.filter((m) => m.version > from && m.version <= SCHEMA_VERSION);
  if (pending.length === 0) return [];
  doc.transact(() => {
    for (const migration of pending) migration.migrate(doc);
  }, origin);
  return pending.map((m) => m.name);
}

/**
 * M19: brings a document to SCHEMA_VERSION in one transaction. A newer version is refused and the
 * document is left untouched; so is one that would still be invalid after migrating (the
 * migrations are tried on a copy first). An empty document is left empty (create it with
 * createDiagram or replaceDiagram).
 */
export function migrateDocument(doc: Y.Doc, origin: Origin = MIGRATION_ORIGIN): MigrationResult {
  if (isEmpty(doc)) return { ok: true, fromVersion: 0, toVersion: 0, applied: [] };
  const from = documentVersion(doc);
  if (from === null) {
    return { ok: false, fromVersion: null, errors: [{ path: 'meta.schemaVersion', message: 'must be a non-negative integer' }] };
  }
  if (from > SCHEMA_VERSION) {
    return {
      ok: false,
      fromVersion: from,
      errors: [{ path: 'meta.schemaVersion', message: `version ${from} is newer than this program supports (${SCHEMA_VERSION})` }],
    };
  }
  if (from < SCHEMA_VERSION) {
    const trial = new Y.Doc();
    Y.applyUpdate(trial, Y.encodeStateAsUpdate(doc));
    applyMigrations(trial, from, null);
    const trialCheck = checkDocument(trial);
    trial.destroy();
    if (!trialCheck.ok) return { ok: false, fromVersion: from, errors: trialCheck.errors };
  }
  const applied = applyMigrations(doc, from, origin);
  const check = checkDocument(doc);
  if (!check.ok) return { ok: false, fromVersion: from, errors: check.errors };
  return { ok: true, fromVersion: from, toVersion: SCHEMA_VERSION, applied };
}
