/**
 * Marks, links and the facilitator's notice on the board and the projector end to end (C-F4..C-F7):
 * two participants in two browser contexts, a projector view, the real server on port 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { boardUrl, createWorkshop, newContext, openBoard, startEnv, treeOf } from './harness.ts';
import { facilitate, message, putDiagram, selectCause } from './facilitation-fixture.ts';
import type { Env, TreeLike, Workshop } from './harness.ts';

type Node = TreeLike['categories'][number] & { priority?: string };
type Tree = TreeLike & { links?: { from: string; to: string }[] };

let env: Env;
let workshop: Workshop;
const contexts: BrowserContext[] = [];
let anna: Page;
let boris: Page;
let ids: { c1: string; c2: string; c3: string; paper: string };

beforeAll(async () => {
  env = await startEnv();
  workshop = await createWorkshop(env, { template: 'blank', problem: 'Permits take 40 days' });
  await putDiagram(env, workshop);
  const [a, b] = await Promise.all([newContext(env, { name: 'Anna' }), newContext(env, { name: 'Boris' })]);
  contexts.push(a, b);
  [anna, boris] = await Promise.all([openBoard(a, boardUrl(env, workshop)), openBoard(b, boardUrl(env, workshop))]);
  const tree = await treeOf(anna);
  const people = tree.categories[0]!;
  ids = { c1: people.children[0]!.id!, c2: people.children[1]!.id!, c3: people.children[2]!.id!, paper: tree.categories[1]!.children[0]!.id! };
}, 180_000);

/** The first category's causes, in order. */
const causes = () => [ids.c1, ids.c2, ids.c3];

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await env?.close();
});

const tree = (page: Page) => treeOf(page) as Promise<Tree>;
const nodeIn = (t: Tree, id: string): Node | undefined => {
  const walk = (nodes: Node[]): Node | undefined => nodes.map((n) => (n.id === id ? n : walk(n.children as Node[]))).find(Boolean);
  return walk(t.categories as Node[]);
};
const priorityOn = async (page: Page, id: string) => nodeIn(await tree(page), id)?.priority ?? null;
const linksOn = async (page: Page) => (await tree(page)).links ?? [];
interface Drawn {
  badges: { id: string; mark: string }[];
  links: { from: string; to: string }[];
}
const drawn = (page: Page) => page.evaluate(() => (window as unknown as { causeway: { drawnFacilitation(): Drawn } }).causeway.drawnFacilitation());

describe('C-F4: priority marks', () => {
  it('C-F4: M opens the marks on the selected cause; Enter marks it; the other participant sees it', async () => {
    await selectCause(anna, causes(), 0);
    await anna.keyboard.press('m');
    await expect.poll(() => anna.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('menu-mark-likely-root-cause');
    await anna.keyboard.press('Enter');
    await expect.poll(() => priorityOn(boris, ids.c1)).toBe('likely-root-cause');
    await expect.poll(async () => (await drawn(boris)).badges).toEqual([{ id: ids.c1, mark: 'likely-root-cause' }]);
  });

  it('C-F4: the toolbar menu and the context menu set and clear marks; undo takes a mark back', async () => {
    await selectCause(anna, causes(), 1);
    await anna.locator('[data-testid="tool-mark"]').click();
    await anna.locator('[data-testid="mark-confirmed"]').click();
    await expect.poll(() => priorityOn(boris, ids.c2)).toBe('confirmed');
    await anna.locator('[data-testid="canvas"]').focus();
    await anna.keyboard.press('Control+z');
    await expect.poll(() => priorityOn(boris, ids.c2)).toBe(null);

    const box = (await anna.evaluate((id) => (window as unknown as { causeway: { labelRect(id: string): { x: number; y: number; width: number; height: number } } }).causeway.labelRect(id), ids.c3))!;
    await anna.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { button: 'right' });
    await anna.locator('[data-testid="menu-mark-ruled-out"]').click();
    await expect.poll(() => priorityOn(boris, ids.c3)).toBe('ruled-out');
    await anna.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { button: 'right' });
    // The menu shows the mark from Anna's tree, which follows the document a frame later.
    await expect.poll(() => anna.locator('[data-testid="menu-mark-ruled-out"]').getAttribute('aria-checked')).toBe('true');
    await anna.locator('[data-testid="menu-mark-none"]').click();
    await expect.poll(() => priorityOn(boris, ids.c3)).toBe(null);
  });
});

