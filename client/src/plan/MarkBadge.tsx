import { useTranslation } from 'react-i18next';
import type { PriorityMark } from '@causeway/shared';
import { MARK_LOOK } from './marks.ts';

/** A priority mark: the diagram's badge, then its name, so it reads without colour and aloud. */
export function MarkBadge({ mark, compact = false }: { mark: PriorityMark; compact?: boolean }) {
  const { t } = useTranslation();
  const look = MARK_LOOK[mark];
  return (
    <span className={`mark-badge ${compact ? 'mark-badge--compact' : ''}`} data-mark={mark}>
      <span className="mark-badge__icon" style={{ background: look.fill, color: look.ink }} aria-hidden="true">
        {look.symbol}
      </span>
      {t(look.label)}
    </span>
  );
}
