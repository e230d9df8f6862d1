/**
 * Facilitation on the diagram (SPEC L-F rules): priority badges, vote dots and "contributes to"
 * arrows, computed from the layout like every other shape so the board, the projector and the
 * exports draw the same picture. Pure; nothing here runs when there is no facilitation data.
 */
import type { LaidOutLabel, Layout, Point, Rect } from '../layout/types.ts';
import type { DiagramTree, NodeId, TreeNode } from '../tree.ts';
import type { PriorityMark } from '../facilitation/types.ts';

/** What one viewer sees of a group's facilitation data (render input `facilitation`). */
export interface FacilitationView {
  marks?: ReadonlyMap<NodeId, PriorityMark>;
  /** The vote totals THIS viewer may see (board: voteTotals(doc, { participantId }).totals). */
  votes?: ReadonlyMap<NodeId, number>;
  /** The viewer's own votes, drawn in a distinct way. */
  mine?: ReadonlyMap<NodeId, number>;
  links?: readonly { from: NodeId; to: NodeId }[];
}

/**
 * L-F1: the view for exports and the projector: every mark and link, and the votes only when the
 * session reveals them (closed, or open with live visibility); nobody's own votes.
 */
export function facilitationOf(tree: DiagramTree): FacilitationView {
  const marks = new Map<NodeId, PriorityMark>();
  const votes = new Map<NodeId, number>();
  const voting = tree.voting;
  const revealed = voting !== undefined && (voting.state === 'closed' || (voting.state === 'open' && voting.visibility === 'live'));
  const visit = (node: TreeNode) => {
    if (node.id !== undefined) {
      if (node.priority !== undefined) marks.set(node.id, node.priority);
      if (revealed && node.votes) {
        let total = 0;
        for (const count of Object.values(node.votes)) total += count;
        if (total > 0) votes.set(node.id, total);
      }
    }
    for (const child of node.children) visit(child);
  };
  for (const category of tree.categories) visit(category);
  return { marks, votes, links: (tree.links ?? []).map(({ from, to }) => ({ from, to })) };
}

/** Colours and sizes of the facilitation shapes; a theme may replace them (FacilitationStyle in Theme). */
export interface FacilitationStyle {
  /** Badge fill and symbol colour per mark. */
  marks: Readonly<Record<PriorityMark, { fill: string; symbol: string }>>;
  /** Everyone's votes, and the viewer's own. */
  vote: string;
  ownVote: string;
  /** Outline of each dot (keeps light dots visible on any background). */
  voteStroke: string;
  link: string;
  linkWidth: number;
}

/**
 * Okabe–Ito colours (told apart with every common colour-vision deficiency), each with its own
 * symbol so the mark never rests on colour alone: ! likely root cause, ? needs evidence,
 * a tick confirmed, a cross ruled out.
 */
export const FACILITATION_STYLE: FacilitationStyle = {
  marks: {
    'likely-root-cause': { fill: '#d55e00', symbol: '#ffffff' },
    'needs-evidence': { fill: '#e69f00', symbol: '#1f2933' },
    confirmed: { fill: '#009e73', symbol: '#ffffff' },
    'ruled-out': { fill: '#6b7785', symbol: '#ffffff' },
  },
  vote: '#1c3d5a',
  ownVote: '#f59f00',
  voteStroke: '#1c3d5a',
  link: '#6741d9',
  linkWidth: 1.75,
};

/** Stronger arrows for a projector. */
export const PROJECTOR_FACILITATION_STYLE: FacilitationStyle = { ...FACILITATION_STYLE, vote: '#0b2239', voteStroke: '#0b2239', link: '#4c2a9e', linkWidth: 3 };

export const BADGE_WIDTH = 22;
export const BADGE_HEIGHT = 16;
export const DOT_RADIUS = 4.5;
/** Centre to centre. */
export const DOT_PITCH = 11;
/** Up to this many votes are dots; more are a pill with the number. */
export const MAX_DOTS = 5;
/** Space between a label box and its badge or dots, and between badge and dots. */
export const MARKER_GAP = 4;
const ITEM_GAP = 3;
/** Other labels' boxes are kept clear by this much (their hit areas, L2). */
const CLEARANCE = 4;
const COUNT_FONT_SIZE = 11;
/** Noto Sans digits are tabular: 0.572 em each; a little more leaves room for kerning differences. */
const DIGIT_WIDTH = 0.6 * COUNT_FONT_SIZE;

