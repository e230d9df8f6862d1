import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { approximateMeasure, layoutFishbone, pathKey } from '@causeway/shared';
import type { DiagramTree, LaidOutLabel, Layout, NodeId, TreeNode } from '@causeway/shared';
import { arbitraryTree, loadFixtures, rectsOverlap, segmentMeetsRect } from './helpers.ts';

const node = (text: string, children: TreeNode[] = [], id?: string): TreeNode =>
  id === undefined ? { text, children } : { id: id as NodeId, text, children };

function byId(layout: Layout, id: string): LaidOutLabel {
  const found = layout.labels.find((l) => l.id === id);
  if (!found) throw new Error(`no label ${id}`);
  return found;
}

const centreY = (l: LaidOutLabel) => l.box.y + l.box.height / 2;
const centreX = (l: LaidOutLabel) => l.box.x + l.box.width / 2;

describe('layoutFishbone: shape', () => {
  const tree: DiagramTree = {
    problem: 'Applications wait 40 days for a decision',
    categories: [
      node('People', [node('Turnover', [node('Low pay', [node('Budget cuts')])]), node('No training')], 'c0'),
      node('Processes', [node('Manual checks')], 'c1'),
      node('Law', [], 'c2'),
      node('IT', [node('Old API')], 'c3'),
      node('Organisation', [], 'c4'),
    ],
  };

  it('L1: categories alternate above and below the spine, pairs share an anchor, in reading order from the tail', () => {
    const layout = layoutFishbone(tree, approximateMeasure);
    const spineY = layout.bones[0]!.from.y;
    const cats = ['c0', 'c1', 'c2', 'c3', 'c4'].map((id) => byId(layout, id));
    cats.forEach((c, i) => {
      expect(c.kind).toBe('category');
      expect(c.side).toBe(i % 2 === 0 ? 'above' : 'below');
      if (i % 2 === 0) expect(c.box.y + c.box.height).toBeLessThan(spineY);
      else expect(c.box.y).toBeGreaterThan(spineY);
      expect(c.anchor.y).toBeCloseTo(spineY, 9);
    });
    expect(cats[0]!.anchor.x).toBe(cats[1]!.anchor.x);
    expect(cats[2]!.anchor.x).toBe(cats[3]!.anchor.x);
    expect(cats[0]!.anchor.x).toBeLessThan(cats[2]!.anchor.x);
    expect(cats[2]!.anchor.x).toBeLessThan(cats[4]!.anchor.x);
    // The spine runs from the far end of the diagram, beyond the first category (the tail), to the head box.
    expect(layout.bones[0]!.from.x).toBeLessThan(cats[0]!.anchor.x);
    expect(layout.bones[0]!.from.x).toBeCloseTo(Math.min(...layout.labels.map((l) => l.box.x)), 9);
    // Head on the left: still left to right, now starting at the head.
    const left = layoutFishbone(tree, approximateMeasure, { headSide: 'left' });
    const leftCats = ['c0', 'c2', 'c4'].map((id) => byId(left, id).anchor.x);
    expect(leftCats).toEqual([...leftCats].sort((a, b) => a - b));
    expect(left.bones[0]!.from.x).toBeGreaterThan(leftCats[2]!);
  });

  it('L1: causes alternate horizontal ribs and slanted bones with depth, leaning away from head and spine', () => {
    const layout = layoutFishbone(tree, approximateMeasure);
    for (const bone of layout.bones.slice(1)) {
      const label = byId(layout, bone.owner);
      expect(bone.from).toEqual(label.anchor);
      expect(bone.to).toEqual(label.tip);
      const dx = bone.to.x - bone.from.x;
      const dy = bone.to.y - bone.from.y;
      expect(dx).toBeLessThan(0); // away from the head (on the right)
      if (label.depth % 2 === 0) {
        expect(bone.kind).toBe('rib');
        expect(dy).toBe(0);
      } else {
        expect(bone.kind).toBe(label.depth === 1 ? 'category' : 'branch');
        // Slanted at 60 degrees, away from the spine.
        expect(Math.abs(dy / dx)).toBeCloseTo(Math.tan(Math.PI / 3), 6);
        expect(Math.sign(dy)).toBe(label.side === 'above' ? -1 : 1);
      }
    }
  });

  it('L1: every non-category bone starts on its parent\'s bone', () => {
    const layout = layoutFishbone(tree, approximateMeasure);
    for (const label of layout.labels.filter((l) => l.depth >= 2)) {
      const parentBone = layout.bones.find((b) => b.owner === label.parent)!;
      expect(segmentMeetsRect(parentBone, { x: label.anchor.x, y: label.anchor.y, width: 0, height: 0 }, 1e-6)).toBe(true);
    }
  });

  it('L1: siblings follow reading order: top to bottom along slanted bones, left to right along ribs', () => {
    for (const headSide of ['right', 'left'] as const) {
      const layout = layoutFishbone(tree, approximateMeasure, { headSide });
      const wrong: string[] = [];
      for (const parent of layout.labels) {
        const kids = layout.labels.filter((l) => l.parent === parent.id);
        if (parent.kind === 'head') {
          for (const side of ['above', 'below'] as const) {
            const xs = kids.filter((k) => k.side === side).map((k) => k.anchor.x);
            if (xs.some((x, i) => i > 0 && x <= xs[i - 1]!)) wrong.push(`${headSide} spine ${side}`);
          }
        } else if (parent.orientation === 'horizontal') {
          const xs = kids.map((k) => k.anchor.x);
          if (xs.some((x, i) => i > 0 && x <= xs[i - 1]!)) wrong.push(`${headSide} rib ${parent.id}`);
        } else {
          const ys = kids.map((k) => k.anchor.y);
          if (ys.some((y, i) => i > 0 && y <= ys[i - 1]!)) wrong.push(`${headSide} bone ${parent.id}`);
        }
      }
      expect(wrong).toEqual([]);
    }
    // Above the spine the category label is on top, its first cause just below it; below the
    // spine the first cause is nearest the spine and the label at the bottom.
    const layout = layoutFishbone(tree, approximateMeasure);
    const people = byId(layout, 'c0');
    const [turnover, training] = layout.labels.filter((l) => l.parent === 'c0');
    expect(centreY(people)).toBeLessThan(centreY(turnover!));
    expect(centreY(turnover!)).toBeLessThan(centreY(training!));
  });

  it('L1: reading order holds for random trees, whichever side the head is on', () => {
    fc.assert(
      fc.property(arbitraryTree(150), fc.constantFrom('left' as const, 'right' as const), ({ tree: t }, headSide) => {
        const layout = layoutFishbone(t, approximateMeasure, { headSide });
        const byParent = new Map<string, LaidOutLabel[]>();
        for (const l of layout.labels.slice(1)) byParent.set(l.parent!, [...(byParent.get(l.parent!) ?? []), l]);
        const wrong: string[] = [];
        for (const [parentId, kids] of byParent) {
          const parent = byId(layout, parentId);
          const groups = parent.kind === 'head' ? [kids.filter((k) => k.side === 'above'), kids.filter((k) => k.side === 'below')] : [kids];
          for (const group of groups) {
            const key = (k: LaidOutLabel) => (parent.orientation === 'diagonal' ? k.anchor.y : k.anchor.x);
            if (group.some((k, i) => i > 0 && key(k) <= key(group[i - 1]!))) wrong.push(parentId);
          }
        }
        expect(wrong).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('L1: the half below the spine is the mirror image of the half above', () => {
    // One child each, so reading order (which differs above and below) plays no part.
    const a = () => node('A', [node('x', [node('y', [node('z', [node('w')])])])]);
    const up = layoutFishbone({ problem: 'P', categories: [a(), node('B')] }, approximateMeasure);
    const down = layoutFishbone({ problem: 'P', categories: [node('B'), a()] }, approximateMeasure);
    const spineUp = up.bones[0]!.from.y;
    const spineDown = down.bones[0]!.from.y;
    const mine = up.labels.filter((l) => l.path[0] === 0);
    const mirrored = down.labels.filter((l) => l.path[0] === 1);
    expect(mirrored.map((l) => l.side)).toEqual(mirrored.map(() => 'below'));
    mine.forEach((l, i) => {
      const m = mirrored[i]!;
      expect(m.box.height).toBe(l.box.height);
      expect(centreY(m) - spineDown).toBeCloseTo(spineUp - centreY(l), 6);
      expect(centreX(m) - down.bones[0]!.to.x).toBeCloseTo(centreX(l) - up.bones[0]!.to.x, 6);
    });
  });

  it('L1: head on the left is the mirror image of head on the right (where sibling order plays no part)', () => {
    fc.assert(
      fc.property(arbitraryTree(80), ({ tree: full }) => {
        // Keep only each node's first child and two categories: mirroring then maps the layout onto itself.
        const firstOnly = (n: TreeNode): TreeNode => ({ ...n, children: n.children.slice(0, 1).map(firstOnly) });
        const t: DiagramTree = { problem: full.problem, categories: full.categories.slice(0, 2).map(firstOnly) };
        const right = layoutFishbone(t, approximateMeasure);
        const left = layoutFishbone(t, approximateMeasure, { headSide: 'left' });
        expect(left.bounds).toEqual(right.bounds);
        const w = right.bounds.width;
        const wrong: string[] = [];
        left.labels.forEach((l, i) => {
          const r = right.labels[i]!;
          if (l.id !== r.id) wrong.push(`order ${l.id}`);
          if (Math.abs(l.box.x - (w - (r.box.x + r.box.width))) > 1e-6 || Math.abs(l.box.y - r.box.y) > 1e-6) wrong.push(`box ${l.id}`);
          if (l.align !== (r.kind === 'cause' ? 'left' : r.align)) wrong.push(`align ${l.id}`);
        });
        expect(wrong).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('L10: anchors, tips and subtree boxes: each subtree box holds the node and all its descendants', () => {
    const layout = layoutFishbone(loadFixtures()[4]!.tree, approximateMeasure);
    const inside = (r: { x: number; y: number; width: number; height: number }, outer: typeof r) =>
      r.x >= outer.x - 1e-6 && r.y >= outer.y - 1e-6 && r.x + r.width <= outer.x + outer.width + 1e-6 && r.y + r.height <= outer.y + outer.height + 1e-6;
    for (const label of layout.labels) {
      expect(inside(label.box, label.subtree)).toBe(true);
      expect(inside(label.subtree, layout.bounds)).toBe(true);
      if (label.parent !== null) expect(inside(label.subtree, byId(layout, label.parent).subtree)).toBe(true);
      // The tip lies on the label box edge.
      expect(segmentMeetsRect({ from: label.tip, to: label.tip }, label.box, 1e-6)).toBe(true);
    }
    expect(layout.head.subtree).toEqual({ x: 24, y: 24, width: layout.bounds.width - 48, height: layout.bounds.height - 48 });
  });
});

describe('layoutFishbone: keys and odd input', () => {
  it('L4: nodes without ids are keyed by path, e.g. p:2.0.1; a repeated id falls back to the path', () => {
    const t: DiagramTree = {
      problem: 'P',
      categories: [node('A', [], 'dup'), node('B', [], 'dup'), node('C', [node('x', [node('y'), node('z')])])],
    };
    const layout = layoutFishbone(t, approximateMeasure);
    expect(layout.labels.map((l) => l.id)).toEqual(['problem', 'dup', 'p:1', 'p:2', 'p:2.0', 'p:2.0.0', 'p:2.0.1']);
    expect(pathKey([2, 0, 1])).toBe('p:2.0.1');
    expect(byId(layout, 'p:2.0.1').parent).toBe('p:2.0');
    expect(byId(layout, 'p:2.0.1').path).toEqual([2, 0, 1]);
    expect(byId(layout, 'p:2').parent).toBe('problem');
  });

  it('L2, L6: an empty diagram and empty labels still get a visible, clickable box', () => {
    const empty = layoutFishbone({ problem: '', categories: [] }, approximateMeasure);
    expect(empty.labels).toHaveLength(1);
    expect(empty.head.lines).toEqual(['']);
    expect(empty.head.box.width).toBeGreaterThan(24);
    expect(empty.bones).toHaveLength(1);
    const blank = layoutFishbone({ problem: 'P', categories: [node('', [node(''), node('')])] }, approximateMeasure);
    for (const l of blank.labels) expect(l.box.width).toBeGreaterThanOrEqual(24);
    expect(rectsOverlap(blank.labels[2]!.box, blank.labels[3]!.box)).toBe(false);
  });

  it('L2, L3: depth far beyond 6 (a chain of 40) and 5,000 nested levels lay out without overlap or stack overflow', () => {
    let chain: TreeNode = node('leaf cause with a fairly long label to wrap');
    for (let i = 0; i < 40; i++) chain = node(`cause level ${40 - i}`, [chain, node(`sibling ${i}`)]);
    const layout = layoutFishbone({ problem: 'Deep', categories: [chain] }, approximateMeasure);
    const { labels } = layout;
    const overlaps: string[] = [];
    for (let i = 0; i < labels.length; i++)
      for (let j = i + 1; j < labels.length; j++) if (rectsOverlap(labels[i]!.box, labels[j]!.box)) overlaps.push(`${labels[i]!.id} x ${labels[j]!.id}`);
    expect(overlaps).toEqual([]);
    let deep: TreeNode = node('x');
    for (let i = 0; i < 5000; i++) deep = node('y', [deep]);
    expect(layoutFishbone({ problem: 'Deeper', categories: [deep] }, approximateMeasure).labels).toHaveLength(5002);
  });

  it('L5: layout never reads the clock or randomness', () => {
    const t = loadFixtures()[0]!.tree;
    const realRandom = Math.random;
    const realNow = Date.now;
    Math.random = () => {
      throw new Error('Math.random used');
    };
    Date.now = () => {
      throw new Error('Date.now used');
    };
    try {
      expect(() => layoutFishbone(t, approximateMeasure)).not.toThrow();
    } finally {
      Math.random = realRandom;
      Date.now = realNow;
    }
  });

  it('L6: a longer label wraps onto more lines and the layout grows; the font size stays', () => {
    const short = layoutFishbone({ problem: 'P', categories: [node('A', [node('Short')])] }, approximateMeasure);
    const long = layoutFishbone(
      { problem: 'P', categories: [node('A', [node('A much longer cause that certainly needs several lines to fit in the box '.repeat(2))])] },
      approximateMeasure,
    );
    expect(long.labels[2]!.lines.length).toBeGreaterThan(2);
    expect(long.labels[2]!.style.fontSize).toBe(short.labels[2]!.style.fontSize);
    expect(long.bounds.height).toBeGreaterThan(short.bounds.height);
    for (const line of long.labels[2]!.lines) expect(approximateMeasure(line, long.labels[2]!.style)).toBeLessThanOrEqual(180);
  });

  it('L6: maxLabelWidth and headMaxWidth set the wrap widths', () => {
    const text = 'Wnioski czekają średnio czterdzieści dni na decyzję administracyjną';
    const narrow = layoutFishbone({ problem: text, categories: [node(text)] }, approximateMeasure, { maxLabelWidth: 100, headMaxWidth: 120 });
    expect(narrow.labels[1]!.box.width - 2 * narrow.labels[1]!.padding).toBeLessThanOrEqual(100);
    expect(narrow.head.box.width - 2 * narrow.head.padding).toBeLessThanOrEqual(120);
    expect(narrow.labels[1]!.style.fontFamily).toBe('Noto Sans');
    expect(layoutFishbone({ problem: 'x', categories: [] }, approximateMeasure, { fontFamily: 'Inter' }).head.style.fontFamily).toBe('Inter');
  });
});

describe('layoutFishbone: defensive input', () => {
  it('L4: keys stay unique even when a file\'s ids look like path keys or the head\'s key', () => {
    const t: DiagramTree = { problem: 'P', categories: [node('A', [], 'p:1'), node('B'), node('C', [], 'p:1'), node('D', [], 'problem')] };
    const ids = layoutFishbone(t, approximateMeasure).labels.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(['problem', 'p:1', 'p:1~2', 'p:2', 'p:3']);
  });

  it('L6, L9: a measurer returning NaN or negative widths, or silly wrap widths, still give finite geometry', () => {
    const t = loadFixtures()[1]!.tree;
    const bad = layoutFishbone(t, (text) => (text.length % 2 ? NaN : -5), { maxLabelWidth: -10, headMaxWidth: NaN });
    for (const l of bad.labels) for (const v of [l.box.x, l.box.y, l.box.width, l.box.height]) expect(Number.isFinite(v)).toBe(true);
    const tiny = layoutFishbone(t, approximateMeasure, { maxLabelWidth: 1 });
    // Clamped to 40 px: lines fit 40 px and hold several letters, not one letter each.
    const causes = tiny.labels.filter((l) => l.kind !== 'head');
    for (const l of causes) for (const line of l.lines) expect(approximateMeasure(line, l.style)).toBeLessThanOrEqual(40);
    expect(causes.some((l) => l.lines.some((line) => line.length >= 3))).toBe(true);
  });
});
