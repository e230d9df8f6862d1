import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { boardUrl, canvasPixels, createWorkshop, newContext, openBoard, outline, startEnv, stockClient, treeOf, waitForBoard, SETUP_TIMEOUT, SLOW_TEST_TIMEOUT } from './harness.ts';
import type { Env, TreeLike, Workshop } from './harness.ts';

let env: Env;
let workshop: Workshop;
let contextA: BrowserContext;
let contextB: BrowserContext;
let a: Page;
let b: Page;

beforeAll(async () => {
  env = await startEnv();
  workshop = await createWorkshop(env, { template: 'blank' });
  contextA = await newContext(env);
  contextB = await newContext(env, { name: 'Boris' });
}, SETUP_TIMEOUT);

afterAll(async () => {
  await env?.close();
}, SETUP_TIMEOUT);

async function waitForTree(page: Page, predicate: (tree: TreeLike) => boolean): Promise<TreeLike> {
  await page.waitForFunction(
    (source) => {
      const tree = (window as unknown as { causeway?: { tree(): unknown } }).causeway?.tree();
      return tree !== undefined && new Function('tree', `return (${source})(tree)`)(tree);
    },
    predicate.toString(),
  );
  return treeOf(page);
}

describe('C7, C11: two people on one board, keyboard only', () => {
  it('C2, C7: A names themself and types a problem, a category and two causes with the keyboard alone; B sees them', async () => {
    b = await openBoard(contextB, boardUrl(env, workshop));
    const before = await canvasPixels(b);

    a = await contextA.newPage();
    await a.goto(boardUrl(env, workshop));
    // First visit: asked for a name, once; the field has the focus.
    await a.getByTestId('name-input').waitFor();
    await a.keyboard.type('Anna');
    await a.keyboard.press('Enter');
    await waitForBoard(a);
    await a.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'canvas');

    const press = async (...keys: string[]) => {
      for (const key of keys) await a.keyboard.press(key);
    };
    await press('Enter'); // edit the problem (the head)
    await a.getByTestId('label-editor').waitFor();
    await a.keyboard.type('Zaświadczenia czekają 40 dni');
    await press('Enter', 'Tab'); // commit, then a category under the problem
    await a.keyboard.type('People');
    await press('Enter', 'Tab'); // commit, then a cause under the category
    await a.keyboard.type('Skills gap');
    await press('Enter', 'Enter'); // commit, then a sibling cause
    await a.keyboard.type('Старши служители напускат');
    await press('Enter');

    const expected = ['Zaświadczenia czekają 40 dni', [['People', ['Skills gap', 'Старши служители напускат']]]];
    expect(outline(await treeOf(a))).toEqual(expected);
    // B's board has it (its document), and so has the server (the diagram API).
    expect(outline(await waitForTree(b, (t) => t.categories[0]?.children.length === 2 && t.categories[0]?.children[1]?.text === 'Старши служители напускат'))).toEqual(expected);
    const res = await fetch(`${env.server.url}/api/workshops/${workshop.id}/groups/${workshop.groups[0]!.id}/diagram.json`, { headers: { authorization: `Bearer ${workshop.tokens.participant}` } });
    const json = (await res.json()) as { problem: string; categories: { text: string; causes: { text: string }[] }[] };
    expect(json.problem).toBe('Zaświadczenia czekają 40 dni');
    expect(json.categories[0]!.causes.map((c) => c.text)).toEqual(['Skills gap', 'Старши служители напускат']);
    // And B's canvas really drew something new (a frame or more after its document changed).
    await expect.poll(() => canvasPixels(b)).not.toBe(before);
    await expect.poll(() => b.locator('[data-testid="presence"]').getAttribute('data-count')).toBe('2');
  }, SLOW_TEST_TIMEOUT);

  it('C11: A sees B’s cursor, with B’s name, where B points', async () => {
    const box = (await b.getByTestId('canvas').boundingBox())!;
    await b.mouse.move(box.x + 200, box.y + 150);
    await b.mouse.move(box.x + 260, box.y + 180, { steps: 4 });
    // Where B pointed, in diagram coordinates; A must end up showing B's cursor exactly there
    // (the throttle always sends the latest position last).
    const bView = await b.evaluate(() => (window as unknown as { causeway: { view(): { scale: number; x: number; y: number } } }).causeway.view());
    const target = { x: (260 - bView.x) / bView.scale, y: (180 - bView.y) / bView.scale };
    await a.waitForFunction((want) => {
      const peers = (window as unknown as { causeway: { peers(): { name: string; cursor: { x: number; y: number } | null }[] } }).causeway.peers();
      return peers.some((p) => p.name === 'Boris' && p.cursor !== null && Math.abs(p.cursor.x - want.x) < 0.5 && Math.abs(p.cursor.y - want.y) < 0.5);
    }, target);
    const drawn = await a.evaluate(() => {
      const stage = (window as unknown as { causeway: { stage(): { find(sel: string): { length: number } } } }).causeway.stage();
      return stage.find('.remote-cursor').length;
    });
    expect(drawn).toBe(1);
  });

  it('C9: A’s undo removes A’s last cause, never B’s', async () => {
    // B adds a cause under People with the keyboard: select the first category, Tab, type.
    await b.getByTestId('canvas').focus();
    await b.keyboard.press('ArrowLeft');
    await b.keyboard.press('ArrowLeft');
    await b.keyboard.press('Tab');
    await b.keyboard.type('Budget cuts');
    await b.keyboard.press('Enter');
    await waitForTree(a, (t) => t.categories[0]?.children.some((c) => c.text === 'Budget cuts') ?? false);

    await a.getByTestId('canvas').focus();
    await a.keyboard.press('Control+z');
    const after = await waitForTree(a, (t) => t.categories[0]?.children.length === 2);
    expect(after.categories[0]!.children.map((c) => c.text)).toEqual(['Skills gap', 'Budget cuts']);
    expect(outline(await waitForTree(b, (t) => t.categories[0]?.children.length === 2))).toEqual(outline(after));
    // Redo brings A's cause back.
    await a.keyboard.press('Control+Shift+z');
    expect((await waitForTree(a, (t) => t.categories[0]?.children.length === 3)).categories[0]!.children.map((c) => c.text)).toEqual(['Skills gap', 'Старши служители напускат', 'Budget cuts']);
  });

  it('C10: with the mouse: add a category from the toolbar, drag a cause onto it, delete it from the right-click menu, undo', async () => {
    await a.getByTestId('tool-add-category').click();
    await a.getByTestId('label-editor').waitFor();
    await a.keyboard.type('Process');
    await a.keyboard.press('Enter');
    const tree = await waitForTree(a, (t) => t.categories.length === 2 && t.categories[1]?.text === 'Process');
    const process = tree.categories[1]!.id!;
    const skills = tree.categories[0]!.children.find((c) => c.text === 'Skills gap')!.id!;
    const rectOf = (id: string) => a.evaluate((key) => (window as unknown as { causeway: { labelRect(id: string): { x: number; y: number; width: number; height: number } | null } }).causeway.labelRect(key), id);
    const from = (await rectOf(skills))!;
    const to = (await rectOf(process))!;
    await a.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await a.mouse.down();
    await a.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
    // While dragging, the document is untouched: B still has Skills gap under People.
    expect((await treeOf(b)).categories[0]!.children.some((c) => c.text === 'Skills gap')).toBe(true);
    await a.mouse.up();
    const moved = await waitForTree(b, (t) => t.categories[1]?.children[0]?.text === 'Skills gap');
    expect(moved.categories[0]!.children.map((c) => c.text)).toEqual(['Старши служители напускат', 'Budget cuts']);

    const target = (await rectOf(process))!;
    await a.mouse.click(target.x + target.width / 2, target.y + target.height / 2, { button: 'right' });
    await a.getByTestId('context-menu').waitFor();
    await a.getByRole('menuitem', { name: 'Delete' }).click();
    await waitForTree(b, (t) => t.categories.length === 1);
    await a.getByTestId('tool-undo').click();
    expect((await waitForTree(b, (t) => t.categories.length === 2)).categories[1]!.children.map((c) => c.text)).toEqual(['Skills gap']);
  });
});