/** Text drawn inside a facilitation shape (the vote count), one line, in diagram coordinates. */
export interface DrawText {
  x: number;
  y: number;
  width: number;
  height: number;
  text: string;
  fontSize: number;
  fontFamily: string;
  fontStyle: 'bold';
  /** Konva line height: a multiple of the font size (the box height / font size). */
  lineHeight: number;
  align: 'center';
  fill: string;
}

/** A priority mark: a pill in the mark's colour with its symbol drawn as strokes (no font needed). */
export interface DrawBadge {
  key: string;
  id: NodeId;
  mark: PriorityMark;
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
  cornerRadius: number;
  /** The symbol: polylines (x, y pairs, diagram coordinates) stroked with round caps and joins. */
  symbol: number[][];
  symbolColour: string;
  symbolWidth: number;
}

export interface DrawDot {
  x: number;
  y: number;
  r: number;
  fill: string;
  stroke: string;
  strokeWidth: number;
  /** One of the viewer's own votes. */
  own: boolean;
}

/** The votes on one node: up to MAX_DOTS dots, or a pill with one dot and the number. */
export interface DrawDots {
  key: string;
  id: NodeId;
  total: number;
  mine: number;
  /** The box around every dot and the pill. */
  x: number;
  y: number;
  width: number;
  height: number;
  dots: DrawDot[];
  pill: { x: number; y: number; width: number; height: number; fill: string; stroke: string; cornerRadius: number; text: DrawText } | null;
}

/** "from contributes to to": a cubic Bézier from the edge of one label to an arrowhead at the other's edge. */
export interface DrawLink {
  key: string;
  from: NodeId;
  to: NodeId;
  /** Start (on the source label's edge), two control points, end (the arrowhead's base). */
  points: [number, number, number, number, number, number, number, number];
  /** The arrowhead: its tip (at the target label's edge), then the two back corners. */
  head: [number, number, number, number, number, number];
  stroke: string;
  strokeWidth: number;
}

export interface FacilitationShapes {
  badges: DrawBadge[];
  dots: DrawDots[];
  links: DrawLink[];
}

/** True when the view has anything to draw (the render model's fast path skips everything else). */
export function hasFacilitation(view: FacilitationView | undefined): view is FacilitationView {
  return view !== undefined && ((view.marks?.size ?? 0) > 0 || (view.votes?.size ?? 0) > 0 || (view.links?.length ?? 0) > 0);
}

// ---------------------------------------------------------------- geometry helpers

const CELL = 64;

/**
 * A uniform grid of rectangles (and segments) over the layout's bounds, so each query looks only
 * at nearby shapes. Anything beyond the bounds counts in the nearest edge cells.
 */
class Grid<T> {
  private cells: (number[] | undefined)[];
  private items: T[] = [];
  /** Query stamp per item, so an item spanning several cells is visited once per query. */
  private seen: number[] = [];
  private stamp = 0;
  private cols: number;
  private rows: number;
  constructor(private area: Rect) {
    this.cols = Math.max(1, Math.ceil(area.width / CELL));
    this.rows = Math.max(1, Math.ceil(area.height / CELL));
    this.cells = new Array<number[] | undefined>(this.cols * this.rows);
  }
  private range(rect: Rect): [number, number, number, number] {
    const col = (x: number) => Math.min(this.cols - 1, Math.max(0, Math.floor((x - this.area.x) / CELL)));
    const row = (y: number) => Math.min(this.rows - 1, Math.max(0, Math.floor((y - this.area.y) / CELL)));
    return [col(rect.x), col(rect.x + rect.width), row(rect.y), row(rect.y + rect.height)];
  }
  add(rect: Rect, item: T): void {
    const index = this.items.push(item) - 1;
    this.seen.push(0);
    const [x0, x1, y0, y1] = this.range(rect);
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const cell = x * this.rows + y;
        const list = this.cells[cell];
        if (list) list.push(index);
        else this.cells[cell] = [index];
      }
    }
  }
  /** Calls `visit` for each item near `rect` until it returns true; true when one did. */
  some(rect: Rect, visit: (item: T) => boolean): boolean {
    const stamp = ++this.stamp;
    const [x0, x1, y0, y1] = this.range(rect);
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const list = this.cells[x * this.rows + y];
        if (!list) continue;
        for (const index of list) {
          if (this.seen[index] === stamp) continue;
          this.seen[index] = stamp;
          if (visit(this.items[index]!)) return true;
        }
      }
    }
    return false;
  }
}

