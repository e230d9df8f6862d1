import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { addCause, readTree } from '@causeway/shared';
import { boardUrl, createWorkshop, newContext, openBoard, startEnv, stockClient } from './harness.ts';
import type { Env, Workshop } from './harness.ts';

let env: Env;
let workshop: Workshop;
let facilitator: BrowserContext;
let overview: Page;
const clients: WebsocketProvider[] = [];

beforeAll(async () => {
  env = await startEnv();
  workshop = await createWorkshop(env, { groups: ['Team A', 'Team B', 'Team C'], template: '4p', problem: 'Permits take 40 days' });
  facilitator = await newContext(env);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await env?.close();
});

const overviewUrl = (role: 'facilitator' | 'viewer' | 'participant' = 'facilitator') => `${env.server.url}/w/${workshop.id}#t=${workshop.tokens[role]}`;
const card = (page: Page, group: number) => page.locator(`[data-testid="group-card"][data-group-id="${workshop.groups[group]!.id}"]`);

/** A participant's stock y-websocket client in Node, as a browser would use it. */
async function participant(group: number, name: string): Promise<{ doc: Y.Doc; provider: WebsocketProvider }> {
  const client = await stockClient(env, workshop, group, { name });
  clients.push(client.provider);
  return client;
}

async function storedCauses(group: number): Promise<string[]> {
  const res = await fetch(`${env.server.url}/api/workshops/${workshop.id}/groups/${workshop.groups[group]!.id}/diagram.json`, { headers: { authorization: `Bearer ${workshop.tokens.facilitator}` } });
  const json = (await res.json()) as { categories: { causes: { text: string }[] }[] };
  return json.categories.flatMap((c) => c.causes.map((x) => x.text));
}

async function openOverview(context: BrowserContext, role: 'facilitator' | 'viewer' = 'facilitator'): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
  await page.goto(overviewUrl(role));
  await page.getByTestId('overview').waitFor();
  await page.waitForFunction(() => {
    const thumbs = [...document.querySelectorAll('[data-testid="thumbnail"]')];
    return thumbs.length > 0 && thumbs.every((t) => Number(t.getAttribute('data-drawn')) > 0 && t.querySelector('canvas'));
  });
  return page;
}

