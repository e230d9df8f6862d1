export { SCHEMA_VERSION, META_MAP, NODES_MAP, ROOT, META_FIELDS, NODE_FIELDS } from './schema.ts';
export type { ParentId } from './schema.ts';
export {
  createOrigin,
  createLocalOrigin,
  isOrigin,
  DEFAULT_ORIGIN,
  IMPORT_ORIGIN,
  SERVER_ORIGIN,
  MIGRATION_ORIGIN,
  REMOTE_ORIGIN,
} from './origin.ts';
export type { Origin, OriginKind } from './origin.ts';
export { keyBetween, evenKeys, isOrderKey, compareStrings, ORDER_KEY_PATTERN } from './fractional.ts';
export {
  createDiagram,
  setProblem,
  addCategory,
  addCause,
  editText,
  moveNode,
  reorderNode,
  deleteNode,
  replaceDiagram,
} from './operations.ts';
export type { CreateDiagramOptions, ReplaceDiagramOptions } from './operations.ts';
export {
  readTree,
  getText,
  nodeExists,
  parentOf,
  childrenOf,
  siblingsOf,
  indexOf,
  depthOf,
  isAncestorOf,
  nodeText,
  readDiagramInfo,
  findNode,
  walkTree,
  labelEditsOf,
  withLabelsRead,
  followTree,
} from './read.ts';
export type { DiagramInfo, FoundNode, LabelTarget, TreeFollower } from './read.ts';
export { applyTextDiff } from './text.ts';
export { createLocalUndoManager } from './undo.ts';
export type { LocalUndoOptions } from './undo.ts';
export { checkDocument } from './validate.ts';
export type { CheckResult, DocumentError } from './validate.ts';
export { MIGRATIONS, migrateDocument, documentVersion } from './migrations.ts';
export type { Migration, MigrationResult } from './migrations.ts';
