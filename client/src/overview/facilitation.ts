/**
 * Pure helpers for the facilitator's controls in the overview (SPEC C-O rules): countdown text,
 * the custom-minutes field, the server clock offset and summaries across groups. No DOM, no React.
 */
import { MAX_BANNER_LENGTH, MAX_TIMER_SECONDS, MAX_VOTES_PER_PARTICIPANT } from '@causeway/shared';
import type { NoticeTimer, VotingState } from '@causeway/shared';
import { formatSeconds } from '../board/facilitation.ts';

/** The timer presets on the toolbar and on each card, in minutes. */
export const TIMER_PRESETS = [3, 5, 10, 15] as const;

/**
 * C-O2: remaining milliseconds as `mm:ss` (`h:mm:ss` from an hour), rounded UP to the second, so a
 * fresh 5-minute timer reads 05:00 and 00:00 appears only when the time is really up.
 */
export function formatCountdown(remainingMs: number): string {
  return formatSeconds(Number.isFinite(remainingMs) && remainingMs > 0 ? Math.ceil(remainingMs / 1000) : 0);
}

/**
 * C-O2: the custom minutes field -> whole seconds, or null when it is not a usable length.
 * Accepts `7`, `2.5` or `2,5` (a decimal comma, as typed in pl, bg, lv and hu) and `m:ss`;
 * the result must be 1 s .. MAX_TIMER_SECONDS.
 */
export function parseMinutes(input: string): number | null {
  const text = input.trim();
  let seconds: number;
  const clock = /^(\d{1,3}):([0-5]\d)$/.exec(text);
  if (clock) {
    seconds = Number(clock[1]) * 60 + Number(clock[2]);
  } else if (/^(\d{1,3}([.,]\d*)?|[.,]\d+)$/.test(text)) {
    seconds = Math.round(Number(text.replace(',', '.')) * 60);
  } else {
    return null;
  }
  return Number.isInteger(seconds) && seconds >= 1 && seconds <= MAX_TIMER_SECONDS ? seconds : null;
}

/** C-O4: the votes-per-participant field -> 1..100, or null. */
export function parseVotes(input: string): number | null {
  const text = input.trim();
  if (!/^\d{1,3}$/.test(text)) return null;
  const votes = Number(text);
  return votes >= 1 && votes <= MAX_VOTES_PER_PARTICIPANT ? votes : null;
}

/** C-O3: what the banner field would send: trimmed, or null when blank or too long. */
export function bannerToSend(input: string): string | null {
  const text = input.trim();
  return text !== '' && text.length <= MAX_BANNER_LENGTH ? text : null;
}

/** One reading of the server clock, from an API answer (its `clockOffset`, FACILITATION.md). */
export interface ClockSample {
  /** Server ms minus local ms. */
  offset: number;
  /** Round trip of the request; the smaller, the more exact the offset. */
  roundTrip: number;
  /** Local ms when the answer came. */
  takenAt: number;
}

/** C-O1: a sample from an answer's offset and when its request left and its answer came (local ms). */
export function clockSample(offset: number, sentAt: number, receivedAt: number): ClockSample | null {
  if (!Number.isFinite(offset) || !Number.isFinite(sentAt) || !Number.isFinite(receivedAt) || receivedAt < sentAt) return null;
  return { offset, roundTrip: receivedAt - sentAt, takenAt: receivedAt };
}

/** A sample older than this is replaced by any newer one (clocks drift, laptops sleep). */
export const CLOCK_SAMPLE_TTL_MS = 60_000;

/** C-O1: keep the sample with the shorter round trip, unless the kept one is stale. */
export function betterSample(kept: ClockSample | null, next: ClockSample | null): ClockSample | null {
  if (!next) return kept;
  if (!kept) return next;
  if (next.takenAt - kept.takenAt > CLOCK_SAMPLE_TTL_MS) return next;
  return next.roundTrip <= kept.roundTrip ? next : kept;
}

/** Milliseconds left on a timer for a local clock reading and a server offset (negative: over). */
export function remainingMs(timer: NoticeTimer, localNow: number, offset: number): number {
  return timer.endsAt - (localNow + offset);
}

export interface TimerSummary {
  /** The timer that ends first among the groups that have one (stopped groups do not count). */
  first: NoticeTimer | null;
  /** Groups with a timer. */
  running: number;
  /** Groups in all. */
  total: number;
  /** Every group has a timer and they all end at the same moment (started together). */
  together: boolean;
}

/** C-O2: the toolbar's view of every group's timer. */
export function timerSummary(timers: readonly (NoticeTimer | null)[]): TimerSummary {
  let first: NoticeTimer | null = null;
  const ends = new Set<number>();
  let running = 0;
  for (const timer of timers) {
    if (!timer) continue;
    running += 1;
    ends.add(timer.endsAt);
    if (!first || timer.endsAt < first.endsAt) first = timer;
  }
  return { first, running, total: timers.length, together: running > 0 && running === timers.length && ends.size === 1 };
}

/** C-O4: how many groups are in each voting state. */
export function votingSummary(states: readonly VotingState[]): Record<VotingState, number> {
  const counts: Record<VotingState, number> = { idle: 0, open: 0, closed: 0 };
  for (const state of states) counts[state] += 1;
  return counts;
}
