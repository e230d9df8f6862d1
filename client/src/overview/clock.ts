import { useEffect, useState, useSyncExternalStore } from 'react';
import type { NoticeTimer } from '@causeway/shared';
import { betterSample, clockSample, remainingMs } from './facilitation.ts';
import type { ClockSample } from './facilitation.ts';

/**
 * C-O1: the server's clock as this page knows it, from the `clockOffset` of API answers (the
 * workshop poll and every facilitate call). A class because it keeps the best sample so far.
 */
export class ServerClock {
  private sample: ClockSample | null = null;
  private readonly listeners = new Set<() => void>();

  /** Records an answer's offset; `sentAt`/`receivedAt` (local ms) bracket its request. */
  record(offset: number, sentAt: number, receivedAt: number): void {
    const kept = betterSample(this.sample, clockSample(offset, sentAt, receivedAt));
    if (kept === this.sample) return;
    const moved = kept?.offset !== this.sample?.offset;
    this.sample = kept;
    if (moved) for (const listener of this.listeners) listener();
  }

  /** Server ms minus local ms (0 until an answer came). */
  offset = (): number => this.sample?.offset ?? 0;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

/**
 * Milliseconds left on `timer` by the server's clock, re-rendering exactly when the shown second
 * changes (and not at all without a timer or once it is over).
 */
export function useRemaining(timer: NoticeTimer | null, clock: ServerClock): number | null {
  const offset = useSyncExternalStore(clock.subscribe, clock.offset, clock.offset);
  const endsAt = timer?.endsAt ?? null;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (endsAt === null) return;
    let handle: ReturnType<typeof setTimeout> | undefined;
    const tick = () => {
      const t = Date.now();
      setNow(t);
      const left = remainingMs({ endsAt, seconds: 0 }, t, offset);
      // Wake just after the next whole second of the remaining time.
      if (left > 0) handle = setTimeout(tick, (left % 1000 || 1000) + 15);
    };
    tick();
    return () => clearTimeout(handle);
  }, [endsAt, offset]);
  return endsAt === null ? null : remainingMs({ endsAt, seconds: 0 }, now, offset);
}
