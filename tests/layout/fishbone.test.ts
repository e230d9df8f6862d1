import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { approximateMeasure, layoutFishbone } from '@causeway/shared';
import type { DiagramTree, Layout, LayoutOptions, Rect } from '@causeway/shared';
import { arbitraryTree, countNodes, loadFixtures, rectsOverlap, segmentMeetsRect, segmentsMeet } from './helpers.ts';

/** Runs for the overlap and crossing properties (L2, L3); the other properties need fewer. */
const RUNS = 100;
const FEWER_RUNS = 40;
/** Mostly the default wrap width, sometimes a narrow or wide one. */
const wrapWidth = fc.oneof(fc.constant(undefined), fc.integer({ min: 40, max: 400 }));

const grow = (r: Rect, by: number): Rect => ({ x: r.x - by, y: r.y - by, width: r.width + 2 * by, height: r.height + 2 * by });

function overlappingLabels(layout: Layout): string[] {
  const found: string[] = [];
  const { labels, hitAreas } = layout;
  // At least 9 px apart: boxes grown by 4.5 px each still do not overlap.
  const grown = labels.map((l) => grow(l.box, 4.5));
  for (let i = 0; i < labels.length; i++)
    for (let j = i + 1; j < labels.length; j++) {
      if (rectsOverlap(labels[i]!.box, labels[j]!.box)) found.push(`${labels[i]!.id} x ${labels[j]!.id}`);
      if (rectsOverlap(hitAreas[i]!.rect, hitAreas[j]!.rect)) found.push(`hit ${labels[i]!.id} x ${labels[j]!.id}`);
      if (rectsOverlap(grown[i]!, grown[j]!)) found.push(`9px ${labels[i]!.id} x ${labels[j]!.id}`);
    }
  return found;
}

/** L3: a bone keeps 4 px away from every label but its owner's, and meets its owner's only on the edge. */
function bonesCrossingLabels(layout: Layout): string[] {
  const found: string[] = [];
  for (const bone of layout.bones)
    for (const label of layout.labels) {
      const own = bone.owner === label.id;
      // Own label: the bone may end on the edge, never enter (box shrunk by a hair).
      if (segmentMeetsRect(bone, label.box, own ? -1e-6 : 4)) found.push(`${bone.kind} ${bone.owner} -> ${label.id}`);
    }
  return found;
}

function crossingBones(layout: Layout): string[] {
  const found: string[] = [];
  const { bones } = layout;
  for (let i = 0; i < bones.length; i++)
    for (let j = i + 1; j < bones.length; j++)
      if (segmentsMeet(bones[i]!, bones[j]!)) found.push(`${bones[i]!.owner} x ${bones[j]!.owner}`);
  return found;
}

function checkAll(tree: DiagramTree, options: LayoutOptions = {}): Layout {
  const layout = layoutFishbone(tree, approximateMeasure, options);
  expect(overlappingLabels(layout)).toEqual([]);
  expect(bonesCrossingLabels(layout)).toEqual([]);
  return layout;
}

describe('layoutFishbone: fixtures', () => {
  for (const { name, tree } of loadFixtures()) {
    for (const headSide of ['right', 'left'] as const) {
      it(`L2, L3, L4: ${name} (head ${headSide}) places every node once, without overlaps or crossings`, () => {
        const layout = checkAll(tree, { headSide });
        expect(layout.labels).toHaveLength(countNodes(tree) + 1);
        expect(new Set(layout.labels.map((l) => l.id)).size).toBe(layout.labels.length);
        expect(crossingBones(layout)).toEqual([]);
        expect(layout.labels.filter((l) => l.kind === 'category').map((l) => l.lines.join(' '))).toEqual(
          tree.categories.map((c) => c.text),
        );
      });
    }
  }
});

