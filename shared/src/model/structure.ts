import * as Y from 'yjs';
import type { NodeId } from '../tree.ts';
import { compareStrings } from './fractional.ts';
import { NODE_FIELDS, ROOT, nodesOf } from './schema.ts';
import type { ParentId } from './schema.ts';

/** One node as stored, before the M-rules decide where it is drawn. */
export interface StoredNode {
  id: NodeId;
  map: Y.Map<unknown>;
  /** The stored parent field, or null when it is missing or not a string. */
  storedParent: string | null;
  /** The stored order, or '' when missing or not a string. */
  order: string;
}

/** The tree as every peer resolves it (SPEC.md M10..M13): effective parents and sorted children. */
export interface Structure {
  nodes: Map<NodeId, StoredNode>;
  parent: Map<NodeId, ParentId>;
  children: Map<ParentId, NodeId[]>;
}

export function compareSiblings(a: StoredNode, b: StoredNode): number {
  return compareStrings(a.order, b.order) || compareStrings(a.id, b.id);
}

export function resolveStructure(doc: Y.Doc): Structure {
  const nodes = new Map<NodeId, StoredNode>();
  nodesOf(doc).forEach((value, key) => {
    if (!(value instanceof Y.Map)) return;
    const map = value as Y.Map<unknown>;
    const parent = map.get(NODE_FIELDS.parent);
    const order = map.get(NODE_FIELDS.order);
    nodes.set(key as NodeId, {
      id: key as NodeId,
      map,
      storedParent: typeof parent === 'string' ? parent : null,
      order: typeof order === 'string' ? order : '',
    });
  });

  // M11: a node whose parent is missing (deleted, never existed, malformed) becomes a category.
  const parent = new Map<NodeId, ParentId>();
  for (const node of nodes.values()) {
    const p = node.storedParent;
    parent.set(node.id, p !== null && p !== ROOT && nodes.has(p as NodeId) ? (p as NodeId) : ROOT);
  }

  // M12: each parent cycle is broken at its member with the smallest id, which becomes a category.
  // Every node has one parent, so cycles are disjoint and a single walk per node finds them all.
  const state = new Map<NodeId, 1 | 2>();
  for (const start of nodes.keys()) {
    if (state.has(start)) continue;
    const path: NodeId[] = [];
    let current: ParentId = start;
    while (current !== ROOT && !state.has(current)) {
      state.set(current, 1);
      path.push(current);
      current = parent.get(current)!;
    }
    if (current !== ROOT && state.get(current) === 1) {
      const cycle = path.slice(path.indexOf(current));
      let smallest = cycle[0]!;
      for (const id of cycle) if (id < smallest) smallest = id;
      parent.set(smallest, ROOT);
    }
    for (const id of path) state.set(id, 2);
  }

  const children = new Map<ParentId, NodeId[]>([[ROOT, []]]);
  const grouped = new Map<ParentId, StoredNode[]>();
  for (const node of nodes.values()) {
    const p = parent.get(node.id)!;
    let list = grouped.get(p);
    if (!list) grouped.set(p, (list = []));
    list.push(node);
  }
  for (const [p, list] of grouped) {
    list.sort(compareSiblings);
    children.set(p, list.map((n) => n.id));
  }
  return { nodes, parent, children };
}

export function childrenIn(structure: Structure, parent: ParentId): NodeId[] {
  return structure.children.get(parent) ?? [];
}

/** True when `node` is `ancestor` or lies below it in the resolved tree. */
export function isSelfOrDescendant(structure: Structure, node: ParentId, ancestor: NodeId): boolean {
  let current: ParentId | undefined = node;
  while (current !== undefined && current !== ROOT) {
    if (current === ancestor) return true;
    current = structure.parent.get(current);
  }
  return false;
}

/** The node and all nodes below it, parents before children. */
export function subtreeOf(structure: Structure, id: NodeId): NodeId[] {
  const out: NodeId[] = [];
  const stack: NodeId[] = [id];
  while (stack.length > 0) {
    const next = stack.pop()!;
    out.push(next);
    for (const child of childrenIn(structure, next)) stack.push(child);
  }
  return out;
}
