/**
 * How a priority mark looks in the panels: a symbol, colours (text at least 4.5:1 on its tint) and
 * the catalog key of its name. The name is always written out, so the colour is never the only cue.
 */
import type { ActionStatus, PriorityMark } from '@causeway/shared';

export interface MarkLook {
  symbol: string;
  ink: string;
  tint: string;
  label: 'plan.markLikelyRootCause' | 'plan.markNeedsEvidence' | 'plan.markConfirmed' | 'plan.markRuledOut';
}

export const MARK_LOOK: Readonly<Record<PriorityMark, MarkLook>> = {
  'likely-root-cause': { symbol: '●', ink: '#b23c0a', tint: '#ffeddc', label: 'plan.markLikelyRootCause' },
  'needs-evidence': { symbol: '?', ink: '#7a4a06', tint: '#fdf3c4', label: 'plan.markNeedsEvidence' },
  confirmed: { symbol: '✓', ink: '#176b34', tint: '#dcf5e3', label: 'plan.markConfirmed' },
  'ruled-out': { symbol: '✕', ink: '#505a64', tint: '#e9edf1', label: 'plan.markRuledOut' },
};

export const STATUS_LABEL: Readonly<Record<ActionStatus, 'plan.statusTodo' | 'plan.statusDoing' | 'plan.statusDone'>> = {
  todo: 'plan.statusTodo',
  doing: 'plan.statusDoing',
  done: 'plan.statusDone',
};
