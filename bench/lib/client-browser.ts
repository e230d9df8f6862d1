/**
 * The client in Chromium: a production `vite build` (into a temporary directory, so that a running
 * test's dist/ is left alone), served by a real Causeway server process; a 500-cause diagram is put
 * in with PUT diagram.json. Measures time to the first animation frame at which the diagram is on
 * the canvas, frame times during a typing burst, a drag of a cause and a pan, the PNG export, and the initial
 * JavaScript bytes gzipped.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { toJson } from '@causeway/shared';
import { makeDiagram } from './shared-code.ts';
import { repoRoot, startServer } from './servers.ts';
import { parseWorkshop } from './targets.ts';
import { median, percentile } from './stats.ts';

export interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  max: number;
  over50: number;
}

export interface ClientResult {
  initialJsGzipBytes: number;
  initialJsFiles: string[];
  buildMs: number;
  /**
   * Ms from navigation start to the first frame with every label drawn, median over opens in a
   * browser that has opened the board before (its HTTP cache, compiled-code cache and copy).
   */
  firstFrameMs: number;
  firstFrameRuns: number[];
  /** The same for the first open in a new browser profile: nothing cached, no copy on the device. */
  firstOpenMs: number;
  /** A first open as above over an emulated 20 Mbit/s link with 40 ms round trips. */
  firstOpenOverLinkMs: number | null;
  /** How long each browser took to settle after starting before it opened the board (link's first). */
  browserSettledMs: (number | null)[];
  typing: FrameStats;
  drag: FrameStats;
  /** Panning the board by dragging its background, in the same steps as the drag. */
  pan: FrameStats;
  pngExportMs: number | null;
  lines: string[];
}

const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
/**
 * Opens of the board in one browser profile: the first finds nothing on the device, the others its
 * HTTP cache, its compiled code and its copy of the diagram. On 2 cores one open varies by a few
 * hundred milliseconds, and the median of five moved by ~150 ms between runs.
 */
const FIRST_FRAME_LOADS = 9;
/** A participant's home or office line (the network emulation of Chromium's DevTools). */
const LINK = { latency: 40, downloadThroughput: 20e6 / 8, uploadThroughput: 10e6 / 8 };

/**
 * CPU time (ms) used so far by the Chromium whose profile is `profile` and every process under it,
 * read from Linux's /proc; null where there is no /proc.
 */
function browserCpuMs(profile: string): number | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return null;
  }
  const parent = new Map<string, string>();
  const cpu = new Map<string, number>();
  let root: string | null = null;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // After the command name (which may hold spaces): state, ppid, ... utime (14th), stime (15th).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(pid, fields[1]!);
      cpu.set(pid, Number(fields[11]) + Number(fields[12]));
      if (root === null && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`--user-data-dir=${profile}`)) root = pid;
    } catch {
      // The process ended while it was read.
    }
  }
  if (root === null) return null;
  const under = (pid: string): boolean => {
    for (let p: string | undefined = pid, hops = 0; p !== undefined && p !== '0' && hops < 64; p = parent.get(p), hops++) if (p === root) return true;
    return false;
  };
  let ticks = 0;
  for (const [pid, t] of cpu) if (under(pid)) ticks += t;
  // Clock ticks of 10 ms (USER_HZ is 100 on Linux).
  return ticks * 10;
}

/**
 * Waits until a browser just started has finished starting (its processes used under 10% of a core
 * for half a second), at most 15 s, and says how long that took (null where it cannot be seen): a
 * person opens a link in a browser that is already running. Right after its start, headless
 * Chromium spends a second or more of the 2 cores on its own windows and profile, which a first open
 * measured then shared (BENCHMARKS.md, History).
 */
async function browserSettled(profile: string): Promise<number | null> {
  const start = performance.now();
  let last = browserCpuMs(profile);
  if (last === null) return null;
  while (performance.now() - start < 15_000) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = browserCpuMs(profile);
    if (now === null) return null;
    if (now - last < 50) break;
    last = now;
  }
  return performance.now() - start;
}

