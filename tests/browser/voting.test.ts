/**
 * Dot voting on the board end to end (C-F2, C-F3; issue 5): three participants in three browser
 * contexts on one group, the facilitator's API and board, the real server on port 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { boardUrl, createWorkshop, newContext, openBoard, startEnv, treeOf, waitForBoard } from './harness.ts';
import { facilitate, message, putDiagram, selectCause } from './facilitation-fixture.ts';
import type { plainVoteView } from '../../client/src/board/facilitation.ts';
import type { Env, Workshop } from './harness.ts';

type PlainVoteView = ReturnType<typeof plainVoteView>;

let env: Env;
let workshop: Workshop;
const contexts: BrowserContext[] = [];
let ids: { people: string; c1: string; c2: string; c3: string };

beforeAll(async () => {
  env = await startEnv();
  workshop = await createWorkshop(env, { template: 'blank', problem: 'Permits take 40 days' });
  await putDiagram(env, workshop);
}, 180_000);

/** The first category's causes, in order. */
const causes = () => [ids.c1, ids.c2, ids.c3];

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await env?.close();
});

interface Drawn {
  dots: { id: string; total: number; mine: number }[];
}
const drawnDots = async (page: Page) =>
  Object.fromEntries((await page.evaluate(() => (window as unknown as { causeway: { drawnFacilitation(): Drawn } }).causeway.drawnFacilitation())).dots.map((d) => [d.id, [d.total, d.mine]]));

const voteView = (page: Page): Promise<PlainVoteView> => page.evaluate(() => (window as unknown as { causeway: { voteView(): PlainVoteView } }).causeway.voteView());

async function person(name: string, role: 'participant' | 'facilitator' = 'participant'): Promise<Page> {
  const context = await newContext(env, { name });
  contexts.push(context);
  return openBoard(context, boardUrl(env, workshop, role));
}

async function voteFor(page: Page, n: number, expectLeft: number): Promise<void> {
  await selectCause(page, causes(), n);
  await page.keyboard.press('v');
  await page.locator(`[data-testid="voting-bar"][data-left="${expectLeft}"]`).waitFor();
}

