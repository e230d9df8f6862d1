import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { approximateMeasure, dropLine, dropPlacement, layoutFishbone, siblingAxis } from '@causeway/shared';
import type { DiagramTree, LaidOutLabel, NodeId, TreeNode } from '@causeway/shared';
import { arbitraryTree, segmentMeetsRect } from './helpers.ts';

const node = (id: string, children: TreeNode[] = []): TreeNode => ({ id: id as NodeId, text: `Cause ${id}`, children });
const tree: DiagramTree = {
  problem: 'P',
  categories: [node('a', [node('a1', [node('a11'), node('a12')]), node('a2')]), node('b', [node('b1')]), node('c')],
};

describe('drop indicators', () => {
  const layout = layoutFishbone(tree, approximateMeasure);
  const get = (id: string) => layout.labels.find((l) => l.id === id)!;

  it('L12: siblings stack top to bottom along slanted bones and left to right along ribs and the spine', () => {
    expect(siblingAxis(layout.head)).toBeNull();
    expect(siblingAxis(get('a'))).toBe('horizontal');
    expect(siblingAxis(get('a1'))).toBe('vertical');
    expect(siblingAxis(get('a11'))).toBe('horizontal');
    // The axis matches where the siblings actually are.
    expect(get('a1').anchor.y).toBeLessThan(get('a2').anchor.y);
    expect(get('a11').anchor.x).toBeLessThan(get('a12').anchor.x);
  });

  it('L12: the first quarter along the axis means before, the last quarter after, the middle inside', () => {
    const rib = get('a1');
    const { box } = rib;
    expect(dropPlacement(rib, { x: box.x + box.width / 2, y: box.y + 1 })).toBe('before');
    expect(dropPlacement(rib, { x: box.x + box.width / 2, y: box.y + box.height / 2 })).toBe('inside');
    expect(dropPlacement(rib, { x: box.x + box.width / 2, y: box.y + box.height - 1 })).toBe('after');
    const slanted = get('a11');
    expect(dropPlacement(slanted, { x: slanted.box.x + 1, y: slanted.box.y + 1 })).toBe('before');
    expect(dropPlacement(slanted, { x: slanted.box.x + slanted.box.width - 1, y: slanted.box.y + 1 })).toBe('after');
    expect(dropPlacement(layout.head, { x: layout.head.box.x, y: layout.head.box.y })).toBe('inside');
  });

  it('L12: a drop line sits beside its label on the right side and never touches another label', () => {
    const rib = get('a1');
    const before = dropLine(rib, 'before');
    expect(before.from.y).toBe(before.to.y);
    expect(before.from.y).toBeLessThan(rib.box.y);
    const after = dropLine(get('a11'), 'after');
    expect(after.from.x).toBe(after.to.x);
    expect(after.from.x).toBeGreaterThan(get('a11').box.x + get('a11').box.width);
    fc.assert(
      fc.property(arbitraryTree(120), fc.constantFrom('left' as const, 'right' as const), ({ tree: t }, headSide) => {
        const l = layoutFishbone(t, approximateMeasure, { headSide });
        const touching: string[] = [];
        for (const label of l.labels.slice(1))
          for (const where of ['before', 'after'] as const) {
            const line = dropLine(label, where);
            for (const other of l.labels as LaidOutLabel[]) if (segmentMeetsRect(line, other.box, 0)) touching.push(`${label.id} ${where} ${other.id}`);
          }
        expect(touching).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });
});
