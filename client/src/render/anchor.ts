import type { Layout, LaidOutLabel, Point, Rect } from '@causeway/shared';

/**
 * The layout moved so that the middle of the head's edge where the spine meets it is the origin.
 * The layout itself starts at the diagram's left edge, so a label that grows (typing) shifts every
 * other label; seen from there, only the labels whose place really changed move, and the canvas
 * redraws only those. A growing problem moves nothing else: the head grows away from the spine.
 */
export function anchorAtHead(layout: Layout): Layout {
  const { box } = layout.head;
  const headOnRight = box.x + box.width / 2 > layout.bounds.x + layout.bounds.width / 2;
  const dx = -(headOnRight ? box.x : box.x + box.width);
  const dy = -(box.y + box.height / 2);
  if (dx === 0 && dy === 0) return layout;
  const point = (p: Point): Point => ({ x: p.x + dx, y: p.y + dy });
  const rect = (r: Rect): Rect => ({ x: r.x + dx, y: r.y + dy, width: r.width, height: r.height });
  const label = (l: LaidOutLabel): LaidOutLabel => ({ ...l, box: rect(l.box), anchor: point(l.anchor), tip: point(l.tip), subtree: rect(l.subtree) });
  const labels = layout.labels.map(label);
  const head = labels.find((l) => l.id === layout.head.id) ?? label(layout.head);
  return {
    head,
    labels,
    bones: layout.bones.map((b) => ({ ...b, from: point(b.from), to: point(b.to) })),
    bounds: rect(layout.bounds),
    hitAreas: layout.hitAreas.map((h) => ({ ...h, rect: rect(h.rect) })),
  };
}
