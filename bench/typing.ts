/**
 * Per-keystroke work of the board at 500 causes, in Node (no canvas): what one typed character costs
 * in reading the tree and laying it out. `npx tsx bench/typing.ts [--causes=500] [--runs=301]`
 *
 * - read: readTree of the whole document, against followTree (the board's reader: only the path to
 *   the changed label is copied).
 * - layout: layoutFishbone of the new tree with a warm width cache (as the board's canvas measurer),
 *   after a character typed into a cause label and into the problem.
 * Each figure is the median (and p90) over many keystrokes, after warm-up, one row after the other; the load average is printed
 * because wall time on a busy machine is not to be trusted.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { approximateMeasure, cachedMeasure, clearWrapCache, followTree, getText, layoutFishbone, readTree, replaceDiagram, walkTree } from '@causeway/shared';
import type { DiagramTree, MeasureText, NodeId } from '@causeway/shared';
import { makeDiagram } from './lib/shared-code.ts';
import { median, percentile } from './lib/stats.ts';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const causes = arg('causes', 500);
const runs = arg('runs', 301);

const doc = new Y.Doc();
replaceDiagram(doc, makeDiagram(causes, 500));
const ids = walkTree(readTree(doc)).map((e) => e.node.id!) as NodeId[];
const cause = ids[Math.floor(ids.length / 2)]!;

type Row = { label: string; fn: (i: number) => void; times: number[] };
const rows: Row[] = [];
const row = (label: string, fn: (i: number) => void) => rows.push({ label, fn, times: [] });

/**
 * Each row in its own block after its own warm-up. Rows do not take turns: the rows that forget the
 * remembered wraps leave garbage and colder code behind that would be charged to the rows after them.
 */
function run(): void {
  for (const r of rows) {
    for (let i = 0; i < 30; i++) r.fn(i);
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      r.fn(i);
      r.times.push(performance.now() - t);
    }
  }
}

const typed = new Map<string, number>();
const type = (target: NodeId | 'problem', _i: number) => {
  const text = getText(doc, target)!;
  // Type, and now and then clear what was typed, so labels keep their size.
  const count = typed.get(target) ?? 0;
  if (count === 39) text.delete(0, 39);
  else text.insert(0, 'x');
  typed.set(target, (count + 1) % 40);
};

const follower = followTree(doc);
doc.on('afterTransaction', (tr: Y.Transaction) => follower.note(tr));
follower.read();

const warm: MeasureText = cachedMeasure(approximateMeasure);
let tree: DiagramTree = follower.read();
layoutFishbone(tree, warm);

row('type into a cause: readTree', (i) => {
  type(cause, i);
  readTree(doc);
});
row('type into a cause: followTree', (i) => {
  type(cause, i);
  tree = follower.read();
});
row('type into a cause: layout, wraps remembered', (i) => {
  type(cause, i);
  tree = follower.read();
  layoutFishbone(tree, warm);
});
row('type into the problem: layout, wraps remembered', (i) => {
  type('problem', i);
  tree = follower.read();
  layoutFishbone(tree, warm);
});
// The layout as it was before wraps were remembered: every label wrapped on every layout.
row('type into a cause: layout, every label wrapped', (i) => {
  type(cause, i);
  tree = follower.read();
  clearWrapCache(warm);
  layoutFishbone(tree, warm);
});
row('type into the problem: layout, every label wrapped', (i) => {
  type('problem', i);
  tree = follower.read();
  clearWrapCache(warm);
  layoutFishbone(tree, warm);
});
run();
console.log(`${causes} causes (${ids.length} nodes), ${runs} keystrokes per row; ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
for (const r of rows) {
  const sorted = [...r.times].sort((a, b) => a - b);
  console.log(`${r.label.padEnd(52)} median ${median(sorted).toFixed(3).padStart(7)} ms  p90 ${percentile(sorted, 90).toFixed(3).padStart(7)} ms`);
}
