/**
 * S32: the root maps `voting` and `notice` belong to the facilitator. The room hands every client
 * update's transaction origin to this guard; when a non-facilitator's update changed one of those
 * maps, `revert()` puts the previous values back in one transaction of the given origin.
 */
import * as Y from 'yjs';
import { NOTICE_MAP, VOTING_MAP } from '@causeway/shared';

export const FACILITATOR_ONLY_MAPS = [VOTING_MAP, NOTICE_MAP] as const;

interface Change {
  map: Y.Map<unknown>;
  key: string;
  /** The value before the change; undefined when the key was absent. */
  value: unknown;
}

export class FacilitatorOnlyMaps {
  /** Changed keys (`voting.state`, ...) waiting to be put back; null when there are none. */
  private pending: Map<string, Change> | null = null;
  private readonly observers: Array<[Y.Map<unknown>, (event: Y.YMapEvent<unknown>) => void]>;

  constructor(
    doc: Y.Doc,
    /** Whether a transaction origin may not change these maps (a participant's connection). */
    private readonly refused: (origin: unknown) => boolean,
  ) {
    // Yjs calls a map's observers only when that map changed, so other updates cost nothing.
    this.observers = FACILITATOR_ONLY_MAPS.map((name) => {
      const map = doc.getMap<unknown>(name);
      const observer = (event: Y.YMapEvent<unknown>) => {
        if (!this.refused(event.transaction.origin)) return;
        const pending = (this.pending ??= new Map());
        event.changes.keys.forEach((change, key) => {
          // The first old value is the one to restore.
          const id = `${name}.${key}`;
          if (!pending.has(id)) pending.set(id, { map, key, value: change.action === 'add' ? undefined : change.oldValue });
        });
      };
      map.observe(observer);
      return [map, observer];
    });
  }

  /** Puts back every refused change since the last call, in one transaction; the keys put back, or null. */
  revert(doc: Y.Doc, origin: unknown): string[] | null {
    const changes = this.pending;
    this.pending = null;
    if (!changes) return null;
    doc.transact(() => {
      for (const { map, key, value } of changes.values()) {
        if (value === undefined) {
          if (map.has(key)) map.delete(key);
        } else if (map.get(key) !== value && !(value instanceof Y.AbstractType)) {
          // A shared type (never valid in these maps, M-F3) cannot be put back once removed.
          map.set(key, value);
        }
      }
    }, origin);
    return [...changes.keys()];
  }

  /** Forgets pending changes (the update that made them failed; the room is reloaded). */
  clear(): void {
    this.pending = null;
  }

  destroy(): void {
    for (const [map, observer] of this.observers) map.unobserve(observer);
  }
}
