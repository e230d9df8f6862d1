/**
 * The projector view end to end: a real `vite build`, the real server on port 0, Chromium, and a
 * participant's stock y-websocket client in Node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { addCause, deleteNode, readTree } from '@causeway/shared';
import { createWorkshop, newContext, startEnv, stockClient } from './harness.ts';
import type { Env, Workshop } from './harness.ts';

type Role = 'facilitator' | 'participant' | 'viewer';

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface View {
  scale: number;
  x: number;
  y: number;
}

interface Probe {
  view: View | null;
  target: View | null;
  content: Rect;
  viewport: { width: number; height: number };
  highlight: string | null;
  labels: { id: string; text: string; rect: Rect }[];
}

let env: Env;
let workshop: Workshop;
let context: BrowserContext;
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  env = await startEnv();
  workshop = await createWorkshop(env, { groups: ['Team A', 'Team B', 'Team C'], template: '4p', problem: 'Permits take 40 days' });
  context = await newContext(env, { width: 1280, height: 720 });
}, 180_000);

afterAll(async () => {
  for (const p of providers) p.destroy();
  await env?.close();
});

const presentUrl = (role: Role, group = 0) => `${env.server.url}/w/${workshop.id}/g/${workshop.groups[group]!.id}/present#t=${workshop.tokens[role]}`;

/** A participant's stock y-websocket client in Node. */
async function nodeClient(group = 0, name: string | null = 'Marta'): Promise<{ doc: Y.Doc; provider: WebsocketProvider }> {
  const client = await stockClient(env, workshop, group, name ? { name } : {});
  providers.push(client.provider);
  return client;
}

/** The highlight every awareness state of the room carries, as a Node client sees it. */
function highlightsSeen(provider: WebsocketProvider): string[] {
  return [...provider.awareness.getStates().values()].map((s) => (s as { highlight?: unknown }).highlight).filter((h): h is string => typeof h === 'string');
}

function untilAwareness(provider: WebsocketProvider, check: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const timer = setTimeout(() => {
      provider.awareness.off('change', onChange);
      reject(new Error(`timed out waiting for ${what}`));
    }, 10_000);
    const onChange = () => {
      if (!check()) return;
      clearTimeout(timer);
      provider.awareness.off('change', onChange);
      resolve();
    };
    provider.awareness.on('change', onChange);
  });
}

async function openPresent(role: Role, group = 0): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
  await page.goto(presentUrl(role, group));
  await page.locator('[data-testid="connection"][data-status="connected"]').waitFor();
  await page.locator('[data-testid="present-canvas"][data-settled="true"] canvas').first().waitFor();
  return page;
}

const probe = (page: Page): Promise<Probe> => page.evaluate(() => (window as unknown as { causewayPresent: { state(): Probe } }).causewayPresent.state());

/** Waits until the projector has glided to its fit of the current content. */
async function settled(page: Page): Promise<Probe> {
  await page.locator('[data-testid="present-canvas"][data-settled="true"]').waitFor();
  return probe(page);
}

function onScreen(content: Rect, view: View): Rect {
  return { x: content.x * view.scale + view.x, y: content.y * view.scale + view.y, width: content.width * view.scale, height: content.height * view.scale };
}

/** The whole diagram is visible and fills the screen in one direction (within the 48 px margin). */
function expectFitted(state: Probe): void {
  const screen = onScreen(state.content, state.view!);
  expect(screen.x).toBeGreaterThanOrEqual(0);
  expect(screen.y).toBeGreaterThanOrEqual(0);
  expect(screen.x + screen.width).toBeLessThanOrEqual(state.viewport.width + 0.5);
  expect(screen.y + screen.height).toBeLessThanOrEqual(state.viewport.height + 0.5);
  const fillsWidth = screen.width >= state.viewport.width - 2 * 48 - 1;
  const fillsHeight = screen.height >= state.viewport.height - 2 * 48 - 1;
  expect(fillsWidth || fillsHeight).toBe(true);
  expect(state.viewport.width).toBeGreaterThan(1200);
}

/** Pixels of the highlight colour (#e8590c) on the page's canvases. */
function highlightPixels(page: Page): Promise<number> {
  return page.evaluate(() => {
    let count = 0;
    for (const canvas of document.querySelectorAll<HTMLCanvasElement>('[data-testid="present-canvas"] canvas')) {
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width === 0) continue;
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i]! - 232) < 12 && Math.abs(data[i + 1]! - 89) < 12 && Math.abs(data[i + 2]! - 12) < 12 && data[i + 3]! > 240) count++;
      }
    }
    return count;
  });
}

