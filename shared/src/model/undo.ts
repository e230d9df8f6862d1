import * as Y from 'yjs';
import type { Origin } from './origin.ts';
import { metaOf, nodesOf } from './schema.ts';
import { actionsMapOf, linksOf } from '../facilitation/store.ts';

export interface LocalUndoOptions {
  /** Changes closer together than this (ms) undo as one step; Yjs' default is 500. */
  captureTimeout?: number;
}

/**
 * M15: an undo manager over meta and nodes that tracks only transactions made with `origin`
 * (by identity), so undo never reverts what other people did.
 */
export function createLocalUndoManager(doc: Y.Doc, origin: Origin, options: LocalUndoOptions = {}): Y.UndoManager {
  // M-F14: links and actions are undoable too (marks live in the node maps); votes and the voting session are not.
  return new Y.UndoManager([metaOf(doc), nodesOf(doc), linksOf(doc), actionsMapOf(doc)], {
    trackedOrigins: new Set<unknown>([origin]),
    captureTimeout: options.captureTimeout ?? 500,
    // Without this, when this user's write of `parent` or `order` won over a peer's concurrent
    // write and is then undone, Yjs removes it but refuses to restore the older value (a remote
    // change sits in between): the key is left empty, an invalid node. With it, undo restores
    // this user's own earlier value.
    ignoreRemoteMapChanges: true,
  });
}
