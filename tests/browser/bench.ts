/**
 * Client benchmarks (numbers, not pass/fail tests; SPEC C17):
 *   npx tsx tests/browser/bench.ts
 * - initial JavaScript, gzipped (entry chunk + its modulepreloads) — target < 250 KB
 * - first paint of a 500-cause diagram — target < 1 s
 * - longest frame while typing in a label and while dragging, at 500 causes — target < 50 ms
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { boardUrl, clientBuild, createWorkshop, newContext, startEnv } from './harness.ts';

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

/** Longest gap between animation frames while `action` runs. */
async function longestFrame(page: Page, action: () => Promise<void>): Promise<number> {
  // A string, so the bundler's helpers never end up inside the page.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__stop = false;
    const tick = (t) => { window.__frames.push(t); if (!window.__stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  await action();
  return page.evaluate(`(() => {
    window.__stop = true;
    let max = 0;
    for (let i = 1; i < window.__frames.length; i++) max = Math.max(max, window.__frames[i] - window.__frames[i - 1]);
    return max;
  })()`) as Promise<number>;
}

const dir = await clientBuild();
const size = initialJsKb(dir);
console.log(`initial JavaScript: ${size.kb.toFixed(1)} KB gzipped (${size.files.length} files; target < 250 KB)`);

const env = await startEnv();
try {
  const w = await createWorkshop(env, { template: 'blank' });
  const put = await fetch(`${env.server.url}/api/workshops/${w.id}/groups/${w.groups[0]!.id}/diagram.json`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${w.tokens.facilitator}` },
    body: JSON.stringify(bigDiagram(500)),
  });
  if (!put.ok) throw new Error(`PUT: ${put.status}`);
  const context = await newContext(env, { name: 'Bench', width: 1440, height: 900 });
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
  for (const key of ['ArrowLeft', 'ArrowLeft', 'ArrowLeft']) await page.keyboard.press(key);
  const typing = await longestFrame(page, async () => {
    await page.keyboard.press('F2');
    await page.keyboard.type(' and some more text typed', { delay: 30 });
    await page.keyboard.press('Enter');
  });
  console.log(`longest frame while typing at 500 causes: ${typing.toFixed(1)} ms (target < 50 ms)`);

  const labels = await page.evaluate(() => {
    const c = (window as unknown as { causeway: { view(): { scale: number; x: number; y: number } } }).causeway;
    return c.view();
  });
  const box = (await page.getByTestId('canvas').boundingBox())!;
  const dragging = await longestFrame(page, async () => {
    // Grab whatever label sits in the middle of the view, drag it around and drop it back.
    const tree = await page.evaluate(() => (window as unknown as { causeway: { tree(): unknown } }).causeway.tree());
    void tree;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 0; i < 40; i++) await page.mouse.move(box.x + box.width / 2 + i * 8, box.y + box.height / 2 + Math.sin(i / 5) * 60);
    await page.keyboard.press('Escape');
    await page.mouse.up();
  });
  void labels;
  console.log(`longest frame while dragging at 500 causes: ${dragging.toFixed(1)} ms (target < 50 ms)`);
  await context.close();
} finally {
  await env.close();
}
