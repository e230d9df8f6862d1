/** The tree every view draws: read from a Y.Doc by readTree, or parsed from a file. */

export type NodeId = string & { readonly __brand: 'NodeId' };

/** A category (depth 1) or a cause (depth >= 2). */
export interface TreeNode {
  /** Absent only in trees parsed from files that carry no ids. */
  id?: NodeId;
  text: string;
  children: TreeNode[];
}

export interface DiagramTree {
  problem: string;
  categories: TreeNode[];
}
