import type { LaidOutLabel, Point } from './types.ts';

/** Distance of a drop line from the label box: half the least gap between labels, so it never touches a neighbour. */
const DROP_OFFSET = 4;

/**
 * How a node and its siblings are stacked on screen, in reading order: ribs (causes at even depths)
 * run top to bottom along their parent's slanted bone; categories and slanted causes run left to
 * right along the spine or their parent's rib. The head has no siblings: null.
 */
export function siblingAxis(label: LaidOutLabel): 'vertical' | 'horizontal' | null {
  if (label.kind === 'head') return null;
  return label.orientation === 'horizontal' ? 'vertical' : 'horizontal';
}

/**
 * Where a drop over a label lands: in the first quarter of the label along the sibling axis it goes
 * before the node, in the last quarter after it, otherwise inside (as its last child). The head only
 * takes drops inside.
 */
export function dropPlacement(label: LaidOutLabel, pointer: Point): 'before' | 'inside' | 'after' {
  const axis = siblingAxis(label);
  if (axis === null) return 'inside';
  const { box } = label;
  const t = axis === 'vertical' ? (pointer.y - box.y) / box.height : (pointer.x - box.x) / box.width;
  return t < 0.25 ? 'before' : t > 0.75 ? 'after' : 'inside';
}

/**
 * The line a renderer draws to show "insert before/after this node": across the label box on the
 * side facing the new sibling's place (above or below for stacked ribs, left or right otherwise).
 */
export function dropLine(label: LaidOutLabel, where: 'before' | 'after'): { from: Point; to: Point } {
  const { box } = label;
  if (siblingAxis(label) === 'horizontal') {
    const x = where === 'before' ? box.x - DROP_OFFSET : box.x + box.width + DROP_OFFSET;
    return { from: { x, y: box.y }, to: { x, y: box.y + box.height } };
  }
  const y = where === 'before' ? box.y - DROP_OFFSET : box.y + box.height + DROP_OFFSET;
  return { from: { x: box.x, y }, to: { x: box.x + box.width, y } };
}
