import { describe, expect, it } from 'vitest';
import {
  bannerToSend,
  betterSample,
  CLOCK_SAMPLE_TTL_MS,
  clockSample,
  formatCountdown,
  parseMinutes,
  parseVotes,
  remainingMs,
  timerSummary,
  votingSummary,
} from '../../client/src/overview/facilitation.ts';

describe('C-O2: countdown text', () => {
  it('C-O2: mm:ss rounded up to the second, h:mm:ss from an hour, 00:00 when over', () => {
    expect(formatCountdown(5 * 60_000)).toBe('05:00');
    expect(formatCountdown(5 * 60_000 - 1)).toBe('05:00');
    expect(formatCountdown(4 * 60_000 + 59_001)).toBe('05:00');
    expect(formatCountdown(4 * 60_000 + 59_000)).toBe('04:59');
    expect(formatCountdown(61_000)).toBe('01:01');
    expect(formatCountdown(1)).toBe('00:01');
    expect(formatCountdown(0)).toBe('00:00');
    expect(formatCountdown(-12_000)).toBe('00:00');
    expect(formatCountdown(Number.NaN)).toBe('00:00');
    expect(formatCountdown(59 * 60_000 + 59_500)).toBe('1:00:00');
    expect(formatCountdown(4 * 3600_000)).toBe('4:00:00');
    expect(formatCountdown(3600_000 + 5 * 60_000 + 7_000)).toBe('1:05:07');
  });
});

describe('C-O2: the custom minutes field', () => {
  it('C-O2: whole and decimal minutes (point or comma) and m:ss become seconds', () => {
    expect(parseMinutes('7')).toBe(420);
    expect(parseMinutes(' 12 ')).toBe(720);
    expect(parseMinutes('2.5')).toBe(150);
    expect(parseMinutes('2,5')).toBe(150);
    expect(parseMinutes('0,5')).toBe(30);
    expect(parseMinutes(',5')).toBe(30);
    expect(parseMinutes('1:30')).toBe(90);
    expect(parseMinutes('0:01')).toBe(1);
    expect(parseMinutes('240')).toBe(4 * 3600);
  });

  it('C-O2: nothing, zero, over four hours, negative and other text are refused', () => {
    for (const bad of ['', '   ', '0', '0,0', '0:00', '241', '240:01', '-3', '1e2', '5 min', 'abc', '1:60', '1:5', '2.5.1', 'Infinity', '0x10']) {
      expect(parseMinutes(bad), bad).toBeNull();
    }
  });

  it('C-O4: votes per participant are a whole number 1..100', () => {
    expect(parseVotes('3')).toBe(3);
    expect(parseVotes(' 100 ')).toBe(100);
    expect(parseVotes('1')).toBe(1);
    for (const bad of ['', '0', '101', '2.5', '-1', 'three', '1e1']) expect(parseVotes(bad), bad).toBeNull();
  });

  it('C-O3: a banner is sent trimmed; blank or over 280 characters is not sent', () => {
    expect(bannerToSend('  Five minutes left  ')).toBe('Five minutes left');
    expect(bannerToSend('   ')).toBeNull();
    expect(bannerToSend('x'.repeat(280))).toBe('x'.repeat(280));
    expect(bannerToSend('x'.repeat(281))).toBeNull();
    expect(bannerToSend(` ${'ж'.repeat(280)} `)).toBe('ж'.repeat(280));
  });
});

describe('C-O1: server clock', () => {
  it('C-O1: a sample keeps the answer\'s offset with the round trip of its request', () => {
    expect(clockSample(9_400, 1_000, 1_200)).toEqual({ offset: 9_400, roundTrip: 200, takenAt: 1_200 });
    expect(clockSample(-1_000, 2_000, 2_000)).toEqual({ offset: -1_000, roundTrip: 0, takenAt: 2_000 });
    expect(clockSample(Number.NaN, 1, 2)).toBeNull();
    expect(clockSample(5, 3, 2)).toBeNull();
  });

  it('C-O1: the sample with the shorter round trip is kept, until it is a minute old', () => {
    const a = clockSample(9_000, 1_000, 1_300)!;
    const b = clockSample(8_000, 2_000, 2_100)!;
    const c = clockSample(7_000, 3_000, 3_500)!;
    expect(betterSample(null, a)).toBe(a);
    expect(betterSample(a, null)).toBe(a);
    expect(betterSample(a, b)).toBe(b);
    expect(betterSample(b, c)).toBe(b);
    const late = clockSample(6_000, 2_100 + CLOCK_SAMPLE_TTL_MS, 2_101 + CLOCK_SAMPLE_TTL_MS + 900)!;
    expect(betterSample(b, late)).toBe(late);
  });

  it('C-O1: time left follows the server clock, not the local one', () => {
    const timer = { endsAt: 1_000_000, seconds: 300 };
    // The local clock is 2 s behind the server: 2 s less remain than the local clock suggests.
    expect(remainingMs(timer, 990_000, 2_000)).toBe(8_000);
    expect(remainingMs(timer, 1_000_000, 0)).toBe(0);
    expect(remainingMs(timer, 1_001_000, 0)).toBe(-1_000);
  });
});

describe('C-O2, C-O4: summaries across groups', () => {
  it('C-O2: the toolbar shows the first timer to end and whether all groups run one timer together', () => {
    const t1 = { endsAt: 5_000, seconds: 300 };
    const t2 = { endsAt: 3_000, seconds: 180 };
    expect(timerSummary([])).toEqual({ first: null, running: 0, total: 0, together: false });
    expect(timerSummary([null, null])).toEqual({ first: null, running: 0, total: 2, together: false });
    expect(timerSummary([t1, { ...t1 }, { ...t1 }])).toEqual({ first: t1, running: 3, total: 3, together: true });
    expect(timerSummary([t1, null, t2])).toEqual({ first: t2, running: 2, total: 3, together: false });
    expect(timerSummary([t1, t2])).toMatchObject({ first: t2, together: false });
  });

  it('C-O4: voting states are counted per state', () => {
    expect(votingSummary([])).toEqual({ idle: 0, open: 0, closed: 0 });
    expect(votingSummary(['open', 'idle', 'open', 'closed'])).toEqual({ idle: 1, open: 2, closed: 1 });
  });
});
