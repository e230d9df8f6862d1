import * as Y from 'yjs';
import { isNodeId, newNodeId } from '../ids.ts';
import type { DiagramTree, NodeId, TreeNode } from '../tree.ts';
import { templateCategories } from '../templates.ts';
import type { Locale, TemplateId } from '../templates.ts';
import { evenKeys, isOrderKey, keyBetween } from './fractional.ts';
import { DEFAULT_ORIGIN, IMPORT_ORIGIN } from './origin.ts';
import type { Origin } from './origin.ts';
import { META_FIELDS, NODE_FIELDS, ROOT, SCHEMA_VERSION, metaOf, nodeMapOf, nodesOf } from './schema.ts';
import type { ParentId } from './schema.ts';
import { childrenIn, compareSiblings, isSelfOrDescendant, resolveStructure, subtreeOf } from './structure.ts';
import type { Structure } from './structure.ts';
import { applyTextDiff } from './text.ts';
import { replaceFacilitationInTransaction } from '../facilitation/replace.ts';

/** A position in a list of `length`: whole, within 0..length; missing or NaN means the end. */
function clampIndex(index: number | undefined, length: number): number {
  if (index === undefined || Number.isNaN(index)) return length;
  return Math.max(0, Math.min(Math.floor(index), length));
}

/** A key for `parent`'s child list at `index` (clamped; default: the end), ignoring `moving`. */
function orderAt(structure: Structure, parent: ParentId, index: number | undefined, moving?: NodeId): string {
  const siblings = childrenIn(structure, parent).filter((id) => id !== moving);
  const at = clampIndex(index, siblings.length);
  const orderOf = (id: NodeId) => structure.nodes.get(id)!.order;
  const lower = at > 0 ? orderOf(siblings[at - 1]!) : null;
  // Siblings can share a key (concurrent inserts) or carry a malformed one; the new key goes above them.
  let next = at;
  while (next < siblings.length && lower !== null && !(orderOf(siblings[next]!) > lower)) next++;
  const upper = next < siblings.length ? orderOf(siblings[next]!) : null;
  for (const [low, high] of [[lower, upper], [lower, null], [null, upper], [null, null]] as const) {
    try {
      return keyBetween(low, high);
    } catch {
      // Malformed neighbours (only from bad input): fall back to a looser bound.
    }
  }
  throw new Error('unreachable: keyBetween(null, null) always succeeds');
}

function newNodeMap(parent: ParentId, text: string, order: string, createdAt: number): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set(NODE_FIELDS.parent, parent);
  map.set(NODE_FIELDS.text, new Y.Text(text));
  map.set(NODE_FIELDS.order, order);
  map.set(NODE_FIELDS.createdAt, createdAt);
  return map;
}

function problemText(doc: Y.Doc): Y.Text {
  const meta = metaOf(doc);
  const current = meta.get(META_FIELDS.problem);
  if (current instanceof Y.Text) return current;
  const text = new Y.Text(typeof current === 'string' ? current : '');
  meta.set(META_FIELDS.problem, text);
  return text;
}

/** Fills the meta fields a v1 document must have, keeping those already there. */
function ensureMeta(doc: Y.Doc, template: string): void {
  const meta = metaOf(doc);
  if (meta.get(META_FIELDS.schemaVersion) !== SCHEMA_VERSION) meta.set(META_FIELDS.schemaVersion, SCHEMA_VERSION);
  if (typeof meta.get(META_FIELDS.template) !== 'string') meta.set(META_FIELDS.template, template);
  if (typeof meta.get(META_FIELDS.createdAt) !== 'number') meta.set(META_FIELDS.createdAt, Date.now());
  problemText(doc);
}

export interface CreateDiagramOptions {
  template: TemplateId;
  /** Language of the template's category labels. */
  locale: Locale;
  problem?: string;
  /** Milliseconds since the epoch; defaults to now. */
  createdAt?: number;
}