describe('S16, S19: the facilitator overview, live', () => {
  it('S16: every group is drawn with who is there; two participants in different groups; an edit shows within a second', async () => {
    overview = await openOverview(facilitator);
    expect(await overview.getByTestId('group-card').count()).toBe(3);
    expect(await overview.locator('h1').textContent()).toBe('Test workshop');
    expect(await card(overview, 1).getByTestId('thumbnail').getAttribute('aria-label')).toBe('Diagram of Team B: Permits take 40 days');

    // One participant in the browser on Team A's board, one stock client on Team B.
    const anna = await newContext(env, { name: 'Anna' });
    await openBoard(anna, boardUrl(env, workshop, 'participant', 0));
    await card(overview, 0).getByTestId('people').getByText('Anna').waitFor();
    const boris = await participant(1, 'Boris');
    await card(overview, 1).getByTestId('people').getByText('Boris').waitFor();
    expect(await card(overview, 2).getByTestId('people').textContent()).toBe('Nobody here');

    const thumbB = card(overview, 1).getByTestId('thumbnail');
    const drawnBefore = Number(await thumbB.getAttribute('data-drawn'));
    const pixelsBefore = await thumbB.screenshot();
    const category = readTree(boris.doc).categories[0]!.id!;
    const sent = Date.now();
    addCause(boris.doc, category, 'Forms are scanned by hand');
    const seen = await overview.waitForFunction(
      ({ id, before }) => {
        const el = document.querySelector(`[data-testid="group-card"][data-group-id="${id}"]`);
        const thumb = el?.querySelector('[data-testid="thumbnail"]');
        return el?.getAttribute('data-causes') === '1' && Number(thumb?.getAttribute('data-drawn')) > before ? Date.now() : false;
      },
      { id: workshop.groups[1]!.id, before: drawnBefore },
      { polling: 'raf' },
    );
    expect((await seen.jsonValue()) as number - sent).toBeLessThan(1000);
    // data-drawn counts a draw when Konva is told to draw; it paints on a later animation frame.
    await expect.poll(async () => Buffer.compare(await thumbB.screenshot(), pixelsBefore)).not.toBe(0);
    expect(await card(overview, 1).getByTestId('causes').textContent()).toBe('Causes: 1');
    await anna.close();
    await card(overview, 0).getByTestId('people').getByText('Nobody here').waitFor();
  });

  it('S17, S18, S19: lock from the overview stops a participant’s edits on the server; unlock merges what was kept', async () => {
    const { doc } = await participant(2, 'Cecilia');
    const category = readTree(doc).categories[1]!.id!;
    await card(overview, 2).getByTestId('lock').click();
    await overview.locator(`[data-testid="group-card"][data-group-id="${workshop.groups[2]!.id}"][data-locked="true"]`).waitFor();
    const locked = (await (await fetch(`${env.server.url}/api/workshops/${workshop.id}`, { headers: { authorization: `Bearer ${workshop.tokens.viewer}` } })).json()) as { groups: { locked: boolean }[] };
    expect(locked.groups.map((g) => g.locked)).toEqual([false, false, true]);
    expect(await card(overview, 2).getByTestId('lock').textContent()).toBe('Unlock');

    addCause(doc, category, 'Written while locked');
    // The server neither stores nor relays it: a fresh reader and the overview still see none.
    const reader = await participant(2, 'Reader');
    expect(readTree(reader.doc).categories.flatMap((c) => c.children.map((x) => x.text))).toEqual([]);
    expect(await storedCauses(2)).toEqual([]);
    expect(await card(overview, 2).getAttribute('data-causes')).toBe('0');

    await card(overview, 2).getByTestId('lock').click();
    await overview.locator(`[data-testid="group-card"][data-group-id="${workshop.groups[2]!.id}"][data-causes="1"][data-locked="false"]`).waitFor();
    expect(await storedCauses(2)).toEqual(['Written while locked']);

    // Lock all and unlock all act on every group.
    await overview.getByTestId('lock-all').click();
    await overview.locator('[data-testid="group-card"][data-locked="true"]').nth(2).waitFor();
    await overview.getByTestId('unlock-all').click();
    await overview.waitForFunction(() => document.querySelectorAll('[data-testid="group-card"][data-locked="true"]').length === 0);
  });

  it('S17: rename, add, and delete with undo; leaving the page during the undo time still deletes', async () => {
    await card(overview, 0).getByTestId('rename').click();
    await overview.getByTestId('rename-input').fill('Team Alpha');
    await overview.getByTestId('rename-input').press('Enter');
    await card(overview, 0).getByTestId('group-name').getByText('Team Alpha').waitFor();

    await overview.getByTestId('add-group').click();
    await overview.waitForFunction(() => document.querySelectorAll('[data-testid="group-card"]').length === 4);
    await overview.waitForFunction(() => Number(document.querySelectorAll('[data-testid="thumbnail"]')[3]?.getAttribute('data-drawn')) > 0);

    await card(overview, 1).getByTestId('delete').click();
    await card(overview, 1).getByTestId('confirm-delete').click();
    await overview.getByTestId('deleted-toast').getByText('Team B was deleted.').waitFor();
    expect(await card(overview, 1).count()).toBe(0);
    await overview.getByTestId('undo-delete').click();
    await card(overview, 1).waitFor();
    expect(await overview.getByTestId('deleted-toast').count()).toBe(0);

    await card(overview, 1).getByTestId('delete').click();
    await card(overview, 1).getByTestId('confirm-delete').click();
    await overview.getByTestId('deleted-toast').waitFor();
    await overview.close({ runBeforeUnload: true });
    const read = async () => (await (await fetch(`${env.server.url}/api/workshops/${workshop.id}`, { headers: { authorization: `Bearer ${workshop.tokens.facilitator}` } })).json()) as { groups: { id: string; name: string }[] };
    await expect.poll(async () => (await read()).groups.map((g) => g.name), { timeout: 15_000 }).toEqual(['Team Alpha', 'Team C', 'Group 4']);
  });

  it('S-EX4: the facilitator downloads every group as one ZIP from the overview; viewers get no such button', async () => {
    const page = await openOverview(facilitator);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-all').click()]);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    const text = bytes.toString('latin1');
    expect(text).toContain('index.html');
    for (const ext of ['png', 'svg', 'json', 'md']) expect(text).toContain(`.${ext}`);
    await page.close();

    const viewer = await newContext(env);
    const viewerPage = await openOverview(viewer, 'viewer');
    expect(await viewerPage.getByTestId('download-all').count()).toBe(0);
    await viewer.close();
  });

  it('S16: a viewer link shows the same grid read-only, without controls; a participant link goes to the join page', async () => {
    const viewer = await newContext(env);
    const page = await openOverview(viewer, 'viewer');
    await page.getByTestId('read-only').waitFor();
    expect(await page.getByTestId('group-card').count()).toBe(3);
    expect(await page.getByTestId('lock').count()).toBe(0);
    expect(await page.getByTestId('add-group').count()).toBe(0);
    expect(await page.getByTestId('delete').count()).toBe(0);
    expect(await page.getByTestId('open-board').first().getAttribute('href')).toBe(`/w/${workshop.id}/g/${workshop.groups[0]!.id}#t=${workshop.tokens.viewer}`);
    expect(await page.getByTestId('open-projector').first().getAttribute('href')).toBe(`/w/${workshop.id}/g/${workshop.groups[0]!.id}/present#t=${workshop.tokens.viewer}`);

    await page.goto(overviewUrl('participant'));
    await page.getByTestId('join-form').waitFor();
    expect(page.url()).toBe(`${env.server.url}/w/${workshop.id}/join#t=${workshop.tokens.participant}`);
    await page.goto(`${env.server.url}/w/${workshop.id}#t=${'y'.repeat(43)}`);
    await page.getByTestId('wrong-link').waitFor();
    await viewer.close();
  });

  it('S17: acting on a group another facilitator deleted meanwhile just removes it from the grid', async () => {
    const page = await openOverview(facilitator);
    const before = await page.getByTestId('group-card').count();
    const goneId = (await page.getByTestId('group-card').last().getAttribute('data-group-id'))!;
    // The other facilitator deletes it just as this page's request goes out.
    let deleted = 0;
    await page.route(`**/api/workshops/${workshop.id}/groups/${goneId}`, async (route) => {
      deleted = (await fetch(`${env.server.url}/api/workshops/${workshop.id}/groups/${goneId}`, { method: 'DELETE', headers: { authorization: `Bearer ${workshop.tokens.facilitator}` } })).status;
      await route.continue();
    });
    await page.locator(`[data-testid="group-card"][data-group-id="${goneId}"]`).getByTestId('lock').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="group-card"]').length === n, before - 1);
    expect(deleted).toBe(204);
    expect(await page.getByTestId('failure').count()).toBe(0);
    await page.close();
  });
});
