import { memo, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Notice, NoticeTimer } from '@causeway/shared';
import { bannerVisible, countdown, readDismissed, timerAnnouncement, writeDismissed } from './facilitation.ts';
import type { Countdown } from './facilitation.ts';
import './facilitation.css';

interface Props {
  notice: Notice;
  /** Server clock minus this device's clock (C-F7). */
  offset: number;
  /** `<workshop>/<group>`: where this person's dismissal of a banner is remembered. */
  room: string;
  /** The projector's larger variant. */
  large?: boolean;
}

/**
 * C-F7: the facilitator's countdown and message on every board and projector view. It renders on
 * its own once a second, never the board around it.
 */
export const NoticeBar = memo(function NoticeBar({ notice, offset, room, large = false }: Props) {
  const { t } = useTranslation();
  const [dismissed, setDismissed] = useState(() => readDismissed(room));
  const showBanner = bannerVisible(notice, dismissed);
  if (!notice.timer && !showBanner) return null;
  return (
    <div className={`notice${large ? ' notice--large' : ''}`} data-testid="notice">
      {notice.timer && <Timer timer={notice.timer} offset={offset} />}
      {showBanner && (
        <div className="notice__banner" role="status" data-testid="notice-banner">
          <span className="visually-hidden">{t('notice.banner')}: </span>
          <span className="notice__message">{notice.banner}</span>
          {!large && (
            <button
              type="button"
              className="notice__dismiss"
              aria-label={t('notice.dismiss')}
              title={t('notice.dismiss')}
              data-testid="notice-dismiss"
              onClick={() => {
                if (notice.bannerAt !== null) writeDismissed(room, notice.bannerAt);
                setDismissed(notice.bannerAt ?? -1);
              }}
            >
              ×
            </button>
          )}
        </div>
      )}
    </div>
  );
});

function Timer({ timer, offset }: { timer: NoticeTimer; offset: number }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now() + offset);
  useEffect(() => {
    const tick = () => setNow(Date.now() + offset);
    tick();
    // Aligned to the timer's own seconds, so every screen flips at the same moment.
    let handle = 0;
    const schedule = () => {
      const untilNextSecond = (((timer.endsAt - (Date.now() + offset)) % 1000) + 1000) % 1000 || 1000;
      handle = window.setTimeout(() => {
        tick();
        schedule();
      }, untilNextSecond + 5);
    };
    schedule();
    return () => window.clearTimeout(handle);
  }, [timer.endsAt, offset]);
  const shown = countdown(timer, now);
  // The phase last seen, of which timer: a new timer starts its announcements afresh.
  const previous = useRef<{ endsAt: number; phase: Countdown['phase'] } | null>(null);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    const sameTimer = previous.current?.endsAt === timer.endsAt;
    const said = timerAnnouncement(sameTimer ? previous.current?.phase : undefined, shown.phase);
    previous.current = { endsAt: timer.endsAt, phase: shown.phase };
    if (said) setAnnouncement(t(said === 'oneMinute' ? 'notice.oneMinute' : 'notice.timeUp'));
    else if (!sameTimer) setAnnouncement('');
  }, [shown.phase, timer.endsAt, t]);
  return (
    <div className={`notice__timer notice__timer--${shown.phase}`} data-testid="notice-timer" data-phase={shown.phase} data-seconds={shown.seconds}>
      <span className="notice__timer-label">{t('notice.timerLabel')}</span>
      <span className="notice__time">
        {shown.phase === 'up' ? t('notice.timeUp') : shown.text}
      </span>
      <span className="visually-hidden" aria-live="polite" data-testid="notice-announce">
        {announcement}
      </span>
    </div>
  );
}
