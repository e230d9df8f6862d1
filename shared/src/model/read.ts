import * as Y from 'yjs';
import type { DiagramTree, NodeId, TreeNode } from '../tree.ts';
import { META_FIELDS, NODE_FIELDS, ROOT, metaOf, nodeMapOf, nodesOf } from './schema.ts';
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

/** A label that a transaction changed: a node's text, or the problem. */
export type LabelTarget = NodeId | 'problem';

/**
 * The labels a transaction changed, when it changed nothing but the contents of label Y.Texts
 * (typing); null when it changed anything else (nodes, marks, votes, links, actions, voting, meta),
 * so the caller reads the whole tree again. Empty when it changed nothing at all.
 */
export function labelEditsOf(doc: Y.Doc, transaction: Y.Transaction): Set<LabelTarget> | null {
  const edits = new Set<LabelTarget>();
  if (transaction.changed.size === 0) return edits;
  const meta = metaOf(doc);
  const nodes = nodesOf(doc);
  for (const type of transaction.changed.keys()) {
    if (!(type instanceof Y.Text) || type._item === null) return null;
    const holder = type._item.parent;
    const key = type._item.parentSub;
    if (holder === meta && key === META_FIELDS.problem && meta.get(key) === type) {
      edits.add('problem');
      continue;
    }
    if (!(holder instanceof Y.Map) || key !== NODE_FIELDS.text || holder._item === null) return null;
    const id = holder._item.parentSub;
    if (holder._item.parent !== nodes || id === null || nodes.get(id) !== holder || holder.get(key) !== type) return null;
    edits.add(id as NodeId);
  }
  return edits;
}

/** Where each node sits in a tree from readTree (child indexes from the categories down). */
const pathIndexes = new WeakMap<DiagramTree, Map<NodeId, readonly number[]>>();

function pathIndexOf(tree: DiagramTree): Map<NodeId, readonly number[]> {
  let index = pathIndexes.get(tree);
  if (index) return index;
  index = new Map();
  const stack: Array<{ node: TreeNode; path: number[] }> = tree.categories.map((node, i) => ({ node, path: [i] }));
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (node.id !== undefined) index.set(node.id, path);
    node.children.forEach((child, i) => stack.push({ node: child, path: [...path, i] }));
  }
  pathIndexes.set(tree, index);
  return index;
}

/**
 * M10, read incrementally: `tree` (read from `doc` before) with the given labels read again from
 * `doc`. Only the nodes on the way from the root to a changed label are new objects; every other
 * subtree is shared with `tree`, so views can skip what did not change. Equal to readTree(doc)
 * provided that only these labels' texts changed since `tree` was read (labelEditsOf says when).
 * A label `tree` does not hold means the structure changed after all: the whole tree is read.
 */
export function withLabelsRead(doc: Y.Doc, tree: DiagramTree, targets: Iterable<LabelTarget>): DiagramTree {
  const index = pathIndexOf(tree);
  let next = tree;
  for (const target of targets) {
    if (target === 'problem') {
      const problem = textOf(metaOf(doc).get(META_FIELDS.problem));
      if (problem !== next.problem) next = { ...next, problem };
      continue;
    }
    const path = index.get(target);
    const map = nodeMapOf(doc, target);
    if (path === undefined || map === null) return readTree(doc);
    const text = textOf(map.get(NODE_FIELDS.text));
    const categories = next.categories.slice();
    let list = categories;
    for (let depth = 0; depth < path.length; depth++) {
      const at = path[depth]!;
      const node = list[at];
      if (node === undefined) return readTree(doc);
      const copy: TreeNode = depth === path.length - 1 ? { ...node, text } : { ...node, children: node.children.slice() };
      list[at] = copy;
      list = copy.children;
    }
    next = { ...next, categories };
  }
  if (next !== tree) pathIndexes.set(next, index);
  return next;
}

/** Follows a document's tree between reads; see followTree. */
export interface TreeFollower {
  /** Call after every transaction on the document (its 'afterTransaction' event). True when the tree may have changed. */
  note(transaction: Y.Transaction): boolean;
  /** The current tree: the same object while nothing changed, a copy sharing unchanged subtrees after typing, else readTree. */
  read(): DiagramTree;
}

/**
 * M10 for views that redraw on every change: transactions that only typed into labels are applied
 * to the last tree (withLabelsRead), anything else reads the whole tree again. The result always
 * equals readTree(doc).
 */
export function followTree(doc: Y.Doc): TreeFollower {
  let tree: DiagramTree | null = null;
  let full = true;
  const labels = new Set<LabelTarget>();
  return {
    note(transaction) {
      if (transaction.changed.size === 0) return false;
      if (full) return true;
      const edits = labelEditsOf(doc, transaction);
      if (edits === null) {
        full = true;
        labels.clear();
      } else {
        for (const target of edits) labels.add(target);
      }
      return true;
    },
    read() {
      if (tree === null || full) tree = readTree(doc);
      else if (labels.size > 0) tree = withLabelsRead(doc, tree, labels);
      full = false;
      labels.clear();
      return tree;
    },
  };
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
