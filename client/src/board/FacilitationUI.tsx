import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_VOTES_PER_PARTICIPANT } from '@causeway/shared';
import type { LabelKey, NodeId, RankedCause, VoteView, VotingSettings } from '@causeway/shared';
import { Dialog } from './dialogs.tsx';
import { MarkBadge } from '../plan/MarkBadge.tsx';

/** C-F2: while voting is open, how many votes this person has left, and how votes are shown. */
export const VotingBar = memo(function VotingBar({ view, canVote, facilitator, onClose }: { view: VoteView; canVote: boolean; facilitator: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const total = view.votesPerParticipant;
  return (
    <div className="fac-bar" data-testid="voting-bar" data-left={view.left}>
      <strong role="status">
        {!canVote ? t('voting.watching') : view.left > 0 ? t('voting.open', { left: view.left, total }) : t('voting.allUsed', { total })}
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
                data-testid="top-cause"
                data-id={cause.id}
                data-rank={cause.rank}
                data-votes={cause.votes}
                onClick={() => onSelect(cause.id)}
              >
                <span className="top-causes__rank" aria-label={t('topCauses.rank', { rank: cause.rank })}>
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
                <span className="top-causes__votes" aria-label={t('topCauses.votes', { count: cause.votes })}>
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

/** C-F3: the facilitator's settings for a new round (the stored ones, or the defaults, to start with). */
export function VotingDialog({ initial, onStart, onClose }: { initial: VotingSettings; onStart: (settings: VotingSettings) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [votes, setVotes] = useState(String(initial.votesPerParticipant));
  const [allowMultiple, setAllowMultiple] = useState(initial.allowMultiple);
  const [visibility, setVisibility] = useState(initial.visibility);
  const count = Number(votes);
  const valid = Number.isInteger(count) && count >= 1 && count <= MAX_VOTES_PER_PARTICIPANT;
  return (
    <Dialog title={t('voting.settingsTitle')} onClose={onClose} labelledBy="voting-dialog-title">
      <form
        className="voting-form"
        data-testid="voting-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) onStart({ votesPerParticipant: count, allowMultiple, visibility });
        }}
      >
        <label className="field">
          <span>{t('voting.votesPerParticipant')}</span>
          <input
            type="number"
            min={1}
            max={MAX_VOTES_PER_PARTICIPANT}
            step={1}
            value={votes}
            aria-invalid={!valid}
            data-testid="voting-votes"
            onChange={(e) => setVotes(e.target.value)}
          />
        </label>
        <label className="choice">
          <input type="checkbox" checked={allowMultiple} data-testid="voting-multiple" onChange={(e) => setAllowMultiple(e.target.checked)} />
          {t('voting.allowMultiple')}
        </label>
        <fieldset>
          <legend>{t('voting.visibility')}</legend>
          <label className="choice">
            <input type="radio" name="visibility" checked={visibility === 'hidden'} onChange={() => setVisibility('hidden')} />
            {t('voting.hidden')}
          </label>
          <label className="choice">
            <input type="radio" name="visibility" checked={visibility === 'live'} data-testid="voting-live" onChange={() => setVisibility('live')} />
            {t('voting.live')}
          </label>
        </fieldset>
        <div className="dialog__actions">
          <button type="button" onClick={onClose}>
            {t('voting.cancel')}
          </button>
          <button type="submit" className="primary" disabled={!valid} data-testid="voting-start">
            {t('voting.startButton')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function ResetVotesDialog({ onConfirm, onClose }: { onConfirm: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('voting.confirmReset')} onClose={onClose} labelledBy="reset-votes-title">
      <div className="dialog__actions">
        <button type="button" onClick={onClose}>
          {t('voting.cancel')}
        </button>
        <button type="button" className="primary" onClick={onConfirm} data-testid="voting-reset-confirm">
          {t('voting.confirmResetButton')}
        </button>
      </div>
    </Dialog>
  );
}
