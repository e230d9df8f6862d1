/**
 * Moving a selection through the diagram tree, the same on the canvas and in the outline.
 * Pure: works on the tree that readTree returns.
 */
import type { DiagramTree, NodeId, TreeNode } from '@causeway/shared';
import type { LabelKey } from '@causeway/shared';

export interface NodeInfo {
  node: TreeNode;
  id: NodeId;
  parent: LabelKey;
  index: number;
  siblings: readonly TreeNode[];
  /** 1 for a category, 2+ for causes. */
  depth: number;
}

const indexes = new WeakMap<DiagramTree, ReadonlyMap<LabelKey, NodeInfo>>();

/** Every node by id; computed once per tree (the board asks several times per render). */
export function indexTree(tree: DiagramTree): ReadonlyMap<LabelKey, NodeInfo> {
  const known = indexes.get(tree);
  if (known) return known;
  const map = new Map<LabelKey, NodeInfo>();
  indexes.set(tree, map);
  const visit = (nodes: readonly TreeNode[], parent: LabelKey, depth: number) => {
    nodes.forEach((node, index) => {
      if (!node.id) return;
      map.set(node.id, { node, id: node.id, parent, index, siblings: nodes, depth });
      visit(node.children, node.id, depth + 1);
    });
  };
  visit(tree.categories, 'problem', 1);
  return map;
}

export function childrenOf(tree: DiagramTree, index: ReadonlyMap<LabelKey, NodeInfo>, id: LabelKey): readonly TreeNode[] {
  if (id === 'problem') return tree.categories;
  return index.get(id)?.node.children ?? [];
}

export type Direction = 'up' | 'down' | 'left' | 'right';

/**
 * Canvas arrows follow the picture (the head is on the right): Right goes towards the head (the
 * parent), Left away from it (the first cause), Up and Down to the previous and next sibling.
 */
export function navigateCanvas(tree: DiagramTree, index: ReadonlyMap<LabelKey, NodeInfo>, from: LabelKey | null, dir: Direction): LabelKey {
  if (from === null || (from !== 'problem' && !index.has(from))) return 'problem';
  if (from === 'problem') {
    if (dir === 'left' || dir === 'down') return tree.categories[0]?.id ?? 'problem';
    return 'problem';
  }
  const info = index.get(from)!;
  switch (dir) {
    case 'right':
      return info.parent;
    case 'left':
      return info.node.children[0]?.id ?? from;
    case 'up':
      return info.siblings[info.index - 1]?.id ?? from;
    case 'down':
      return info.siblings[info.index + 1]?.id ?? from;
  }
}

/** Every label in outline order (pre-order), problem first. */
export function preorder(tree: DiagramTree): LabelKey[] {
  const out: LabelKey[] = ['problem'];
  const visit = (nodes: readonly TreeNode[]) => {
    for (const node of nodes) {
      if (node.id) out.push(node.id);
      visit(node.children);
    }
  };
  visit(tree.categories);
  return out;
}

/** Where the selection goes when `id` is deleted: the next sibling, else the previous one, else the parent. */
export function selectionAfterDelete(index: ReadonlyMap<LabelKey, NodeInfo>, id: LabelKey): LabelKey {
  const info = index.get(id);
  if (!info) return 'problem';
  return info.siblings[info.index + 1]?.id ?? info.siblings[info.index - 1]?.id ?? info.parent;
}

/** True if `id` is `ancestor` or lies under it (a node cannot be dropped into its own subtree). */
export function isWithin(index: ReadonlyMap<LabelKey, NodeInfo>, id: LabelKey, ancestor: LabelKey): boolean {
  let current: LabelKey | undefined = id;
  let guard = 0;
  while (current !== undefined && guard++ < 10_000) {
    if (current === ancestor) return true;
    if (current === 'problem') return false;
    current = index.get(current)?.parent;
  }
  return false;
}
