import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabelKey, NodeId, PriorityMark, RankedCause, VoteView } from '@causeway/shared';
import { MarkBadge } from '../plan/MarkBadge.tsx';
import { MARK_LOOK } from '../plan/marks.ts';
import { MARK_KEYS } from './facilitation.ts';

/** A mark's badge as the diagram draws it, before its name in the menus. */
export function MarkIcon({ mark }: { mark: PriorityMark | null }) {
  if (mark === null) return <span className="mark-badge__icon menu-mark-icon" aria-hidden="true" />;
  const look = MARK_LOOK[mark];
  return (
    <span className="mark-badge__icon menu-mark-icon" style={{ background: look.fill, color: look.ink }} aria-hidden="true">
      {look.symbol}
    </span>
  );
}

/** C-F2: while voting is open, how many votes this person has left, and how votes are shown. */
export const VotingBar = memo(function VotingBar({ view, canVote, facilitator, onClose }: { view: VoteView; canVote: boolean; facilitator: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const total = view.votesPerParticipant;
  return (
    <div className="fac-bar" data-testid="voting-bar" data-left={view.left}>
      <strong>
        {!canVote ? t('voting.watching') : view.left > 0 ? t('voting.open', { left: view.left, total }) : t('voting.allUsed')}
        {canVote && total <= 12 && (
          <span className="vote-pips" aria-hidden="true">
            {Array.from({ length: total }, (_, i) => (
              <span key={i} className={i < view.left ? 'is-left' : ''} />
            ))}
          </span>
        )}
      </strong>
      <span className="fac-bar__hint">{view.visibility === 'live' ? t('voting.liveHint') : t('voting.hiddenHint')}</span>
      {canVote && <span className="fac-bar__hint">{t('voting.keysHint')}</span>}
      <span className="fac-bar__spacer" />
      {facilitator && (
        <>
          <span data-testid="voting-progress">{t('voting.progress', { voters: view.voters, votes: view.votesCast })}</span>
          <button type="button" onClick={onClose} data-testid="voting-close">
            {t('voting.close')}
          </button>
        </>
      )}
    </div>
  );
});

/** C-F5: link mode says what it does and how to leave it. */
export function LinkBar({ fromText, onCancel }: { fromText: string; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="fac-bar fac-bar--link" data-testid="link-bar">
      <span role="status">{t('links.hint', { from: fromText })}</span>
      <span className="fac-bar__spacer" />
      <button type="button" onClick={onCancel} data-testid="link-cancel">
        {t('links.cancel')}
      </button>
    </div>
  );
}

/** C-F2: ranked causes; equal totals share a rank; a click selects the cause on the diagram. */
export const TopCausesPanel = memo(function TopCausesPanel({
  ranked,
  revealed,
  selection,
  onSelect,
  onClose,
}: {
  ranked: readonly RankedCause[];
  revealed: boolean;
  selection: LabelKey | null;
  onSelect: (id: NodeId) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <aside className="top-causes" aria-labelledby="top-causes-title" data-testid="top-causes">
      <div className="top-causes__head">
        <h2 id="top-causes-title">{t('topCauses.title')}</h2>
        <button type="button" className="top-causes__close" aria-label={t('topCauses.close')} title={t('topCauses.close')} onClick={onClose}>
          ×
        </button>
      </div>
      {!revealed && <p className="top-causes__note">{t('topCauses.hidden')}</p>}
      {ranked.length === 0 ? (
        <p className="top-causes__note">{t('topCauses.empty')}</p>
      ) : (
        <ol>
          {ranked.map((cause) => (
            <li key={cause.id}>
              <button
                type="button"
                className={selection === cause.id ? 'is-selected' : ''}
                aria-current={selection === cause.id ? 'true' : undefined}
                aria-label={[t('topCauses.rank', { rank: cause.rank }), cause.text || t('canvas.emptyLabel'), cause.priority ? t(MARK_KEYS[cause.priority]) : '', t('topCauses.votes', { count: cause.votes })]
                  .filter(Boolean)
                  .join(', ')}
                data-testid="top-cause"
                data-id={cause.id}
                data-rank={cause.rank}
                data-votes={cause.votes}
                onClick={() => onSelect(cause.id)}
              >
                <span className="top-causes__rank" aria-hidden="true">
                  {cause.rank}.
                </span>
                <span className="top-causes__text">
                  {cause.text || t('canvas.emptyLabel')}
                  {cause.priority && (
                    <span className="top-causes__mark">
                      <MarkBadge mark={cause.priority} compact />
                    </span>
                  )}
                </span>
                <span className="top-causes__votes" aria-hidden="true">
                  {cause.votes}
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
});