export function rectsOverlap(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function grow(rect: Rect, by: number): Rect {
  return { x: rect.x - by, y: rect.y - by, width: rect.width + 2 * by, height: rect.height + 2 * by };
}

function segmentBox(a: Point, b: Point, pad: number): Rect {
  return { x: Math.min(a.x, b.x) - pad, y: Math.min(a.y, b.y) - pad, width: Math.abs(a.x - b.x) + 2 * pad, height: Math.abs(a.y - b.y) + 2 * pad };
}

/** Does segment a–b meet the rectangle (Liang–Barsky clipping)? */
export function segmentHitsRect(a: Point, b: Point, r: Rect): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const edges: [number, number][] = [
    [-dx, a.x - r.x],
    [dx, r.x + r.width - a.x],
    [-dy, a.y - r.y],
    [dy, r.y + r.height - a.y],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
  }
  return true;
}

function segmentsCross(a: Point, b: Point, c: Point, d: Point): boolean {
  const cross = (p: Point, q: Point, r: Point) => (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

// ---------------------------------------------------------------- badges and dots

interface Obstacles {
  labels: Grid<LaidOutLabel>;
  bones: Grid<{ from: Point; to: Point; pad: number }>;
  placed: Grid<Rect>;
}

function obstaclesOf(layout: Layout, boneWidth: (i: number) => number): Obstacles {
  const area = layout.bounds;
  const labels = new Grid<LaidOutLabel>(area);
  for (const label of layout.labels) labels.add(grow(label.box, CLEARANCE), label);
  const bones = new Grid<{ from: Point; to: Point; pad: number }>(area);
  layout.bones.forEach((bone, i) => {
    const pad = boneWidth(i) / 2 + 1;
    bones.add(segmentBox(bone.from, bone.to, pad), { from: bone.from, to: bone.to, pad });
  });
  return { labels, bones, placed: new Grid<Rect>(area) };
}

/** A rectangle is free when it keeps clear of every other label's hit area, its own box, every bone and everything placed. */
function isFree(rect: Rect, owner: LaidOutLabel, obstacles: Obstacles): boolean {
  return !(
    obstacles.labels.some(rect, (label) => rectsOverlap(rect, grow(label.box, label === owner ? MARKER_GAP - 1 : CLEARANCE))) ||
    obstacles.bones.some(rect, (bone) => segmentHitsRect(bone.from, bone.to, grow(rect, bone.pad))) ||
    obstacles.placed.some(rect, (other) => rectsOverlap(rect, other))
  );
}

function badgeSymbol(mark: PriorityMark, x: number, y: number): number[][] {
  const cx = x + BADGE_WIDTH / 2;
  const cy = y + BADGE_HEIGHT / 2;
  switch (mark) {
    case 'likely-root-cause':
      // "!": a bar and a dot (a zero-length stroke with round caps).
      return [
        [cx, cy - 4.5, cx, cy + 1],
        [cx, cy + 4.5, cx, cy + 4.6],
      ];
    case 'needs-evidence': {
      // "?": an arc, a stem and a dot.
      const arc: number[] = [];
      for (let i = 0; i <= 8; i++) {
        const a = Math.PI * (1.1 - (1.55 * i) / 8);
        arc.push(cx + 3 * Math.cos(a), cy - 2 - 3 * Math.sin(a));
      }
      arc.push(cx, cy + 1.2);
      return [arc, [cx, cy + 4.5, cx, cy + 4.6]];
    }
    case 'confirmed':
      return [[cx - 4, cy, cx - 1, cy + 3.5, cx + 4.5, cy - 3.5]];
    case 'ruled-out':
      return [
        [cx - 3.5, cy - 3.5, cx + 3.5, cy + 3.5],
        [cx - 3.5, cy + 3.5, cx + 3.5, cy - 3.5],
      ];
  }
}

function pillWidth(total: number): number {
  return 5 + 2 * DOT_RADIUS + 3 + String(total).length * DIGIT_WIDTH + 6;
}

interface Strip {
  badge: PriorityMark | null;
  total: number;
  mine: number;
  /** Dots as a count pill even when few. */
  compact: boolean;
}

function dotsWidth(strip: Strip): number {
  if (strip.total <= 0) return 0;
  return strip.compact || strip.total > MAX_DOTS ? pillWidth(strip.total) : (strip.total - 1) * DOT_PITCH + 2 * DOT_RADIUS;
}

function stripWidth(strip: Strip): number {
  const badge = strip.badge ? BADGE_WIDTH : 0;
  const dots = dotsWidth(strip);
  return badge + dots + (badge > 0 && dots > 0 ? ITEM_GAP : 0);
}

/** The places tried for a node's badge and dots, best first (L-F3). */
function candidates(label: LaidOutLabel, width: number, height: number, headRight: boolean): { x: number; y: number; badgeFirst: boolean }[] {
  const { box } = label;
  const start: 'left' | 'right' = label.align === 'right' ? 'left' : label.align === 'left' ? 'right' : headRight ? 'right' : 'left';
  const end = start === 'left' ? 'right' : 'left';
  const firstLine = box.y + label.padding + label.lineHeight / 2 - height / 2;
  const beside = (side: 'left' | 'right', y: number) => ({ x: side === 'left' ? box.x - MARKER_GAP - width : box.x + box.width + MARKER_GAP, y, badgeFirst: side === 'right' });
  const edgeX = (side: 'left' | 'right') => (side === 'left' ? box.x : box.x + box.width - width);
  const above = (x: number, badgeFirst: boolean) => ({ x, y: box.y - MARKER_GAP - height, badgeFirst });
  const below = (x: number, badgeFirst: boolean) => ({ x, y: box.y + box.height + MARKER_GAP, badgeFirst });
  const centreX = box.x + box.width / 2 - width / 2;
  const list = [
    beside(start, firstLine),
    beside(start, box.y + box.height / 2 - height / 2),
    beside(start, box.y + box.height - height),
    above(edgeX(start), start === 'left'),
    below(edgeX(start), start === 'left'),
    beside(end, firstLine),
    beside(end, box.y + box.height / 2 - height / 2),
    above(edgeX(end), start === 'left'),
    below(edgeX(end), start === 'left'),
  ];
  if (label.kind === 'category') list.push(above(centreX, true), below(centreX, true));
  return list;
}

function dotShape(x: number, cy: number, own: boolean, style: FacilitationStyle): DrawDot {
  return { x: x + DOT_RADIUS, y: cy, r: DOT_RADIUS, fill: own ? style.ownVote : style.vote, stroke: style.voteStroke, strokeWidth: own ? 1.5 : 1, own };
}

function buildDots(id: NodeId, strip: Strip, x: number, y: number, style: FacilitationStyle, fontFamily: string): DrawDots {
  const width = dotsWidth(strip);
  const cy = y + BADGE_HEIGHT / 2;
  const mine = Math.min(strip.mine, strip.total);
  if (strip.compact || strip.total > MAX_DOTS) {
    const textX = x + 5 + 2 * DOT_RADIUS + 3;
    return {
      key: `dots:${id}`,
      id,
      total: strip.total,
      mine,
      x,
      y,
      width,
      height: BADGE_HEIGHT,
      // One dot inside the pill says "votes": white on the pill, or the own-vote colour when some are the viewer's.
      dots: [dotShape(x + 5, cy, mine > 0, { ...style, vote: '#ffffff', voteStroke: '#ffffff' })],
      pill: {
        x,
        y,
        width,
        height: BADGE_HEIGHT,
        fill: style.vote,
        stroke: mine > 0 ? style.ownVote : style.vote,
        cornerRadius: BADGE_HEIGHT / 2,
        text: {
          x: textX,
          y,
          width: x + width - 4 - textX,
          height: BADGE_HEIGHT,
          text: String(strip.total),
          fontSize: COUNT_FONT_SIZE,
          fontFamily,
          fontStyle: 'bold',
          lineHeight: BADGE_HEIGHT / COUNT_FONT_SIZE,
          align: 'center',
          fill: '#ffffff',
        },
      },
    };
  }
  // The viewer's own votes first, so they read as "mine, then the others'".
  const dots = Array.from({ length: strip.total }, (_, i) => dotShape(x + i * DOT_PITCH, cy, i < mine, style));
  return { key: `dots:${id}`, id, total: strip.total, mine, x, y, width, height: BADGE_HEIGHT, dots, pill: null };
}

function buildBadge(id: NodeId, mark: PriorityMark, x: number, y: number, style: FacilitationStyle): DrawBadge {
  const colours = style.marks[mark];
  return {
    key: `badge:${id}`,
    id,
    mark,
    x,
    y,
    width: BADGE_WIDTH,
    height: BADGE_HEIGHT,
    fill: colours.fill,
    cornerRadius: BADGE_HEIGHT / 2,
    symbol: badgeSymbol(mark, x, y),
    symbolColour: colours.symbol,
    symbolWidth: 2,
  };
}

/** Where everything sits when no place around the label is free: inside the label's own hit area, which no other label's reaches (L2). */
function fallback(label: LaidOutLabel, strip: Strip, headRight: boolean): { badge: Point | null; dots: Point | null } {
  const area = grow(label.box, CLEARANCE);
  const start = label.align === 'right' ? 'left' : label.align === 'left' ? 'right' : headRight ? 'right' : 'left';
  const dotsW = dotsWidth(strip);
  const x = (w: number) => (start === 'left' ? area.x : area.x + area.width - w);
  if (strip.badge && strip.total > 0) {
    if (area.height >= 2 * BADGE_HEIGHT || area.width < BADGE_WIDTH + ITEM_GAP + dotsW) {
      return { badge: { x: x(BADGE_WIDTH), y: area.y }, dots: { x: x(dotsW), y: area.y + area.height - BADGE_HEIGHT } };
    }
    const left = start === 'left' ? area.x : area.x + area.width - BADGE_WIDTH - ITEM_GAP - dotsW;
    return { badge: { x: left, y: area.y }, dots: { x: left + BADGE_WIDTH + ITEM_GAP, y: area.y } };
  }
  return strip.badge ? { badge: { x: x(BADGE_WIDTH), y: area.y }, dots: null } : { badge: null, dots: { x: x(dotsW), y: area.y } };
}

// ---------------------------------------------------------------- links

interface Curve {
  start: Point;
  control: Point;
  tip: Point;
}

function centre(rect: Rect): Point {
  return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
}

/** Where the ray from the box's centre towards `towards` leaves the box grown by `gap`. */
function edgePoint(box: Rect, towards: Point, gap: number): Point {
  const c = centre(box);
  const dx = towards.x - c.x;
  const dy = towards.y - c.y;
  const hw = box.width / 2 + gap;
  const hh = box.height / 2 + gap;
  const t = Math.min(dx === 0 ? Infinity : hw / Math.abs(dx), dy === 0 ? Infinity : hh / Math.abs(dy));
  if (!Number.isFinite(t)) return { x: c.x, y: c.y - hh };
  return { x: c.x + dx * t, y: c.y + dy * t };
}

function inside(p: Point, box: Rect): boolean {
  return p.x >= box.x && p.x <= box.x + box.width && p.y >= box.y && p.y <= box.y + box.height;
}

function quadAt(c: Curve, t: number): Point {
  const u = 1 - t;
  return { x: u * u * c.start.x + 2 * u * t * c.control.x + t * t * c.tip.x, y: u * u * c.start.y + 2 * u * t * c.control.y + t * t * c.tip.y };
}

const SAMPLES = 16;
/** Bulges tried, as fractions of the distance between the labels' centres (smaller preferred when equal). */
const BULGES = [0.08, 0.16, 0.28, 0.42];
const MAX_BULGE = 180;

/** `reverse`: the control point of the link the other way round, when drawn: this one bulges to the other side. */
function routeLink(source: LaidOutLabel, target: LaidOutLabel, spine: { y: number; headX: number }, bounds: Rect, obstacles: Obstacles, reverse: Point | null): Curve {
  const s = centre(source.box);
  const t = centre(target.box);
  const dx = t.x - s.x;
  const dy = t.y - s.y;
  const length = Math.hypot(dx, dy) || 1;
  const normal = { x: -dy / length, y: dx / length };
  const mid = { x: (s.x + t.x) / 2, y: (s.y + t.y) / 2 };
  // Each option's cost without crossings, cheapest first; crossings are counted only while an
  // option could still beat the best so far (most links stop at the first, uncrossed option).
  const taken = reverse === null ? 0 : Math.sign((reverse.x - mid.x) * normal.x + (reverse.y - mid.y) * normal.y);
  const options = [1, -1].filter((side) => side !== taken).flatMap((side) =>
    BULGES.map((amount) => {
      const bulge = side * Math.min(MAX_BULGE, Math.max(24, amount * length));
      // The curve's middle is halfway between the chord's middle and the control point.
      const control = { x: mid.x + 2 * bulge * normal.x, y: mid.y + 2 * bulge * normal.y };
      const aimStart = inside(control, grow(source.box, 2)) ? t : control;
      const aimEnd = inside(control, grow(target.box, 2)) ? s : control;
      const curve = { start: edgePoint(source.box, aimStart, 2), control, tip: edgePoint(target.box, aimEnd, 3) };
      const peak = quadAt(curve, 0.5);
      // Away from the spine (or, for a chord across it, away from the head), so arrows stay off the main bones.
      const away = Math.abs(dy) > 2 * Math.abs(dx) ? Math.abs(peak.x - spine.headX) - Math.abs(mid.x - spine.headX) : Math.abs(peak.y - spine.y) - Math.abs(mid.y - spine.y);
      const base = (away < 0 ? 12 : 0) + amount * 80 + (inside(peak, bounds) ? 0 : 100);
      return { curve, base };
    }),
  );
  options.sort((a, b) => a.base - b.base);
  let best = options[0]!.curve;
  let bestScore = Infinity;
  for (const { curve, base } of options) {
    if (base >= bestScore) break;
    // A label crossed costs more than a bone.
    let score = base;
    let prev = curve.start;
    for (let i = 1; i <= SAMPLES && score < bestScore; i++) {
      const p = quadAt(curve, i / SAMPLES);
      const a = prev;
      const seg = segmentBox(a, p, 0);
      obstacles.labels.some(seg, (label) => {
        // Hidden near an end, an arrow looks cut off: its first and last pieces cost most.
        if (label !== source && label !== target && segmentHitsRect(a, p, label.box)) score += i <= 2 || i >= SAMPLES - 1 ? 150 : 40;
        return false;
      });
      obstacles.bones.some(seg, (bone) => {
        if (segmentsCross(a, p, bone.from, bone.to)) score += 6;
        return false;
      });
      prev = p;
    }
    if (score < bestScore) {
      best = curve;
      bestScore = score;
    }
  }
  return best;
}

function drawLink(from: NodeId, to: NodeId, curve: Curve, style: FacilitationStyle): DrawLink {
  const width = style.linkWidth;
  const headLength = 7 + 2 * width;
  const halfWidth = 3 + width;
  let ux = curve.tip.x - curve.control.x;
  let uy = curve.tip.y - curve.control.y;
  const len = Math.hypot(ux, uy) || 1;
  ux /= len;
  uy /= len;
  const base = { x: curve.tip.x - ux * headLength, y: curve.tip.y - uy * headLength };
  const { start, control } = curve;
  const c1 = { x: start.x + (2 / 3) * (control.x - start.x), y: start.y + (2 / 3) * (control.y - start.y) };
  const c2 = { x: base.x + (2 / 3) * (control.x - base.x), y: base.y + (2 / 3) * (control.y - base.y) };
  return {
    key: `link:${from}>${to}`,
    from,
    to,
    points: [start.x, start.y, c1.x, c1.y, c2.x, c2.y, base.x, base.y],
    head: [curve.tip.x, curve.tip.y, base.x - uy * halfWidth, base.y + ux * halfWidth, base.x + uy * halfWidth, base.y - ux * halfWidth],
    stroke: style.link,
    strokeWidth: width,
  };
}

// ---------------------------------------------------------------- all together

/**
 * The badges, dots and arrows for a layout. `boneWidth(i)` is the drawn width of layout bone i
 * (so markers keep clear of thick bones); labels keyed by something that is not a node id (the
 * head, path keys of id-less files) never match the view's node ids and get nothing.
 */
export function facilitationShapes(layout: Layout, view: FacilitationView, style: FacilitationStyle, boneWidth: (i: number) => number): FacilitationShapes {
  const shapes: FacilitationShapes = { badges: [], dots: [], links: [] };
  const spineBone = layout.bones[0];
  const headBox = layout.head.box;
  const headRight = spineBone ? headBox.x + headBox.width / 2 > spineBone.from.x : true;
  const obstacles = obstaclesOf(layout, boneWidth);
  const byId = new Map<string, LaidOutLabel>();
  for (const label of layout.labels) byId.set(label.id, label);

  if (view.links && view.links.length > 0) {
    const spine = { y: spineBone?.from.y ?? centre(headBox).y, headX: centre(headBox).x };
    const routed = new Map<string, Point>();
    for (const { from, to } of view.links) {
      const source = byId.get(from);
      const target = byId.get(to);
      const key = `${from}>${to}`;
      if (!source || !target || source === target || source.kind === 'head' || target.kind === 'head' || routed.has(key)) continue;
      const curve = routeLink(source, target, spine, layout.bounds, obstacles, routed.get(`${to}>${from}`) ?? null);
      routed.set(key, curve.control);
      const link = drawLink(from, to, curve, style);
      shapes.links.push(link);
      // Badges and dots are drawn above arrows: they keep clear of where an arrow starts and of its head.
      const h = link.head;
      const xs = [h[0], h[2], h[4]];
      const ys = [h[1], h[3], h[5]];
      const x = Math.min(...xs);
      const y = Math.min(...ys);
      const head = { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
      obstacles.placed.add(head, head);
      const start = { x: link.points[0] - 4, y: link.points[1] - 4, width: 8, height: 8 };
      obstacles.placed.add(start, start);
    }
  }

  const marks = view.marks;
  const votes = view.votes;
  if ((marks?.size ?? 0) === 0 && (votes?.size ?? 0) === 0) return shapes;
  const fontFamily = layout.head.style.fontFamily;
  for (const label of layout.labels) {
    if (label.kind === 'head') continue;
    const id = label.id as NodeId;
    const mark = marks?.get(id) ?? null;
    const total = Math.max(0, Math.floor(votes?.get(id) ?? 0));
    if (mark === null && total === 0) continue;
    const strip: Strip = { badge: mark, total, mine: Math.max(0, Math.floor(view.mine?.get(id) ?? 0)), compact: false };
    const compactions = total > 0 && total <= MAX_DOTS ? [false, true] : [false];
    /** The first free candidate for a strip of these parts, or null. */
    const find = (badge: boolean, dots: boolean, compact: boolean) => {
      const width = stripWidth({ ...strip, badge: badge ? mark : null, total: dots ? total : 0, compact });
      return candidates(label, width, BADGE_HEIGHT, headRight).find((c) => isFree({ x: c.x, y: c.y, width, height: BADGE_HEIGHT }, label, obstacles)) ?? null;
    };
    let spot: { badge: Point | null; dots: Point | null } | null = null;
    // Badge and dots together, as dots or as a count pill.
    for (const compact of compactions) {
      const c = find(mark !== null, total > 0, compact);
      if (!c) continue;
      strip.compact = compact;
      const dotsW = dotsWidth(strip);
      const badgeX = c.badgeFirst || total === 0 ? c.x : c.x + dotsW + ITEM_GAP;
      const dotsX = c.badgeFirst && mark ? c.x + BADGE_WIDTH + ITEM_GAP : c.x;
      spot = { badge: mark ? { x: badgeX, y: c.y } : null, dots: total > 0 ? { x: dotsX, y: c.y } : null };
      break;
    }
    // Else each on its own, and whatever still has no place inside the label's own hit area.
    if (!spot && mark !== null && total > 0) {
      const badgeAt = find(true, false, false);
      if (badgeAt) obstacles.placed.add({ x: badgeAt.x, y: badgeAt.y, width: BADGE_WIDTH, height: BADGE_HEIGHT }, { x: badgeAt.x, y: badgeAt.y, width: BADGE_WIDTH, height: BADGE_HEIGHT });
      let dotsAt: Point | null = null;
      for (const compact of compactions) {
        dotsAt = find(false, true, compact);
        if (dotsAt) {
          strip.compact = compact;
          break;
        }
      }
      if (!dotsAt) strip.compact = true;
      const rest = fallback(label, { ...strip, badge: badgeAt ? null : mark, total: dotsAt ? 0 : total }, headRight);
      spot = { badge: badgeAt ?? rest.badge, dots: dotsAt ?? rest.dots };
    }
    if (!spot) {
      strip.compact = true;
      spot = fallback(label, strip, headRight);
    }
    if (mark && spot.badge) {
      const badge = buildBadge(id, mark, spot.badge.x, spot.badge.y, style);
      shapes.badges.push(badge);
      obstacles.placed.add(badge, badge);
    }
    if (total > 0 && spot.dots) {
      const dots = buildDots(id, strip, spot.dots.x, spot.dots.y, style, fontFamily);
      shapes.dots.push(dots);
      obstacles.placed.add(dots, dots);
    }
  }
  return shapes;
}
