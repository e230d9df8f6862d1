import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { boardUrl, clientBuild, createWorkshop, newContext, openBoard, startEnv, treeOf, waitForBoard, SETUP_TIMEOUT, SLOW_TEST_TIMEOUT } from './harness.ts';
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

/**
 * Resolves once every change queued for this device's copy is written: a read of the updates
 * store, which IndexedDB runs after every write queued before it.
 */
function copyWritten(page: Page): Promise<void> {
  return page.evaluate(
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
}

/** Init script: records when the page creates its sync socket, read by socketCreatedAt. */
function recordSocketAt(): void {
  const w = window as unknown as { __socketAt: number | null };
  w.__socketAt = null;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      if (w.__socketAt === null && String(url).includes('/sync')) w.__socketAt = performance.now();
      super(url, protocols);
    }
  };
}

/** When the page created its sync socket (performance.now()), or null if it has not yet. */
function socketCreatedAt(page: Page): Promise<number | null> {
  return page.evaluate(() => (window as unknown as { __socketAt: number | null }).__socketAt);
}

describe('C3: never lose work', () => {
  it('C3: edits made offline survive a reload made offline (service worker, IndexedDB) and reach others on reconnect', async () => {
    const contextA = await newContext(env, { name: 'Anna' });
    const contextB = await newContext(env, { name: 'Boris' });
    const a = await openBoard(contextA, boardUrl(env, workshop));
    const b = await openBoard(contextB, boardUrl(env, workshop));
    // The service worker keeps the app on the device once it is installed (a few seconds after
    // the first open), so the page itself can load without a network.
    await a.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });

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
    // y-indexeddb writes each change in a transaction of its own, and leaving a page aborts those
    // still queued: on a busy machine the last keystrokes were lost when the page went at once.
    // A person does not reload within milliseconds of typing; wait as they would, until a
    // read of the updates store (which IndexedDB runs after every write queued before it) is done.
    await copyWritten(a);

    // Reload without a network: the page comes from the service worker, the causes from this
    // device's copy, and the badge says offline.
    await a.reload();
    await waitForCauses(a, ['Offline cause one', 'Offline cause two']);
    await a.locator('[data-testid="connection"][data-status="offline"]').waitFor();
    // The server cannot be asked for the workshop's and group's names: the ones kept on the device.
    expect(await a.locator('.topbar__title').textContent()).toBe('Test workshop — Team A');
    expect(causesOfFirstCategory(await treeOf(b))).toEqual([]);

    // The network comes back: the board reconnects by itself and the two copies merge.
    await contextA.setOffline(false);
    await a.locator('[data-testid="connection"][data-status="connected"]').waitFor({ timeout: 15_000 });
    await waitForCauses(b, ['Offline cause one', 'Offline cause two']);

    // And the server stored them: a fresh visitor sees them too.
    const contextC = await newContext(env, { name: 'Cecil' });
    const c = await openBoard(contextC, boardUrl(env, workshop));
    await waitForCauses(c, ['Offline cause one', 'Offline cause two']);
    await Promise.all([contextA.close(), contextB.close(), contextC.close()]);
  }, SLOW_TEST_TIMEOUT);

  it('C3: with a copy on this device, the socket opens after the next animation frame; with none, or in a hidden tab, at once', async () => {
    const context = await newContext(env, { name: 'Dora' });
    // When the sync socket is created, and every animation frame's time (read in the callback).
    await context.addInitScript(recordSocketAt);
    await context.addInitScript(() => {
      const w = window as unknown as { __frames: number[] };
      w.__frames = [];
      const loop = () => {
        w.__frames.push(performance.now());
        requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
    });
    /** Whether an animation frame ran between loading this device's copy and creating the socket. */
    const frameBeforeSocket = async (page: Page): Promise<boolean> => {
      await waitForBoard(page);
      const socketAt = await socketCreatedAt(page);
      const { loaded, frames } = await page.evaluate(() => ({
        loaded: performance.getEntriesByName('causeway:local-loaded')[0]?.startTime ?? null,
        frames: (window as unknown as { __frames: number[] }).__frames,
      }));
      expect(loaded).not.toBeNull();
      expect(socketAt).not.toBeNull();
      return frames.some((t) => t > loaded! && t < socketAt!);
    };

    // A first open: nothing on the device to draw, so nothing to wait for.
    const page = await openBoard(context, boardUrl(env, workshop));
    expect(await frameBeforeSocket(page)).toBe(false);
    await copyWritten(page);
    // With the copy: without the wait the socket was created in the same task that loaded it.
    await page.reload();
    expect(await frameBeforeSocket(page)).toBe(true);
    // A hidden tab draws no frames: it connects at once.
    await context.addInitScript(() => Object.defineProperty(document, 'visibilityState', { get: () => 'hidden' }));
    await page.reload();
    expect(await frameBeforeSocket(page)).toBe(false);
    await context.close();
  }, SLOW_TEST_TIMEOUT);

  it('C3: a tab hidden before its first frame connects at once instead of waiting for the frame', async () => {
    const context = await newContext(env, { name: 'Emil' });
    // The sync socket's creation is recorded; the tab can be hidden on demand; and once asked, the
    // page never gets an animation frame (a tab hidden before its first frame gets none until shown).
    await context.addInitScript(recordSocketAt);
    await context.addInitScript(() => {
      const w = window as unknown as { __hide: () => void };
      let hidden = false;
      Object.defineProperty(document, 'visibilityState', { get: () => (hidden ? 'hidden' : 'visible') });
      w.__hide = () => {
        hidden = true;
        document.dispatchEvent(new Event('visibilitychange'));
      };
      if (sessionStorage.getItem('holdFrames')) window.requestAnimationFrame = () => 0;
    });
    const page = await openBoard(context, boardUrl(env, workshop));
    await copyWritten(page);
    await page.evaluate(() => sessionStorage.setItem('holdFrames', '1'));
    await page.reload();
    await page.waitForFunction(() => performance.getEntriesByName('causeway:local-loaded').length > 0);
    // The copy is loaded and the socket waits for a frame that does not come...
    expect(await socketCreatedAt(page)).toBeNull();
    // ...until the tab is hidden.
    await page.evaluate(() => (window as unknown as { __hide: () => void }).__hide());
    await page.waitForFunction(() => (window as unknown as { __socketAt: number | null }).__socketAt !== null, undefined, { timeout: 5_000 });
    await page.locator('[data-testid="connection"][data-status="connected"]').waitFor();
    await context.close();
  }, SLOW_TEST_TIMEOUT);

  it('C3: the built service worker keeps every file of its build, and no source map', async () => {
    const dir = await clientBuild();
    const worker = readFileSync(join(dir, 'sw.js'), 'utf8');
    const listed = [...worker.matchAll(/"(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    const built = readdirSync(join(dir, 'assets'))
      .filter((file) => !file.endsWith('.map') && !file.endsWith('.woff'))
      .map((file) => `/assets/${file}`);
    expect(built.some((file) => file.endsWith('.js'))).toBe(true);
    expect(listed.sort()).toEqual(built.sort());
    expect(worker).not.toContain('__CAUSEWAY_FILES__');
  });
});
