import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_BANNER_LENGTH, MAX_VOTES_PER_PARTICIPANT } from '@causeway/shared';
import type { NoticeTimer, VotingSettings, VoteVisibility } from '@causeway/shared';
import type { FailureKey } from '../lobby/messages.ts';
import { useRemaining } from './clock.ts';
import type { ServerClock } from './clock.ts';
import { bannerToSend, formatCountdown, parseMinutes, parseVotes, TIMER_PRESETS } from './facilitation.ts';
import type { FacilitateBody } from '../lobby/api.ts';

type Send = (body: Omit<FacilitateBody, 'groups'>) => Promise<boolean>;

/** C-O2: a running timer as mm:ss by the server's clock; "Time is up" once it is over. */
export function Countdown({ timer, clock, testId }: { timer: NoticeTimer | null; clock: ServerClock; testId: string }) {
  const { t } = useTranslation();
  const left = useRemaining(timer, clock);
  if (left === null) return null;
  const over = left <= 0;
  const text = formatCountdown(left);
  return (
    <span
      className={`countdown${over ? ' countdown--over' : ''}`}
      role="timer"
      aria-label={over ? t('facilitate.timeUp') : t('facilitate.timeLeft', { time: text })}
      data-testid={testId}
      data-ends-at={timer?.endsAt}
      data-over={over}
    >
      <span className="countdown__clock" aria-hidden="true">
        {text}
      </span>
      {over && (
        <span className="countdown__note" aria-hidden="true">
          {t('facilitate.timeUp')}
        </span>
      )}
    </span>
  );
}

interface ControlProps {
  busy: boolean;
  send: Send;
}

/** C-O2: presets, a custom number of minutes and stop. */
export function TimerControls({ busy, send, running }: ControlProps & { running: boolean }) {
  const { t } = useTranslation();
  const [minutes, setMinutes] = useState('');
  const hintId = useId();
  const seconds = parseMinutes(minutes);
  const invalid = minutes.trim() !== '' && seconds === null;
  return (
    <fieldset className="facilitate__set" data-testid="timer-controls">
      <legend>{t('facilitate.timer')}</legend>
      <div className="facilitate__row" role="group" aria-label={t('facilitate.presets')}>
        {TIMER_PRESETS.map((m) => (
          <button key={m} type="button" className="button button--small" disabled={busy} data-testid={`timer-${m}`} onClick={() => void send({ timer: { seconds: m * 60 } })}>
            {t('facilitate.minutes', { minutes: m })}
          </button>
        ))}
      </div>
      <form
        className="facilitate__row"
        onSubmit={(e) => {
          e.preventDefault();
          if (seconds === null) return;
          void send({ timer: { seconds } }).then((ok) => ok && setMinutes(''));
        }}
      >
        <label className="facilitate__field">
          <span>{t('facilitate.customMinutes')}</span>
          <input
            type="text"
            inputMode="decimal"
            size={5}
            value={minutes}
            aria-invalid={invalid}
            aria-describedby={hintId}
            data-testid="timer-minutes"
            onChange={(e) => setMinutes(e.target.value)}
          />
        </label>
        <button type="submit" className="button button--small button--primary" disabled={busy || seconds === null} data-testid="timer-start">
          {t('facilitate.startTimer')}
        </button>
        <button type="button" className="button button--small" disabled={busy || !running} data-testid="timer-stop" onClick={() => void send({ timer: { stop: true } })}>
          {t('facilitate.stopTimer')}
        </button>
      </form>
      {/* Read with the field always; shown only when what was typed is not a usable length. */}
      <p id={hintId} className={invalid ? 'facilitate__hint facilitate__hint--bad' : 'visually-hidden'}>
        {t('facilitate.minutesHint')}
      </p>
    </fieldset>
  );
}

/** C-O3: a short message for every board of the scope; clear. */
export function BannerControls({ all, busy, send, hasBanner }: ControlProps & { all: boolean; hasBanner: boolean }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const counterId = useId();
  const toSend = bannerToSend(text);
  const submit = () => {
    if (toSend !== null) void send({ banner: { text: toSend } }).then((ok) => ok && setText(''));
  };
  return (
    <fieldset className="facilitate__set" data-testid="banner-controls">
      <legend>{t('facilitate.message')}</legend>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <div className="facilitate__row">
          <label className="facilitate__field facilitate__field--grow">
            <span className="visually-hidden">{t('facilitate.messageLabel')}</span>
            <input
              type="text"
              value={text}
              maxLength={MAX_BANNER_LENGTH}
              placeholder={t('facilitate.messagePlaceholder')}
              aria-describedby={counterId}
              data-testid="banner-text"
              onChange={(e) => setText(e.target.value)}
            />
          </label>
          <span id={counterId} className="facilitate__counter" data-testid="banner-counter" aria-label={t('facilitate.counter', { count: text.length, max: MAX_BANNER_LENGTH })}>
            {text.length}/{MAX_BANNER_LENGTH}
          </span>
        </div>
        <div className="facilitate__row">
          <button type="submit" className="button button--small button--primary" disabled={busy || toSend === null} data-testid="banner-send">
            {all ? t('facilitate.sendAll') : t('facilitate.send')}
          </button>
          <button type="button" className="button button--small" disabled={busy || !hasBanner} data-testid="banner-clear" onClick={() => void send({ banner: { clear: true } })}>
            {t('facilitate.clearMessage')}
          </button>
        </div>
      </form>
    </fieldset>
  );
}

