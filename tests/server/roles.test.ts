import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { addCategory, addCause, readTree, type NodeId } from '@causeway/shared';
import type { RunningServer } from '../../server/src/index.ts';
import { createMemoryStore } from '../../server/src/store/memory.ts';
import type { Store } from '../../server/src/store/types.ts';
import { connect, createWorkshop, rawSocket, start, until, untilAwareness, untilDoc, type Client, type CreatedWorkshop } from './helpers.ts';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(): Promise<{ server: RunningServer; store: Store; w: CreatedWorkshop; g: string }> {
  const store = createMemoryStore();
  const server = await start({ store });
  cleanup.push(() => store.close());
  cleanup.push(() => server.close());
  const w = await createWorkshop(server, { template: 'blank', groups: ['Team'] });
  return { server, store, w, g: w.groups[0]!.id };
}

/** A stock client that also records the auth permission-denied reasons it receives. */
function client(server: RunningServer, w: string, g: string, token: string): Client & { denied: string[]; untilDenied(n: number): Promise<void> } {
  const c = connect(server, w, g, token);
  const denied: string[] = [];
  const listeners = new Set<() => void>();
  c.provider.messageHandlers[2] = (_encoder, decoder) => {
    decoding.readVarUint(decoder);
    denied.push(decoding.readVarString(decoder));
    for (const listener of listeners) listener();
  };
  cleanup.push(() => c.destroy());
  const untilDenied = (n: number) =>
    until(
      () => denied.length >= n,
      (changed) => {
        listeners.add(changed);
        return () => listeners.delete(changed);
      },
      5000,
      'permission-denied',
    );
  return Object.assign(c, { denied, untilDenied });
}

const texts = (doc: Y.Doc) => JSON.stringify(readTree(doc));

async function storedTexts(store: Store, name: string): Promise<string> {
  const stored = await store.rooms.load(name);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u);
  return texts(doc);
}

/** Sends an awareness change and waits until `other` sees it: the server has handled every earlier frame. */
async function barrier(from: Client, other: Client, tag: string): Promise<void> {
  from.provider.awareness.setLocalStateField('barrier', tag);
  await untilAwareness(other, () => other.provider.awareness.getStates().get(from.doc.clientID)?.barrier === tag, `barrier ${tag}`);
}

