import * as Y from 'yjs';
import type { DiagramTree, NodeId, TreeNode } from '../tree.ts';
import { META_FIELDS, NODE_FIELDS, ROOT, metaOf, nodeMapOf } from './schema.ts';
import type { ParentId } from './schema.ts';
import { childrenIn, isSelfOrDescendant, resolveStructure } from './structure.ts';
import { attachFacilitation } from '../facilitation/read.ts';

function textOf(value: unknown): string {
  if (value instanceof Y.Text) return value.toString();
  return typeof value === 'string' ? value : '';
}

/**
 * M10: the tree every view draws. Deterministic: peers holding the same document state get equal
 * trees, with orphans (M11) and cycles (M12) resolved so that every stored node appears once.
 */
export function readTree(doc: Y.Doc): DiagramTree {
  const structure = resolveStructure(doc);
  const built = new Map<NodeId, TreeNode>();
  for (const node of structure.nodes.values()) {
    built.set(node.id, { id: node.id, text: textOf(node.map.get(NODE_FIELDS.text)), children: [] });
  }
  for (const [parent, ids] of structure.children) {
    if (parent === ROOT) continue;
    built.get(parent)!.children = ids.map((id) => built.get(id)!);
  }
  const tree: DiagramTree = {
    problem: textOf(metaOf(doc).get(META_FIELDS.problem)),
    categories: childrenIn(structure, ROOT).map((id) => built.get(id)!),
  };
  // M-F11: marks, votes, links, actions and the voting session, only where present.
  attachFacilitation(doc, structure, built, tree);
  return tree;
}

/** The Y.Text to bind an editor to, or null when the node (or the problem) has none. */
export function getText(doc: Y.Doc, target: NodeId | 'problem'): Y.Text | null {
  const value = target === 'problem' ? metaOf(doc).get(META_FIELDS.problem) : nodeMapOf(doc, target)?.get(NODE_FIELDS.text);
  return value instanceof Y.Text ? value : null;
}

export function nodeExists(doc: Y.Doc, id: NodeId): boolean {
  return nodeMapOf(doc, id) !== null;
}

/** The parent as drawn ('root' for a category), or null when the node does not exist. */
export function parentOf(doc: Y.Doc, id: NodeId): ParentId | null {
  return resolveStructure(doc).parent.get(id) ?? null;
}

/** Children of a node (or the categories, for 'root') in drawing order. */
export function childrenOf(doc: Y.Doc, parent: ParentId): NodeId[] {
  return [...childrenIn(resolveStructure(doc), parent)];
}

/** The node and its siblings in drawing order; empty when the node does not exist. */
export function siblingsOf(doc: Y.Doc, id: NodeId): NodeId[] {
  const structure = resolveStructure(doc);
  const parent = structure.parent.get(id);
  return parent === undefined ? [] : [...childrenIn(structure, parent)];
}

/** Position among its siblings, or -1 when the node does not exist. */
export function indexOf(doc: Y.Doc, id: NodeId): number {
  return siblingsOf(doc, id).indexOf(id);
}

/** 1 for a category, 2 for a cause on a category, ...; 0 when the node does not exist. */
export function depthOf(doc: Y.Doc, id: NodeId): number {
  const structure = resolveStructure(doc);
  let depth = 0;
  let current: ParentId | undefined = id;
  while (current !== undefined && current !== ROOT) {
    depth++;
    current = structure.parent.get(current);
  }
  return current === ROOT ? depth : 0;
}

/** True when `id` lies strictly below `ancestor`. */
export function isAncestorOf(doc: Y.Doc, ancestor: NodeId, id: NodeId): boolean {
  const structure = resolveStructure(doc);
  const parent = structure.parent.get(id);
  return parent !== undefined && isSelfOrDescendant(structure, parent, ancestor);
}

/** The plain label of a node, or null when it does not exist. */
export function nodeText(doc: Y.Doc, id: NodeId): string | null {
  const map = nodeMapOf(doc, id);
  return map === null ? null : textOf(map.get(NODE_FIELDS.text));
}

export interface DiagramInfo {
  schemaVersion: number | null;
  template: string | null;
  createdAt: number | null;
}

export function readDiagramInfo(doc: Y.Doc): DiagramInfo {
  const meta = metaOf(doc);
  const pick = <T>(key: string, type: 'number' | 'string') => {
    const value = meta.get(key);
    return (typeof value === type ? value : null) as T | null;
  };
  return {
    schemaVersion: pick<number>(META_FIELDS.schemaVersion, 'number'),
    template: pick<string>(META_FIELDS.template, 'string'),
    createdAt: pick<number>(META_FIELDS.createdAt, 'number'),
  };
}

export interface FoundNode {
  node: TreeNode;
  /** null for a category. */
  parent: TreeNode | null;
  index: number;
  /** 1 for a category. */
  depth: number;
}

/** Finds a node by id in a tree from readTree (for views that already hold the tree). */
export function findNode(tree: DiagramTree, id: NodeId): FoundNode | null {
  const stack: Array<{ list: TreeNode[]; parent: TreeNode | null; depth: number }> = [
    { list: tree.categories, parent: null, depth: 1 },
  ];
  while (stack.length > 0) {
    const { list, parent, depth } = stack.pop()!;
    for (let index = 0; index < list.length; index++) {
      const node = list[index]!;
      if (node.id === id) return { node, parent, index, depth };
      if (node.children.length > 0) stack.push({ list: node.children, parent: node, depth: depth + 1 });
    }
  }
  return null;
}

/** Every node of a tree, parents before children, in drawing order. */
export function walkTree(tree: DiagramTree): Array<{ node: TreeNode; depth: number; parent: TreeNode | null }> {
  const out: Array<{ node: TreeNode; depth: number; parent: TreeNode | null }> = [];
  const stack: Array<{ node: TreeNode; depth: number; parent: TreeNode | null }> = [];
  for (let i = tree.categories.length - 1; i >= 0; i--) stack.push({ node: tree.categories[i]!, depth: 1, parent: null });
  while (stack.length > 0) {
    const entry = stack.pop()!;
    out.push(entry);
    for (let i = entry.node.children.length - 1; i >= 0; i--) {
      stack.push({ node: entry.node.children[i]!, depth: entry.depth + 1, parent: entry.node });
    }
  }
  return out;
}
