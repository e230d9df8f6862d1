/**
 * Browser test harness: a real `vite build` of the client (built once per source state and shared
 * by every test file), the real server on port 0 serving it, and Debian's Chromium via
 * playwright-core. No mocks anywhere.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { startServer } from '../../server/src/index.ts';
import type { RunningServer } from '../../server/src/index.ts';

const root = join(import.meta.dirname, '..', '..');
export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
/** Setting up (a build, a server, a browser) can take a while on a busy CI machine. */
export const SETUP_TIMEOUT = 180_000;
/** For the few tests that wait on reconnect back-off or several page loads. */
export const SLOW_TEST_TIMEOUT = 90_000;
export const CHROME_MISSING = 'install Chromium: apt-get install -y --no-install-recommends chromium';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Hash of everything that goes into the client bundle, so a changed source means a new build. */
function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of [...files(join(root, 'client')), ...files(join(root, 'shared', 'src')), join(root, 'vite.config.ts')].sort()) {
    hash.update(file).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Builds the client with the project's vite config into a cache directory keyed by the source
 * hash. Test files running in parallel either reuse a finished build or make their own and
 * publish it with an atomic rename.
 */
export async function clientBuild(): Promise<string> {
  const cache = join(tmpdir(), 'causeway-e2e');
  mkdirSync(cache, { recursive: true });
  const dir = join(cache, `build-${sourceHash()}`);
  if (existsSync(join(dir, 'index.html'))) return dir;
  // One build at a time: test files start together, and parallel builds only slow each other.
  const lock = `${dir}.lock`;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(join(dir, 'index.html'))) return dir;
      // A lock left by a killed run is taken over after three minutes.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 180_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    if (existsSync(join(dir, 'index.html'))) return dir;
    return await buildInto(cache, dir);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function buildInto(cache: string, dir: string): Promise<string> {
  const staging = mkdtempSync(join(cache, 'staging-'));
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build; test what ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(root, 'vite.config.ts'), mode: 'production', logLevel: 'error', build: { outDir: staging, emptyOutDir: true, sourcemap: false } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  writeFileSync(join(staging, '.complete'), new Date().toISOString());
  try {
    renameSync(staging, dir);
  } catch {
    // Another file published the same build first.
    rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}

export async function launchBrowser(executablePath = CHROME_PATH): Promise<Browser> {
  if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}: ${CHROME_MISSING}`);
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

export interface Workshop {
  id: string;
  groups: { id: string; name: string }[];
  tokens: { facilitator: string; participant: string; viewer: string };
}

export interface Env {
  server: RunningServer;
  browser: Browser;
  dataDir: string;
  close(): Promise<void>;
}

/** The built client, the server and Chromium; `clientDir` serves another build (removed on close). */
export async function startEnv(options: { clientDir?: string } = {}): Promise<Env> {
  const clientDir = options.clientDir ?? (await clientBuild());
  const dataDir = mkdtempSync(join(tmpdir(), 'causeway-e2e-data-'));
  const server = await startServer({ port: 0, host: '127.0.0.1', clientDir, dataDir, logLevel: 'silent' });
  const browser = await launchBrowser();
  return {
    server,
    browser,
    dataDir,
    async close() {
      await browser.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (options.clientDir) rmSync(options.clientDir, { recursive: true, force: true });
    },
  };
}

export async function createWorkshop(env: Env, body: Record<string, unknown> = {}): Promise<Workshop> {
  const res = await fetch(`${env.server.url}/api/workshops`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Test workshop', groups: ['Team A'], template: 'public-administration', locale: 'en', ...body }),
  });
  if (res.status !== 201) throw new Error(`workshop not created: ${res.status} ${await res.text()}`);
  return (await res.json()) as Workshop;
}

/** A facilitator's request on a workshop (`path` after /api/workshops/:w), for scripts; throws unless it succeeds. */
export async function asFacilitator(env: Env, w: Workshop, method: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${env.server.url}/api/workshops/${w.id}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${w.tokens.facilitator}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

export function boardUrl(env: Env, w: Workshop, role: keyof Workshop['tokens'] = 'participant', group = 0): string {
  return `${env.server.url}/w/${w.id}/g/${w.groups[group]!.id}#t=${w.tokens[role]}`;
}

export async function newContext(env: Env, options: { locale?: string; name?: string; width?: number; height?: number } = {}): Promise<BrowserContext> {
  const context = await env.browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 800 }, locale: options.locale ?? 'en-GB', acceptDownloads: true });
  if (options.name) {
    const name = options.name;
    await context.addInitScript((n) => {
      if (!localStorage.getItem('causeway.name')) localStorage.setItem('causeway.name', n);
    }, name);
  }
  return context;
}

export interface TreeLike {
  problem: string;
  categories: { id?: string; text: string; children: TreeLike['categories'] }[];
}

export const treeOf = (page: Page): Promise<TreeLike> => page.evaluate(() => (window as unknown as { causeway: { tree(): TreeLike } }).causeway.tree());

/** Opens a board and waits until it is connected, synced and drawn. */
export async function openBoard(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
  await page.goto(url);
  await waitForBoard(page);
  return page;
}

export async function waitForBoard(page: Page, status = 'connected'): Promise<void> {
  await page.locator(`[data-testid="connection"][data-status="${status}"]`).waitFor();
  await page.locator('[data-testid="canvas"] canvas').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('.overlay[data-testid="connecting"]'));
}

/** Texts of the whole tree, nested, for readable assertions. */
export function outline(tree: TreeLike): unknown[] {
  const walk = (nodes: TreeLike['categories']): unknown[] => nodes.map((n) => (n.children.length ? [n.text, walk(n.children)] : n.text));
  return [tree.problem, walk(tree.categories)];
}

/** A fingerprint of what the canvas shows right now (all layers composed). */
export async function canvasPixels(page: Page): Promise<string> {
  const png = await page.locator('[data-testid="canvas"]').screenshot();
  return createHash('sha256').update(png).digest('hex');
}

/** Reads width and height from a PNG header and checks the signature. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!signature.every((b, i) => bytes[i] === b)) throw new Error('not a PNG');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.slice(12, 16)) !== 'IHDR') throw new Error('PNG without IHDR first');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * A stock y-websocket client in Node on one group (the participant link unless told), as a browser
 * would use it, with a name when given; resolves once it has the server's copy. The caller destroys it.
 */
export async function stockClient(env: Env, workshop: Workshop, group = 0, options: { name?: string; token?: string } = {}): Promise<{ doc: Y.Doc; provider: WebsocketProvider }> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(env.server.url.replace('http', 'ws') + '/sync', `${workshop.id}/${workshop.groups[group]!.id}`, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token: options.token ?? workshop.tokens.participant },
    disableBc: true,
    maxBackoffTime: 200,
  });
  if (options.name) provider.awareness.setLocalStateField('user', { name: options.name, colour: '#2f9e44' });
  await new Promise<void>((resolve) => (provider.synced ? resolve() : provider.once('sync', () => resolve())));
  return { doc, provider };
}
