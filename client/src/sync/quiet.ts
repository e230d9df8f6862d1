import type * as Y from 'yjs';

/**
 * Keeps Yjs from encoding the transactions `skip` picks for the doc's 'update' listeners. Yjs
 * encodes every transaction again for them, and the copy on this device (y-indexeddb applies it in
 * one transaction) cost ~30 ms to encode at 500 causes before the board's first frame, for
 * listeners that had nothing to do with it. Other transactions, nested ones included, are
 * encoded and emitted as usual. Returns a function that stops it.
 */
export function skipUpdateEvents(doc: Y.Doc, skip: (transaction: Y.Transaction) => boolean): () => void {
  // lib0's Observable keeps its listeners in `_observers`, and Yjs encodes only if that has 'update'.
  let stashed: Set<unknown> | null = null;
  const restore = () => {
    if (!stashed) return;
    const added = doc._observers.get('update');
    for (const listener of added ?? []) stashed.add(listener);
    doc._observers.set('update', stashed);
    stashed = null;
  };
  // Emitted right before Yjs checks for 'update' listeners, once per transaction.
  const onCleanup = (transaction: Y.Transaction) => {
    restore();
    if (!skip(transaction)) return;
    stashed = doc._observers.get('update') ?? null;
    doc._observers.delete('update');
  };
  doc.on('afterTransactionCleanup', onCleanup);
  doc.on('afterAllTransactions', restore);
  return () => {
    restore();
    doc.off('afterTransactionCleanup', onCleanup);
    doc.off('afterAllTransactions', restore);
  };
}
