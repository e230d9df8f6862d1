/**
 * How a priority mark looks in the panels: the diagram's badge (same colour and symbol as the
 * canvas draws, FACILITATION_STYLE) followed by the mark's name, so colour is never the only cue.
 */
import { FACILITATION_STYLE } from '@causeway/shared';
import type { ActionStatus, PriorityMark } from '@causeway/shared';

export interface MarkLook {
  symbol: string;
  fill: string;
  ink: string;
  label: 'marks.likelyRootCause' | 'marks.needsEvidence' | 'marks.confirmed' | 'marks.ruledOut';
}

const look = (mark: PriorityMark, symbol: string, label: MarkLook['label']): MarkLook => ({
  symbol,
  fill: FACILITATION_STYLE.marks[mark].fill,
  ink: FACILITATION_STYLE.marks[mark].symbol,
  label,
});

export const MARK_LOOK: Readonly<Record<PriorityMark, MarkLook>> = {
  'likely-root-cause': look('likely-root-cause', '!', 'marks.likelyRootCause'),
  'needs-evidence': look('needs-evidence', '?', 'marks.needsEvidence'),
  confirmed: look('confirmed', '✓', 'marks.confirmed'),
  'ruled-out': look('ruled-out', '✕', 'marks.ruledOut'),
};

export const STATUS_LABEL: Readonly<Record<ActionStatus, 'plan.statusTodo' | 'plan.statusDoing' | 'plan.statusDone'>> = {
  todo: 'plan.statusTodo',
  doing: 'plan.statusDoing',
  done: 'plan.statusDone',
};
