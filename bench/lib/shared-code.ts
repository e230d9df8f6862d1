/**
 * Shared code: layout time for 100, 1,000 and 5,000 causes, and export time of a 500-cause diagram:
 * JSON, Markdown and Mermaid (shared/), SVG and PNG as the server renders them for
 * GET .../diagram.svg and .../diagram.png (server/src/export; the PNG cache is emptied before each
 * run, so every run draws and encodes). Runs in the orchestrator process; each figure is the median
 * of many runs after warm-up runs.
 */
import { performance } from 'node:perf_hooks';
import { approximateMeasure, cachedMeasure, layoutFishbone, toJson, toMarkdown, toMermaid } from '@causeway/shared';
import type { DiagramTree, TreeNode } from '@causeway/shared';
import { clearPngCache, renderPng } from '../../server/src/export/render-png.ts';
import { renderSvg } from '../../server/src/export/render-svg.ts';
import { median, mulberry32 } from './stats.ts';

export interface SharedResult {
  /** Median ms per layout: with a new measurer each run (widths measured and labels wrapped afresh), and with a warm one (widths and wraps remembered). */
  layout: Array<{ causes: number; coldMs: number; warmMs: number; runs: number }>;
  /** Median ms per export of a 500-cause diagram; null where the exporter does not exist. */
  exports: Record<'json' | 'markdown' | 'mermaid' | 'png' | 'svg', number | null>;
  exportNotes: Record<string, string>;
  /** Bytes of the SVG and PNG of the 500-cause diagram. */
  exportBytes?: { svg: number; png: number };
  lines: string[];
}

const WORDS = (
  'applications wait forty days decision staff turnover unclear ownership manual booking scanner workflow ' +
  'wnioski czekają średnio decyzję administracyjną brak ścieżki awansu wytyczne ministerstwa ' +
  'ниска удовлетвореност гражданите електронните услуги дублиране хартиени подпис ' +
  'iepirkumu procedūras ilgst pārāk ilgi līgumu slēgšana magas fluktuáció ügyintézők között bérezés'
).split(' ');

/** A seeded diagram: 6 categories, `causes` causes up to depth 5, labels of 2-12 words in five languages. */
export function makeDiagram(causes: number, seed: number): DiagramTree {
  const rng = mulberry32(seed);
  const label = () => Array.from({ length: 2 + Math.floor(rng() * 11) }, () => WORDS[Math.floor(rng() * WORDS.length)]).join(' ');
  const categories: TreeNode[] = ['People', 'Processes', 'Law', 'IT', 'Money', 'Environment'].map((text) => ({ text, children: [] }));
  const open: Array<{ node: TreeNode; depth: number }> = categories.map((node) => ({ node, depth: 1 }));
  for (let i = 0; i < causes; i++) {
    const pick = open[Math.floor(Math.pow(rng(), 2) * open.length)]!;
    const node: TreeNode = { text: label(), children: [] };
    pick.node.children.push(node);
    if (pick.depth + 1 < 5) open.push({ node, depth: pick.depth + 1 });
  }
  return { problem: 'Applications wait 40 days for a decision', categories };
}

async function timeAsync(fn: () => Promise<unknown>, runs: number, warmup: number): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

function time(fn: () => unknown, runs: number, warmup: number): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

export async function benchShared(quick: boolean): Promise<SharedResult> {
  const layout: SharedResult['layout'] = [];
  for (const causes of [100, 1_000, 5_000]) {
    const tree = makeDiagram(causes, 42 + causes);
    const runs = quick ? (causes >= 5_000 ? 5 : 11) : causes >= 5_000 ? 15 : 41;
    const warmup = quick ? 2 : 5;
    const coldMs = time(() => layoutFishbone(tree, cachedMeasure(approximateMeasure)), runs, warmup);
    const warm = cachedMeasure(approximateMeasure);
    const warmMs = time(() => layoutFishbone(tree, warm), runs, warmup);
    layout.push({ causes, coldMs, warmMs, runs });
  }
  const tree = makeDiagram(500, 500);
  const runs = quick ? 21 : 101;
  // SVG and PNG as the server exports them (fonts embedded in the SVG; PNG at the 2x pixel ratio).
  let svgBytes = 0;
  let pngBytes = 0;
  const svg = time(() => (svgBytes = Buffer.byteLength(renderSvg(tree, 'en'))), quick ? 5 : 21, 2);
  // Warm-up on a small diagram (fonts registered, Konva's Node backend installed), then the real one:
  // one run with --quick (a PNG of 500 causes takes seconds on this kind of machine).
  await renderPng(makeDiagram(10, 10), 'en');
  const png = await timeAsync(
    async () => {
      clearPngCache();
      pngBytes = (await renderPng(tree, 'en')).length;
    },
    quick ? 1 : 5,
    quick ? 0 : 1,
  );
  clearPngCache();
  const exports: SharedResult['exports'] = {
    json: time(() => toJson(tree), runs, 5),
    markdown: time(() => toMarkdown(tree), runs, 5),
    mermaid: time(() => toMermaid(tree), runs, 5),
    png,
    svg,
  };
  const exportNotes: Record<string, string> = {
    png: 'server renderer (server/src/export/draw-png.ts in the PNG thread: Konva on Skia, 2x), cache emptied before each run; the board\'s own PNG export is timed in the client section',
    svg: 'server renderer (server/src/export/render-svg.ts), Noto Sans subsets embedded',
  };
  const f = (v: number) => (v < 1 ? v.toFixed(3) : v.toFixed(2));
  return {
    layout,
    exports,
    exportNotes,
    exportBytes: { svg: svgBytes, png: pngBytes },
    lines: [
      ...layout.map((l) => `layout ${l.causes} causes: ${f(l.coldMs)} ms (fresh caches), ${f(l.warmMs)} ms (warm width and wrap caches, as after a keystroke); median of ${l.runs}`),
      `export of a 500-cause diagram: JSON ${f(exports.json!)} ms, Markdown ${f(exports.markdown!)} ms, Mermaid ${f(exports.mermaid!)} ms, ` +
        `SVG ${f(svg)} ms (${(svgBytes / 1024).toFixed(0)} KB), PNG ${f(png)} ms (${(pngBytes / 1024).toFixed(0)} KB); SVG and PNG: the server's renderers, PNG cache emptied before each run`,
    ],
  };
}
