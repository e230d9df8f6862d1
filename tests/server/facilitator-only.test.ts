/**
 * S32: voting and the notice are the facilitator's. A participant's update that changes them is
 * reverted by the server (stock y-websocket clients, real server); votes, marks and every other
 * edit still work, and a participant's import cannot change voting.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  NOTICE_MAP,
  VOTING_MAP,
  addCategory,
  castVote,
  closeVoting,
  createLocalOrigin,
  readNotice,
  readTree,
  resetVoting,
  setBanner,
  startTimer,
  startVoting,
  stopTimer,
  voteTotals,
  votingStatus,
  type NodeId,
  type ParticipantId,
} from '@causeway/shared';
import type { RunningServer } from '../../server/src/index.ts';
import { createWorkshop, facilitate, logCapture, serverTestKit, untilDoc, type Client, type CreatedWorkshop } from './helpers.ts';

const { setup, client } = serverTestKit();

/** S30 as the facilitator; must succeed. */
async function facilitateOk(server: RunningServer, w: CreatedWorkshop, body: unknown): Promise<void> {
  expect((await facilitate(server, w, body)).status).toBe(200);
}

const entries = (doc: Y.Doc, name: string) => JSON.stringify(Array.from(doc.getMap(name).entries()).sort((a, b) => (a[0] < b[0] ? -1 : 1)));

/** Whether `doc` holds everything `reference` held when its state vector was taken. */
function covers(doc: Y.Doc, reference: Map<number, number>): boolean {
  const mine = Y.decodeStateVector(Y.encodeStateVector(doc));
  for (const [client, clock] of reference) if ((mine.get(client) ?? 0) < clock) return false;
  return true;
}

/**
 * Waits until the server's document and every client hold what `writer` just did, and the
 * server's answer to it: `writer` adds a category named `marker`; once the server has it, the
 * server has applied (and reverted) everything sent before it; then every client catches up with
 * the server.
 */
async function settle(server: () => Y.Doc, writer: Client, clients: Client[], marker: string): Promise<void> {
  addCategory(writer.doc, marker, undefined, createLocalOrigin('marker'));
  await untilDoc(server(), (doc) => readTree(doc).categories.some((c) => c.text === marker), `marker ${marker} on the server`);
  const target = Y.decodeStateVector(Y.encodeStateVector(server()));
  for (const c of clients) await untilDoc(c.doc, (doc) => covers(doc, target), `a client to catch up after ${marker}`);
}

async function group(server: RunningServer, options: Record<string, unknown> = {}) {
  const w = await createWorkshop(server, options);
  const g = w.groups[0]!.id;
  const anna = client(server, w.id, g, w.tokens.participant);
  const bela = client(server, w.id, g, w.tokens.participant);
  await Promise.all([anna.synced, bela.synced]);
  const room = () => server.rooms.get(`${w.id}/${g}`)!.doc;
  return { w, g, anna, bela, room };
}

