/**
 * Regenerates docs/board-voted.png (a board after dot voting: dots, the Top causes panel, marks, a
 * link, the facilitator's timer and message) from a real build, server and Chromium:
 *   npx tsx tests/browser/voted-screenshot.ts [out.png]
 * Not a test (it writes into the repository); it reuses the browser test harness.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { asFacilitator, boardUrl, createWorkshop, newContext, openBoard, startEnv, treeOf } from './harness.ts';

const out = process.argv[2] ?? join(import.meta.dirname, '..', '..', 'docs', 'board-voted.png');
const fixture = '/work/shared/fixtures/en-6m-late-deliveries.json';
const viewport = { width: 1440, height: 860 };

const env = await startEnv();
try {
  const w = await createWorkshop(env, { title: 'Logistics workshop', groups: ['Warehouse team'] });
  const group = w.groups[0]!.id;
  const call = (method: string, path: string, body: unknown) => asFacilitator(env, w, method, path, body);
  await call('PUT', `/groups/${group}/diagram.json`, readFileSync(fixture, 'utf8'));
  await call('POST', '/facilitate', { groups: [group], voting: { action: 'start', votesPerParticipant: 3, visibility: 'hidden' } });

  const names = ['Anna', 'Boris', 'Csilla', 'Dana'];
  const pages: Page[] = [];
  for (const name of names) pages.push(await openBoard(await newContext(env, { name, ...viewport }), boardUrl(env, w)));
  const tree = await treeOf(pages[0]!);
  const byText = new Map<string, string>();
  const walk = (nodes: typeof tree.categories) => nodes.forEach((n) => (byText.set(n.text, n.id!), walk(n.children)));
  walk(tree.categories);
  const id = (text: string) => {
    const found = byText.get(text);
    if (!found) throw new Error(`no node ${text}`);
    return found;
  };
  const click = async (page: Page, text: string, button: 'left' | 'right' = 'left') => {
    const box = await page.evaluate((i) => (window as unknown as { causeway: { labelRect(id: string): { x: number; y: number; width: number; height: number } } }).causeway.labelRect(i), id(text));
    if (!box) throw new Error(`${text} not drawn`);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { button });
  };
  const ballots: string[][] = [
    ['New pickers untrained on scanner workflow', 'Batch picking not sorted by route', 'Promise date computed without carrier cut-off'],
    ['New pickers untrained on scanner workflow', 'Promise date computed without carrier cut-off', 'Label printer jams'],
    ['New pickers untrained on scanner workflow', 'Batch picking not sorted by route', 'Manual carrier booking'],
    ['Promise date computed without carrier cut-off', 'Batch picking not sorted by route', 'Packaging stock-outs'],
  ];
  for (const [i, page] of pages.entries()) {
    for (const text of ballots[i]!) {
      await click(page, text);
      await page.keyboard.press('v');
    }
  }
  await pages[0]!.waitForFunction(() => (window as unknown as { causeway: { voteView(): { votesCast: number } } }).causeway.voteView().votesCast === 12);
  if (process.env.OPEN_SHOT) await pages[2]!.screenshot({ path: process.env.OPEN_SHOT });

  // Marks and a link, by keyboard and menu, as a group would set them after the vote.
  const anna = pages[0]!;
  await click(anna, 'New pickers untrained on scanner workflow');
  await anna.keyboard.press('m');
  await anna.keyboard.press('Enter');
  await click(anna, 'Promise date computed without carrier cut-off', 'right');
  await anna.locator('[data-testid="menu-mark-needs-evidence"]').click();
  await click(anna, 'Winter road closures', 'right');
  await anna.locator('[data-testid="menu-mark-ruled-out"]').click();
  await click(anna, 'Batch picking not sorted by route');
  await anna.keyboard.press('l');
  await click(anna, 'Overtime fatigue on night shift');
  await click(anna, 'Manual carrier booking');
  await anna.keyboard.press('l');
  await click(anna, 'Promise date computed without carrier cut-off');

  // Only the person taking the picture stays, so no cursors or selections of others cover the diagram.
  const shot = pages[1]!;
  for (const page of pages) if (page !== shot) await page.context().close();
  await call('POST', '/facilitate', { groups: [group], voting: { action: 'close' }, timer: { seconds: 600 }, banner: { text: 'Pick one top cause and add an action to it' } });
  await shot.locator('[data-testid="tool-outline"]').click();
  await shot.locator('[data-testid="top-causes"]').waitFor();
  await shot.locator('[data-testid="notice-banner"]').waitFor();
  await shot.locator('[data-testid="canvas"]').focus();
  await shot.keyboard.press('Escape');
  await shot.keyboard.press('0');
  await shot.waitForTimeout(400);
  await shot.screenshot({ path: out });
  if (process.env.PROJECTOR_SHOT) {
    const projector = await shot.context().newPage();
    await projector.goto(`${env.server.url}/w/${w.id}/g/${group}/present#t=${w.tokens.viewer}`);
    await projector.locator('[data-testid="present-canvas"][data-settled="true"] canvas').first().waitFor();
    await projector.locator('[data-testid="notice-banner"]').waitFor();
    await projector.waitForTimeout(600);
    await projector.screenshot({ path: process.env.PROJECTOR_SHOT });
  }
  console.log(`wrote ${out}`);
} finally {
  await env.close();
}