describe('C-F5: links between causes', () => {
  it('C-F5: L, the arrow keys and Enter link two causes; the other participant sees the link', async () => {
    await selectCause(anna, causes(), 0);
    await anna.keyboard.press('l');
    await anna.locator('[data-testid="link-bar"]').waitFor();
    await expect(anna.locator('[data-testid="link-bar"]').innerText()).resolves.toContain('Skills gap');
    // Enter on the cause itself is refused and said; link mode stays.
    await anna.keyboard.press('Enter');
    await expect.poll(() => message(anna).innerText()).toContain('cannot be linked to itself');
    await anna.keyboard.press('ArrowDown');
    await anna.keyboard.press('Enter');
    await anna.locator('[data-testid="link-bar"]').waitFor({ state: 'detached' });
    await expect.poll(() => linksOn(boris)).toEqual([{ from: ids.c1, to: ids.c2 }]);
    await expect.poll(async () => (await drawn(boris)).links).toEqual([{ from: ids.c1, to: ids.c2 }]);
  });

  it('C-F5: an existing link is refused; Escape leaves link mode; a click on a cause in another category links it', async () => {
    await selectCause(anna, causes(), 0);
    await anna.keyboard.press('l');
    await anna.keyboard.press('ArrowDown');
    await anna.keyboard.press('Enter');
    await expect.poll(() => message(anna).innerText()).toContain('already linked');
    await anna.keyboard.press('Escape');
    await anna.locator('[data-testid="link-bar"]').waitFor({ state: 'detached' });

    await selectCause(anna, causes(), 2);
    await anna.locator('[data-testid="tool-link"]').click();
    const box = (await anna.evaluate((id) => (window as unknown as { causeway: { labelRect(id: string): { x: number; y: number; width: number; height: number } } }).causeway.labelRect(id), ids.paper))!;
    await anna.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => linksOn(boris)).toContainEqual({ from: ids.c3, to: ids.paper });
  });

  it('C-F5: the context menu lists a cause’s links and removes one; undo brings it back', async () => {
    const box = (await anna.evaluate((id) => (window as unknown as { causeway: { labelRect(id: string): { x: number; y: number; width: number; height: number } } }).causeway.labelRect(id), ids.c1))!;
    await anna.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { button: 'right' });
    const remove = anna.locator(`[data-testid="menu-unlink-${ids.c2}"]`);
    await expect(remove.innerText()).resolves.toContain('Remove link to “Staff turnover”');
    await remove.click();
    await expect.poll(() => linksOn(boris)).toEqual([{ from: ids.c3, to: ids.paper }]);
    await anna.locator('[data-testid="canvas"]').focus();
    await anna.keyboard.press('Control+z');
    await expect.poll(async () => (await linksOn(boris)).length).toBe(2);
    // The outline lists the links too, and removes one with the same undoable operation.
    await anna.locator(`[data-testid="outline"] [data-link-to="${ids.paper}"] .outline__link-remove`).click();
    await expect.poll(() => linksOn(boris)).toEqual([{ from: ids.c1, to: ids.c2 }]);
    await anna.locator('[data-testid="canvas"]').focus();
    await anna.keyboard.press('Control+z');
    await expect.poll(async () => (await linksOn(boris)).length).toBe(2);
  });
});

describe('C-F3: the facilitator’s voting controls on the board', () => {
  it('C-F3: start with the dialog (1 vote, live), results open by themselves for everyone, a viewer only watches, reset asks first', async () => {
    const fatima = await openBoard(contexts[0]!, boardUrl(env, workshop, 'facilitator'));
    expect(await anna.locator('[data-testid="tool-voting"]').count()).toBe(0);
    await fatima.locator('[data-testid="tool-voting"]').click();
    await fatima.locator('[data-testid="voting-start-open"]').click();
    await fatima.locator('[data-testid="voting-votes"]').fill('1');
    await fatima.locator('[data-testid="voting-live"]').check();
    await fatima.locator('[data-testid="voting-start"]').click();
    await boris.locator('[data-testid="voting-bar"][data-left="1"]').waitFor();
    await expect(boris.locator('[data-testid="voting-bar"]').innerText()).resolves.toContain('Votes are shown live.');
    // Live: the results are visible, so the Top causes panel opens on its own.
    await boris.locator('[data-testid="top-causes"]').waitFor();
    await selectCause(boris, causes(), 1);
    await boris.keyboard.press('v');
    await anna.locator(`[data-testid="top-cause"][data-id="${ids.c2}"][data-votes="1"]`).waitFor();
    // A renamed cause keeps its place, under its new label.
    await selectCause(boris, causes(), 1);
    await boris.keyboard.press('F2');
    await boris.keyboard.press('End');
    await boris.keyboard.type(' (seasonal)');
    await boris.keyboard.press('Enter');
    await expect.poll(() => anna.locator(`[data-testid="top-cause"][data-id="${ids.c2}"]`).innerText()).toContain('Staff turnover (seasonal)');

    const viewer = await openBoard(contexts[1]!, boardUrl(env, workshop, 'viewer'));
    await expect(viewer.locator('[data-testid="voting-bar"]').innerText()).resolves.toContain('Voting is open.');
    expect(await viewer.locator('[data-testid="tool-vote"]').isDisabled()).toBe(true);
    await viewer.close();

    await fatima.locator('[data-testid="tool-voting"]').click();
    await fatima.locator('[data-testid="voting-reset"]').click();
    await fatima.locator('[data-testid="voting-reset-confirm"]').click();
    await anna.locator('[data-testid="voting-bar"]').waitFor({ state: 'detached' });
    await expect.poll(() => anna.evaluate(() => (window as unknown as { causeway: { voteView(): { state: string; votesCast: number } } }).causeway.voteView())).toMatchObject({ state: 'idle', votesCast: 0 });
    await fatima.close();
  });
});

