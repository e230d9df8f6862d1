/**
 * Dot voting through the real server with stock y-websocket clients (issue 5 "A voting session
 * with three participants"): the document side; the board's buttons are tested with the UI.
 */
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { castVote, closeVoting, startVoting, topCauses, voteTotals } from '../../shared/src/facilitation/index.ts';
import type { ParticipantId } from '../../shared/src/facilitation/index.ts';
import { createLocalOrigin, readTree, walkTree } from '../../shared/src/model/index.ts';
import type { NodeId } from '../../shared/src/tree.ts';
import type { RunningServer } from '../../server/src/index.ts';
import { createMemoryStore } from '../../server/src/store/memory.ts';
import { connect, createWorkshop, start, untilDoc, type Client } from '../server/helpers.ts';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(): Promise<RunningServer> {
  const store = createMemoryStore();
  const server = await start({ store });
  cleanup.push(() => store.close());
  cleanup.push(() => server.close());
  return server;
}

function client(server: RunningServer, w: string, g: string, token: string, doc?: Y.Doc): Client {
  const c = connect(server, w, g, token, doc);
  cleanup.push(() => c.destroy());
  return c;
}

/** Waits until every client sees the same votes as `reference`. */
async function settled(clients: Client[], reference: Y.Doc, what = 'votes to arrive'): Promise<void> {
  const sorted = (map: Y.Map<unknown>) => JSON.stringify(Array.from(map.entries()).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  const key = (doc: Y.Doc) => sorted(doc.getMap('votes')) + sorted(doc.getMap('voting'));
  for (const c of clients) await untilDoc(c.doc, (doc) => key(doc) === key(reference), what);
}

describe('dot voting through the server', () => {
  it('M-F6, M-F7: three participants: hidden while open, totals and ranking after close, a reconnect cannot vote twice', async () => {
    const server = await setup();
    const w = await createWorkshop(server);
    const g = w.groups[0]!.id;
    const facilitator = client(server, w.id, g, w.tokens.facilitator);
    await facilitator.synced;
    await untilDoc(facilitator.doc, (doc) => readTree(doc).categories.length > 0, 'the template');
    const names = ['anna', 'bela', 'cvet'];
    const people = names.map(() => client(server, w.id, g, w.tokens.participant));
    await Promise.all(people.map((p) => p.synced));
    const everyone = [facilitator, ...people];
    await settled(everyone, facilitator.doc, 'step 1');

    const [x, y, z] = readTree(facilitator.doc).categories.map((c) => c.id!) as [NodeId, NodeId, NodeId];
    startVoting(facilitator.doc, { votesPerParticipant: 2 }, createLocalOrigin('facilitator'));
    await settled(everyone, facilitator.doc, 'step 2');

    const ballots: Record<string, NodeId[]> = { anna: [x, y], bela: [y, z], cvet: [y] };
    people.forEach((p, i) => {
      const id = names[i]! as ParticipantId;
      for (const cause of ballots[id]!) expect(castVote(p.doc, id, cause, createLocalOrigin(id)).ok).toBe(true);
    });
    for (const c of everyone) await untilDoc(c.doc, (doc) => doc.getMap('votes').size === 5, 'every vote to arrive');
    await settled(everyone, people[0]!.doc, 'step 3');

    // Hidden while open: each participant sees only their own votes; the facilitator sees progress only.
    const anna = voteTotals(people[0]!.doc, { participantId: 'anna' });
    expect(anna.revealed).toBe(false);
    expect(anna.totals).toEqual(new Map([[x, 1], [y, 1]]));
    const progress = voteTotals(facilitator.doc);
    expect([progress.totals.size, progress.voters, progress.votesCast]).toEqual([0, 3, 5]);

    // Cvet reconnects with a fresh document (a new Yjs client id) and the same participant id.
    people[2]!.destroy();
    const again = client(server, w.id, g, w.tokens.participant, new Y.Doc());
    await again.synced;
    await settled([again], facilitator.doc, 'step 4');
    expect(castVote(again.doc, 'cvet' as ParticipantId, y)).toEqual({ ok: false, reason: 'one-per-cause' });
    expect(castVote(again.doc, 'cvet' as ParticipantId, x).ok).toBe(true);
    expect(castVote(again.doc, 'cvet' as ParticipantId, z)).toEqual({ ok: false, reason: 'no-votes-left' });
    await settled([facilitator, people[0]!, people[1]!], again.doc, 'step 5');

    closeVoting(facilitator.doc, createLocalOrigin('facilitator'));
    await settled([people[0]!, people[1]!, again], facilitator.doc, 'step 6');
    for (const doc of [facilitator.doc, people[0]!.doc, people[1]!.doc, again.doc]) {
      const view = voteTotals(doc);
      expect(view.revealed).toBe(true);
      expect(view.totals).toEqual(new Map([[x, 2], [y, 3], [z, 1]]));
      expect(topCauses(doc).map((r) => [r.id, r.votes, r.rank])).toEqual([[y, 3, 1], [x, 2, 2], [z, 1, 3]]);
    }
    // Every category still drawn once: voting wrote nothing into the tree.
    expect(walkTree(readTree(again.doc))).toHaveLength(walkTree(readTree(facilitator.doc)).length);
  });

  it('M-F19: the server\'s PUT and GET of diagram.json and diagram.md carry marks, votes, links and actions', async () => {
    const server = await setup();
    const w = await createWorkshop(server);
    const base = `${server.url}/api/workshops/${w.id}/groups/${w.groups[0]!.id}`;
    const auth = { authorization: `Bearer ${w.tokens.facilitator}` };
    const file = {
      format: 'causeway',
      version: 1,
      problem: 'Applications wait 40 days',
      categories: [{ id: 'people', text: 'People', causes: [{ id: 'clerks', text: 'Too few clerks', priority: 'confirmed', votes: { anna: 2 }, causes: [] }] }],
      links: [{ from: 'clerks', to: 'people' }],
      actions: [{ id: 'hire', cause: 'clerks', what: 'Hire two clerks', owner: 'HR', due: '2027-03-01', status: 'doing' }],
      voting: { state: 'closed', votesPerParticipant: 3, allowMultiple: true, visibility: 'hidden' },
    };
    const text = `${JSON.stringify(file, null, 2)}\n`;
    const put = await fetch(`${base}/diagram.json`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: text });
    expect(put.status).toBe(200);
    expect(await (await fetch(`${base}/diagram.json`, { headers: auth })).text()).toBe(text);
    const md = await (await fetch(`${base}/diagram.md`, { headers: auth })).text();
    expect(md).toContain('  - Too few clerks {#clerks priority=confirmed votes=anna:2}');
    expect(md).toContain('| hire | Too few clerks (#clerks) | Hire two clerks | HR | 2027-03-01 | doing |');
    const viewer = client(server, w.id, w.groups[0]!.id, w.tokens.viewer);
    await viewer.synced;
    await untilDoc(viewer.doc, (doc) => topCauses(doc).length === 1, 'the imported votes');
    expect(topCauses(viewer.doc)[0]).toMatchObject({ id: 'clerks', votes: 2, priority: 'confirmed' });
  });
});
