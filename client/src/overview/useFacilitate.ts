import { useCallback, useState } from 'react';
import { ApiError, facilitate } from '../lobby/api.ts';
import type { FacilitateBody } from '../lobby/api.ts';
import { failureKey } from '../lobby/messages.ts';
import type { FailureKey } from '../lobby/messages.ts';
import type { ServerClock } from './clock.ts';

/** Where a control acts: every group of the workshop, or one group (its id). */
export type Scope = { kind: 'all' } | { kind: 'group'; id: string };

export const ALL: Scope = { kind: 'all' };
export const scopeKey = (scope: Scope): string => (scope.kind === 'all' ? '*' : `g:${scope.id}`);

export interface Facilitation {
  /** A request for this scope (or for all groups) is running: its buttons are disabled. */
  isBusy(scope: Scope): boolean;
  /** The translated message key of the last failure in this scope, if any. */
  failure(scope: Scope): FailureKey | null;
  /** Sends one facilitate request; true when the server applied it. */
  send(scope: Scope, body: Omit<FacilitateBody, 'groups'>): Promise<boolean>;
}

/**
 * C-O5: every control of the overview goes through here: one `facilitate` call per click, its
 * buttons disabled meanwhile, a failure shown in the scope that caused it, the server clock fed.
 */
export function useFacilitate(workshopId: string, token: string, clock: ServerClock, afterChange: () => void): Facilitation {
  const [running, setRunning] = useState<ReadonlyMap<string, number>>(new Map());
  const [failures, setFailures] = useState<ReadonlyMap<string, FailureKey>>(new Map());

  const send = useCallback(
    async (scope: Scope, body: Omit<FacilitateBody, 'groups'>): Promise<boolean> => {
      const key = scopeKey(scope);
      setRunning((m) => new Map(m).set(key, (m.get(key) ?? 0) + 1));
      setFailures((m) => without(m, key));
      const sentAt = Date.now();
      try {
        const result = await facilitate(workshopId, token, scope.kind === 'all' ? body : { ...body, groups: [scope.id] });
        clock.record(result.clockOffset, sentAt, Date.now());
        return true;
      } catch (err) {
        console.error('Facilitation request failed:', err);
        // A group deleted meanwhile (404 on one group) just leaves the grid on the refresh.
        const gone = scope.kind === 'group' && err instanceof ApiError && err.status === 404;
        if (!gone) setFailures((m) => new Map(m).set(key, failureKey(err)));
        if (gone) afterChange();
        return false;
      } finally {
        setRunning((m) => {
          const next = new Map(m);
          const left = (next.get(key) ?? 1) - 1;
          if (left > 0) next.set(key, left);
          else next.delete(key);
          return next;
        });
      }
    },
    [workshopId, token, clock, afterChange],
  );

  return {
    isBusy: (scope) => running.has(scopeKey(scope)) || running.has(scopeKey(ALL)),
    failure: (scope) => failures.get(scopeKey(scope)) ?? null,
    send,
  };
}

function without<K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> {
  if (!map.has(key)) return map;
  const next = new Map(map);
  next.delete(key);
  return next;
}
