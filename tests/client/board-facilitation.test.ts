import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCategory, addCause, castVote, createLocalOrigin, editText, isParticipantId, setPriority, startVoting, addLink } from '@causeway/shared';
import type { ParticipantId } from '@causeway/shared';
import { loadParticipantId, newParticipantId, PARTICIPANT_KEY } from '../../client/src/identity.ts';
import { bannerVisible, changesMoreThanText, countdown, formatSeconds, MARK_KEYS, timerAnnouncement, VOTE_REFUSAL_KEYS } from '../../client/src/board/facilitation.ts';
import { en } from '../../client/src/i18n/en.ts';
import { serverClockOffset } from '../../client/src/lobby/api.ts';

class MemoryStore {
  data = new Map<string, string>();
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
}

const lookup = (key: string): unknown => key.split('.').reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part], en);

describe('C-F1: a participant id per device', () => {
  it('C-F1: made once, valid for isParticipantId, and kept in causeway.participant', () => {
    const store = new MemoryStore();
    const first = loadParticipantId(store);
    expect(isParticipantId(first)).toBe(true);
    expect(store.getItem(PARTICIPANT_KEY)).toBe(first);
    expect(loadParticipantId(store)).toBe(first);
  });

  it('C-F1: a stored value that is not a valid id is replaced', () => {
    const store = new MemoryStore();
    store.setItem(PARTICIPANT_KEY, 'not valid/🙂');
    const id = loadParticipantId(store, () => 'fresh_id' as ParticipantId);
    expect(id).toBe('fresh_id');
    expect(store.getItem(PARTICIPANT_KEY)).toBe('fresh_id');
  });

  it('C-F1: new ids are random, 23 characters of [A-Za-z0-9_-]', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newParticipantId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^p[A-Za-z0-9_-]{22}$/);
  });
});

describe('C-F7: the countdown', () => {
  it('C-F7: the clock offset is the server time minus the middle of the request', () => {
    expect(serverClockOffset(10_500, 1_000, 2_000)).toBe(9_000);
    expect(serverClockOffset(1_500, 1_000, 2_000)).toBe(0);
  });

  it('C-F7: mm:ss, h:mm:ss from an hour on, rounded up to whole seconds', () => {
    expect(formatSeconds(0)).toBe('00:00');
    expect(formatSeconds(65)).toBe('01:05');
    expect(formatSeconds(3600)).toBe('1:00:00');
    expect(countdown({ endsAt: 10_000, seconds: 300 }, 9_001)).toEqual({ seconds: 1, text: '00:01', phase: 'lastMinute' });
    expect(countdown({ endsAt: 100_000, seconds: 300 }, 100_000 - 61_000).phase).toBe('running');
    expect(countdown({ endsAt: 100_000, seconds: 300 }, 100_000 - 60_000).phase).toBe('lastMinute');
    expect(countdown({ endsAt: 100_000, seconds: 300 }, 100_000)).toEqual({ seconds: 0, text: '00:00', phase: 'up' });
    expect(countdown({ endsAt: 100_000, seconds: 300 }, 200_000).seconds).toBe(0);
    // A clock offset slightly off never shows more than was set.
    expect(countdown({ endsAt: 100_000, seconds: 60 }, 100_000 - 60_400)).toEqual({ seconds: 60, text: '01:00', phase: 'lastMinute' });
  });

  it('C-F7: screen readers hear the last minute and the end once, not a page opened mid-phase', () => {
    expect(timerAnnouncement(undefined, 'lastMinute')).toBeNull();
    expect(timerAnnouncement(undefined, 'up')).toBeNull();
    expect(timerAnnouncement('running', 'running')).toBeNull();
    expect(timerAnnouncement('running', 'lastMinute')).toBe('oneMinute');
    expect(timerAnnouncement('lastMinute', 'up')).toBe('timeUp');
    expect(timerAnnouncement('running', 'up')).toBe('timeUp');
    expect(timerAnnouncement('lastMinute', 'lastMinute')).toBeNull();
  });

  it('C-F7: a dismissed banner stays away until a new one is sent', () => {
    const notice = { banner: 'Back in 5', bannerAt: 1_000, timer: null };
    expect(bannerVisible(notice, null)).toBe(true);
    expect(bannerVisible(notice, 1_000)).toBe(false);
    expect(bannerVisible({ ...notice, bannerAt: 2_000 }, 1_000)).toBe(true);
    expect(bannerVisible({ banner: null, bannerAt: null, timer: null }, null)).toBe(false);
  });
});

describe('C-F2: votes are recomputed only when more than label texts change (issue 4)', () => {
  it('C-F2: typing into a label is text only; a vote, a mark, a link or a new cause is not', () => {
    const doc = new Y.Doc();
    const origin = createLocalOrigin();
    const category = addCategory(doc, 'People', undefined, origin);
    const cause = addCause(doc, category, 'Skills', undefined, origin);
    startVoting(doc);
    const seen: boolean[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => seen.push(changesMoreThanText(tr)));
    editText(doc, cause, 'Skills gap', origin);
    expect(seen).toEqual([false]);
    castVote(doc, 'p1' as ParticipantId, cause, origin);
    setPriority(doc, cause, 'confirmed', origin);
    addLink(doc, cause, category, origin);
    addCause(doc, category, 'Turnover', undefined, origin);
    expect(seen).toEqual([false, true, true, true, true]);
  });
});

describe('C-F2, C-F4: translated refusals and marks', () => {
  it('C-F2: every refusal of castVote and every mark has an English text', () => {
    for (const key of [...Object.values(VOTE_REFUSAL_KEYS), ...Object.values(MARK_KEYS)]) expect(typeof lookup(key), key).toBe('string');
  });
});