describe('layoutFishbone: properties over random trees', () => {
  it('L2: label boxes keep at least 9 px apart; hit areas never overlap', () => {
    fc.assert(
      fc.property(arbitraryTree(), fc.constantFrom('left' as const, 'right' as const), wrapWidth, ({ tree }, headSide, maxLabelWidth) => {
        expect(overlappingLabels(layoutFishbone(tree, approximateMeasure, { headSide, maxLabelWidth }))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('L3: bones keep 4 px away from labels they do not own; a bone meets its own label only on the edge', () => {
    fc.assert(
      fc.property(arbitraryTree(), fc.constantFrom('left' as const, 'right' as const), wrapWidth, ({ tree }, headSide, maxLabelWidth) => {
        expect(bonesCrossingLabels(layoutFishbone(tree, approximateMeasure, { headSide, maxLabelWidth }))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('L4: every node is placed exactly once, keyed by its id or its path', () => {
    fc.assert(
      fc.property(arbitraryTree(), ({ tree, ids }) => {
        const layout = layoutFishbone(tree, approximateMeasure);
        const placed = layout.labels.map((l) => l.id as string);
        expect(placed[0]).toBe('problem');
        expect(placed.slice(1).sort()).toEqual([...ids].sort());
        expect(layout.bones.filter((b) => b.kind !== 'spine').map((b) => b.owner as string).sort()).toEqual([...ids].sort());
        expect(layout.hitAreas.map((h) => h.id)).toEqual(layout.labels.map((l) => l.id));
      }),
      { numRuns: FEWER_RUNS },
    );
  });

  it('L5: the same tree gives the identical layout on re-run', () => {
    fc.assert(
      fc.property(arbitraryTree(), ({ tree }) => {
        const copy = JSON.parse(JSON.stringify(tree)) as DiagramTree;
        expect(JSON.stringify(layoutFishbone(copy, approximateMeasure))).toBe(JSON.stringify(layoutFishbone(tree, approximateMeasure)));
      }),
      { numRuns: 30 },
    );
  });

  it('L6: text never shrinks: fixed font sizes per kind, every character of every label is kept', () => {
    fc.assert(
      fc.property(arbitraryTree(), ({ tree }) => {
        const layout = layoutFishbone(tree, approximateMeasure);
        const texts = [tree.problem];
        const walk = (nodes: DiagramTree['categories']) => nodes.forEach((n) => (texts.push(n.text), walk(n.children)));
        walk(tree.categories);
        const wrong: string[] = [];
        layout.labels.forEach((label, i) => {
          if (label.style.fontSize !== (label.kind === 'head' ? 20 : label.kind === 'category' ? 16 : 14)) wrong.push(`size ${label.id}`);
          if (label.style.fontWeight !== (label.kind === 'cause' ? 'normal' : 'bold')) wrong.push(`weight ${label.id}`);
          if (label.lines.join('').replace(/\s+/g, '') !== texts[i]!.replace(/\s+/g, '')) wrong.push(`text ${label.id}`);
          if (label.box.height < label.lines.length * label.lineHeight) wrong.push(`height ${label.id}`);
        });
        expect(wrong).toEqual([]);
      }),
      { numRuns: FEWER_RUNS },
    );
  });

  it('L1: the head sits on the chosen side, beyond every other label, at the end of a horizontal spine', () => {
    fc.assert(
      fc.property(arbitraryTree(120), fc.constantFrom('left' as const, 'right' as const), ({ tree }, headSide) => {
        const layout = layoutFishbone(tree, approximateMeasure, { headSide });
        const head = layout.head.box;
        const spine = layout.bones[0]!;
        expect(spine.kind).toBe('spine');
        expect(spine.from.y).toBe(spine.to.y);
        expect(spine.to.y).toBeCloseTo(head.y + head.height / 2, 9);
        for (const label of layout.labels.slice(1)) {
          if (headSide === 'right') expect(label.box.x + label.box.width).toBeLessThan(head.x);
          else expect(label.box.x).toBeGreaterThan(head.x + head.width);
        }
        if (headSide === 'right') expect(spine.to.x).toBeCloseTo(head.x, 9);
        else expect(spine.to.x).toBeCloseTo(head.x + head.width, 9);
      }),
      { numRuns: FEWER_RUNS },
    );
  });

  it('L7: bones never cross each other (they meet only where a child bone starts on its parent)', () => {
    fc.assert(
      fc.property(arbitraryTree(150), ({ tree }) => {
        expect(crossingBones(layoutFishbone(tree, approximateMeasure))).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });
});