/** M1, M3: writes meta and the template's categories into an empty document. */
export function createDiagram(doc: Y.Doc, options: CreateDiagramOptions, origin: Origin = DEFAULT_ORIGIN): void {
  if (metaOf(doc).has(META_FIELDS.schemaVersion) || nodesOf(doc).size > 0) {
    throw new Error('createDiagram: the document already holds a diagram');
  }
  const categories = templateCategories(options.template, options.locale);
  const createdAt = options.createdAt ?? Date.now();
  doc.transact(() => {
    const meta = metaOf(doc);
    meta.set(META_FIELDS.schemaVersion, SCHEMA_VERSION);
    meta.set(META_FIELDS.problem, new Y.Text(options.problem ?? ''));
    meta.set(META_FIELDS.template, options.template);
    meta.set(META_FIELDS.createdAt, createdAt);
    const keys = evenKeys(categories.length);
    const nodes = nodesOf(doc);
    categories.forEach((text, i) => nodes.set(newNodeId(), newNodeMap(ROOT, text, keys[i]!, createdAt)));
  }, origin);
}

/** M6: sets the problem (the head of the fish) by a minimal text diff. */
export function setProblem(doc: Y.Doc, text: string, origin: Origin = DEFAULT_ORIGIN): void {
  editText(doc, 'problem', text, origin);
}

/** M4: adds a category at `index` among the categories (default: last). */
export function addCategory(doc: Y.Doc, text: string, index?: number, origin: Origin = DEFAULT_ORIGIN): NodeId {
  return addNode(doc, ROOT, text, index, origin);
}

/**
 * M4: adds a cause under `parent` at `index` among its children (default: last). If the parent no
 * longer exists (deleted by a peer a moment ago), the cause is still stored and shown by M11.
 */
export function addCause(doc: Y.Doc, parent: NodeId, text: string, index?: number, origin: Origin = DEFAULT_ORIGIN): NodeId {
  return addNode(doc, parent, text, index, origin);
}

function addNode(doc: Y.Doc, parent: ParentId, text: string, index: number | undefined, origin: Origin): NodeId {
  const id = newNodeId();
  doc.transact(() => {
    const order = orderAt(resolveStructure(doc), parent, index);
    nodesOf(doc).set(id, newNodeMap(parent, text, order, Date.now()));
  }, origin);
  return id;
}

/** M7: edits a label or the problem by a minimal diff. False when the node does not exist. */
export function editText(doc: Y.Doc, target: NodeId | 'problem', text: string, origin: Origin = DEFAULT_ORIGIN): boolean {
  if (target !== 'problem' && nodeMapOf(doc, target) === null) return false;
  doc.transact(() => {
    if (target === 'problem') {
      applyTextDiff(problemText(doc), text);
      return;
    }
    const map = nodeMapOf(doc, target)!;
    const current = map.get(NODE_FIELDS.text);
    if (current instanceof Y.Text) applyTextDiff(current, text);
    else map.set(NODE_FIELDS.text, new Y.Text(text));
  }, origin);
  return true;
}

/**
 * M8: moves a node (with its subtree) under `newParent` at `index` among the new siblings.
 * Refused (false) when the node or the new parent does not exist, or the new parent is the node
 * itself or lies below it.
 */
export function moveNode(doc: Y.Doc, id: NodeId, newParent: ParentId, index: number, origin: Origin = DEFAULT_ORIGIN): boolean {
  const structure = resolveStructure(doc);
  const node = structure.nodes.get(id);
  if (!node) return false;
  if (newParent !== ROOT && (!structure.nodes.has(newParent) || isSelfOrDescendant(structure, newParent, id))) return false;
  const siblings = childrenIn(structure, newParent);
  const current = siblings.indexOf(id);
  const target = clampIndex(index, siblings.length - (current >= 0 ? 1 : 0));
  if (current === target && node.storedParent === newParent) return true;
  doc.transact(() => {
    if (node.storedParent !== newParent) node.map.set(NODE_FIELDS.parent, newParent);
    node.map.set(NODE_FIELDS.order, orderAt(structure, newParent, target, id));
  }, origin);
  return true;
}

/** M8: moves a node to `index` among its siblings (as drawn), keeping its parent. */
export function reorderNode(doc: Y.Doc, id: NodeId, index: number, origin: Origin = DEFAULT_ORIGIN): boolean {
  const parent = resolveStructure(doc).parent.get(id);
  if (parent === undefined) return false;
  return moveNode(doc, id, parent, index, origin);
}

