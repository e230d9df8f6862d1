/**
 * Shared code: layout time for 100, 1,000 and 5,000 causes, and export time of a 500-cause diagram.
 * Runs in the orchestrator process; each figure is the median of many runs after warm-up runs.
 */
import { performance } from 'node:perf_hooks';
import { approximateMeasure, cachedMeasure, layoutFishbone, toJson, toMarkdown, toMermaid } from '@causeway/shared';
import type { DiagramTree, TreeNode } from '@causeway/shared';
import { median, mulberry32 } from './stats.ts';

export interface SharedResult {
  /** Median ms per layout, text widths measured afresh (cold cache) and with a warm cache. */
  layout: Array<{ causes: number; coldMs: number; warmMs: number; runs: number }>;
  /** Median ms per export of a 500-cause diagram; null where the exporter does not exist. */
  exports: Record<'json' | 'markdown' | 'mermaid' | 'png' | 'svg', number | null>;
  exportNotes: Record<string, string>;
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
  const exports: SharedResult['exports'] = {
    json: time(() => toJson(tree), runs, 5),
    markdown: time(() => toMarkdown(tree), runs, 5),
    mermaid: time(() => toMermaid(tree), runs, 5),
    png: null,
    svg: null,
  };
  const exportNotes: Record<string, string> = {
    png: 'PNG is drawn in the browser (client/src/io/export.ts); see the client section',
    svg: 'n/a — not built yet',
  };
  const f = (v: number) => (v < 1 ? v.toFixed(3) : v.toFixed(2));
  return {
    layout,
    exports,
    exportNotes,
    lines: [
      ...layout.map((l) => `layout ${l.causes} causes: ${f(l.coldMs)} ms (fresh text-width cache), ${f(l.warmMs)} ms (warm cache); median of ${l.runs}`),
      `export of a 500-cause diagram: JSON ${f(exports.json!)} ms, Markdown ${f(exports.markdown!)} ms, Mermaid ${f(exports.mermaid!)} ms; PNG: ${exportNotes.png}; SVG: ${exportNotes.svg}`,
    ],
  };
}
