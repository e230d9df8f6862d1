/** The outline's mark filter (pure; tested in Node: tests/client/plan-outline-filter.test.ts). */
import type { DiagramTree, NodeId, PriorityMark, TreeNode } from '@causeway/shared';

/** 'all', one mark, or 'none' (causes without a mark). */
export type MarkFilter = 'all' | PriorityMark | 'none';

function matches(node: TreeNode, depth: number, filter: MarkFilter): boolean {
  if (filter === 'all') return true;
  // Categories are the frame, not causes: "without a mark" lists causes only.
  if (filter === 'none') return depth >= 2 && node.priority === undefined;
  return node.priority === filter;
}

/**
 * The tree with only the nodes that match and their ancestors (so each match is shown where it
 * sits). A node kept only as an ancestor keeps just its kept children. `matches` holds the ids of
 * the nodes that match (null for 'all': everything does). `pinned` nodes (the selection, a label
 * being edited) stay too, as context, so the keyboard and a new cause never vanish from view.
 */
export function filterByMark(
  tree: DiagramTree,
  filter: MarkFilter,
  pinned: ReadonlySet<NodeId> = new Set(),
): { tree: DiagramTree; matches: ReadonlySet<NodeId> | null } {
  if (filter === 'all') return { tree, matches: null };
  const matched = new Set<NodeId>();
  const keep = (nodes: readonly TreeNode[], depth: number): TreeNode[] => {
    const out: TreeNode[] = [];
    for (const node of nodes) {
      const children = keep(node.children, depth + 1);
      const hit = matches(node, depth, filter);
      if (hit && node.id) matched.add(node.id);
      if (hit || children.length > 0 || (node.id !== undefined && pinned.has(node.id))) out.push({ ...node, children });
    }
    return out;
  };
  const categories = keep(tree.categories, 1);
  return { tree: { ...tree, categories }, matches: matched };
}
