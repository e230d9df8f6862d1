export type { NodeId, TreeNode, DiagramTree } from './tree.ts';
export type * from './layout/types.ts';
export * from './formats/index.ts';
