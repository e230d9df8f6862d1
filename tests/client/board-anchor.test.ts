import { describe, expect, test } from 'vitest';
import { layoutFishbone } from '@causeway/shared';
import type { DiagramTree, NodeId, TreeNode } from '@causeway/shared';
import { anchorAtHead } from '../../client/src/render/anchor.ts';

const measure = (text: string, style: { fontSize: number }) => text.length * style.fontSize * 0.55;

function diagram(grow: string): DiagramTree {
  let n = 0;
  const node = (text: string, children: TreeNode[] = []): TreeNode => ({ id: `n${n++}` as NodeId, text, children });
  return {
    problem: 'Late deliveries',
    categories: Array.from({ length: 6 }, (_, c) => node(`Category ${c}`, Array.from({ length: 5 }, (_, i) => node(`Cause ${c}.${i}${c === 0 && i === 0 ? grow : ''}`)))),
  };
}

describe('anchorAtHead', () => {
  test('C17: the head is the origin, and every shape moves by the same amount', () => {
    const layout = layoutFishbone(diagram(''), measure);
    const anchored = anchorAtHead(layout);
    const { box } = anchored.head;
    // The head is on the right: the spine meets its left edge.
    expect(box.x).toBeCloseTo(0);
    expect(box.y + box.height / 2).toBeCloseTo(0);
    const dx = anchored.labels[3]!.box.x - layout.labels[3]!.box.x;
    expect(dx).not.toBe(0);
    expect(anchored.bones[2]!.from.x - layout.bones[2]!.from.x).toBeCloseTo(dx);
    expect(anchored.hitAreas[4]!.rect.x - layout.hitAreas[4]!.rect.x).toBeCloseTo(dx);
    expect(anchored.bounds.x - layout.bounds.x).toBeCloseTo(dx);
  });

  test('C17: a label that grows while typing moves only labels of its own category', () => {
    const before = anchorAtHead(layoutFishbone(diagram(''), measure));
    const after = anchorAtHead(layoutFishbone(diagram(' and a much longer text typed into it'), measure));
    const moved = after.labels.filter((label, i) => label.box.x !== before.labels[i]!.box.x || label.box.y !== before.labels[i]!.box.y);
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.every((label) => label.path[0] === 0)).toBe(true);
    // Without the anchor, nearly everything moves.
    const raw = layoutFishbone(diagram(''), measure).labels;
    const rawAfter = layoutFishbone(diagram(' and a much longer text typed into it'), measure).labels;
    expect(rawAfter.filter((label, i) => label.box.x !== raw[i]!.box.x).length).toBeGreaterThan(raw.length - 3);
  });

  test('C17: typing into the problem moves no other label, with the head on either side', () => {
    for (const side of ['right', 'left'] as const) {
      const tree = (problem: string) => ({ ...diagram(''), problem });
      const before = anchorAtHead(layoutFishbone(tree('Late deliveries'), measure, { headSide: side }));
      const after = anchorAtHead(layoutFishbone(tree('Late deliveries of parcels to the eastern regions in winter'), measure, { headSide: side }));
      expect(after.head.box.width).toBeGreaterThan(before.head.box.width);
      const others = (layout: typeof before) => layout.labels.filter((l) => l.kind !== 'head').map((l) => [l.box.x, l.box.y].map((v) => Math.round(v * 1e6) / 1e6));
      expect(others(after), side).toEqual(others(before));
    }
  });
});
