import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  MAX_BANNER_LENGTH,
  MAX_TIMER_SECONDS,
  NOTICE_MAP,
  checkDocument,
  createOrigin,
  readNotice,
  readTree,
  setBanner,
  startTimer,
  stopTimer,
} from '../../shared/src/index.ts';
import { sampleDoc } from './helpers.ts';

const SERVER = createOrigin('server', 'test');
const T0 = 1_800_000_000_000;

function recordTransactions(doc: Y.Doc): unknown[] {
  const origins: unknown[] = [];
  doc.on('afterTransaction', (tr: Y.Transaction) => {
    if (tr.changed.size > 0) origins.push(tr.origin);
  });
  return origins;
}

describe('notice (M-F20)', () => {
  it('M-F20: a document without a notice reads as empty', () => {
    const { doc } = sampleDoc();
    expect(readNotice(doc)).toEqual({ banner: null, bannerAt: null, timer: null });
  });

  it('M-F20: setBanner shows trimmed text with its time, replaces and clears it; one transaction each with the origin', () => {
    const { doc } = sampleDoc();
    const origins = recordTransactions(doc);
    setBanner(doc, '  Five minutes left  ', T0, SERVER);
    expect(readNotice(doc)).toEqual({ banner: 'Five minutes left', bannerAt: T0, timer: null });
    setBanner(doc, 'Zostało 5 minut – świetnie!', T0 + 1, SERVER);
    expect(readNotice(doc).banner).toBe('Zostało 5 minut – świetnie!');
    expect(readNotice(doc).bannerAt).toBe(T0 + 1);
    setBanner(doc, null, T0 + 2, SERVER);
    expect(readNotice(doc)).toEqual({ banner: null, bannerAt: null, timer: null });
    expect(origins).toEqual([SERVER, SERVER, SERVER]);
    expect(doc.getMap(NOTICE_MAP).size).toBe(0);
  });

  it('M-F20: nothing is written when nothing changes', () => {
    const { doc } = sampleDoc();
    setBanner(doc, 'Hello', T0);
    startTimer(doc, 60, T0);
    const origins = recordTransactions(doc);
    let updates = 0;
    doc.on('update', () => updates++);
    setBanner(doc, 'Hello', T0);
    startTimer(doc, 60, T0);
    stopTimer(doc);
    stopTimer(doc);
    setBanner(doc, null, T0);
    setBanner(doc, null, T0);
    // Only the first stop and the first clear wrote something.
    expect(origins).toHaveLength(2);
    expect(updates).toBe(2);
  });

  it('M-F20: setBanner refuses blank, too long and non-string text and a bad time, writing nothing', () => {
    const { doc } = sampleDoc();
    let updates = 0;
    doc.on('update', () => updates++);
    expect(() => setBanner(doc, '', T0)).toThrow(RangeError);
    expect(() => setBanner(doc, '   \n\t', T0)).toThrow(RangeError);
    expect(() => setBanner(doc, 'x'.repeat(MAX_BANNER_LENGTH + 1), T0)).toThrow(RangeError);
    expect(() => setBanner(doc, 42 as unknown as string, T0)).toThrow(RangeError);
    expect(() => setBanner(doc, 'ok', Number.NaN)).toThrow(RangeError);
    expect(() => setBanner(doc, 'ok', -1)).toThrow(RangeError);
    expect(updates).toBe(0);
    setBanner(doc, 'x'.repeat(MAX_BANNER_LENGTH), T0);
    expect(readNotice(doc).banner).toHaveLength(MAX_BANNER_LENGTH);
  });

  it('M-F20: startTimer stores the end in server time; restart replaces it; stopTimer removes it', () => {
    const { doc } = sampleDoc();
    const origins = recordTransactions(doc);
    startTimer(doc, 300, T0, SERVER);
    expect(readNotice(doc).timer).toEqual({ endsAt: T0 + 300_000, seconds: 300 });
    startTimer(doc, MAX_TIMER_SECONDS, T0 + 5, SERVER);
    expect(readNotice(doc).timer).toEqual({ endsAt: T0 + 5 + MAX_TIMER_SECONDS * 1000, seconds: MAX_TIMER_SECONDS });
    stopTimer(doc, SERVER);
    expect(readNotice(doc).timer).toBeNull();
    expect(origins).toEqual([SERVER, SERVER, SERVER]);
  });

  it('M-F20: startTimer refuses seconds outside 1..MAX_TIMER_SECONDS, fractions and a bad clock', () => {
    const { doc } = sampleDoc();
    for (const seconds of [0, -5, MAX_TIMER_SECONDS + 1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '60' as unknown as number]) {
      expect(() => startTimer(doc, seconds, T0)).toThrow(RangeError);
    }
    expect(() => startTimer(doc, 60, Number.NaN)).toThrow(RangeError);
    expect(readNotice(doc).timer).toBeNull();
    expect(doc.getMap(NOTICE_MAP).size).toBe(0);
  });

  it('M-F20: banner and timer are independent', () => {
    const { doc } = sampleDoc();
    startTimer(doc, 60, T0);
    setBanner(doc, 'Wrap up', T0 + 10);
    stopTimer(doc);
    expect(readNotice(doc)).toEqual({ banner: 'Wrap up', bannerAt: T0 + 10, timer: null });
    startTimer(doc, 120, T0 + 20);
    setBanner(doc, null, T0 + 30);
    expect(readNotice(doc)).toEqual({ banner: null, bannerAt: null, timer: { endsAt: T0 + 20 + 120_000, seconds: 120 } });
  });

  it('M-F20: readNotice tolerates malformed values (each reads as null) and M-F3 reports them', () => {
    const { doc } = sampleDoc();
    const map = doc.getMap<unknown>(NOTICE_MAP);
    map.set('banner', 7);
    map.set('bannerAt', 'yesterday');
    map.set('timerEndsAt', T0);
    map.set('timerSeconds', 0);
    map.set('futureField', { anything: true });
    expect(readNotice(doc)).toEqual({ banner: null, bannerAt: null, timer: null });
    const result = checkDocument(doc);
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.errors.map((e) => e.path).sort();
    expect(paths).toEqual(['notice.banner', 'notice.bannerAt', 'notice.timerSeconds']);

    map.set('banner', '   ');
    expect(readNotice(doc).banner).toBeNull();
    map.set('banner', 'y'.repeat(MAX_BANNER_LENGTH + 1));
    expect(readNotice(doc).banner).toBeNull();
    map.set('banner', 'fine');
    expect(readNotice(doc)).toEqual({ banner: 'fine', bannerAt: null, timer: null });
    map.set('timerSeconds', 30);
    map.set('timerEndsAt', Number.NaN);
    expect(readNotice(doc).timer).toBeNull();
    map.delete('timerEndsAt');
    expect(readNotice(doc).timer).toBeNull();
  });

  it('M-F3: a valid notice passes checkDocument and is not part of readTree', () => {
    const { doc } = sampleDoc();
    const before = readTree(doc);
    setBanner(doc, 'Hello', T0);
    startTimer(doc, 90, T0);
    expect(checkDocument(doc)).toEqual({ ok: true });
    expect(readTree(doc)).toEqual(before);
  });

  it('M-F20: a notice syncs to another replica', () => {
    const { doc } = sampleDoc();
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    doc.on('update', (update: Uint8Array) => Y.applyUpdate(peer, update));
    setBanner(doc, 'Break until 11:00', T0);
    startTimer(doc, 600, T0);
    expect(readNotice(peer)).toEqual(readNotice(doc));
  });
});
