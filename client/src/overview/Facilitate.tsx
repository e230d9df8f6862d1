import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_VOTING_SETTINGS } from '@causeway/shared';
import type { ServerClock } from './clock.ts';
import { BannerControls, Countdown, Failure, TimerControls, VotingControls } from './Controls.tsx';
import { timerSummary, votingSummary } from './facilitation.ts';
import type { Facilitation, Scope } from './useFacilitate.ts';
import { ALL } from './useFacilitate.ts';
import type { GroupLive, GroupWatcher } from './watcher.ts';
import type { NoticeTimer, VotingState } from '@causeway/shared';
import './facilitate.css';

interface GroupsSummary {
  timers: (NoticeTimer | null)[];
  states: VotingState[];
  anyBanner: boolean;
}

const summarize = (lives: readonly GroupLive[]): GroupsSummary => ({
  timers: lives.map((l) => l.notice.timer),
  states: lives.map((l) => l.voting.state),
  anyBanner: lives.some((l) => l.notice.banner !== null),
});

/**
 * What the toolbar needs of every group, re-rendering the toolbar alone and only when that
 * changes (a dozen busy groups edit many times a second; none of that concerns the toolbar).
 */
function useGroupsSummary(watchers: ReadonlyMap<string, GroupWatcher>): GroupsSummary {
  const read = () => summarize([...watchers.values()].map((w) => w.getState()));
  const [summary, setSummary] = useState(read);
  useEffect(() => {
    const update = () => {
      const next = summarize([...watchers.values()].map((w) => w.getState()));
      setSummary((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
    };
    update();
    const offs = [...watchers.values()].map((w) => w.subscribe(update));
    return () => offs.forEach((off) => off());
  }, [watchers]);
  return summary;
}

/** C-O1: the toolbar above the grid: timer, message and voting for every group at once. */
export function FacilitationBar({ watchers, clock, facilitation }: { watchers: ReadonlyMap<string, GroupWatcher>; clock: ServerClock; facilitation: Facilitation }) {
  const { t } = useTranslation();
  const headingId = useId();
  const summary = useGroupsSummary(watchers);
  const busy = facilitation.isBusy(ALL);
  const send = (body: Parameters<Facilitation['send']>[1]) => facilitation.send(ALL, body);
  const timers = timerSummary(summary.timers);
  const voting = votingSummary(summary.states);
  return (
    <section className="facilitate-bar" aria-labelledby={headingId} data-testid="facilitate-bar">
      <div className="facilitate-bar__head">
        <h2 id={headingId}>{t('facilitate.allGroups')}</h2>
        <div className="facilitate-bar__status" data-testid="bar-status">
          {timers.first && (
            <span className="facilitate-bar__timer">
              <Countdown timer={timers.first} clock={clock} testId="bar-countdown" />
              <span className="muted">{timers.together ? t('facilitate.timerAll') : t('facilitate.timerSome', { running: timers.running, total: timers.total })}</span>
            </span>
          )}
          {(voting.open > 0 || voting.closed > 0) && (
            <span className="muted" data-testid="bar-voting">
              {t('facilitate.votingCounts', { open: voting.open, closed: voting.closed, idle: voting.idle })}
            </span>
          )}
        </div>
      </div>
      <div className="facilitate-bar__sets">
        <TimerControls busy={busy} send={send} running={timers.running > 0} />
        <BannerControls all busy={busy} send={send} hasBanner={summary.anyBanner} />
        <VotingControls
          busy={busy}
          send={send}
          canClose={voting.open > 0}
          canReset={voting.open + voting.closed > 0}
          reopens={false}
          initial={DEFAULT_VOTING_SETTINGS}
          name={null}
        />
      </div>
      <Failure failure={facilitation.failure(ALL)} />
    </section>
  );
}

/** C-O2..C-O4: what a group's boards show now (every role sees it): timer, message, voting. */
export function GroupStatus({ live, clock }: { live: GroupLive; clock: ServerClock }) {
  const { t } = useTranslation();
  const { notice, voting, top } = live;
  return (
    <div className="group-status" data-testid="group-status" data-voting={voting.state}>
      <div className="group-status__chips">
        {notice.timer && <Countdown timer={notice.timer} clock={clock} testId="card-countdown" />}
        <span className={`voting-chip voting-chip--${voting.state}`} data-testid="voting-state">
          {voting.state === 'open'
            ? t('facilitate.stateOpen', { count: voting.voters })
            : voting.state === 'closed'
              ? t('facilitate.stateClosed')
              : t('facilitate.stateIdle')}
        </span>
      </div>
      {notice.banner !== null && (
        <p className="group-status__banner" data-testid="card-banner" title={notice.banner}>
          <span className="visually-hidden">{t('facilitate.currentMessage')}: </span>
          {notice.banner}
        </p>
      )}
      {voting.state === 'closed' && (
        <div className="group-status__top" data-testid="top-causes">
          {top.length === 0 ? (
            <span className="muted">{t('facilitate.noVotes')}</span>
          ) : (
            <ol aria-label={t('facilitate.topCauses')}>
              {top.map((cause) => (
                <li key={cause.id} value={cause.rank}>
                  <span className="group-status__cause">{cause.text.trim() || t('canvas.emptyLabel')}</span>
                  <span className="group-status__votes">{t('facilitate.votes', { count: cause.votes })}</span>
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </div>
  );
}

/** C-O1: one group's controls, shown on its card when the facilitator opens them. */
export function GroupControls({ id, name, live, facilitation }: { id: string; name: string; live: GroupLive; facilitation: Facilitation }) {
  const { t } = useTranslation();
  const scope: Scope = { kind: 'group', id };
  const busy = facilitation.isBusy(scope);
  const send = (body: Parameters<Facilitation['send']>[1]) => facilitation.send(scope, body);
  const { notice, voting } = live;
  return (
    <div className="group-controls" role="region" aria-label={t('facilitate.controlsFor', { name })} data-testid="group-controls">
      <TimerControls busy={busy} send={send} running={notice.timer !== null} />
      <BannerControls all={false} busy={busy} send={send} hasBanner={notice.banner !== null} />
      <VotingControls
        busy={busy}
        send={send}
        canClose={voting.state === 'open'}
        canReset={voting.state !== 'idle'}
        reopens={voting.state === 'closed'}
        initial={voting}
        name={name}
      />
      <Failure failure={facilitation.failure(scope)} />
    </div>
  );
}