describe('C-F8: the implementation plan', () => {
  it('C-F8: the toolbar opens and closes the plan panel beside the diagram', async () => {
    await anna.locator('[data-testid="tool-plan"]').click();
    await anna.locator('[data-testid="plan"]').waitFor();
    await expect(anna.locator('[data-testid="tool-plan"]').getAttribute('aria-pressed')).resolves.toBe('true');
    await anna.locator('[data-testid="tool-plan"]').click();
    await anna.locator('[data-testid="plan"]').waitFor({ state: 'detached' });
  });
});

describe('C-F6: facilitation keys next to typing', () => {
  it('C-F6: a label typed with a capital letter still starts editing; lower-case l would link', async () => {
    await selectCause(anna, causes(), 2);
    await anna.keyboard.type('Lean budget');
    await anna.keyboard.press('Enter');
    await expect.poll(async () => nodeIn(await tree(boris), ids.c3)?.text).toBe('Lean budget');
    expect(await anna.locator('[data-testid="link-bar"]').count()).toBe(0);
  });
});

describe('C-F7: the facilitator’s timer and message', () => {
  it('C-F7: a timer and a banner set through the API appear on a board and on a projector view', async () => {
    const projector = await contexts[1]!.newPage();
    await projector.goto(`${env.server.url}/w/${workshop.id}/g/${workshop.groups[0]!.id}/present#t=${workshop.tokens.viewer}`);
    await projector.locator('[data-testid="present-canvas"] canvas').first().waitFor();
    await facilitate(env, workshop, { timer: { seconds: 125 }, banner: { text: 'Back in the main room at 14:30' } });
    for (const page of [anna, projector]) {
      await page.locator('[data-testid="notice-timer"][data-phase="running"]').waitFor();
      await expect(page.locator('[data-testid="notice-banner"]').innerText()).resolves.toContain('Back in the main room at 14:30');
      const time = await page.locator('[data-testid="notice-timer"] .notice__time').innerText();
      expect(time).toMatch(/^02:0[0-5]$/);
    }
    expect(await projector.locator('.notice--large').count()).toBe(1);
    const state = await anna.evaluate(() => (window as unknown as { causeway: { notice(): { banner: string | null; timer: { seconds: number } | null } } }).causeway.notice());
    expect(state.banner).toBe('Back in the main room at 14:30');
    expect(state.timer?.seconds).toBe(125);
  });

  it('C-F7: the last minute is highlighted and announced; at zero it says Time is up', async () => {
    await facilitate(env, workshop, { timer: { seconds: 61 } });
    await anna.locator('[data-testid="notice-timer"][data-phase="lastMinute"]').waitFor({ timeout: 15_000 });
    await expect.poll(() => anna.locator('[data-testid="notice-announce"]').innerText()).toBe('One minute left');
    await facilitate(env, workshop, { timer: { seconds: 1 } });
    await anna.locator('[data-testid="notice-timer"][data-phase="up"]').waitFor({ timeout: 15_000 });
    await expect(anna.locator('[data-testid="notice-timer"]').innerText()).resolves.toContain('Time is up');
    await expect.poll(() => anna.locator('[data-testid="notice-announce"]').innerText()).toBe('Time is up');
    await facilitate(env, workshop, { timer: { stop: true } });
    await anna.locator('[data-testid="notice-timer"]').waitFor({ state: 'detached' });
  });

  it('C-F7: a person dismisses the banner for themself until a new one arrives', async () => {
    await anna.locator('[data-testid="notice-dismiss"]').click();
    await anna.locator('[data-testid="notice-banner"]').waitFor({ state: 'detached' });
    // Nothing above waited for Boris's board to show the banner.
    await expect.poll(() => boris.locator('[data-testid="notice-banner"]').count()).toBe(1);
    await anna.reload();
    await anna.locator('[data-testid="canvas"] canvas').first().waitFor();
    expect(await anna.locator('[data-testid="notice-banner"]').count()).toBe(0);
    await facilitate(env, workshop, { banner: { text: 'Five more minutes' } });
    await expect.poll(() => anna.locator('[data-testid="notice-banner"]').innerText()).toContain('Five more minutes');
    await facilitate(env, workshop, { banner: { clear: true } });
    await boris.locator('[data-testid="notice"]').waitFor({ state: 'detached' });
  });
});
