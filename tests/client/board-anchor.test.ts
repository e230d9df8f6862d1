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
    expect(box.x + box.width).toBeCloseTo(0);
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
});
