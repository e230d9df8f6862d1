/**
 * Shared set-up of the board facilitation browser tests (voting.test.ts, board-facilitation.test.ts):
 * a group with a known diagram, the facilitator's API, and keyboard selection of a cause.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { Env, Workshop } from './harness.ts';

/** People (three causes) and Process (one): the first category's causes are what the tests vote on. */
export const DIAGRAM = {
  format: 'causeway',
  version: 1,
  problem: 'Permits take 40 days',
  categories: [
    { text: 'People', causes: [{ text: 'Skills gap', causes: [] }, { text: 'Staff turnover', causes: [] }, { text: 'No training budget', causes: [] }] },
    { text: 'Process', causes: [{ text: 'Paper forms', causes: [] }] },
  ],
};

export async function putDiagram(env: Env, workshop: Workshop): Promise<void> {
  const res = await fetch(`${env.server.url}/api/workshops/${workshop.id}/groups/${workshop.groups[0]!.id}/diagram.json`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${workshop.tokens.participant}`, 'content-type': 'application/json' },
    body: JSON.stringify(DIAGRAM),
  });
  expect(res.status).toBe(200);
}

/** POST /facilitate for the first group, as the facilitator. */
export async function facilitate(env: Env, workshop: Workshop, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${env.server.url}/api/workshops/${workshop.id}/facilitate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${workshop.tokens.facilitator}`, 'content-type': 'application/json' },
    body: JSON.stringify({ groups: [workshop.groups[0]!.id], ...body }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

/** Keyboard only: Escape, then the arrows from the problem to the n-th cause of the first category (its id in `causes`). */
export async function selectCause(page: Page, causes: readonly string[], n: number): Promise<void> {
  await page.locator('[data-testid="canvas"]').focus();
  await page.keyboard.press('Escape');
  await page.keyboard.press('ArrowLeft'); // the problem
  await page.keyboard.press('ArrowLeft'); // People
  await page.keyboard.press('ArrowLeft'); // its first cause
  for (let i = 0; i < n; i++) await page.keyboard.press('ArrowDown');
  await page.waitForFunction((want) => (window as unknown as { causeway: { selection(): string | null } }).causeway.selection() === want, causes[n]!);
}

export const message = (page: Page) => page.locator('[data-testid="board-message"]');
