import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_VOTES_PER_PARTICIPANT } from '@causeway/shared';
import type { VotingSettings } from '@causeway/shared';
import { Dialog } from './dialogs.tsx';

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