/** Two animation frames: whatever React was told has been drawn. */
const frames = (page: Page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

describe('C-P1, C-P2, C-P4: the projector view', () => {
  it('C-P2: fits the whole diagram to the screen, and glides to a new fit as a participant adds causes', async () => {
    const { doc } = await nodeClient(0, 'Marta');
    const page = await openPresent('viewer');
    await page.locator('[data-testid="present-count"][data-count="1"]').waitFor();
    const before = await settled(page);
    expectFitted(before);

    // Record every view drawn while the diagram grows: the refit must be gradual, not a jump.
    await page.evaluate(() => {
      const w = window as unknown as { views: number[]; causewayPresent: { state(): Probe } };
      w.views = [];
      const tick = () => {
        const v = w.causewayPresent.state().view;
        if (v) w.views.push(v.scale);
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const category = readTree(doc).categories[0]!.id!;
    doc.transact(() => {
      for (let i = 0; i < 14; i++) addCause(doc, category, `Cause number ${i + 1} with a fairly long label that wraps`);
    });
    await page.waitForFunction((w0) => {
      const s = (window as unknown as { causewayPresent: { state(): Probe } }).causewayPresent.state();
      return s.content.height > w0;
    }, before.content.height);
    const after = await settled(page);
    expect(after.labels.filter((l) => l.text.startsWith('Cause number'))).toHaveLength(14);
    expectFitted(after);
    expect(after.view!.scale).toBeLessThan(before.view!.scale);
    // Every label is on screen.
    for (const label of after.labels) {
      expect(label.rect.x).toBeGreaterThanOrEqual(0);
      expect(label.rect.y).toBeGreaterThanOrEqual(0);
      expect(label.rect.x + label.rect.width).toBeLessThanOrEqual(after.viewport.width);
      expect(label.rect.y + label.rect.height).toBeLessThanOrEqual(after.viewport.height);
    }
    const scales = await page.evaluate(() => (window as unknown as { views: number[] }).views);
    const between = new Set(scales.filter((s) => s < before.view!.scale - 1e-4 && s > after.view!.scale + 1e-4).map((s) => s.toFixed(5)));
    expect(between.size).toBeGreaterThanOrEqual(3);
    await page.close();
  });

  it('C-P1: shows no editing chrome and never changes the diagram, even with the facilitator link', async () => {
    const { doc, provider } = await nodeClient(1, null);
    const before = JSON.stringify(readTree(doc));
    const page = await openPresent('facilitator', 1);
    expect(await page.locator('button').count()).toBe(1);
    await expect(page.getByTestId('present-fullscreen').isVisible()).resolves.toBe(true);
    expect(await page.locator('textarea, input, select, [role="toolbar"], [role="tree"], [data-testid="toolbar"]').count()).toBe(0);
    // The full-screen button puts the projector view (not the whole page) in full screen, and back.
    await page.getByTestId('present-fullscreen').click();
    await page.locator('[data-testid="present-fullscreen"][aria-pressed="true"]').waitFor();
    expect(await page.evaluate(() => document.fullscreenElement?.getAttribute('data-testid'))).toBe('present');
    await expect(page.getByTestId('present-fullscreen').innerText()).resolves.toBe('Exit full screen');
    await page.getByTestId('present-fullscreen').click();
    await page.locator('[data-testid="present-fullscreen"][aria-pressed="false"]').waitFor();
    expect(await page.evaluate(() => document.fullscreenElement)).toBeNull();
    const corner = await page.getByTestId('present-corner').innerText();
    expect(corner).toContain('Team B');
    expect(corner).toContain('Connected');

    // Everything that edits on the board: typing, Delete, Tab, F2, double-click, Ctrl+Z.
    const state = await probe(page);
    const cause = state.labels.find((l) => l.id !== 'problem')!;
    await page.mouse.dblclick(cause.rect.x + cause.rect.width / 2, cause.rect.y + cause.rect.height / 2);
    for (const key of ['x', 'Delete', 'Backspace', 'Tab', 'F2', 'Control+z', 'Alt+ArrowUp']) await page.keyboard.press(key);
    expect(await page.locator('textarea, input').count()).toBe(0);
    // Tab moved the focus to the full-screen button, where Enter would press it.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    // The highlight goes out on the same socket after the keys above, so once it arrives any
    // document change would have arrived too.
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await untilAwareness(provider, () => highlightsSeen(provider).length > 0, 'the facilitator highlight');
    expect(JSON.stringify(readTree(doc))).toBe(before);
    await page.keyboard.press('Escape');
    await untilAwareness(provider, () => highlightsSeen(provider).length === 0, 'the highlight to clear');
    await page.close();
  });

  it('C-P4: the facilitator highlights a cause; another projector and a Node client see it; Escape clears it everywhere', async () => {
    const { doc, provider } = await nodeClient(0, null);
    const audience = await openPresent('viewer');
    const facilitator = await openPresent('facilitator');
    expect(await highlightPixels(audience)).toBe(0);

    // Click a cause on the facilitator's projector.
    const tree = readTree(doc);
    const target = tree.categories[1]!.children[0] ?? tree.categories[1]!;
    const state = await settled(facilitator);
    const label = state.labels.find((l) => l.id === target.id)!;
    await facilitator.mouse.click(label.rect.x + label.rect.width / 2, label.rect.y + label.rect.height / 2);
    await untilAwareness(provider, () => highlightsSeen(provider).includes(target.id!), 'the clicked highlight');
    expect(highlightsSeen(provider)).toEqual([target.id]);
    await audience.waitForFunction((id) => (window as unknown as { causewayPresent: { state(): Probe } }).causewayPresent.state().highlight === id, target.id);
    // Konva paints on an animation frame after React renders; under load that is more than two frames.
    await expect.poll(() => highlightPixels(audience)).toBeGreaterThan(300);
    await expect(audience.getByTestId('present-announce').innerText()).resolves.toContain(target.text.slice(0, 10));

    // A viewer's click highlights nothing.
    const audienceState = await probe(audience);
    const other = audienceState.labels.find((l) => l.id === tree.categories[0]!.id)!;
    await audience.mouse.click(other.rect.x + other.rect.width / 2, other.rect.y + other.rect.height / 2);
    await frames(audience);
    expect((await probe(audience)).highlight).toBe(target.id);

    // Arrow keys and Enter move the highlight: Right goes to the parent (the category).
    await facilitator.keyboard.press('ArrowRight');
    await facilitator.keyboard.press('Enter');
    const parent = tree.categories[1]!.children[0] ? tree.categories[1]!.id! : 'problem';
    await untilAwareness(provider, () => highlightsSeen(provider).includes(parent), 'the keyboard highlight');
    await audience.waitForFunction((id) => (window as unknown as { causewayPresent: { state(): Probe } }).causewayPresent.state().highlight === id, parent);

    await facilitator.keyboard.press('Escape');
    await untilAwareness(provider, () => highlightsSeen(provider).length === 0, 'the highlight to clear');
    await audience.waitForFunction(() => (window as unknown as { causewayPresent: { state(): Probe } }).causewayPresent.state().highlight === null);
    await expect.poll(() => highlightPixels(audience)).toBe(0);
    // The highlight is presence only: the document never changed.
    expect(readTree(doc)).toEqual(tree);
    await audience.close();
    await facilitator.close();
  });

  it('C-P4: when someone deletes the highlighted cause, the highlight is taken back', async () => {
    const { doc, provider } = await nodeClient(2, null);
    const category = readTree(doc).categories[0]!.id!;
    const cause = addCause(doc, category, 'Soon gone');
    const page = await openPresent('facilitator', 2);
    await page.waitForFunction(() => (window as unknown as { causewayPresent: { state(): Probe } }).causewayPresent.state().labels.some((l) => l.text === 'Soon gone'));
    const label = (await settled(page)).labels.find((l) => l.id === cause)!;
    await page.mouse.click(label.rect.x + label.rect.width / 2, label.rect.y + label.rect.height / 2);
    await untilAwareness(provider, () => highlightsSeen(provider).includes(cause), 'the highlight');
    deleteNode(doc, cause);
    await untilAwareness(provider, () => highlightsSeen(provider).length === 0, 'the stale highlight to go');
    await page.close();
  });

  it('C-P1: a projector of a group the facilitator deletes says the link no longer works', async () => {
    const page = await openPresent('viewer', 2);
    const res = await fetch(`${env.server.url}/api/workshops/${workshop.id}/groups/${workshop.groups[2]!.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${workshop.tokens.facilitator}` } });
    expect(res.status).toBe(204);
    await page.getByTestId('wrong-link').waitFor();
    await page.close();
  });

  it('C-P1: a broken link says so instead of a diagram', async () => {
    const page = await context.newPage();
    await page.goto(`${env.server.url}/w/${workshop.id}/g/${workshop.groups[0]!.id}/present#t=not-a-token`);
    await page.getByTestId('wrong-link').waitFor();
    await page.goto(`${env.server.url}/w/${workshop.id}/g/nosuchgroup/present#t=${workshop.tokens.viewer}`);
    await page.getByTestId('wrong-link').waitFor();
    await page.close();
  });
});
