// Layout benchmark: median time to lay out diagrams of 100, 500, 1,000 and 5,000 causes (target:
// under 10 ms for 1,000). Run with `npm run bench:layout`. Trees are generated from a fixed seed, with
// multi-language labels of 2 to 12 words and causes nested up to depth 5. Two figures per size: every
// label wrapped afresh (the wraps the layout remembers are forgotten before each run: a first layout,
// or the layout before wraps were remembered), and with remembered wraps (a layout after a change
// that kept most labels, e.g. a keystroke).
import { cpus, loadavg } from 'node:os';
import { approximateMeasure, clearWrapCache, layoutFishbone } from '../shared/src/index.ts';
import type { DiagramTree, NodeId, TreeNode } from '../shared/src/index.ts';
import { mulberry32 } from './lib/stats.ts';

const WORDS = (
  'applications wait forty days decision staff turnover unclear ownership manual booking scanner workflow ' +
  'wnioski czekają średnio decyzję administracyjną brak ścieżki awansu wytyczne ministerstwa ' +
  'ниска удовлетвореност гражданите електронните услуги дублиране хартиени подпис ' +
  'iepirkumu procedūras ilgst pārāk ilgi līgumu slēgšana magas fluktuáció ügyintézők között bérezés'
).split(' ');

function makeTree(causes: number, seed: number): DiagramTree {
  const rnd = mulberry32(seed);
  const label = () => Array.from({ length: 2 + Math.floor(rnd() * 11) }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(' ');
  const categories: TreeNode[] = Array.from({ length: 6 }, (_, i) => ({ id: `c${i}` as NodeId, text: `Category ${i + 1}`, children: [] }));
  const open: { node: TreeNode; depth: number }[] = categories.map((node) => ({ node, depth: 1 }));
  for (let i = 0; i < causes; i++) {
    // Prefer shallow parents, as real diagrams do: most causes sit at depth 2 or 3.
    const pick = open[Math.floor(Math.pow(rnd(), 2) * open.length)]!;
    // Ids as the document has them (readTree gives every node its id).
    const node: TreeNode = { id: `n${seed}x${i}` as NodeId, text: label(), children: [] };
    pick.node.children.push(node);
    if (pick.depth + 1 < 5) open.push({ node, depth: pick.depth + 1 });
  }
  return { problem: 'Applications wait 40 days for a decision', categories };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function timeLayouts(tree: DiagramTree, runs: number, fresh: boolean): { times: number[]; cpuTimes: number[]; labels: number } {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let labels = 0;
  for (let i = 0; i < runs; i++) {
    if (fresh) clearWrapCache(approximateMeasure);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const layout = layoutFishbone(tree, approximateMeasure);
    times.push(performance.now() - t0);
    const c1 = process.cpuUsage(c0);
    cpuTimes.push((c1.user + c1.system) / 1000);
    labels = layout.labels.length;
  }
  return { times, cpuTimes, labels };
}

const rows: string[] = [];
for (const causes of [100, 500, 1000, 5000]) {
  const tree = makeTree(causes, 42 + causes);
  const runs = causes >= 5000 ? 15 : 41;
  for (let i = 0; i < 10; i++) layoutFishbone(tree, approximateMeasure); // warm-up (JIT)
  for (const fresh of [true, false]) {
    const { times, cpuTimes, labels } = timeLayouts(tree, runs, fresh);
    const med = median(times);
    rows.push(
      `${String(causes).padStart(5)} causes  ${String(labels).padStart(5)} labels  ${fresh ? 'all wrapped   ' : 'wraps reused  '}  median ${med.toFixed(2).padStart(7)} ms  ` +
        `min ${Math.min(...times).toFixed(2).padStart(7)} ms  max ${Math.max(...times).toFixed(2).padStart(7)} ms  ` +
        `cpu median ${median(cpuTimes).toFixed(2).padStart(7)} ms  (${runs} runs)` +
        (causes === 1000 && fresh ? `  target < 10 ms: ${med < 10 ? 'met' : 'NOT met'}` : ''),
    );
  }
}
console.log('layoutFishbone with approximateMeasure (Noto Sans widths), 6 categories, depth up to 5');
// Wall time suffers when the machine is busy; the load average tells whether to trust it.
console.log(`${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
for (const row of rows) console.log(row);
