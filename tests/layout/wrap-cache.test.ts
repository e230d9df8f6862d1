import { describe, expect, it } from 'vitest';
import { approximateMeasure, clearWrapCache, layoutFishbone } from '@causeway/shared';
import type { DiagramTree, MeasureText, NodeId, TreeNode } from '@causeway/shared';
import { loadFixtures } from './helpers.ts';
import { mulberry32 } from '../model/random.ts';

/** A measurer no layout has seen yet, so nothing it wraps is remembered. */
const fresh = (): MeasureText => (text, style) => approximateMeasure(text, style);

const WORDS = 'wnioski czekają średnio decyzję ниска удовлетвореност iepirkumu procedūras magas fluktuáció a supercalifragilisticexpialidocious'.split(' ');

function randomTree(rng: () => number, causes: number): DiagramTree {
  const label = () => Array.from({ length: 1 + Math.floor(rng() * 9) }, () => WORDS[Math.floor(rng() * WORDS.length)]).join(rng() < 0.1 ? '\n' : ' ');
  const categories: TreeNode[] = Array.from({ length: 4 }, (_, i) => ({ id: `c${i}` as NodeId, text: label(), children: [] }));
  const all = [...categories];
  for (let i = 0; i < causes; i++) {
    const node: TreeNode = { id: `n${i}` as NodeId, text: label(), children: [] };
    all[Math.floor(rng() * all.length)]!.children.push(node);
    all.push(node);
  }
  return { problem: label(), categories };
}

/** The tree with one label changed, sharing everything else (as the board's reader gives it). */
function retype(tree: DiagramTree, rng: () => number): DiagramTree {
  if (rng() < 0.2) return { ...tree, problem: tree.problem + (rng() < 0.5 ? ' x' : 'ą') };
  const categories = tree.categories.slice();
  let list = categories;
  for (;;) {
    const at = Math.floor(rng() * list.length);
    const node = list[at]!;
    if (node.children.length === 0 || rng() < 0.3) {
      list[at] = { ...node, text: rng() < 0.3 ? '' : node.text + (rng() < 0.5 ? ' más' : 'x') };
      return { ...tree, categories };
    }
    const copy = { ...node, children: node.children.slice() };
    list[at] = copy;
    list = copy.children;
  }
}

describe('remembered wraps in the layout (L8, L9)', () => {
  it('L8: layouts with remembered wraps equal layouts wrapped from scratch, over random typing, both head sides and widths', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const rng = mulberry32(seed);
      const measure: MeasureText = (text, style) => approximateMeasure(text, style);
      const options = { headSide: seed % 2 ? ('left' as const) : ('right' as const), maxLabelWidth: 120 + seed * 20 };
      let tree = randomTree(rng, 60);
      for (let step = 0; step < 25; step++) {
        expect(layoutFishbone(tree, measure, options)).toEqual(layoutFishbone(tree, fresh(), options));
        tree = retype(tree, rng);
      }
    }
    for (const { tree } of loadFixtures()) {
      const measure = fresh();
      layoutFishbone(tree, measure);
      expect(layoutFishbone(tree, measure)).toEqual(layoutFishbone(tree, fresh()));
    }
  });

  it('L9: after one label changes, only that label is measured again', () => {
    const rng = mulberry32(7);
    let calls: string[] = [];
    const measure: MeasureText = (text, style) => {
      calls.push(text);
      return approximateMeasure(text, style);
    };
    let tree = randomTree(rng, 120);
    const before = layoutFishbone(tree, measure);
    expect(calls.length).toBeGreaterThan(120);
    calls = [];
    tree = { ...tree, problem: 'Applications wait forty days for a decision, and more' };
    const after = layoutFishbone(tree, measure);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((text) => 'Applications wait forty days for a decision, and more'.includes(text))).toBe(true);
    // Unchanged labels keep their very lines (the same array), which views can compare cheaply.
    for (let i = 1; i < after.labels.length; i++) expect(after.labels[i]!.lines).toBe(before.labels[i]!.lines);
    calls = [];
    layoutFishbone(tree, measure);
    expect(calls).toEqual([]);
  });

  it('L9: a measurer whose widths change gives new wraps once clearWrapCache is called (a font that finished loading)', () => {
    let scale = 1;
    const measure: MeasureText = (text, style) => approximateMeasure(text, style) * scale;
    const tree: DiagramTree = { problem: 'A problem long enough to wrap onto a second line at the least', categories: [{ text: 'People and their many skills', children: [] }] };
    const narrow = layoutFishbone(tree, measure);
    scale = 2;
    // Remembered: widths measured earlier are still used (the measurer is assumed pure)...
    expect(layoutFishbone(tree, measure).head.lines).toEqual(narrow.head.lines);
    clearWrapCache(measure);
    // ...until they are forgotten: now the same as a layout that never saw the old widths.
    const wide = layoutFishbone(tree, measure);
    expect(wide.head.lines.length).toBeGreaterThan(narrow.head.lines.length);
    expect(wide).toEqual(layoutFishbone(tree, (text, style) => approximateMeasure(text, style) * 2));
  });

  it('L8: remembered lines cannot be changed by a view (they are shared between layouts)', () => {
    const layout = layoutFishbone({ problem: 'P', categories: [{ text: 'C', children: [] }] }, fresh());
    expect(Object.isFrozen(layout.labels[1]!.lines)).toBe(true);
    expect(() => layout.labels[1]!.lines.push('x')).toThrow(TypeError);
  });
});
