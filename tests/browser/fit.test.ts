import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { boardUrl, createWorkshop, newContext, openBoard, startEnv, stockClient, SETUP_TIMEOUT } from './harness.ts';
import type { Env, Workshop } from './harness.ts';
import { addCause, readTree } from '@causeway/shared';
import type { NodeId } from '@causeway/shared';

let env: Env;
let workshop: Workshop;

beforeAll(async () => {
  env = await startEnv();
  workshop = await createWorkshop(env);
}, SETUP_TIMEOUT);

afterAll(async () => {
  await env?.close();
}, SETUP_TIMEOUT);

type View = { scale: number; x: number; y: number };
type Bounds = { x: number; y: number; width: number; height: number };

/** The view, the layout's bounds and the canvas size, read in one go. */
const state = (page: Page) =>
  page.evaluate(() => {
    const c = (window as unknown as { causeway: { view(): View; layoutBounds(): Bounds } }).causeway;
    const canvas = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect();
    return { view: c.view(), bounds: c.layoutBounds(), width: canvas.width, height: canvas.height };
  });

/** The layout's bounds on screen lie inside the canvas with C6's 40 px margin, touching it on one axis. */
function fitsWithMargin({ view, bounds, width, height }: Awaited<ReturnType<typeof state>>): boolean {
  const left = view.x + bounds.x * view.scale;
  const top = view.y + bounds.y * view.scale;
  const right = left + bounds.width * view.scale;
  const bottom = top + bounds.height * view.scale;
  const inside = left >= 39 && top >= 39 && right <= width - 39 && bottom <= height - 39;
  const touches = Math.abs(left - 40) < 1.5 || Math.abs(top - 40) < 1.5 || view.scale === 1.25;
  return inside && touches;
}

describe('C6: the view fits the diagram', () => {
  it('C6: on open the diagram fits the screen, keeps fitting while causes arrive, and stays put once the person zooms', async () => {
    const context = await newContext(env, { name: 'Anna' });
    const page = await openBoard(context, boardUrl(env, workshop));
    await page.waitForFunction(() => (window as unknown as { causeway: { layersWaiting(): number } }).causeway.layersWaiting() === 0);
    expect(fitsWithMargin(await state(page))).toBe(true);

    // Someone else adds long causes: the diagram grows and the view follows it.
    const other = await stockClient(env, workshop, 0, { name: 'Boris' });
    const category = readTree(other.doc).categories[0]!.id as NodeId;
    const before = await state(page);
    for (let i = 0; i < 8; i++) addCause(other.doc, category, `Cause ${i}: a long label that widens its bone a good deal`);
    await page.waitForFunction((w) => (window as unknown as { causeway: { layoutBounds(): Bounds } }).causeway.layoutBounds().width > w, before.bounds.width);
    await expect.poll(async () => fitsWithMargin(await state(page))).toBe(true);
    expect((await state(page)).view.scale).toBeLessThan(before.view.scale);

    // The person zooms: from now on, arriving content leaves the view alone.
    const fitted = (await state(page)).view.scale;
    const box = (await page.getByTestId('canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -200);
    await expect.poll(async () => (await state(page)).view.scale).toBeGreaterThan(fitted);
    const zoomed = (await state(page)).view;
    const width = (await state(page)).bounds.width;
    for (let i = 0; i < 8; i++) addCause(other.doc, category, `Later cause ${i}: another long label for the same bone`);
    await page.waitForFunction((w) => (window as unknown as { causeway: { layoutBounds(): Bounds } }).causeway.layoutBounds().width > w, width);
    expect((await state(page)).view).toEqual(zoomed);

    other.provider.destroy();
    other.doc.destroy();
    await context.close();
  });
});