/** M9: deletes a node and every node below it (as this peer sees the tree). */
export function deleteNode(doc: Y.Doc, id: NodeId, origin: Origin = DEFAULT_ORIGIN): boolean {
  const structure = resolveStructure(doc);
  if (!structure.nodes.has(id)) return false;
  doc.transact(() => {
    const nodes = nodesOf(doc);
    for (const member of subtreeOf(structure, id)) nodes.delete(member);
  }, origin);
  return true;
}

export interface ReplaceDiagramOptions {
  /** Also record this template in meta (when a template is applied to an existing diagram). */
  template?: TemplateId;
}

interface PlannedNode {
  id: NodeId;
  parent: ParentId;
  text: string;
}

/**
 * M14: makes the document equal to `tree` in one transaction (file import, the server's PUT).
 * Nodes whose id is in the tree are updated in place (text by minimal diff), so a peer typing in
 * them keeps its characters; nodes not in the tree are deleted; tree nodes without a usable id
 * get a new one. Sibling orders are kept when they already give the tree's order.
 */
export function replaceDiagram(
  doc: Y.Doc,
  tree: DiagramTree,
  origin: Origin = IMPORT_ORIGIN,
  options: ReplaceDiagramOptions = {},
): void {
  doc.transact(() => {
    ensureMeta(doc, options.template ?? 'blank');
    const meta = metaOf(doc);
    if (options.template !== undefined && meta.get(META_FIELDS.template) !== options.template) {
      meta.set(META_FIELDS.template, options.template);
    }
    applyTextDiff(problemText(doc), tree.problem);
    const structure = resolveStructure(doc);
    const used = new Set<NodeId>();
    const groups = new Map<ParentId, PlannedNode[]>();
    const idOf = new Map<TreeNode, NodeId>();
    const queue: Array<{ parent: ParentId; nodes: TreeNode[] }> = [{ parent: ROOT, nodes: tree.categories }];
    while (queue.length > 0) {
      const { parent, nodes } = queue.pop()!;
      const planned = nodes.map((node): PlannedNode => {
        const id = isNodeId(node.id) && !used.has(node.id) ? node.id : newNodeId();
        used.add(id);
        idOf.set(node, id);
        queue.push({ parent: id, nodes: node.children });
        return { id, parent, text: node.text };
      });
      groups.set(parent, planned);
    }

    const nodes = nodesOf(doc);
    for (const id of Array.from(nodes.keys()) as NodeId[]) if (!used.has(id)) nodes.delete(id);

    const now = Date.now();
    for (const [parent, planned] of groups) {
      const existing = planned.map((p) => structure.nodes.get(p.id));
      const keep = existing.every(
        (node, i) =>
          node !== undefined &&
          structure.parent.get(node.id) === parent &&
          isOrderKey(node.order) &&
          (i === 0 || compareSiblings(existing[i - 1]!, node) < 0),
      );
      const keys = keep ? existing.map((node) => node!.order) : evenKeys(planned.length);
      planned.forEach((p, i) => {
        const key = keys[i]!;
        const node = structure.nodes.get(p.id);
        if (!node) {
          nodes.set(p.id, newNodeMap(p.parent, p.text, key, now));
          return;
        }
        if (node.storedParent !== p.parent) node.map.set(NODE_FIELDS.parent, p.parent);
        if (node.map.get(NODE_FIELDS.order) !== key) node.map.set(NODE_FIELDS.order, key);
        const text = node.map.get(NODE_FIELDS.text);
        if (text instanceof Y.Text) applyTextDiff(text, p.text);
        else node.map.set(NODE_FIELDS.text, new Y.Text(p.text));
        if (typeof node.map.get(NODE_FIELDS.createdAt) !== 'number') node.map.set(NODE_FIELDS.createdAt, now);
      });
    }
    // M-F12: marks, votes, links, actions (and the voting session when the tree has one).
    replaceFacilitationInTransaction(doc, tree, idOf);
  }, origin);
}

