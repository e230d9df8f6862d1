import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { addCause, castVote, readNotice, readTree, votingStatus } from '@causeway/shared';
import type { NodeId, ParticipantId } from '@causeway/shared';
import { boardUrl, createWorkshop, newContext, openBoard, SETUP_TIMEOUT, startEnv, stockClient } from './harness.ts';
import type { Env, Workshop } from './harness.ts';

let env: Env;
let workshop: Workshop;
let facilitator: BrowserContext;
let overview: Page;
/** One stock y-websocket client per group (participant link), to read what every board gets. */
const docs: Y.Doc[] = [];
const providers: WebsocketProvider[] = [];

async function connect(group: number): Promise<Y.Doc> {
  const { doc, provider } = await stockClient(env, workshop, group);
  providers.push(provider);
  return doc;
}

/** Resolves when `check` holds for the doc (now or after one of its updates). */
function until(doc: Y.Doc, check: (doc: Y.Doc) => boolean, what: string, timeout = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check(doc)) return resolve();
    const timer = setTimeout(() => {
      doc.off('update', onUpdate);
      reject(new Error(`timed out waiting for ${what}`));
    }, timeout);
    const onUpdate = () => {
      if (!check(doc)) return;
      clearTimeout(timer);
      doc.off('update', onUpdate);
      resolve();
    };
    doc.on('update', onUpdate);
  });
}

const card = (page: Page, group: number) => page.locator(`[data-testid="group-card"][data-group-id="${workshop.groups[group]!.id}"]`);
const bar = (page: Page) => page.getByTestId('facilitate-bar');

async function openOverview(context: BrowserContext, role: 'facilitator' | 'viewer' = 'facilitator'): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
  await page.goto(`${env.server.url}/w/${workshop.id}#t=${workshop.tokens[role]}`);
  await page.getByTestId('overview').waitFor();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="group-status"]').length === n, workshop.groups.length);
  return page;
}

beforeAll(async () => {
  env = await startEnv();
  workshop = await createWorkshop(env, { groups: ['Team A', 'Team B', 'Team C'], template: '4p', problem: 'Permits take 40 days' });
  for (let g = 0; g < workshop.groups.length; g++) docs.push(await connect(g));
  facilitator = await newContext(env);
  overview = await openOverview(facilitator);
}, SETUP_TIMEOUT);

afterAll(async () => {
  for (const p of providers) p.destroy();
  await env?.close();
});