interface VotingProps extends ControlProps {
  /** What the buttons may do now: open somewhere, closed somewhere, anything to reset. */
  canClose: boolean;
  canReset: boolean;
  /** One group whose session was closed: start reopens the same round. */
  reopens: boolean;
  initial: VotingSettings;
  /** Name for the reset question (a group's, or null for all groups). */
  name: string | null;
}

/** C-O4: start with settings, close, and reset after a question (it deletes votes). */
export function VotingControls({ busy, send, canClose, canReset, reopens, initial, name }: VotingProps) {
  const { t } = useTranslation();
  const [votes, setVotes] = useState(String(initial.votesPerParticipant));
  const [allowMultiple, setAllowMultiple] = useState(initial.allowMultiple);
  const [visibility, setVisibility] = useState<VoteVisibility>(initial.visibility);
  const [confirming, setConfirming] = useState(false);
  // After the question closes, the keyboard goes back to Reset (answered no) or to Start voting
  // (votes deleted: Reset is about to be disabled), not to the top of the page.
  const resetButton = useRef<HTMLButtonElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  const focusAfter = useRef<'reset' | 'start' | null>(null);
  useEffect(() => {
    if (confirming || !focusAfter.current) return;
    (focusAfter.current === 'start' ? startButton : resetButton).current?.focus();
    focusAfter.current = null;
  }, [confirming]);
  const answer = (next: 'reset' | 'start') => {
    focusAfter.current = next;
    setConfirming(false);
  };
  const votesPerParticipant = parseVotes(votes);
  const question = name === null ? t('facilitate.confirmResetAll') : t('facilitate.confirmReset', { name });
  return (
    <fieldset className="facilitate__set" data-testid="voting-controls">
      <legend>{t('facilitate.voting')}</legend>
      <div className="facilitate__row">
        <label className="facilitate__field">
          <span>{t('facilitate.votesEach')}</span>
          <input
            type="number"
            min={1}
            max={MAX_VOTES_PER_PARTICIPANT}
            step={1}
            value={votes}
            aria-invalid={votesPerParticipant === null}
            data-testid="votes-each"
            onChange={(e) => setVotes(e.target.value)}
          />
        </label>
        <label className="facilitate__check">
          <input type="checkbox" checked={allowMultiple} data-testid="votes-multiple" onChange={(e) => setAllowMultiple(e.target.checked)} />
          <span>{t('facilitate.severalPerCause')}</span>
        </label>
        <label className="facilitate__field">
          <span>{t('facilitate.results')}</span>
          <select value={visibility} data-testid="votes-visibility" onChange={(e) => setVisibility(e.target.value === 'live' ? 'live' : 'hidden')}>
            <option value="hidden">{t('facilitate.hidden')}</option>
            <option value="live">{t('facilitate.live')}</option>
          </select>
        </label>
      </div>
      {confirming ? (
        <div
          className="facilitate__confirm"
          role="alertdialog"
          aria-label={question}
          data-testid="reset-confirm"
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            e.stopPropagation();
            answer('reset');
          }}
        >
          <p>{question}</p>
          <button
            type="button"
            className="button button--small button--danger"
            disabled={busy}
            data-testid="voting-reset-confirm"
            onClick={() => void send({ voting: { action: 'reset' } }).then((ok) => answer(ok ? 'start' : 'reset'))}
          >
            {t('facilitate.deleteVotes')}
          </button>
          <button type="button" className="button button--small" autoFocus data-testid="voting-reset-cancel" onClick={() => answer('reset')}>
            {t('facilitate.cancel')}
          </button>
        </div>
      ) : (
        <div className="facilitate__row">
          <button
            ref={startButton}
            type="button"
            className="button button--small button--primary"
            disabled={busy || votesPerParticipant === null}
            data-testid="voting-start"
            onClick={() => votesPerParticipant !== null && void send({ voting: { action: 'start', votesPerParticipant, allowMultiple, visibility } })}
          >
            {reopens ? t('facilitate.reopenVoting') : t('facilitate.startVoting')}
          </button>
          <button type="button" className="button button--small" disabled={busy || !canClose} data-testid="voting-close" onClick={() => void send({ voting: { action: 'close' } })}>
            {t('facilitate.closeVoting')}
          </button>
          <button ref={resetButton} type="button" className="button button--small button--danger" disabled={busy || !canReset} data-testid="voting-reset" onClick={() => setConfirming(true)}>
            {t('facilitate.resetVoting')}
          </button>
        </div>
      )}
    </fieldset>
  );
}

/** A failure of the last request in a scope, translated. */
export function Failure({ failure }: { failure: FailureKey | null }) {
  const { t } = useTranslation();
  if (!failure) return null;
  return (
    <p className="form-failure facilitate__failure" role="alert" data-testid="facilitate-failure">
      {t(failure)}
    </p>
  );
}
