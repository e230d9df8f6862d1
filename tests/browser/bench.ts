/**
 * Client benchmarks (numbers, not pass/fail tests; SPEC C17):
 *   npx tsx tests/browser/bench.ts
 * - initial JavaScript, gzipped (entry chunk + its modulepreloads) — target < 250 KB
 * - first paint of a 500-cause diagram — target < 1 s
 * - frames while typing into the problem and into a cause label, while dragging a cause (dropped on
 *   another category's cause) and while panning, at 500 causes:
 *   longest, p95 and how many over 50 ms — target: none over 50 ms
 * With --readable the client is built unminified, so that --profile can name functions.
 * With --profile: CPU self time per keystroke (by script and function, over both typing bursts) and
 * per pointer move of the drag, the five longest main-thread tasks of each, and one redraw per Konva layer.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { CDPSession, Page } from 'playwright-core';
import { build } from 'vite';
import { boardUrl, clientBuild, createWorkshop, newContext, startEnv } from './harness.ts';
import type { Env } from './harness.ts';

const profile = process.argv.includes('--profile');
/** Unminified build (names kept), so a --profile names the functions; sizes and times are not the shipped ones. */
const readable = process.argv.includes('--readable');

async function readableEnv(): Promise<{ dir: string; env: Env }> {
  const dir = mkdtempSync(join(tmpdir(), 'causeway-bench-readable-'));
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    const root = join(import.meta.dirname, '..', '..');
    await build({ configFile: join(root, 'vite.config.ts'), mode: 'production', logLevel: 'error', build: { outDir: dir, emptyOutDir: true, minify: false, sourcemap: false } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return { dir, env: await startEnv({ clientDir: dir }) };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (top 25) and per script, in ms per keystroke. */
function summarise(cpu: CpuProfile, keys: number): string {
  const byId = new Map(cpu.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const byScript = new Map<string, number>();
  cpu.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const ms = (cpu.timeDeltas[i] ?? 0) / 1000;
    const script = frame.url.split('/').pop() || '(native)';
    const name = `${frame.functionName || '(anonymous)'} ${script}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + ms);
    byScript.set(script, (byScript.get(script) ?? 0) + ms);
  });
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `    ${(v / keys).toFixed(2)} ms  ${k}`);
  return ['  self time per keystroke by script:', ...top(byScript, 8), '  by function:', ...top(self, 25)].join('\n');
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tid: number;
}

/** The five longest main-thread tasks while typing, each with the events that took most of it. */
async function longestTasks(cdp: CDPSession): Promise<string> {
  const done = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (e: { stream?: string }) => resolve(e.stream!)));
  await cdp.send('Tracing.end');
  const stream = await done;
  let text = '';
  for (;;) {
    const chunk = (await cdp.send('IO.read', { handle: stream })) as { data: string; eof: boolean };
    text += chunk.data;
    if (chunk.eof) break;
  }
  const events = (JSON.parse(text) as { traceEvents: TraceEvent[] }).traceEvents.filter((e) => e.ph === 'X' && e.dur !== undefined);
  const tasks = events.filter((e) => e.name === 'RunTask').sort((a, b) => b.dur! - a.dur!).slice(0, 5);
  return tasks
    .map((task) => {
      const inside = events.filter((e) => e !== task && e.tid === task.tid && e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur!);
      const byName = new Map<string, number>();
      for (const e of inside) byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur!);
      const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([n, d]) => `${n} ${(d / 1000).toFixed(1)}`);
      return `  task ${(task.dur! / 1000).toFixed(1)} ms: ${top.join(', ')}`;
    })
    .join('\n');
}

function initialJsKb(dir: string): { kb: number; files: string[] } {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const bytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(dir, file))).length, 0);
  return { kb: bytes / 1024, files };
}

function bigDiagram(causes: number) {
  const categories = Array.from({ length: 8 }, (_, c) => ({ text: `Category ${c + 1}`, causes: [] as { text: string; causes: unknown[] }[] }));
  for (let i = 0; i < causes; i++) {
    const category = categories[i % 8]!;
    const parent = i % 3 === 2 && category.causes.length > 0 ? (category.causes[category.causes.length - 1]!.causes as { text: string; causes: unknown[] }[]) : category.causes;
    parent.push({ text: `Cause ${i + 1}: żółć Ђ ő ā ${'x'.repeat(i % 30)}`, causes: [] });
  }
  return { format: 'causeway', version: 1, problem: 'A large diagram with 500 causes', categories };
}

interface Frames {
  count: number;
  max: number;
  p95: number;
  over50: number;
}

/** Gaps between animation frames while `action` runs: longest, p95 and how many exceed 50 ms. */
async function frames(page: Page, action: () => Promise<void>): Promise<Frames> {
  // A string, so the bundler's helpers never end up inside the page.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__stop = false;
    const tick = (t) => { window.__frames.push(t); if (!window.__stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  await action();
  const gaps = (await page.evaluate(`(() => {
    window.__stop = true;
    const gaps = [];
    for (let i = 1; i < window.__frames.length; i++) gaps.push(window.__frames[i] - window.__frames[i - 1]);
    return gaps;
  })()`)) as number[];
  gaps.sort((a, b) => a - b);
  return {
    count: gaps.length,
    max: gaps[gaps.length - 1] ?? NaN,
    p95: gaps[Math.max(0, Math.ceil(gaps.length * 0.95) - 1)] ?? NaN,
    over50: gaps.filter((g) => g > 50).length,
  };
}

const framesText = (f: Frames) => `longest ${f.max.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms, ${f.over50} of ${f.count} frames over 50 ms`;

const prepared = readable ? await readableEnv() : null;
const dir = prepared?.dir ?? (await clientBuild());
const size = initialJsKb(dir);
console.log(`initial JavaScript: ${size.kb.toFixed(1)} KB gzipped (${size.files.length} files; target < 250 KB)`);

const env = prepared?.env ?? (await startEnv());
try {
  const w = await createWorkshop(env, { template: 'blank' });
  const put = await fetch(`${env.server.url}/api/workshops/${w.id}/groups/${w.groups[0]!.id}/diagram.json`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${w.tokens.facilitator}` },
    body: JSON.stringify(bigDiagram(500)),
  });
  if (!put.ok) throw new Error(`PUT: ${put.status}`);
  const context = await newContext(env, { name: 'Bench', width: 1440, height: 900 });
  // Counts canvas text calls, so the work per keystroke shows without relying on timing.
  await context.addInitScript(`(() => {
    const proto = CanvasRenderingContext2D.prototype;
    window.__calls = { fillText: 0, measureText: 0, clearRect: 0 };
    for (const name of ['fillText', 'measureText', 'clearRect']) {
      const original = proto[name];
      proto[name] = function (...args) { window.__calls[name]++; return original.apply(this, args); };
    }
  })()`);
  const page = await context.newPage();
  await page.goto(boardUrl(env, w));
  await page.waitForFunction(() => {
    const c = (window as unknown as { causeway?: { tree(): { categories: unknown[] }; stage(): { find(s: string): { length: number } } | null } }).causeway;
    return !!c && c.tree().categories.length === 8 && !!c.stage() && !document.querySelector('.overlay');
  });
  const firstPaint = await page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now()))));
  console.log(`first paint of 500 causes: ${firstPaint.toFixed(0)} ms after navigation start (target < 1000 ms)`);
  const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => `${m.name} ${m.startTime.toFixed(0)}`));
  const nav = await page.evaluate(() => JSON.stringify(performance.getEntriesByType('navigation').map((n) => ({ dcl: (n as PerformanceNavigationTiming).domContentLoadedEventEnd.toFixed(0) }))));
  console.log(`  (${marks.join(', ')}; ${nav})`);

  await page.getByTestId('canvas').focus();
  if (profile) {
    // What one full redraw of each layer costs (drawn, then read back so the raster really happens).
    const layers = await page.evaluate(`(() => {
      const stage = window.causeway.stage();
      return stage.getLayers().map((layer) => {
        const t0 = performance.now();
        for (let i = 0; i < 5; i++) { layer.draw(); layer.getContext()._context.getImageData(0, 0, 1, 1); }
        return ((performance.now() - t0) / 5).toFixed(1) + ' ms (' + layer.find('.labels').reduce((n, s) => n + s.getAttr('labelCount'), 0) + ' labels)';
      });
    })()`);
    console.log(`  one redraw per layer: ${(layers as string[]).join(', ')}`);
  }
  const cdp = await context.newCDPSession(page);
  if (profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReturnAsStream' });
  }
  // Two bursts at 500 causes, about 30 keys a second: into the problem (the head; every bone moves)
  // and into a cause label. The board opens with the problem selected.
  const typed = ' and some more text typed';
  const calls: Record<string, number> = {};
  const burst = async (start: () => Promise<void>) =>
    frames(page, async () => {
      await start();
      await page.getByTestId('label-editor').waitFor();
      await page.evaluate(`(() => { for (const k in window.__calls) window.__calls[k] = 0; })()`);
      await page.keyboard.type(typed, { delay: 30 });
      for (const [name, n] of Object.entries((await page.evaluate('window.__calls')) as Record<string, number>)) calls[name] = (calls[name] ?? 0) + n;
      await page.keyboard.press('Enter');
    });
  const inProblem = await burst(() => page.keyboard.press('Enter'));
  const inCause = await burst(async () => {
    for (const key of ['ArrowLeft', 'ArrowLeft', 'ArrowLeft']) await page.keyboard.press(key);
    await page.keyboard.press('F2');
  });
  if (profile) console.log(await longestTasks(cdp));
  console.log(`typing into the problem at 500 causes: ${framesText(inProblem)} (target: none over 50 ms)`);
  console.log(`typing into a cause at 500 causes: ${framesText(inCause)} (target: none over 50 ms)`);
  const perKey = Object.entries(calls).map(([name, n]) => `${name} ${(n / (2 * typed.length)).toFixed(0)}`);
  console.log(`  per keystroke: ${perKey.join(', ')}`);
  if (profile) {
    const { profile: cpu } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
    writeFileSync('/tmp/causeway-typing.cpuprofile', JSON.stringify(cpu));
    console.log(summarise(cpu, 2 * typed.length));
  }

  // Dragging: a cause of a middle category onto a cause of the first, found through the board's
  // labelRect (at 500 causes fitted to the screen every label is a few pixels wide; pressing beside
  // them would pan instead), 40 steps, dropped. Then panning the background the same way.
  const box = (await page.getByTestId('canvas').boundingBox())!;
  // A string, so the bundler's helpers never end up inside the page.
  const ends = (await page.evaluate(`(() => {
    const board = window.causeway;
    const categories = board.tree().categories;
    const centre = (id) => {
      const r = board.labelRect(id);
      return r && r.width > 0 && r.x > 0 && r.y > 0 && r.x + r.width < innerWidth && r.y + r.height < innerHeight ? { x: r.x + r.width / 2, y: r.y + r.height / 2 } : null;
    };
    const causes = (c) => (c ? c.children : []).map((n) => centre(n.id)).filter((p) => p !== null);
    const from = causes(categories[Math.floor(categories.length / 2)]);
    const to = causes(categories[0]);
    return { from: from[Math.floor(from.length / 2)] || null, to: to[Math.floor(to.length / 2)] || null };
  })()`)) as { from: { x: number; y: number } | null; to: { x: number; y: number } | null };
  if (!ends.from || !ends.to) throw new Error('no cause on screen to drag');
  const { from, to } = ends as { from: { x: number; y: number }; to: { x: number; y: number } };
  if (profile) {
    await cdp.send('Profiler.start');
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReturnAsStream' });
  }
  let dragged = false;
  const dragging = await frames(page, async () => {
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let i = 1; i <= 40; i++) {
      await page.mouse.move(from.x + ((to.x - from.x) * i) / 40, from.y + ((to.y - from.y) * i) / 40);
      await page.waitForTimeout(16);
    }
    dragged = (await page.evaluate('document.querySelector(\'[data-testid="canvas"]\').classList.contains("canvas--dragging")')) as boolean;
    await page.mouse.up();
    await page.waitForTimeout(300);
  });
  if (!dragged) throw new Error('pressing on a cause did not start a drag');
  if (profile) console.log(await longestTasks(cdp));
  console.log(`dragging a cause at 500 causes: ${framesText(dragging)} (target: none over 50 ms)`);
  if (profile) {
    const { profile: cpu } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
    writeFileSync('/tmp/causeway-drag.cpuprofile', JSON.stringify(cpu));
    console.log(summarise(cpu, 40).replace(/per keystroke/g, 'per pointer move'));
  }
  const panning = await frames(page, async () => {
    await page.mouse.move(box.x + 12, box.y + box.height - 12);
    await page.mouse.down();
    for (let i = 1; i <= 40; i++) {
      await page.mouse.move(box.x + 12 + i * 8, box.y + box.height - 12 - Math.sin(i / 5) * 60);
      await page.waitForTimeout(16);
    }
    await page.mouse.up();
    await page.waitForTimeout(300);
  });
  console.log(`panning at 500 causes: ${framesText(panning)}`);
  await context.close();
} finally {
  await env.close();
}
