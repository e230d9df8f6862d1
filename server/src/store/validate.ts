/** Checks shared by every backend, so they all reject the same misuse the same way. */

export class StoreClosedError extends Error {
  constructor() {
    super('The store is closed');
    this.name = 'StoreClosedError';
  }
}

export function checkUpdate(update: unknown): asserts update is Uint8Array {
  if (!(update instanceof Uint8Array)) throw new TypeError('An update or snapshot must be a Uint8Array');
}

/**
 * A compaction may only absorb updates that exist (throughSeq <= lastSeq) and may not go back
 * behind the stored snapshot: that snapshot could hold state the new one lacks.
 */
export function checkCompactArgs(throughSeq: number, snapshotSeq: number, lastSeq: number): void {
  if (!Number.isSafeInteger(throughSeq) || throughSeq < 0) throw new RangeError(`throughSeq must be a non-negative integer, got ${throughSeq}`);
  if (throughSeq < snapshotSeq) throw new RangeError(`throughSeq ${throughSeq} is behind the stored snapshot (through ${snapshotSeq})`);
  if (throughSeq > lastSeq) throw new RangeError(`throughSeq ${throughSeq} is past the last stored update (${lastSeq})`);
}

export function checkGroup(group: { id: string; position: number }): void {
  if (!Number.isFinite(group.position)) throw new RangeError(`group ${group.id}: position must be a finite number`);
}
