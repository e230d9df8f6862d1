import { ApiError } from './api.ts';

export type FailureKey = 'failure.network' | 'failure.server' | 'failure.forbidden' | 'state.wrongLink';

/** The translated message for a failed API call (the detail goes to the console, not here). */
export function failureKey(err: unknown): FailureKey {
  if (err instanceof ApiError) {
    if (err.kind === 'network') return 'failure.network';
    if (err.kind === 'forbidden') return 'failure.forbidden';
    if (err.kind === 'wrongLink') return 'state.wrongLink';
  }
  return 'failure.server';
}
