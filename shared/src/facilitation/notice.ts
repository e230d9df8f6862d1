/**
 * M-F20: the facilitator's notice to a group — a countdown timer and a short message banner —
 * kept in the root map `notice` of each group's Y.Doc. Only the server writes it (its HTTP API,
 * facilitator only); every board and projector reads it. Flat keys, like `voting` (M-F1).
 */
import type * as Y from 'yjs';
import { DEFAULT_ORIGIN } from '../model/origin.ts';
import type { Origin } from '../model/origin.ts';
import type { DocumentError } from '../model/validate.ts';

export const NOTICE_MAP = 'notice';
/** Longest banner, in UTF-16 code units. */
export const MAX_BANNER_LENGTH = 280;
/** Longest countdown: four hours. */
export const MAX_TIMER_SECONDS = 4 * 3600;

export const NOTICE_FIELDS = {
  banner: 'banner',
  bannerAt: 'bannerAt',
  timerEndsAt: 'timerEndsAt',
  timerSeconds: 'timerSeconds',
} as const;

export interface NoticeTimer {
  /** When the countdown reaches zero, in SERVER epoch ms (clients correct by their clock offset). */
  endsAt: number;
  /** The length it was started with. */
  seconds: number;
}

export interface Notice {
  banner: string | null;
  /** When the banner was sent (server epoch ms); null without a banner. */
  bannerAt: number | null;
  timer: NoticeTimer | null;
}

const noticeOf = (doc: Y.Doc) => doc.getMap<unknown>(NOTICE_MAP);

const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isBanner = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '' && value.length <= MAX_BANNER_LENGTH;
const isTimerSeconds = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_TIMER_SECONDS;

/** The notice, with null for anything missing or malformed (a timer needs both of its fields). */
export function readNotice(doc: Y.Doc): Notice {
  const map = noticeOf(doc);
  const banner = map.get(NOTICE_FIELDS.banner);
  const bannerAt = map.get(NOTICE_FIELDS.bannerAt);
  const endsAt = map.get(NOTICE_FIELDS.timerEndsAt);
  const seconds = map.get(NOTICE_FIELDS.timerSeconds);
  const hasBanner = isBanner(banner);
  return {
    banner: hasBanner ? banner : null,
    bannerAt: hasBanner && isTime(bannerAt) ? bannerAt : null,
    timer: isTime(endsAt) && isTimerSeconds(seconds) ? { endsAt, seconds } : null,
  };
}

function requireTime(value: unknown, what: string): asserts value is number {
  if (!isTime(value)) throw new RangeError(`${what} must be epoch milliseconds (a finite number >= 0), got ${JSON.stringify(value)}`);
}

/** Writes the given keys (undefined deletes) in one transaction, only those that differ; nothing when none does. */
function writeNotice(doc: Y.Doc, values: Record<string, string | number | undefined>, origin: Origin): void {
  const map = noticeOf(doc);
  const changes = Object.entries(values).filter(([key, value]) => (value === undefined ? map.has(key) : map.get(key) !== value));
  if (changes.length === 0) return;
  doc.transact(() => {
    for (const [key, value] of changes) {
      if (value === undefined) map.delete(key);
      else map.set(key, value);
    }
  }, origin);
}

/**
 * M-F20: shows `text` (trimmed; 1..MAX_BANNER_LENGTH code units, else RangeError) as the banner,
 * sent at `at` (server epoch ms); null clears the banner.
 */
export function setBanner(doc: Y.Doc, text: string | null, at: number, origin: Origin = DEFAULT_ORIGIN): void {
  if (text === null) {
    writeNotice(doc, { [NOTICE_FIELDS.banner]: undefined, [NOTICE_FIELDS.bannerAt]: undefined }, origin);
    return;
  }
  if (typeof text !== 'string') throw new RangeError(`banner must be a string or null, got ${JSON.stringify(text)}`);
  const trimmed = text.trim();
  if (trimmed === '') throw new RangeError('banner must not be blank (use null to clear it)');
  if (trimmed.length > MAX_BANNER_LENGTH) throw new RangeError(`banner is longer than ${MAX_BANNER_LENGTH} characters`);
  requireTime(at, 'banner time');
  writeNotice(doc, { [NOTICE_FIELDS.banner]: trimmed, [NOTICE_FIELDS.bannerAt]: at }, origin);
}

/** M-F20: starts (or restarts) a countdown of `seconds` (a whole number 1..MAX_TIMER_SECONDS) from `now` (server epoch ms). */
export function startTimer(doc: Y.Doc, seconds: number, now: number, origin: Origin = DEFAULT_ORIGIN): void {
  if (!isTimerSeconds(seconds)) {
    throw new RangeError(`timer seconds must be a whole number from 1 to ${MAX_TIMER_SECONDS}, got ${JSON.stringify(seconds)}`);
  }
  requireTime(now, 'timer start');
  writeNotice(doc, { [NOTICE_FIELDS.timerEndsAt]: now + seconds * 1000, [NOTICE_FIELDS.timerSeconds]: seconds }, origin);
}

/** M-F20: removes the countdown; writes nothing when there is none. */
export function stopTimer(doc: Y.Doc, origin: Origin = DEFAULT_ORIGIN): void {
  writeNotice(doc, { [NOTICE_FIELDS.timerEndsAt]: undefined, [NOTICE_FIELDS.timerSeconds]: undefined }, origin);
}

/** M-F3/M-F20: schema errors in the `notice` map (part of checkDocument, M18); unknown keys are allowed. */
export function checkNotice(doc: Y.Doc): DocumentError[] {
  const errors: DocumentError[] = [];
  const map = noticeOf(doc);
  const check = (key: string, ok: (v: unknown) => boolean, message: string) => {
    const value = map.get(key);
    if (value !== undefined && !ok(value)) errors.push({ path: `${NOTICE_MAP}.${key}`, message });
  };
  check(NOTICE_FIELDS.banner, isBanner, `must be a non-blank string of at most ${MAX_BANNER_LENGTH} characters`);
  check(NOTICE_FIELDS.bannerAt, isTime, 'must be epoch milliseconds (a finite number >= 0)');
  check(NOTICE_FIELDS.timerEndsAt, isTime, 'must be epoch milliseconds (a finite number >= 0)');
  check(NOTICE_FIELDS.timerSeconds, isTimerSeconds, `must be a whole number from 1 to ${MAX_TIMER_SECONDS}`);
  return errors;
}
