/** The tree every view draws: read from a Y.Doc by readTree, or parsed from a file. */

import type { PriorityMark, TreeAction, TreeLink, TreeVoting } from './facilitation/types.ts';

export type NodeId = string & { readonly __brand: 'NodeId' };

/** A category (depth 1) or a cause (depth >= 2). */
export interface TreeNode {
  /** Absent only in trees parsed from files that carry no ids. */
  id?: NodeId;
  text: string;
  children: TreeNode[];
  /** Facilitation (M-F rules): the priority mark, when one is set. */
  priority?: PriorityMark;
  /** Facilitation: votes on this node, participant id -> count; absent when none. */
  votes?: Record<string, number>;
}

export interface DiagramTree {
  problem: string;
  categories: TreeNode[];
  /** Facilitation (M-F rules); each is absent when empty. */
  links?: TreeLink[];
  actions?: TreeAction[];
  voting?: TreeVoting;
}