describe('C11: the top bar on a phone', () => {
  it('C11: with seven people on the board, a 360 px wide page does not scroll sideways and still says it is connected', async () => {
    const crowded = await createWorkshop(env, { template: 'blank' });
    const names = ['Anna Nowak', 'Piotr Zieliński', 'Иван Петров', 'Līga Bērziņa', 'Kovács Ágnes', 'Jan Kowalski'];
    const others = await Promise.all(names.map((name) => stockClient(env, crowded, 0, { name })));
    const phone = await env.browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'hu-HU', isMobile: true, hasTouch: true });
    try {
      await phone.addInitScript(() => localStorage.setItem('causeway.name', 'Szabó-Kovács Ágnes'));
      const page = await openBoard(phone, boardUrl(env, crowded));
      await page.locator('[data-testid="presence"][data-count="7"]').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(360);
      // The badge is its dot on a phone; its text is still there for a screen reader.
      expect(await page.getByTestId('connection').textContent()).toBe('Csatlakozva');
      expect(await page.getByTestId('connection').evaluate((el) => el.getBoundingClientRect().width)).toBeLessThan(40);
    } finally {
      await phone.close();
      for (const other of others) other.provider.destroy();
    }
  });
});

describe('C11: presence messages', () => {
  it('C11: moving the selection sends one presence message to the others, not one per field', async () => {
    const own = await createWorkshop(env, { template: '4p' });
    const context = await newContext(env, { name: 'Boris' });
    const observer = await stockClient(env, own);
    try {
      const b = await openBoard(context, boardUrl(env, own));
      const awareness = observer.provider.awareness;
      const boris = () => [...awareness.getStates()].find(([, st]) => (st as { user?: { name: string } }).user?.name === 'Boris');
      const messages: number[] = [];
      awareness.on('update', ({ updated }: { updated: number[] }) => {
        const id = boris()?.[0];
        if (id !== undefined && updated.includes(id)) messages.push(id);
      });
      const seesSelection = async () => {
        const selection = await b.evaluate(() => (window as unknown as { causeway: { selection(): string | null } }).causeway.selection());
        await expect.poll(() => (boris()?.[1] as { selection?: string | null } | undefined)?.selection ?? null).toBe(selection);
        return selection;
      };
      await b.getByTestId('canvas').focus();
      const first = await seesSelection();
      const before = messages.length;
      await b.keyboard.press('ArrowLeft');
      expect(await seesSelection()).not.toBe(first);
      expect(messages.length - before).toBe(1);
    } finally {
      observer.provider.destroy();
      await context.close();
    }
  });
});