describe('C-O1..C-O5: the facilitator runs every group from the overview', () => {
  it('C-O2: a 5-minute timer for all groups reaches every document and counts down on the toolbar and every card', async () => {
    const before = Date.now();
    await bar(overview).getByTestId('timer-5').click();
    for (const [g, doc] of docs.entries()) await until(doc, (d) => readNotice(d).timer?.seconds === 300, `a timer in group ${g}`);
    const after = Date.now();
    const ends = docs.map((d) => readNotice(d).timer!.endsAt);
    // One request, one moment: every group ends at the same server time, 5 minutes after the click.
    expect(new Set(ends).size).toBe(1);
    expect(ends[0]!).toBeGreaterThanOrEqual(before + 300_000 - 2000);
    expect(ends[0]!).toBeLessThanOrEqual(after + 300_000 + 2000);

    const countdown = bar(overview).getByTestId('bar-countdown');
    // The documents can hear of the timer before the overview has its answer, so these wait.
    await expect.poll(() => countdown.textContent()).toMatch(/^0[45]:\d\d$/);
    await expect.poll(() => bar(overview).getByTestId('bar-status').textContent()).toContain('every group');
    for (let g = 0; g < docs.length; g++) {
      const shown = card(overview, g).getByTestId('card-countdown');
      await expect.poll(async () => Number(await shown.getAttribute('data-ends-at'))).toBe(ends[0]);
    }
    // It counts down: the shown second changes (the server clock, not a fixed text).
    const first = await countdown.textContent();
    await overview.waitForFunction((text) => document.querySelector('[data-testid="bar-countdown"]')?.textContent !== text, first, { timeout: 10_000 });
    expect(await countdown.getAttribute('aria-label')).toMatch(/^Time left: 0[45]:\d\d$/);
  });

  it('C-O3: a message to all groups is in every document and on every card; the counter counts; clear for one group clears only it', async () => {
    const text = 'Five minutes left, then we vote — Пет минути';
    await bar(overview).getByTestId('banner-text').fill(`  ${text}  `);
    expect(await bar(overview).getByTestId('banner-counter').textContent()).toBe(`${text.length + 4}/280`);
    await bar(overview).getByTestId('banner-send').click();
    for (const [g, doc] of docs.entries()) await until(doc, (d) => readNotice(d).banner === text, `the banner in group ${g}`);
    for (let g = 0; g < docs.length; g++) await card(overview, g).getByTestId('card-banner').getByText(text).waitFor();
    // Sent: the field is empty again, ready for the next message.
    await overview.waitForFunction(() => (document.querySelector('[data-testid="facilitate-bar"] [data-testid="banner-text"]') as HTMLInputElement).value === '');
    expect(await bar(overview).getByTestId('banner-send').isDisabled()).toBe(true);
    // The field stops at 280 characters.
    await bar(overview).getByTestId('banner-text').fill('x'.repeat(300));
    expect(await bar(overview).getByTestId('banner-counter').textContent()).toBe('280/280');
    await bar(overview).getByTestId('banner-text').fill('');

    await card(overview, 1).getByTestId('facilitate-toggle').click();
    expect(await card(overview, 1).getByTestId('facilitate-toggle').getAttribute('aria-expanded')).toBe('true');
    await card(overview, 1).getByTestId('group-controls').getByTestId('banner-clear').click();
    await until(docs[1]!, (d) => readNotice(d).banner === null, 'the banner cleared in group 1');
    await card(overview, 1).getByTestId('card-banner').waitFor({ state: 'detached' });
    expect(readNotice(docs[0]!).banner).toBe(text);
    expect(readNotice(docs[2]!).banner).toBe(text);

    // Stop the timer of group 1 only; the toolbar then says 2 of 3 groups.
    await card(overview, 1).getByTestId('group-controls').getByTestId('timer-stop').click();
    await until(docs[1]!, (d) => readNotice(d).timer === null, 'the timer stopped in group 1');
    await card(overview, 1).getByTestId('card-countdown').waitFor({ state: 'detached' });
    await bar(overview).getByTestId('bar-status').getByText('2 of 3 groups').waitFor();
    expect(readNotice(docs[0]!).timer).not.toBeNull();
  });

  it('C-O2: custom minutes by keyboard only: type 2,5 and press Enter -> 150 seconds for that group', async () => {
    const controls = card(overview, 1).getByTestId('group-controls');
    const field = controls.getByTestId('timer-minutes');
    await field.focus();
    await overview.keyboard.type('abc');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await controls.getByTestId('timer-start').isDisabled()).toBe(true);
    await field.fill('');
    await overview.keyboard.type('2,5');
    expect(await field.getAttribute('aria-invalid')).toBe('false');
    await overview.keyboard.press('Enter');
    await until(docs[1]!, (d) => readNotice(d).timer?.seconds === 150, 'a 150 s timer in group 1');
    expect(readNotice(docs[0]!).timer?.seconds).toBe(300);
    await card(overview, 1).getByTestId('card-countdown').getByText(/^0[12]:\d\d$/).waitFor();
    await overview.waitForFunction(() => (document.querySelector('[data-testid="group-controls"] [data-testid="timer-minutes"]') as HTMLInputElement).value === '');
  });

  it('C-O4: voting for one group only: start with settings, a vote shows as progress, close shows the top causes, reset asks first', async () => {
    const controls = card(overview, 1).getByTestId('group-controls');
    await controls.getByTestId('votes-each').fill('5');
    await controls.getByTestId('votes-multiple').check();
    await controls.getByTestId('votes-visibility').selectOption('live');
    await controls.getByTestId('voting-start').click();
    await until(docs[1]!, (d) => votingStatus(d).state === 'open', 'voting open in group 1');
    expect(votingStatus(docs[1]!)).toEqual({ state: 'open', votesPerParticipant: 5, allowMultiple: true, visibility: 'live' });
    expect(votingStatus(docs[0]!).state).toBe('idle');
    expect(votingStatus(docs[2]!).state).toBe('idle');
    await card(overview, 1).locator('[data-testid="group-status"][data-voting="open"]').waitFor();
    expect(await card(overview, 1).getByTestId('voting-state').textContent()).toBe('Voting open · voted: 0');
    expect(await card(overview, 0).getByTestId('voting-state').textContent()).toBe('Voting not started');
    await bar(overview).getByTestId('bar-voting').getByText('Voting open: 1 · closed: 0 · not started: 2', { exact: true }).waitFor();

    // A participant board of that group shows voting open.
    const anna = await newContext(env, { name: 'Anna' });
    const board = await openBoard(anna, boardUrl(env, workshop, 'participant', 1));
    await board.waitForFunction(() => (window as unknown as { causeway: { voteView?: () => { state: string } } }).causeway.voteView?.().state === 'open');
    await anna.close();

    // Two participants vote (stock clients): the card shows how many voted, never what.
    const category = readTree(docs[1]!).categories[0]!.id!;
    const a = addCause(docs[1]!, category, 'Forms are scanned by hand') as NodeId;
    const b = addCause(docs[1]!, category, 'No deputy for approvals') as NodeId;
    expect(castVote(docs[1]!, 'p-one' as ParticipantId, a).ok).toBe(true);
    expect(castVote(docs[1]!, 'p-one' as ParticipantId, a).ok).toBe(true);
    expect(castVote(docs[1]!, 'p-two' as ParticipantId, b).ok).toBe(true);
    await card(overview, 1).getByTestId('voting-state').getByText('Voting open · voted: 2').waitFor();

    await controls.getByTestId('voting-close').click();
    await until(docs[1]!, (d) => votingStatus(d).state === 'closed', 'voting closed in group 1');
    const top = card(overview, 1).getByTestId('top-causes');
    await top.waitFor();
    expect(await top.locator('li').allTextContents()).toEqual(['Forms are scanned by handvotes: 2', 'No deputy for approvalsvotes: 1']);
    expect(await controls.getByTestId('voting-start').textContent()).toBe('Reopen voting');

    // Reset asks first; Cancel keeps every vote.
    await controls.getByTestId('voting-reset').click();
    const question = controls.getByTestId('reset-confirm');
    expect(await question.getAttribute('role')).toBe('alertdialog');
    expect(await question.textContent()).toContain('Reset voting in Team B? All its votes are deleted.');
    // The safe choice has the focus.
    await expect.poll(() => overview.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('voting-reset-cancel');
    await overview.keyboard.press('Enter');
    await question.waitFor({ state: 'detached' });
    // The keyboard is back on Reset; Escape also answers no.
    await expect.poll(() => overview.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('voting-reset');
    await overview.keyboard.press('Enter');
    await question.waitFor();
    await overview.keyboard.press('Escape');
    await question.waitFor({ state: 'detached' });
    expect(votingStatus(docs[1]!).state).toBe('closed');
    expect(docs[1]!.getMap('votes').size).toBe(2);

    await controls.getByTestId('voting-reset').click();
    await controls.getByTestId('voting-reset-confirm').click();
    await until(docs[1]!, (d) => votingStatus(d).state === 'idle' && d.getMap('votes').size === 0, 'voting reset in group 1');
    await overview.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'voting-start');
    await card(overview, 1).locator('[data-testid="group-status"][data-voting="idle"]').waitFor();
    expect(await card(overview, 1).getByTestId('top-causes').count()).toBe(0);
  });

  it('C-O4: voting for all groups: start, close, reset with confirm', async () => {
    await bar(overview).getByTestId('voting-start').click();
    for (const doc of docs) await until(doc, (d) => votingStatus(d).state === 'open', 'voting open everywhere');
    await overview.waitForFunction(() => document.querySelectorAll('[data-testid="group-status"][data-voting="open"]').length === 3);
    await bar(overview).getByTestId('voting-close').click();
    for (const doc of docs) await until(doc, (d) => votingStatus(d).state === 'closed', 'voting closed everywhere');
    await bar(overview).getByTestId('voting-reset').click();
    expect(await bar(overview).getByTestId('reset-confirm').textContent()).toContain('Reset voting in every group? All votes are deleted.');
    await bar(overview).getByTestId('voting-reset-confirm').click();
    for (const doc of docs) await until(doc, (d) => votingStatus(d).state === 'idle', 'voting reset everywhere');
    await overview.waitForFunction(() => document.querySelectorAll('[data-testid="group-status"][data-voting="idle"]').length === 3);
  });

  it('C-O5: buttons are disabled while a request runs; network and permission failures are shown translated', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await overview.route('**/facilitate', async (route) => {
      await held;
      await route.abort('failed');
    });
    await bar(overview).getByTestId('timer-3').click();
    await overview.waitForFunction(() => (document.querySelector('[data-testid="facilitate-bar"] [data-testid="timer-3"]') as HTMLButtonElement).disabled);
    // A request for all groups blocks the cards' controls too (it changes them).
    // The cards are not the toolbar (they render apart from it): wait for the card's own render.
    await expect.poll(() => card(overview, 1).getByTestId('group-controls').getByTestId('timer-10').isDisabled()).toBe(true);
    release();
    const failure = bar(overview).getByTestId('facilitate-failure');
    await failure.waitFor();
    expect(await failure.textContent()).toBe('Could not reach the server. Check your connection and try again.');
    expect(await failure.getAttribute('role')).toBe('alert');
    expect(await bar(overview).getByTestId('timer-3').isDisabled()).toBe(false);
    await overview.unroute('**/facilitate');

    await overview.route('**/facilitate', (route) =>
      route.fulfill({ status: 403, contentType: 'application/json', body: JSON.stringify({ error: { code: 'forbidden', message: 'facilitator only' } }) }),
    );
    await card(overview, 1).getByTestId('group-controls').getByTestId('timer-3').click();
    const cardFailure = card(overview, 1).getByTestId('facilitate-failure');
    await cardFailure.waitFor();
    expect(await cardFailure.textContent()).toBe('This link may not do that.');
    await overview.unroute('**/facilitate');
    await card(overview, 1).getByTestId('group-controls').getByTestId('timer-3').click();
    await cardFailure.waitFor({ state: 'detached' });
    await until(docs[1]!, (d) => readNotice(d).timer?.seconds === 180, 'a 3-minute timer in group 1');
  });

  it('C-O1: the countdown follows the server clock: a laptop clock 10 minutes slow still shows the 5 minutes left', async () => {
    const skewed = await newContext(env);
    await skewed.addInitScript(() => {
      const real = Date.now.bind(Date);
      Date.now = () => real() - 600_000;
    });
    const page = await openOverview(skewed);
    expect(await page.evaluate(() => Math.round((Date.now() - new Date().getTime()) / 60_000))).toBe(-10);
    await bar(page).getByTestId('timer-5').click();
    for (const doc of docs) await until(doc, (d) => readNotice(d).timer?.seconds === 300 && readNotice(d).timer!.endsAt > Date.now() + 290_000, 'a new 5-minute timer');
    for (let g = 0; g < docs.length; g++) await card(page, g).getByTestId('card-countdown').getByText(/^0[45]:\d\d$/).waitFor();
    await bar(page).getByTestId('bar-status').getByText('every group').waitFor();
    await expect.poll(() => bar(page).getByTestId('bar-countdown').textContent()).toMatch(/^0[45]:\d\d$/);
    await skewed.close();
  });

  it('C-O1: a viewer sees every group’s timer, message and voting state, without any control', async () => {
    const viewer = await newContext(env);
    const page = await openOverview(viewer, 'viewer');
    await card(page, 0).getByTestId('card-countdown').waitFor();
    await card(page, 0).getByTestId('card-banner').waitFor();
    expect(await page.getByTestId('facilitate-bar').count()).toBe(0);
    expect(await page.getByTestId('facilitate-toggle').count()).toBe(0);
    await viewer.close();
  });
});