describe('C-F2, C-F3: a voting session with three participants', () => {
  let anna: Page;
  let boris: Page;
  let csilla: Page;

  it('C-F3: the facilitator starts voting through the API; every board shows the voting bar; participants get no voting controls', async () => {
    [anna, boris, csilla] = await Promise.all([person('Anna'), person('Boris'), person('Csilla')]);
    const tree = await treeOf(anna);
    const people = tree.categories[0]!;
    ids = { people: people.id!, c1: people.children[0]!.id!, c2: people.children[1]!.id!, c3: people.children[2]!.id! };
    expect(await anna.locator('[data-testid="voting-bar"]').count()).toBe(0);
    await facilitate(env, workshop, { voting: { action: 'start', votesPerParticipant: 2, allowMultiple: false, visibility: 'hidden' } });
    for (const page of [anna, boris, csilla]) {
      await page.locator('[data-testid="voting-bar"][data-left="2"]').waitFor();
      expect(await page.locator('[data-testid="tool-voting"]').count()).toBe(0);
      expect(await page.locator('[data-testid="voting-close"]').count()).toBe(0);
    }
    await expect(anna.locator('[data-testid="voting-bar"]').innerText()).resolves.toContain('2 of 2 votes left');
  });

  it('C-F2: each votes with the keyboard; while hidden, everyone sees only their own votes; refusals are said', async () => {
    await voteFor(anna, 0, 1);
    await voteFor(anna, 1, 0);
    await voteFor(boris, 0, 1);
    await voteFor(boris, 2, 0);
    await voteFor(csilla, 0, 1);
    // One vote per cause: a second V on the same cause is refused, and said.
    await csilla.keyboard.press('v');
    await expect.poll(() => message(csilla).innerText()).toContain('one vote per cause');
    expect((await voteView(csilla)).left).toBe(1);
    await voteFor(csilla, 1, 0);
    // No votes left.
    await selectCause(anna, causes(), 2);
    await anna.keyboard.press('v');
    await expect.poll(() => message(anna).innerText()).toContain('no votes left');

    // Everyone has cast; the progress counts reach every board, the choices do not.
    await anna.waitForFunction(() => (window as unknown as { causeway: { voteView(): PlainVoteView } }).causeway.voteView().votesCast === 6);
    const a = await voteView(anna);
    expect(a).toMatchObject({ state: 'open', revealed: false, left: 0, voters: 3, votesCast: 6 });
    expect(a.totals).toEqual({ [ids.c1]: 1, [ids.c2]: 1 });
    expect(a.mine).toEqual({ [ids.c1]: 1, [ids.c2]: 1 });
    const b = await voteView(boris);
    expect(b.totals).toEqual({ [ids.c1]: 1, [ids.c3]: 1 });
    // The canvas draws the same: each person's own dots, nobody else's.
    expect(await drawnDots(anna)).toEqual({ [ids.c1]: [1, 1], [ids.c2]: [1, 1] });
    expect(await drawnDots(boris)).toEqual({ [ids.c1]: [1, 1], [ids.c3]: [1, 1] });
  });

  it('C-F2: taking a vote back with Shift+V frees it, and it can be cast again', async () => {
    await selectCause(boris, causes(), 2);
    await boris.keyboard.press('Shift+V');
    await boris.locator('[data-testid="voting-bar"][data-left="1"]').waitFor();
    expect((await voteView(boris)).mine).toEqual({ [ids.c1]: 1 });
    await boris.keyboard.press('v');
    await boris.locator('[data-testid="voting-bar"][data-left="0"]').waitFor();
  });

  it('M-F6: a participant who reloads (a new connection) keeps their votes and cannot vote twice', async () => {
    await csilla.reload();
    await waitForBoard(csilla);
    await csilla.locator('[data-testid="voting-bar"][data-left="0"]').waitFor();
    expect((await voteView(csilla)).mine).toEqual({ [ids.c1]: 1, [ids.c2]: 1 });
    await selectCause(csilla, causes(), 2);
    await csilla.keyboard.press('v');
    await expect.poll(() => message(csilla).innerText()).toContain('no votes left');
    expect((await voteView(csilla)).votesCast).toBe(6);
  });

  it('C-F2, C-F3: the facilitator closes voting from the board; totals and the Top causes ranking appear on every board', async () => {
    const facilitator = await person('Fatima', 'facilitator');
    await facilitator.locator('[data-testid="voting-progress"]').waitFor();
    await expect(facilitator.locator('[data-testid="voting-progress"]').innerText()).resolves.toContain('Voters: 3 · votes cast: 6');
    await facilitator.locator('[data-testid="voting-close"]').click();
    for (const page of [anna, boris, csilla, facilitator]) {
      await page.locator('[data-testid="top-causes"]').waitFor();
      await page.waitForFunction(() => (window as unknown as { causeway: { voteView(): PlainVoteView } }).causeway.voteView().revealed);
      const view = await voteView(page);
      expect(view.state).toBe('closed');
      expect(view.totals).toEqual({ [ids.c1]: 3, [ids.c2]: 2, [ids.c3]: 1 });
      await expect.poll(() => drawnDots(page)).toEqual(
        page === facilitator ? { [ids.c1]: [3, 0], [ids.c2]: [2, 0], [ids.c3]: [1, 0] } : expect.objectContaining({ [ids.c1]: [3, 1] }),
      );
      expect(await page.locator('[data-testid="voting-bar"]').count()).toBe(0);
      // The panel opens in an effect once the results are revealed, and ranks from its own read of the document.
      await expect.poll(() => page.locator('[data-testid="top-cause"]').evaluateAll((items) => items.map((i) => [i.getAttribute('data-id'), i.getAttribute('data-rank'), i.getAttribute('data-votes')]))).toEqual([
        [ids.c1, '1', '3'],
        [ids.c2, '2', '2'],
        [ids.c3, '3', '1'],
      ]);
    }
    // Read aloud in one piece: rank, label, votes.
    await expect(anna.locator(`[data-testid="top-cause"][data-id="${ids.c1}"]`).getAttribute('aria-label')).resolves.toBe('Rank 1, Skills gap, Votes: 3');
    // A click on a ranked cause selects it on the diagram.
    await anna.locator(`[data-testid="top-cause"][data-id="${ids.c2}"]`).click();
    await anna.waitForFunction((want) => (window as unknown as { causeway: { selection(): string | null } }).causeway.selection() === want, ids.c2);
    // Closed: V votes no more (it is a letter again) and the API state holds.
    await selectCause(boris, causes(), 2);
    await boris.locator('[data-testid="tool-vote"]').waitFor({ state: 'detached' });
    expect((await voteView(boris)).totals[ids.c3]).toBe(1);
  });
});
