export type { NodeId, TreeNode, DiagramTree } from './tree.ts';
export type * from './layout/types.ts';
export * from './formats/index.ts';
export * from './model/index.ts';
export * from './templates.ts';
export { newNodeId, isNodeId, randomId, ID_PATTERN } from './ids.ts';
export * from './layout/index.ts';
export * from './render/model.ts';
export * from './facilitation/index.ts';