async function patch(server: RunningServer, path: string, token: string, body: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('roles on the WebSocket', () => {
  it('S6: a missing token gets 401 and a wrong one 403, before any upgrade', async () => {
    const { server, w, g } = await setup();
    await expect(rawSocket(server, `/sync/${w.id}/${g}`)).rejects.toMatchObject({ status: 401 });
    await expect(rawSocket(server, `/sync/${w.id}/${g}?token=nope`)).rejects.toMatchObject({ status: 403 });
    // Another workshop's valid token is just as wrong.
    const other = await createWorkshop(server);
    await expect(rawSocket(server, `/sync/${w.id}/${g}?token=${other.tokens.facilitator}`)).rejects.toMatchObject({ status: 403 });
    await expect(rawSocket(server, `/sync/${w.id}/nogroup?token=${w.tokens.participant}`)).rejects.toMatchObject({ status: 404 });
    await expect(rawSocket(server, `/sync/nowork/${g}?token=${w.tokens.participant}`)).rejects.toMatchObject({ status: 404 });
    expect(server.rooms.size).toBe(0);
    const ok = await rawSocket(server, `/sync/${w.id}/${g}?token=${w.tokens.viewer}`);
    ok.terminate();
  });

  it("S18: a viewer's writes never reach another client, the store or the JSON export; it is told once", async () => {
    const { server, store, w, g } = await setup();
    const participant = client(server, w.id, g, w.tokens.participant);
    const viewer = client(server, w.id, g, w.tokens.viewer);
    await Promise.all([participant.synced, viewer.synced]);
    const category = addCategory(participant.doc, 'People');
    await untilDoc(viewer.doc, (d) => readTree(d).categories.length === 1, 'viewer sees the category');

    addCause(viewer.doc, category, 'VIEWER WROTE THIS');
    addCategory(viewer.doc, 'VIEWER CATEGORY');
    await barrier(viewer, participant, 'after-viewer-writes');
    addCause(participant.doc, category, 'participant cause');
    await untilDoc(viewer.doc, (d) => texts(d).includes('participant cause'), 'viewer sees the participant cause');
    await server.rooms.get(`${w.id}/${g}`)!.flush();

    expect(texts(participant.doc)).not.toContain('VIEWER');
    expect(texts(server.rooms.get(`${w.id}/${g}`)!.doc)).not.toContain('VIEWER');
    expect(await storedTexts(store, `${w.id}/${g}`)).not.toContain('VIEWER');
    const exported = await (await fetch(`${server.url}/api/workshops/${w.id}/groups/${g}/diagram.json?token=${w.tokens.viewer}`)).text();
    expect(exported).toContain('participant cause');
    expect(exported).not.toContain('VIEWER');
    expect(viewer.denied).toHaveLength(1);
    expect(viewer.denied[0]).toMatch(/^viewer:/);
    expect(participant.denied).toHaveLength(0);
  });

  it('S18, S19: lock makes a participant read-only and unlock restores editing, on open connections', async () => {
    const { server, store, w, g } = await setup();
    const name = `${w.id}/${g}`;
    const participant = client(server, w.id, g, w.tokens.participant);
    const facilitator = client(server, w.id, g, w.tokens.facilitator);
    await Promise.all([participant.synced, facilitator.synced]);
    const category = addCategory(facilitator.doc, 'Law');
    await untilDoc(participant.doc, (d) => readTree(d).categories.length === 1, 'participant sees the category');

    expect((await patch(server, `/api/workshops/${w.id}/groups/${g}`, w.tokens.facilitator, { locked: true })).status).toBe(200);
    await participant.untilDenied(1);
    expect(participant.denied).toEqual([expect.stringMatching(/^locked:/)]);

    addCause(participant.doc, category, 'typed while locked');
    await barrier(participant, facilitator, 'locked-write');
    expect(texts(server.rooms.get(name)!.doc)).not.toContain('typed while locked');
    await server.rooms.get(name)!.flush();
    expect(await storedTexts(store, name)).not.toContain('typed while locked');
    // The facilitator still writes while the group is locked.
    addCause(facilitator.doc, category, 'facilitator note');
    await untilDoc(participant.doc, (d) => texts(d).includes('facilitator note'), 'participant sees the facilitator note');
    expect(texts(facilitator.doc)).not.toContain('typed while locked');
    expect(participant.denied).toHaveLength(1);

    expect((await patch(server, `/api/workshops/${w.id}/groups/${g}`, w.tokens.facilitator, { locked: false })).status).toBe(200);
    addCause(participant.doc, category, 'typed after unlock');
    await untilDoc(facilitator.doc, (d) => texts(d).includes('typed after unlock'), 'facilitator sees the edit after unlock');
    await server.rooms.get(name)!.flush();
    expect(await storedTexts(store, name)).toContain('typed after unlock');
  });

  it('S17: deleting a group closes its connections with 4404 and refuses new ones', async () => {
    const { server, w, g } = await setup();
    const participant = client(server, w.id, g, w.tokens.participant);
    await participant.synced;
    const closed = new Promise<number>((resolve) => participant.provider.once('connection-close', (event) => resolve(event?.code ?? 0)));
    const res = await fetch(`${server.url}/api/workshops/${w.id}/groups/${g}`, { method: 'DELETE', headers: { authorization: `Bearer ${w.tokens.facilitator}` } });
    expect(res.status).toBe(204);
    expect(await closed).toBe(4404);
    await expect(rawSocket(server, `/sync/${w.id}/${g}?token=${w.tokens.participant}`)).rejects.toMatchObject({ status: 404 });
  });
});

describe('roles over HTTP', () => {
  it('S16: GET workshop tells the role; only the facilitator gets the links, equal to those made at creation', async () => {
    const { server, w } = await setup();
    for (const role of ['facilitator', 'participant', 'viewer'] as const) {
      const body = (await (await fetch(`${server.url}/api/workshops/${w.id}`, { headers: { authorization: `Bearer ${w.tokens[role]}` } })).json()) as {
        role: string;
        links?: unknown;
      };
      expect(body.role).toBe(role);
      if (role === 'facilitator') expect(body.links).toEqual(w.links);
      else expect(body.links).toBeUndefined();
    }
    expect((await fetch(`${server.url}/api/workshops/${w.id}`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/workshops/${w.id}?token=wrong`)).status).toBe(403);
  });

  it('S15: links have the documented shapes', async () => {
    const { w } = await setup();
    expect(w.links.facilitator).toBe(`/w/${w.id}#t=${w.tokens.facilitator}`);
    expect(w.links.participant).toBe(`/w/${w.id}/join#t=${w.tokens.participant}`);
    expect(w.links.viewer).toBe(`/w/${w.id}#t=${w.tokens.viewer}`);
    expect(new Set(Object.values(w.tokens)).size).toBe(3);
    for (const token of Object.values(w.tokens)) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(w.urls.participant.endsWith(w.links.participant)).toBe(true);
  });

  it('S17: only the facilitator adds, renames, locks and deletes groups', async () => {
    const { server, w, g } = await setup();
    const base = `${server.url}/api/workshops/${w.id}/groups`;
    for (const token of [w.tokens.participant, w.tokens.viewer]) {
      const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      expect((await fetch(base, { method: 'POST', headers: auth, body: '{}' })).status).toBe(403);
      expect((await fetch(`${base}/${g}`, { method: 'PATCH', headers: auth, body: '{"locked":true}' })).status).toBe(403);
      expect((await fetch(`${base}/${g}`, { method: 'DELETE', headers: auth })).status).toBe(403);
    }
    const auth = { authorization: `Bearer ${w.tokens.facilitator}`, 'content-type': 'application/json' };
    const added = await fetch(base, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Latvia' }) });
    expect(added.status).toBe(201);
    const group = (await added.json()) as { id: string; name: string };
    expect(group.name).toBe('Latvia');
    const renamed = await fetch(`${base}/${group.id}`, { method: 'PATCH', headers: auth, body: JSON.stringify({ name: 'Latvija', locked: true }) });
    expect(await renamed.json()).toEqual({ id: group.id, name: 'Latvija', locked: true });
    const bad = await fetch(`${base}/${group.id}`, { method: 'PATCH', headers: auth, body: JSON.stringify({ locked: 'yes' }) });
    expect(bad.status).toBe(400);
    const summary = (await (await fetch(`${server.url}/api/workshops/${w.id}`, { headers: auth })).json()) as { groups: { id: string; name: string; locked: boolean }[] };
    expect(summary.groups.map((x) => [x.name, x.locked])).toEqual([
      ['Team', false],
      ['Latvija', true],
    ]);
    expect((await fetch(`${base}/${group.id}`, { method: 'DELETE', headers: auth })).status).toBe(204);
    expect((await fetch(`${base}/${group.id}`, { method: 'DELETE', headers: auth })).status).toBe(404);
  });

  it('S16: the overview counts connections, people (named presences) and causes', async () => {
    // Only performance.now is faked: how old a cause count is.
    vi.useFakeTimers({ toFake: ['performance'] });
    cleanup.push(() => vi.useRealTimers());
    const { server, w, g } = await setup();
    const a = client(server, w.id, g, w.tokens.participant);
    const b = client(server, w.id, g, w.tokens.viewer);
    // An overview or a projector: connected, announcing no one.
    const watcher = client(server, w.id, g, w.tokens.facilitator);
    watcher.provider.awareness.setLocalState(null);
    await Promise.all([a.synced, b.synced, watcher.synced]);
    a.provider.awareness.setLocalStateField('user', { name: '  Anna  ', colour: '#00798c' });
    b.provider.awareness.setLocalStateField('user', { name: '   ', colour: '#00798c' });
    const category = addCategory(a.doc, 'IT');
    const cause = addCause(a.doc, category, 'old servers');
    addCause(a.doc, cause as NodeId, 'no budget');
    await untilDoc(b.doc, (d) => texts(d).includes('no budget'), 'b sees the causes');
    await untilAwareness(b, () => [...b.provider.awareness.getStates().values()].some((s) => (s as { user?: { name: string } }).user?.name === '  Anna  '), 'b sees Anna');
    await untilAwareness(a, () => [...a.provider.awareness.getStates().values()].some((s) => (s as { user?: { name: string } }).user?.name === '   '), 'a sees the blank name');
    const body = (await (await fetch(`${server.url}/api/workshops/${w.id}?token=${w.tokens.viewer}`)).json()) as {
      groups: { connected: number; people: number; causes: number; lastEditAt: number | null }[];
    };
    expect(body.groups[0]).toMatchObject({ connected: 3, people: 1, causes: 2 });
    expect(body.groups[0]!.lastEditAt).toBeGreaterThan(Date.now() - 60_000);
    // Counted again after an edit, at most once a second (the join page and the overview ask often).
    addCause(a.doc, category, 'no staff');
    await untilDoc(b.doc, (d) => texts(d).includes('no staff'), 'b sees the third cause');
    const causes = async () => ((await (await fetch(`${server.url}/api/workshops/${w.id}?token=${w.tokens.viewer}`)).json()) as { groups: { causes: number }[] }).groups[0]!.causes;
    expect(await causes()).toBe(2);
    vi.advanceTimersByTime(1000);
    expect(await causes()).toBe(3);
    // Leaving takes the person off at once.
    a.destroy();
    await untilAwareness(b, () => b.provider.awareness.getStates().size === 1, 'Anna gone');
    const after = (await (await fetch(`${server.url}/api/workshops/${w.id}?token=${w.tokens.viewer}`)).json()) as { groups: { people: number }[] };
    expect(after.groups[0]!.people).toBe(0);
  });
});
