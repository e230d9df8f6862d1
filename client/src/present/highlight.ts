/**
 * The facilitator's highlight travels as presence (STYLE.md 2): a `highlight` field in the
 * facilitator's awareness state, never stored in the document. Remote states come from other
 * browsers, so they are validated like any input.
 */
import { ID_PATTERN } from '@causeway/shared';
import type { LabelKey } from '@causeway/shared';

/** A highlight id as sent: the problem or a node id; anything else is ignored. */
export function readHighlightField(raw: unknown): LabelKey | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const value = (raw as Record<string, unknown>).highlight;
  if (value === 'problem') return 'problem';
  return typeof value === 'string' && ID_PATTERN.test(value) ? (value as LabelKey) : null;
}

/**
 * The highlight every projector shows. Two facilitator windows highlighting at once is a mistake,
 * not a conflict to resolve: the one with the lowest client id wins, the same on every screen.
 */
export function readHighlight(states: ReadonlyMap<number, unknown>): LabelKey | null {
  let best: { clientId: number; id: LabelKey } | null = null;
  for (const [clientId, raw] of states) {
    const id = readHighlightField(raw);
    if (id !== null && (best === null || clientId < best.clientId)) best = { clientId, id };
  }
  return best?.id ?? null;
}
