/**
 * Transaction origins. Every operation runs in one doc.transact(fn, origin), so observers and the
 * undo manager can tell who made a change. Undo tracks origins by object identity: a client makes
 * one local origin with createLocalOrigin and passes it to every operation it performs.
 */

export type OriginKind = 'local' | 'remote' | 'import' | 'server' | 'migration';

export interface Origin {
  readonly kind: OriginKind;
  /** Who acted, for logs and tests (a user or connection id); no meaning to the model. */
  readonly actor?: string;
}

export function createOrigin(kind: OriginKind, actor?: string): Origin {
  return Object.freeze(actor === undefined ? { kind } : { kind, actor });
}

/** A fresh origin object for one local user; pass the same object to createLocalUndoManager. */
export function createLocalOrigin(actor?: string): Origin {
  return createOrigin('local', actor);
}

/** Used when an operation is called without an origin. Not tracked by any local undo manager. */
export const DEFAULT_ORIGIN: Origin = createOrigin('local', 'default');
export const IMPORT_ORIGIN: Origin = createOrigin('import');
export const SERVER_ORIGIN: Origin = createOrigin('server');
export const MIGRATION_ORIGIN: Origin = createOrigin('migration');
export const REMOTE_ORIGIN: Origin = createOrigin('remote');

const KINDS: ReadonlySet<string> = new Set<OriginKind>(['local', 'remote', 'import', 'server', 'migration']);

export function isOrigin(value: unknown): value is Origin {
  return typeof value === 'object' && value !== null && KINDS.has((value as { kind?: unknown }).kind as string);
}