describe('S32: only the facilitator changes voting and the notice', () => {
  it('S32: a participant starting voting on its own document is reverted; the server and every client end idle; the connection stays open', async () => {
    const { logStream, lines } = logCapture();
    const server = await setup({ logLevel: 'warn', logStream });
    const { anna, bela, room } = await group(server);
    const before = entries(room(), VOTING_MAP);

    startVoting(anna.doc, { votesPerParticipant: 7 }, createLocalOrigin('anna'));
    expect(votingStatus(anna.doc).state).toBe('open');
    await untilDoc(anna.doc, (doc) => votingStatus(doc).state === 'idle', 'the revert to reach the sender');
    await settle(room, anna, [anna, bela], 'after-start');

    for (const doc of [room(), anna.doc, bela.doc]) {
      expect(votingStatus(doc)).toEqual({ state: 'idle', votesPerParticipant: 3, allowMultiple: false, visibility: 'hidden' });
      expect(entries(doc, VOTING_MAP)).toBe(before);
    }
    // Still connected, and its ordinary edits still count (the marker above came through it).
    expect(anna.provider.wsconnected).toBe(true);
    const warned = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => typeof l.msg === 'string' && l.msg.includes('reverted'));
    expect(warned).toMatchObject({ level: 40, role: 'participant', conn: expect.any(Number) });
    expect(warned!.keys).toEqual(expect.arrayContaining(['voting.state', 'voting.session', 'voting.votesPerParticipant']));
    expect(await (await fetch(`${server.url}/metrics`)).text()).toContain('causeway_errors_total{kind="facilitator-only"} 1');
  });

  it('S32: a participant closing or resetting the facilitator\'s session gets the previous values back', async () => {
    const server = await setup();
    const { w, anna, bela, room } = await group(server);
    await facilitateOk(server, w, { voting: { action: 'start', votesPerParticipant: 2, visibility: 'live' } });
    for (const c of [anna, bela]) await untilDoc(c.doc, (doc) => votingStatus(doc).state === 'open', 'voting open');
    const opened = entries(room(), VOTING_MAP);

    expect(closeVoting(bela.doc)).toBe(true);
    await settle(room, bela, [bela, anna], 'after-close');
    resetVoting(anna.doc);
    await settle(room, anna, [anna, bela], 'after-reset');

    for (const doc of [room(), anna.doc, bela.doc]) {
      expect(entries(doc, VOTING_MAP)).toBe(opened);
      expect(votingStatus(doc)).toEqual({ state: 'open', votesPerParticipant: 2, allowMultiple: false, visibility: 'live' });
    }
  });

  it('S32: a participant setting or changing the banner or timer is reverted to the facilitator\'s', async () => {
    const server = await setup();
    const { w, anna, bela, room } = await group(server);
    await facilitateOk(server, w, { banner: { text: 'Five minutes left' } });
    for (const c of [anna, bela]) await untilDoc(c.doc, (doc) => readNotice(doc).banner !== null, 'the banner');
    const notice = entries(room(), NOTICE_MAP);

    setBanner(anna.doc, 'Anna was here', Date.now());
    startTimer(anna.doc, 3600, Date.now());
    await settle(room, anna, [anna, bela], 'after-banner');
    setBanner(bela.doc, null, Date.now());
    await settle(room, bela, [bela, anna], 'after-clear');

    for (const doc of [room(), anna.doc, bela.doc]) {
      expect(entries(doc, NOTICE_MAP)).toBe(notice);
      expect(readNotice(doc).banner).toBe('Five minutes left');
      expect(readNotice(doc).timer).toBeNull();
    }
  });

  it('S32: the facilitator\'s own client may start voting and set the notice', async () => {
    const server = await setup();
    const { w, g, anna, room } = await group(server);
    const facilitator = client(server, w.id, g, w.tokens.facilitator);
    await facilitator.synced;
    startVoting(facilitator.doc, { votesPerParticipant: 4 }, createLocalOrigin('facilitator'));
    startTimer(facilitator.doc, 90, Date.now());
    await settle(room, facilitator, [facilitator, anna], 'after-facilitator');
    for (const doc of [room(), anna.doc, facilitator.doc]) {
      expect(votingStatus(doc)).toMatchObject({ state: 'open', votesPerParticipant: 4 });
      expect(readNotice(doc).timer?.seconds).toBe(90);
    }
    stopTimer(facilitator.doc);
    await settle(room, facilitator, [facilitator, anna], 'after-stop');
    expect(readNotice(anna.doc).timer).toBeNull();
  });

  it('S32, M-F6: participants\' votes still count; a vote cast together with a forbidden change keeps the vote', async () => {
    const server = await setup();
    const { w, anna, bela, room } = await group(server);
    await facilitateOk(server, w, { voting: { action: 'start', votesPerParticipant: 2 } });
    for (const c of [anna, bela]) await untilDoc(c.doc, (doc) => votingStatus(doc).state === 'open', 'voting open');
    const [x, y] = readTree(anna.doc).categories.map((c) => c.id!) as [NodeId, NodeId];

    expect(castVote(anna.doc, 'anna' as ParticipantId, x).ok).toBe(true);
    // One transaction with a vote and a forbidden change: the vote stays, the change goes.
    bela.doc.transact(() => {
      castVote(bela.doc, 'bela' as ParticipantId, y);
      bela.doc.getMap(VOTING_MAP).set('visibility', 'live');
    });
    await settle(room, anna, [anna, bela], 'after-votes-a');
    await settle(room, bela, [bela, anna], 'after-votes-b');
    await facilitateOk(server, w, { voting: { action: 'close' } });
    for (const c of [anna, bela]) await untilDoc(c.doc, (doc) => votingStatus(doc).state === 'closed', 'voting closed');
    for (const doc of [room(), anna.doc, bela.doc]) {
      expect(votingStatus(doc).visibility).toBe('hidden');
      expect(voteTotals(doc).totals).toEqual(new Map([[x, 1], [y, 1]]));
    }
  });

  it('S32: a change made offline arrives in the first sync (step 2) and is reverted too', async () => {
    const server = await setup();
    const { w, g, anna, room } = await group(server);
    await facilitateOk(server, w, { timer: { seconds: 300 } });
    await untilDoc(anna.doc, (doc) => readNotice(doc).timer !== null, 'the timer');
    const timer = readNotice(room()).timer;
    // A laptop that slept: its document has the group's state plus its own (forbidden) changes.
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(anna.doc));
    stopTimer(offline);
    setBanner(offline, 'Written offline', Date.now());
    const again = client(server, w.id, g, w.tokens.participant, offline);
    await again.synced;
    await settle(room, again, [again, anna], 'after-offline');
    for (const doc of [room(), anna.doc, again.doc]) {
      expect(readNotice(doc)).toEqual({ banner: null, bannerAt: null, timer });
    }
  });

  it('S32, S21: a participant\'s import does not change voting; the facilitator\'s does', async () => {
    const server = await setup();
    const { w, g, anna, room } = await group(server);
    const file = JSON.stringify({
      format: 'causeway',
      version: 1,
      problem: 'Applications wait',
      categories: [{ text: 'People', causes: [{ text: 'Too few clerks', votes: { anna: 1 } }] }],
      voting: { state: 'open', votesPerParticipant: 5, allowMultiple: true, visibility: 'live' },
    });
    const put = (token: string) =>
      fetch(`${server.url}/api/workshops/${w.id}/groups/${g}/diagram.json`, { method: 'PUT', headers: { authorization: `Bearer ${token}` }, body: file });

    const byParticipant = await put(w.tokens.participant);
    expect(byParticipant.status).toBe(200);
    expect(readTree(room()).problem).toBe('Applications wait');
    expect(votingStatus(room()).state).toBe('idle');
    expect(room().getMap(VOTING_MAP).size).toBe(0);
    expect(((await byParticipant.json()) as { voting?: unknown }).voting).toBeUndefined();

    const byFacilitator = await put(w.tokens.facilitator);
    expect(byFacilitator.status).toBe(200);
    expect(votingStatus(room())).toEqual({ state: 'open', votesPerParticipant: 5, allowMultiple: true, visibility: 'live' });
    await untilDoc(anna.doc, (doc) => votingStatus(doc).state === 'open', 'the imported session');
  });
});
