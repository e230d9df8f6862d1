/**
 * The client's wrappers of the facilitation API (client/src/lobby/api.ts) against a real server:
 * facilitate(), getWorkshop().now / clockOffset, downloadActionsCsv(); and how they read answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNotice, votingStatus } from '@causeway/shared';
import {
  ApiError,
  actionsCsvPath,
  downloadActionsCsv,
  facilitate,
  getWorkshop,
  readFacilitateResult,
  readNoticeAnswer,
  readVotingStatus,
  readWorkshop,
  serverClockOffset,
} from '../../client/src/lobby/api.ts';
import type { RunningServer } from '../../server/src/index.ts';
import { createMemoryStore } from '../../server/src/store/memory.ts';
import { connect, createWorkshop, start, untilDoc, type CreatedWorkshop } from '../server/helpers.ts';

let server: RunningServer;
let store: ReturnType<typeof createMemoryStore>;
let w: CreatedWorkshop;
const realFetch = globalThis.fetch;

beforeAll(async () => {
  store = createMemoryStore();
  server = await start({ store });
  w = await createWorkshop(server, { groups: ['Grupa A', 'Grupa B'], locale: 'pl' });
  // The wrappers call same-origin paths, as in the browser; here they go to the test server.
  globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) =>
    realFetch(typeof input === 'string' && input.startsWith('/') ? server.url + input : input, init)) as typeof fetch;
});

afterAll(async () => {
  globalThis.fetch = realFetch;
  await server.close();
  await store.close();
});

describe('client facilitation API', () => {
  it('M-F20, S30: facilitate() changes every group and reads the answer; a board sees it', async () => {
    const board = connect(server, w.id, w.groups[1]!.id, w.tokens.participant);
    try {
      await board.synced;
      const result = await facilitate(w.id, w.tokens.facilitator, { voting: { action: 'start', votesPerParticipant: 2 }, timer: { seconds: 600 }, banner: { text: 'Głosujemy!' } });
      expect(result.groups.map((g) => g.id)).toEqual(w.groups.map((g) => g.id));
      expect(Math.abs(result.clockOffset)).toBeLessThan(1000); // same machine
      for (const g of result.groups) {
        expect(g.voting).toEqual({ state: 'open', votesPerParticipant: 2, allowMultiple: false, visibility: 'hidden' });
        expect(g.notice).toEqual({ banner: 'Głosujemy!', bannerAt: result.now, timer: { endsAt: result.now + 600_000, seconds: 600 } });
      }
      await untilDoc(board.doc, (doc) => readNotice(doc).banner === 'Głosujemy!' && votingStatus(doc).state === 'open', 'the board to see it');
      expect(readNotice(board.doc)).toEqual(result.groups[1]!.notice);
    } finally {
      board.destroy();
    }
  });

  it('S30: facilitate() turns refusals into ApiError: invalid with details, forbidden for a participant', async () => {
    const invalid = await facilitate(w.id, w.tokens.facilitator, { timer: { seconds: 0 } }).catch((err: unknown) => err);
    expect(invalid).toBeInstanceOf(ApiError);
    expect((invalid as ApiError).kind).toBe('invalid');
    expect((invalid as ApiError).details.map((d) => d.path)).toEqual(['$.timer.seconds']);
    const forbidden = await facilitate(w.id, w.tokens.participant, { banner: { clear: true } }).catch((err: unknown) => err);
    expect((forbidden as ApiError).kind).toBe('forbidden');
    const unknown = await facilitate(w.id, w.tokens.facilitator, { groups: ['nope'], banner: { clear: true } }).catch((err: unknown) => err);
    expect((unknown as ApiError).status).toBe(404);
  });

  it('S16: getWorkshop() carries the server clock and an offset near 0 on one machine', async () => {
    const before = Date.now();
    const info = await getWorkshop(w.id, w.tokens.viewer);
    expect(info.now).toBeGreaterThanOrEqual(before);
    expect(info.now).toBeLessThanOrEqual(Date.now());
    expect(Math.abs(info.clockOffset)).toBeLessThan(1000);
  });

  it('S31: downloadActionsCsv() answers the CSV with its BOM, in the asked language', async () => {
    expect(actionsCsvPath('w 1', 'g/2', 'hu')).toBe('/api/workshops/w%201/groups/g%2F2/actions.csv?lang=hu');
    expect(actionsCsvPath('w', 'g')).toBe('/api/workshops/w/groups/g/actions.csv');
    const blob = await downloadActionsCsv(w.id, w.tokens.viewer, w.groups[0]!.id);
    expect(blob.type).toMatch(/^text\/csv/);
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe('\uFEFFPrzyczyna,Kategoria,Priorytet,Głosy,Działanie,Odpowiedzialny,Termin,Status\r\n');
    const hu = await (await downloadActionsCsv(w.id, w.tokens.viewer, w.groups[0]!.id, 'hu')).text();
    expect(hu.replace(/^\uFEFF/, '').split(',')[0]).toBe('Ok');
  });

  it('M-F20: answers are read tolerantly: bad values become defaults or null; the clock offset is the midpoint estimate', () => {
    expect(serverClockOffset(10_500, 1_000, 2_000)).toBe(9_000);
    expect(readWorkshop({ now: 'soon' }, 100, 300)).toMatchObject({ now: 200, clockOffset: 0 });
    expect(readWorkshop({ now: 5_000 }, 100, 300)).toMatchObject({ now: 5_000, clockOffset: 4_800 });
    expect(readVotingStatus({ state: 'paused', votesPerParticipant: 0, allowMultiple: 'yes', visibility: 'secret' })).toEqual({
      state: 'idle',
      votesPerParticipant: 3,
      allowMultiple: false,
      visibility: 'hidden',
    });
    expect(readNoticeAnswer({ banner: '  ', bannerAt: 5, timer: { endsAt: 10, seconds: 0 } })).toEqual({ banner: null, bannerAt: null, timer: null });
    expect(readNoticeAnswer({ banner: 'Hi', bannerAt: -1, timer: { endsAt: 10, seconds: 60 } })).toEqual({ banner: 'Hi', bannerAt: null, timer: { endsAt: 10, seconds: 60 } });
    expect(readFacilitateResult({ now: 1_000, groups: [{ id: 'g1' }, { nope: true }, null] }, 900, 1_000).groups).toEqual([
      { id: 'g1', voting: { state: 'idle', votesPerParticipant: 3, allowMultiple: false, visibility: 'hidden' }, notice: { banner: null, bannerAt: null, timer: null } },
    ]);
    expect(readFacilitateResult(null).groups).toEqual([]);
  });
});