/** Sum of gzip sizes of the scripts index.html loads before anything else (entry + modulepreload). */
function initialJs(dir: string): { bytes: number; files: string[] } {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const files = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) files.add(m[1]!);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) files.add(m[1]!);
  let bytes = 0;
  for (const f of files) bytes += gzipSync(readFileSync(join(dir, f.replace(/^\//, ''))), { level: 9 }).byteLength;
  return { bytes, files: [...files] };
}

function frameStats(deltas: number[]): FrameStats {
  const sorted = [...deltas].sort((a, b) => a - b);
  return {
    frames: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
    over50: sorted.filter((d) => d > 50).length,
  };
}

/**
 * Installed before the page's scripts: frame timestamps, and when the first frame with >= n labels
 * was on screen: the start of the next animation frame after the one that found them on the stage
 * with every canvas layer drawn (the board's draw queue empty). A string, not a function: tsx would
 * wrap a function's inner functions in a helper the page lacks.
 */
function frameProbe(labels: number): string {
  return `(() => {
    window.__frames = [];
    window.__firstDrawn = null;
    let found = false;
    const loop = (t) => {
      window.__frames.push(t);
      if (window.__firstDrawn === null) {
        if (found) window.__firstDrawn = t;
        const stage = window.causeway && window.causeway.stage();
        // Every label on the stage and no canvas layer still waiting for its turn to draw.
        if (stage && stage.find('.labels').reduce((n, s) => n + s.getAttr('labelCount'), 0) >= ${labels} && window.causeway.layersWaiting() === 0) found = true;
      }
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  })();`;
}

async function framesBetween(page: Page, from: number, to: number): Promise<number[]> {
  return page.evaluate(
    ([a, b]) => {
      const f = (window as unknown as { __frames: number[] }).__frames.filter((t) => t >= a! && t <= b!);
      return f.slice(1).map((t, i) => t - f[i]!);
    },
    [from, to],
  );
}

const now = (page: Page) => page.evaluate(() => performance.now());

export async function benchClient(quick: boolean): Promise<ClientResult> {
  const outDir = mkdtempSync(join(tmpdir(), 'causeway-bench-client-'));
  const nodeEnv = process.env.NODE_ENV;
  const tb = performance.now();
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(repoRoot, 'vite.config.ts'), mode: 'production', logLevel: 'error', build: { outDir, emptyOutDir: true, sourcemap: false } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const buildMs = performance.now() - tb;
  const js = initialJs(outDir);

  const server = await startServer('causeway', outDir);
  const profiles: string[] = [];
  const contexts: BrowserContext[] = [];
  /** How long each browser took to settle after starting, before its first open. */
  const settled: (number | null)[] = [];
  /**
   * A browser with a profile of its own on disk, like a participant's, not an incognito context:
   * Chromium keeps no compiled code for incognito pages, so every open there compiled the whole
   * bundle again (~300 ms more per open on this machine).
   */
  const openBrowser = async (): Promise<BrowserContext> => {
    const profile = mkdtempSync(join(tmpdir(), 'causeway-bench-profile-'));
    profiles.push(profile);
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROME_PATH,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
      viewport: { width: 1280, height: 800 },
      locale: 'en-GB',
      acceptDownloads: true,
    });
    contexts.push(context);
    await context.addInitScript({ content: "localStorage.setItem('causeway.name', 'Bench');" });
    await context.addInitScript({ content: frameProbe(labels) });
    settled.push(await browserSettled(profile));
    return context;
  };
  const labels = 500 + 6 + 1;
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const res = await fetch(`${base}/api/workshops`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Benchmark', groups: 1, template: 'blank', locale: 'en' }),
    });
    const body = (await res.json()) as { tokens: { facilitator: string } };
    const w = parseWorkshop(body);
    const group = w.groupIds[0]!;
    const tree = makeDiagram(500, 500);
    const put = await fetch(`${base}/api/workshops/${w.workshopId}/groups/${group}/diagram.json`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${w.participantToken}`, 'content-type': 'application/json' },
      body: toJson(tree),
    });
    if (!put.ok) throw new Error(`PUT diagram.json: ${put.status} ${await put.text()}`);
    const url = `${base}/w/${w.workshopId}/g/${group}#t=${w.participantToken}`;
    const firstFrame = async (page: Page): Promise<number> => {
      await page.goto(url);
      await page.waitForFunction(() => (window as unknown as { __firstDrawn: number | null }).__firstDrawn !== null, undefined, { timeout: 60_000 });
      return page.evaluate(() => (window as unknown as { __firstDrawn: number }).__firstDrawn);
    };

    // A first open over a slower link than loopback, in a browser of its own.
    let firstOpenOverLinkMs: number | null = null;
    if (!quick) {
      const linked = await openBrowser();
      const page = await linked.newPage();
      const cdp = await linked.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, ...LINK });
      firstOpenOverLinkMs = await firstFrame(page);
      await linked.close();
    }

    // First drawn frame: fresh tabs in one browser (its first tab stays open); the first open finds
    // nothing on the device.
    const context = await openBrowser();
    let page: Page | null = await context.newPage();
    // Each open is a new tab beside the browser's first, as when a person opens a link in a running
    // browser. Closing the only tab closes the window, and headless Chromium then built a new window
    // for the next open, with a renderer for its omnibox popup that competed for the 2 cores: ~350 ms
    // more per open (BENCHMARKS.md, History).
    const firstOpenMs = await firstFrame(page);
    // A person stays on the board for more than a few seconds: long enough for the service worker
    // to be installed (main.tsx), which later opens read the app from.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    const firstFrameRuns: number[] = [];
    for (let i = 0; i < (quick ? 2 : FIRST_FRAME_LOADS - 1); i++) {
      await page?.close();
      page = await context.newPage();
      firstFrameRuns.push(await firstFrame(page));
    }
    page = page!;
    await page.locator('[data-testid="connection"][data-status="connected"]').waitFor();
    await page.waitForTimeout(1_000);

    // Typing burst: edit the problem (the head moves every bone) at about 12 keys per second.
    await page.getByTestId('canvas').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('label-editor').waitFor();
    const t0 = await now(page);
    await page.keyboard.type(' — średni czas oczekiwania na decyzję', { delay: 80 });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    const typing = frameStats(await framesBetween(page, t0, await now(page)));

    // Drag: a cause label across the board, in small steps, dropped on a cause of another category.
    // The labels are found through the board's test API (labelRect: where a label is on screen),
    // not by their drawn size: a 500-cause diagram fitted to the screen draws labels a few pixels
    // wide, and pressing beside every label would pan the board instead of dragging one.
    // A string, not a function: tsx would wrap the inner functions in a helper the page lacks.
    const ends = (await page.evaluate(`(() => {
      const board = window.causeway;
      const categories = board.tree().categories;
      const centre = (id) => {
        const r = board.labelRect(id);
        return r && r.width > 0 && r.x > 0 && r.y > 0 && r.x + r.width < innerWidth && r.y + r.height < innerHeight ? { id, x: r.x + r.width / 2, y: r.y + r.height / 2 } : null;
      };
      const causes = (c) => (c ? c.children : []).map((n) => centre(n.id)).filter((p) => p !== null);
      const from = causes(categories[Math.floor(categories.length / 2)]);
      const to = causes(categories[0]);
      return { from: from[Math.floor(from.length / 2)] || null, to: to[Math.floor(to.length / 2)] || null };
    })()`)) as { from: { id: string; x: number; y: number } | null; to: { id: string; x: number; y: number } | null };
    if (!ends.from || !ends.to) throw new Error('drag: no cause label on screen to drag or to drop on');
    const sx = ends.from.x;
    const sy = ends.from.y;
    const t1 = await now(page);
    await page.mouse.move(sx, sy);
    await page.mouse.down();
    const steps = 40;
    for (let i = 1; i <= steps; i++) {
      await page.mouse.move(sx + ((ends.to.x - sx) * i) / steps, sy + ((ends.to.y - sy) * i) / steps);
      await page.waitForTimeout(16);
    }
    const dragged = await page.evaluate(() => document.querySelector('[data-testid="canvas"]')!.classList.contains('canvas--dragging'));
    await page.mouse.up();
    if (!dragged) throw new Error(`drag: pressing on cause ${ends.from.id} did not start a drag`);
    await page.waitForTimeout(300);
    const drag = frameStats(await framesBetween(page, t1, await now(page)));

    // Panning: the same 40 steps, pressing on the empty background near the canvas's bottom-left
    // corner (what this benchmark measured as "dragging" before it found labels through the board).
    const box = (await page.getByTestId('canvas').boundingBox())!;
    const panFrom = { x: box.x + 12, y: box.y + box.height - 12 };
    const viewBefore = await page.evaluate(() => JSON.stringify((window as unknown as { causeway: { view(): unknown } }).causeway.view()));
    const t2 = await now(page);
    await page.mouse.move(panFrom.x, panFrom.y);
    await page.mouse.down();
    for (let i = 1; i <= steps; i++) {
      await page.mouse.move(panFrom.x + i * 8, panFrom.y - Math.sin(i / 5) * 60);
      await page.waitForTimeout(16);
    }
    await page.mouse.up();
    await page.waitForTimeout(300);
    const pan = frameStats(await framesBetween(page, t2, await now(page)));
    const panned = viewBefore !== (await page.evaluate(() => JSON.stringify((window as unknown as { causeway: { view(): unknown } }).causeway.view())));

    // PNG export: from the menu click to the download.
    let pngExportMs: number | null = null;
    let pngError = '';
    try {
      await page.getByTestId('tool-export').click();
      const tp = performance.now();
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.getByTestId('export-png').click()]);
      await download.path();
      pngExportMs = performance.now() - tp;
    } catch (err) {
      // The board shows why an export failed; report that rather than the wait that ran out.
      const shown = /Export failed:[^\n]*/.exec(await page.locator('body').innerText())?.[0];
      pngError = shown ?? (err instanceof Error ? err.message.split('\n')[0]! : String(err));
    }
    await context.close();

    const firstFrameMs = median(firstFrameRuns);
    const f = (s: FrameStats) => `${s.frames} frames, p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms, ${s.over50} over 50 ms`;
    return {
      initialJsGzipBytes: js.bytes,
      initialJsFiles: js.files,
      buildMs,
      firstFrameMs,
      firstFrameRuns,
      firstOpenMs,
      firstOpenOverLinkMs,
      browserSettledMs: settled,
      typing,
      drag,
      pan,
      pngExportMs,
      lines: [
        `initial JavaScript: ${(js.bytes / 1024).toFixed(1)} KB gzipped (level 9; ${js.files.join(', ')})`,
        `first drawn frame of a 500-cause diagram: ${firstFrameMs.toFixed(0)} ms from navigation start (median of ${firstFrameRuns.length} opens in a browser that opened it before: ${firstFrameRuns.map((v) => v.toFixed(0)).join(', ')})`,
        `  a device's first open (nothing cached): ${firstOpenMs.toFixed(0)} ms; over a 20 Mbit/s, 40 ms link: ${firstOpenOverLinkMs === null ? 'not measured (--quick)' : `${firstOpenOverLinkMs.toFixed(0)} ms`} (opened in running browsers, settled ${settled.map((ms) => (ms === null ? '?' : `${(ms / 1000).toFixed(1)} s`)).join(' and ')} after starting)`,
        `typing burst in the problem at 500 causes: ${f(typing)}`,
        `dragging a cause at 500 causes: ${f(drag)}`,
        `panning the board at 500 causes: ${f(pan)}${panned ? '' : ' (the view did not move)'}`,
        `PNG export of the 500-cause diagram (menu click to download): ${pngExportMs === null ? `failed: ${pngError}` : `${pngExportMs.toFixed(0)} ms`}`,
      ],
    };
  } finally {
    for (const context of contexts) await context.close();
    await server.close();
    for (const dir of [outDir, ...profiles]) rmSync(dir, { recursive: true, force: true });
  }
}
