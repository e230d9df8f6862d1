/**
 * The facilitator's HTTP controls (S30) through a real server, watched by stock y-websocket
 * clients: voting, timer and banner arrive in every group's document; roles and bad bodies are refused.
 */
import { describe, expect, it } from 'vitest';
import { MAX_BANNER_LENGTH, MAX_TIMER_SECONDS, checkDocument, readNotice, votingStatus } from '@causeway/shared';
import { createMemoryStore } from '../../server/src/store/memory.ts';
import { createWorkshop, facilitate, serverTestKit, start, untilDoc } from './helpers.ts';

const { setup, client, later } = serverTestKit();

describe('POST /api/workshops/:w/facilitate', () => {
  it('S30: a participant sees voting open, the timer and the banner arrive; the answer carries the server clock and the new state', async () => {
    const server = await setup();
    const w = await createWorkshop(server, { groups: ['A', 'B'] });
    const [a, b] = w.groups.map((g) => g.id) as [string, string];
    const anna = client(server, w.id, a, w.tokens.participant);
    await anna.synced;

    const before = Date.now();
    const answer = await facilitate(server, w, {
      groups: [a],
      voting: { action: 'start', votesPerParticipant: 5, allowMultiple: true, visibility: 'live' },
      timer: { seconds: 300 },
      banner: { text: '  Vote for the three causes that matter most  ' },
    });
    const after = Date.now();
    expect(answer.status).toBe(200);
    const now = answer.body.now!;
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(after);
    expect(answer.body.groups).toEqual([
      {
        id: a,
        voting: { state: 'open', votesPerParticipant: 5, allowMultiple: true, visibility: 'live' },
        notice: { banner: 'Vote for the three causes that matter most', bannerAt: now, timer: { endsAt: now + 300_000, seconds: 300 } },
      },
    ]);

    await untilDoc(anna.doc, (doc) => votingStatus(doc).state === 'open' && readNotice(doc).timer !== null && readNotice(doc).banner !== null, 'voting, timer and banner');
    expect(votingStatus(anna.doc)).toEqual(answer.body.groups![0]!.voting);
    expect(readNotice(anna.doc)).toEqual(answer.body.groups![0]!.notice);
    expect(checkDocument(anna.doc)).toEqual({ ok: true });

    // Only the named group changed: B is untouched.
    const bob = client(server, w.id, b, w.tokens.participant);
    await bob.synced;
    expect(votingStatus(bob.doc).state).toBe('idle');
    expect(readNotice(bob.doc)).toEqual({ banner: null, bannerAt: null, timer: null });
  });

  it('S30: without groups every group is changed; stop, clear, close and reset', async () => {
    const server = await setup();
    const w = await createWorkshop(server, { groups: ['A', 'B', 'C'] });
    const ids = w.groups.map((g) => g.id);
    const watchers = ids.map((g) => client(server, w.id, g, w.tokens.participant));
    await Promise.all(watchers.map((c) => c.synced));

    const started = await facilitate(server, w, { voting: { action: 'start' }, timer: { seconds: 60 }, banner: { text: 'Start!' } });
    expect(started.status).toBe(200);
    expect(started.body.groups!.map((g) => g.id)).toEqual(ids);
    for (const g of started.body.groups!) {
      expect(g.voting).toEqual({ state: 'open', votesPerParticipant: 3, allowMultiple: false, visibility: 'hidden' });
      expect(g.notice.timer).toEqual({ endsAt: started.body.now! + 60_000, seconds: 60 });
    }
    for (const c of watchers) await untilDoc(c.doc, (doc) => votingStatus(doc).state === 'open' && readNotice(doc).banner === 'Start!', 'every group opened');

    // Starting again while open is not an error and does not change the settings.
    const again = await facilitate(server, w, { voting: { action: 'start', votesPerParticipant: 9 } });
    expect(again.status).toBe(200);
    expect(again.body.groups!.every((g) => g.voting.state === 'open' && g.voting.votesPerParticipant === 3)).toBe(true);

    const closed = await facilitate(server, w, { voting: { action: 'close' }, timer: { stop: true }, banner: { clear: true } });
    expect(closed.status).toBe(200);
    for (const g of closed.body.groups!) {
      expect(g.voting.state).toBe('closed');
      expect(g.notice).toEqual({ banner: null, bannerAt: null, timer: null });
    }
    for (const c of watchers) {
      await untilDoc(c.doc, (doc) => votingStatus(doc).state === 'closed' && readNotice(doc).timer === null && readNotice(doc).banner === null, 'every group closed');
    }
    // Closing what is closed: no error.
    expect((await facilitate(server, w, { voting: { action: 'close' } })).status).toBe(200);

    const reset = await facilitate(server, w, { groups: [ids[1]!, ids[1]!], voting: { action: 'reset' } });
    expect(reset.body.groups!.map((g) => [g.id, g.voting.state])).toEqual([[ids[1], 'idle']]);
    await untilDoc(watchers[1]!.doc, (doc) => votingStatus(doc).state === 'idle', 'group B reset');
    expect(votingStatus(watchers[0]!.doc).state).toBe('closed');
  });

  it('S30: the change is stored: a server restart on the same store keeps it', async () => {
    const store = createMemoryStore();
    later(() => store.close());
    const first = await start({ store });
    const w = await createWorkshop(first);
    expect((await facilitate(first, w, { timer: { seconds: 120 }, banner: { text: 'Kávészünet 11:00-ig' } })).status).toBe(200);
    await first.close();
    const second = await start({ store });
    later(() => second.close());
    const c = client(second, w.id, w.groups[0]!.id, w.tokens.participant);
    await c.synced;
    expect(readNotice(c.doc).banner).toBe('Kávészünet 11:00-ig');
    expect(readNotice(c.doc).timer?.seconds).toBe(120);
  });

  it('S30, S18: a locked group still gets the facilitator\'s voting, timer and banner; its participants see them', async () => {
    const server = await setup();
    const w = await createWorkshop(server);
    const g = w.groups[0]!.id;
    const lock = await fetch(`${server.url}/api/workshops/${w.id}/groups/${g}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${w.tokens.facilitator}` },
      body: JSON.stringify({ locked: true }),
    });
    expect(lock.status).toBe(200);
    const anna = client(server, w.id, g, w.tokens.participant);
    await anna.synced;
    const answer = await facilitate(server, w, { voting: { action: 'start' }, banner: { text: 'Locked, but you can read this' } });
    expect(answer.status).toBe(200);
    await untilDoc(anna.doc, (doc) => votingStatus(doc).state === 'open' && readNotice(doc).banner === 'Locked, but you can read this', 'the notice in a locked group');
  });

  it('S30: a group deleted while its room loads gets 404, and its document is not stored again', async () => {
    const memory = createMemoryStore();
    later(() => memory.close());
    // Loads of one room wait for a gate, so the group can be deleted while facilitate waits for its room.
    let gated = '';
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let reached!: () => void;
    const loading = new Promise<void>((resolve) => (reached = resolve));
    let removed!: () => void;
    const groupRemoved = new Promise<void>((resolve) => (removed = resolve));
    const wrap = <T extends object>(target: T, name: string, fn: (original: (...args: never[]) => Promise<unknown>) => (...args: never[]) => Promise<unknown>): T =>
      new Proxy(target, {
        get(t, key) {
          const value = Reflect.get(t, key, t) as unknown;
          if (typeof value !== 'function') return value;
          const bound = (value as (...args: never[]) => Promise<unknown>).bind(t);
          return key === name ? fn(bound) : bound;
        },
      });
    const rooms = wrap(memory.rooms, 'load', (load) => async (...args) => {
      if (args[0] === gated) {
        reached();
        await gate;
      }
      return load(...args);
    });
    const workshops = wrap(memory.workshops, 'deleteGroup', (deleteGroup) => async (...args) => {
      const result = await deleteGroup(...args);
      removed();
      return result;
    });
    const server = await start({ store: { rooms, workshops, close: () => memory.close() } });
    later(() => server.close());
    const w = await createWorkshop(server, { groups: ['A', 'B'] });
    const b = w.groups[1]!.id;
    gated = `${w.id}/${b}`;
    const answer = facilitate(server, w, { groups: [b], banner: { text: 'too late' } });
    await loading;
    const deleted = fetch(`${server.url}/api/workshops/${w.id}/groups/${b}`, { method: 'DELETE', headers: { authorization: `Bearer ${w.tokens.facilitator}` } });
    // The delete removes the group first, then waits for the room that is loading.
    await groupRemoved;
    open();
    expect((await deleted).status).toBe(204);
    const result = await answer;
    expect(result.status).toBe(404);
    expect(result.body.error!.code).toBe('group_not_found');
    expect(server.rooms.get(gated)).toBeUndefined();
    expect((await memory.rooms.list()).map((r) => r.room)).not.toContain(gated);
  });

  it('S30: participant and viewer get 403; no token 401; wrong token 403; nothing changes', async () => {
    const server = await setup();
    const w = await createWorkshop(server);
    for (const token of [w.tokens.participant, w.tokens.viewer]) {
      const answer = await facilitate(server, w, { banner: { text: 'hi' } }, token);
      expect(answer.status).toBe(403);
      expect(answer.body.error!.code).toBe('forbidden');
    }
    const noToken = await fetch(`${server.url}/api/workshops/${w.id}/facilitate`, { method: 'POST', body: JSON.stringify({ banner: { text: 'hi' } }) });
    expect(noToken.status).toBe(401);
    expect((await facilitate(server, w, { banner: { text: 'hi' } }, 'x'.repeat(43))).status).toBe(403);
    const c = client(server, w.id, w.groups[0]!.id, w.tokens.participant);
    await c.synced;
    expect(readNotice(c.doc).banner).toBeNull();
  });

  it('S30, S23: bad bodies get 400 with every problem and its path; the documents are untouched', async () => {
    const server = await setup();
    const w = await createWorkshop(server);
    const cases: [unknown, string[]][] = [
      [{}, ['$']],
      [{ groups: [] }, ['$.groups', '$']],
      [[], ['$']],
      ['{not json', []],
      [{ voting: { action: 'open' } }, ['$.voting.action']],
      [{ voting: { action: 'start', votesPerParticipant: 0 } }, ['$.voting.votesPerParticipant']],
      [{ voting: { action: 'start', votesPerParticipant: 2.5, visibility: 'secret', allowMultiple: 'yes' } }, ['$.voting.allowMultiple', '$.voting.visibility', '$.voting.votesPerParticipant']],
      [{ timer: { seconds: 0 } }, ['$.timer.seconds']],
      [{ timer: { seconds: MAX_TIMER_SECONDS + 1 } }, ['$.timer.seconds']],
      [{ timer: { seconds: 60, stop: true } }, ['$.timer']],
      [{ timer: { minutes: 5 } }, ['$.timer', '$.timer']],
      [{ banner: { text: '   ' } }, ['$.banner.text']],
      [{ banner: { text: 'x'.repeat(MAX_BANNER_LENGTH + 1) } }, ['$.banner.text']],
      [{ banner: { clear: false } }, ['$.banner.clear']],
      [{ banner: { text: 'ok' }, groups: ['bad id!'] }, ['$.groups[0]']],
      [{ banner: { text: 'ok' }, extra: 1 }, ['$']],
    ];
    for (const [body, paths] of cases) {
      const answer = await facilitate(server, w, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      if (typeof body === 'string') {
        expect(answer.body.error!.code).toBe('invalid_json');
        continue;
      }
      expect(answer.body.error!.code).toBe('invalid_request');
      expect(answer.body.error!.details!.map((d) => d.path).sort(), JSON.stringify(body)).toEqual([...paths].sort());
      for (const d of answer.body.error!.details!) expect(d.message.length).toBeGreaterThan(3);
    }
    const c = client(server, w.id, w.groups[0]!.id, w.tokens.participant);
    await c.synced;
    expect(readNotice(c.doc)).toEqual({ banner: null, bannerAt: null, timer: null });
    expect(votingStatus(c.doc).state).toBe('idle');
  });

  it('S30: an unknown group gets 404 and no group is changed; unknown workshop 404; wrong method 405', async () => {
    const server = await setup();
    const w = await createWorkshop(server, { groups: ['A', 'B'] });
    const a = w.groups[0]!.id;
    const answer = await facilitate(server, w, { groups: [a, 'nosuchgroup'], banner: { text: 'hi' } });
    expect(answer.status).toBe(404);
    expect(answer.body.error!.code).toBe('group_not_found');
    const c = client(server, w.id, a, w.tokens.participant);
    await c.synced;
    expect(readNotice(c.doc).banner).toBeNull();

    const unknown = await fetch(`${server.url}/api/workshops/nosuchworkshop/facilitate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${w.tokens.facilitator}` },
      body: JSON.stringify({ banner: { text: 'hi' } }),
    });
    expect(unknown.status).toBe(404);
    const get = await fetch(`${server.url}/api/workshops/${w.id}/facilitate`, { headers: { authorization: `Bearer ${w.tokens.facilitator}` } });
    expect(get.status).toBe(405);
  });

  it('S30, S23: 200 seeded random bodies never make a server error; every answer is 200, 400 or 404 JSON', async () => {
    const server = await setup();
    const w = await createWorkshop(server, { groups: ['A', 'B'] });
    let seed = 20261129;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
    const values: unknown[] = [null, true, false, 0, -1, 1.5, 60, 1e20, '', ' ', 'x', 'start', 'close', 'reset', 'live', [], {}, ['A'], [w.groups[0]!.id], { seconds: 30 }, { stop: true }, { text: 'hi' }, { clear: true }];
    const keys = ['groups', 'voting', 'timer', 'banner', 'action', 'seconds', 'stop', 'text', 'clear', 'votesPerParticipant', 'visibility', 'allowMultiple', '__proto__', 'constructor'];
    const value = (depth: number): unknown => {
      if (depth > 2 || random() < 0.5) return pick(values);
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(random() * 4); i > 0; i--) object[pick(keys)] = value(depth + 1);
      return object;
    };
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const body = value(0);
      const answer = await facilitate(server, w, body);
      seen.add(answer.status);
      expect([200, 400, 404], JSON.stringify(body)).toContain(answer.status);
      if (answer.status !== 200) expect(typeof answer.body.error?.code).toBe('string');
    }
    expect(seen.has(400)).toBe(true);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('S16: GET /api/workshops/:w answers the server clock as now', async () => {
    const server = await setup();
    const w = await createWorkshop(server);
    const before = Date.now();
    const res = await fetch(`${server.url}/api/workshops/${w.id}`, { headers: { authorization: `Bearer ${w.tokens.viewer}` } });
    const body = (await res.json()) as { now: unknown };
    expect(typeof body.now).toBe('number');
    expect(body.now as number).toBeGreaterThanOrEqual(before);
    expect(body.now as number).toBeLessThanOrEqual(Date.now());
  });
});
