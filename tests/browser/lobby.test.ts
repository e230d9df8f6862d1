import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { boardUrl, createWorkshop, newContext, startEnv, treeOf, waitForBoard } from './harness.ts';
import type { Env } from './harness.ts';

let env: Env;

beforeAll(async () => {
  env = await startEnv();
});

afterAll(async () => {
  await env?.close();
});

function failOnPageError(page: Page): Page {
  page.on('pageerror', (err) => {
    throw err;
  });
  return page;
}

describe('S14, S15: the lobby and joining', () => {
  it('S14, S15, C2: a facilitator creates a workshop through the form, copies the links, sees a QR code; a participant joins a group and lands on its board', async () => {
    const facilitator = await newContext(env);
    await facilitator.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });
    const page = failOnPageError(await facilitator.newPage());
    await page.goto(`${env.server.url}/`);
    await page.getByTestId('create-form').waitFor();

    await page.fill('#field-title', 'Szybsze pozwolenia');
    await page.selectOption('#field-locale', 'pl');
    await page.selectOption('#field-template', '4p');
    // Template names and categories follow the diagram language, not the page language.
    expect(await page.locator('#field-template option[value="4p"]').textContent()).toBe('4P (administracja)');
    expect(await page.getByTestId('template-categories').textContent()).toContain('Polityki, Procedury, Ludzie');
    await page.fill('#field-names', 'Kraków\n\nSofia\nRīga\n');
    expect(await page.locator('#field-count').inputValue()).toBe('3');
    await page.fill('#field-problem', 'Wnioski czekają 40 dni');
    await page.getByTestId('create').click();

    await page.getByTestId('created').waitFor();
    const links = {
      facilitator: await page.getByTestId('link-facilitator').inputValue(),
      participant: await page.getByTestId('link-participant').inputValue(),
      viewer: await page.getByTestId('link-viewer').inputValue(),
    };
    const base = env.server.url.replace(/\/$/, '');
    expect(links.participant).toMatch(new RegExp(`^${base}/w/[A-Za-z0-9_-]+/join#t=[A-Za-z0-9_-]{43}$`));
    expect(links.facilitator).toMatch(new RegExp(`^${base}/w/[A-Za-z0-9_-]+#t=[A-Za-z0-9_-]{43}$`));
    expect(links.viewer).toMatch(new RegExp(`^${base}/w/[A-Za-z0-9_-]+#t=[A-Za-z0-9_-]{43}$`));
    expect(new Set(Object.values(links)).size).toBe(3);
    await expect(page.getByTestId('keep-private').isVisible()).resolves.toBe(true);

    await page.getByTestId('copy-participant').click();
    await page.getByTestId('copy-participant').filter({ hasText: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(links.participant);

    const qr = page.getByTestId('qr');
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    // An image decodes after it is in the page, even from a data: URL.
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth >= 200)).toBe(true);

    // What the server stored is what the form said.
    const [, workshopId, facilitatorToken] = /\/w\/([^#/]+)#t=(.+)$/.exec(links.facilitator)!;
    const stored = (await (await fetch(`${base}/api/workshops/${workshopId}`, { headers: { authorization: `Bearer ${facilitatorToken}` } })).json()) as {
      title: string;
      locale: string;
      template: string;
      role: string;
      groups: { id: string; name: string }[];
    };
    expect(stored).toMatchObject({ title: 'Szybsze pozwolenia', locale: 'pl', template: '4p', role: 'facilitator' });
    expect(stored.groups.map((g) => g.name)).toEqual(['Kraków', 'Sofia', 'Rīga']);

    // A participant on another device: the join page lists the groups with how many are there.
    const participant = await newContext(env, { name: 'Ágnes' });
    const join = failOnPageError(await participant.newPage());
    await join.goto(links.participant);
    await join.getByTestId('join-form').waitFor();
    const choices = join.getByTestId('group-choice');
    expect(await choices.count()).toBe(3);
    expect(await choices.nth(1).textContent()).toContain('Sofia');
    expect(await join.locator('#join-name').inputValue()).toBe('Ágnes');
    // Going without a group is refused with a message.
    await join.getByTestId('join').click();
    await join.getByText('Please pick a group.').waitFor();
    await choices.nth(1).click();
    await join.fill('#join-name', 'Ágnes Kovács');
    await join.getByTestId('join').click();

    await waitForBoard(join);
    const sofia = stored.groups[1]!;
    const participantToken = links.participant.split('#t=')[1]!;
    expect(join.url()).toBe(`${base}/w/${workshopId}/g/${sofia.id}#t=${participantToken}`);
    // The name given on the join page is the board identity: no second question.
    expect(await join.getByTestId('name-input').count()).toBe(0);
    expect(await join.evaluate(() => localStorage.getItem('causeway.name'))).toBe('Ágnes Kovács');
    const tree = await treeOf(join);
    expect(tree.problem).toBe('Wnioski czekają 40 dni');
    expect(tree.categories.map((c) => c.text)).toEqual(['Polityki', 'Procedury', 'Ludzie', 'Infrastruktura/technologia']);

    // The facilitator's overview watches every group; it is not someone in them.
    const overview = failOnPageError(await facilitator.newPage());
    await overview.goto(links.facilitator);
    await expect
      .poll(async () => {
        const info = (await (await fetch(`${base}/api/workshops/${workshopId}`, { headers: { authorization: `Bearer ${facilitatorToken}` } })).json()) as {
          groups: { connected: number }[];
        };
        return info.groups.map((g) => g.connected);
      })
      .toEqual([1, 2, 1]);
    // The join page counts the people on each board: the participant on Sofia's, nobody elsewhere.
    const again = failOnPageError(await participant.newPage());
    await again.goto(links.participant);
    const counts = again.getByTestId('group-count');
    await counts.nth(1).getByText('Here now: 1').waitFor();
    expect(await counts.allTextContents()).toEqual(['Here now: 0', 'Here now: 1', 'Here now: 0']);
    await facilitator.close();
    await participant.close();
  });

  it('S14, C12: the form reports every problem before sending, in the chosen language', async () => {
    const context = await newContext(env, { locale: 'pl-PL' });
    const page = failOnPageError(await context.newPage());
    const requests: string[] = [];
    page.on('request', (req) => {
      if (req.url().includes('/api/')) requests.push(req.url());
    });
    await page.goto(`${env.server.url}/`);
    await page.getByTestId('create-form').waitFor();
    expect(await page.locator('h1').textContent()).toBe('Utwórz warsztat');
    await page.fill('#field-count', '0');
    await page.getByTestId('create').click();
    expect(await page.getByTestId('error-title').textContent()).toBe('Uzupełnij to pole.');
    expect(await page.getByTestId('error-count').textContent()).toBe('Wybierz od 1 do 100 grup.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-title');
    expect(await page.locator('#field-title').getAttribute('aria-invalid')).toBe('true');

    await page.getByTestId('language').selectOption('bg');
    await page.getByText('Моля, попълнете това поле.').waitFor();
    expect(requests).toEqual([]);
    await context.close();
  });

  it('S6, C1: a join link with a wrong token or workshop says the link does not work', async () => {
    const context = await newContext(env);
    const page = failOnPageError(await context.newPage());
    await page.goto(`${env.server.url}/w/nosuchworkshop/join#t=${'x'.repeat(43)}`);
    await page.getByTestId('wrong-link').waitFor();
    await page.goto(`${env.server.url}/w/nosuchworkshop/join`);
    await page.getByTestId('wrong-link').waitFor();
    await context.close();
  });

  it('C12: the server being unreachable is explained, not shown as a broken page', async () => {
    const context = await newContext(env);
    const page = failOnPageError(await context.newPage());
    await page.route('**/api/workshops', (route) => route.abort('connectionrefused'));
    await page.goto(`${env.server.url}/`);
    await page.fill('#field-title', 'Offline');
    await page.getByTestId('create').click();
    expect(await page.getByTestId('failure').textContent()).toBe('Could not reach the server. Check your connection and try again.');
    await context.close();
  });

  it('S24: the QR encoder and the lobby pages are loaded only when needed, never with a group board', async () => {
    // A string only the qrcode package contains.
    const QR_MARK = 'too big to be stored in a QR Code';
    const scriptsOf = (page: Page): string[] => {
      const urls: string[] = [];
      page.on('request', (req) => {
        if (req.resourceType() === 'script') urls.push(req.url());
      });
      return urls;
    };
    const contains = async (urls: string[], mark: string) => (await Promise.all(urls.map(async (u) => (await fetch(u)).text()))).some((text) => text.includes(mark));

    const context = await newContext(env, { name: 'Ola' });
    const board = await context.newPage();
    const boardScripts = scriptsOf(board);
    const workshop = await createWorkshop(env);
    await board.goto(boardUrl(env, workshop));
    await waitForBoard(board);
    expect(await contains(boardScripts, QR_MARK)).toBe(false);
    expect(await contains(boardScripts, 'lobby__card')).toBe(false);

    const lobby = failOnPageError(await context.newPage());
    const lobbyScripts = scriptsOf(lobby);
    await lobby.goto(`${env.server.url}/`);
    await lobby.getByTestId('create-form').waitFor();
    expect(await contains(lobbyScripts, QR_MARK)).toBe(false);
    await lobby.fill('#field-title', 'Lazy');
    await lobby.getByTestId('create').click();
    await lobby.getByTestId('qr').waitFor();
    expect(await contains(lobbyScripts, QR_MARK)).toBe(true);
    await context.close();
  });
});
