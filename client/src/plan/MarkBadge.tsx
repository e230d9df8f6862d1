import { useTranslation } from 'react-i18next';
import type { PriorityMark } from '@causeway/shared';
import { MARK_LOOK } from './marks.ts';

/** A priority mark as a tinted chip: symbol and name, so it reads without colour and aloud. */
export function MarkBadge({ mark, compact = false }: { mark: PriorityMark; compact?: boolean }) {
  const { t } = useTranslation();
  const look = MARK_LOOK[mark];
  const name = t(look.label);
  return (
    <span className={`mark-badge ${compact ? 'mark-badge--compact' : ''}`} style={{ color: look.ink, background: look.tint, borderColor: look.ink }} data-mark={mark}>
      <span aria-hidden="true">{look.symbol}</span> {name}
    </span>
  );
}
