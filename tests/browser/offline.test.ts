import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { boardUrl, createWorkshop, newContext, openBoard, startEnv, treeOf, SETUP_TIMEOUT, SLOW_TEST_TIMEOUT } from './harness.ts';
import type { Env, TreeLike, Workshop } from './harness.ts';

let env: Env;
let workshop: Workshop;

beforeAll(async () => {
  env = await startEnv();
  workshop = await createWorkshop(env);
}, SETUP_TIMEOUT);

afterAll(async () => {
  await env?.close();
}, SETUP_TIMEOUT);

const causesOfFirstCategory = (tree: TreeLike) => tree.categories[0]?.children.map((c) => c.text) ?? [];

async function waitForCauses(page: Page, expected: string[]): Promise<void> {
  await page.waitForFunction((want) => {
    const tree = (window as unknown as { causeway?: { tree(): TreeLike } }).causeway?.tree();
    const have = tree?.categories[0]?.children.map((c) => c.text) ?? [];
    return JSON.stringify(have) === JSON.stringify(want);
  }, expected);
}

describe('C3: never lose work', () => {
  it('C3: edits made offline survive a reload (IndexedDB) and reach others on reconnect', async () => {
    const contextA = await newContext(env, { name: 'Anna' });
    const contextB = await newContext(env, { name: 'Boris' });
    const a = await openBoard(contextA, boardUrl(env, workshop));
    const b = await openBoard(contextB, boardUrl(env, workshop));

    // The network goes away: the badge says so at once.
    await contextA.setOffline(true);
    await a.locator('[data-testid="connection"][data-status="offline"]').waitFor();

    await a.getByTestId('canvas').focus();
    await a.keyboard.press('ArrowLeft'); // the problem
    await a.keyboard.press('ArrowLeft'); // the first category
    await a.keyboard.press('Tab');
    await a.keyboard.type('Offline cause one');
    await a.keyboard.press('Enter');
    await a.keyboard.press('Enter');
    await a.keyboard.type('Offline cause two');
    await a.keyboard.press('Enter');
    expect(causesOfFirstCategory(await treeOf(a))).toEqual(['Offline cause one', 'Offline cause two']);
    expect(causesOfFirstCategory(await treeOf(b))).toEqual([]);
    // y-indexeddb writes each change in a transaction of its own, and closing a tab aborts those
    // still queued: on a busy machine the last keystrokes were lost when the tab closed at once.
    // A person does not close a tab within milliseconds of typing; wait as they would, until a
    // read of the updates store (which IndexedDB runs after every write queued before it) is done.
    await a.evaluate(
      (name) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open(name);
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('updates', 'readonly');
            tx.objectStore('updates').count();
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
          };
        }),
      `causeway:${workshop.id}/${workshop.groups[0]!.id}`,
    );

    // Reload while the sync server is still unreachable (the page itself must load, so the
    // network is back but /sync is refused): the causes come back from this device's copy.
    // Closing the tab and opening the board again is the reload: the page can load only with a
    // network, so the network comes back but /sync stays refused.
    await a.close();
    let refused = 0;
    let blocked = true;
    await contextA.routeWebSocket(/\/sync\//, (ws) => {
      if (!blocked) {
        ws.connectToServer();
        return;
      }
      refused++;
      ws.close({ code: 1011, reason: 'test: sync blocked' });
    });
    await contextA.setOffline(false);
    const again = await contextA.newPage();
    await again.goto(boardUrl(env, workshop));
    await waitForCauses(again, ['Offline cause one', 'Offline cause two']);
    expect(refused).toBeGreaterThan(0);
    expect(await again.locator('[data-testid="connection"]').getAttribute('data-status')).not.toBe('connected');
    expect(causesOfFirstCategory(await treeOf(b))).toEqual([]);

    // Reconnect: the provider retries by itself and the two copies merge.
    blocked = false;
    await again.locator('[data-testid="connection"][data-status="connected"]').waitFor({ timeout: 15_000 });
    await waitForCauses(b, ['Offline cause one', 'Offline cause two']);

    // And the server stored them: a fresh visitor sees them too.
    const contextC = await newContext(env, { name: 'Cecil' });
    const c = await openBoard(contextC, boardUrl(env, workshop));
    await waitForCauses(c, ['Offline cause one', 'Offline cause two']);
    await Promise.all([contextA.close(), contextB.close(), contextC.close()]);
  }, SLOW_TEST_TIMEOUT);
});
