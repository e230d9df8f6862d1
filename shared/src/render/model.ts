/**
 * The render model: layout in, "what to draw where" out (STYLE.md 8). Pure, so it is tested in
 * Node and shared by the screen and the PNG export; Konva only draws it.
 */
import type { Layout, LaidOutLabel, Rect } from '../layout/types.ts';
import type { DiagramTree, NodeId, TreeNode } from '../tree.ts';
import { FACILITATION_STYLE, facilitationShapes, hasFacilitation, PROJECTOR_FACILITATION_STYLE } from './facilitation.ts';
import type { DrawBadge, DrawDots, DrawLink, FacilitationStyle, FacilitationView } from './facilitation.ts';

export * from './facilitation.ts';
export * from './draw.ts';

export type LabelKey = NodeId | 'problem';

export interface Theme {
  background: string;
  text: string;
  placeholderText: string;
  headFill: string;
  headText: string;
  spine: string;
  rib: string;
  /** One colour per category, cycled. */
  categoryColours: readonly string[];
  /** Light tints of categoryColours, same order, used behind category labels. */
  categoryTints: readonly string[];
  selection: string;
  drop: string;
  /** Colour of the facilitator's highlight (projector view); default HIGHLIGHT_COLOUR. */
  highlight?: string;
  /** Multiplies every bone's stroke width (thicker bones read better on a projector); default 1. */
  boneScale?: number;
  /** Badges, vote dots and link arrows (L-F rules); default FACILITATION_STYLE. */
  facilitation?: FacilitationStyle;
}

/** The highlight's colour when the theme names none: a strong orange no category uses. */
export const HIGHLIGHT_COLOUR = '#e8590c';
/** Stroke width of the highlight outline in screen px (outlines keep their width at every zoom). */
export const HIGHLIGHT_WIDTH = 6;

export const THEME: Theme = {
  background: '#ffffff',
  text: '#1f2933',
  placeholderText: '#8a96a3',
  headFill: '#2f4858',
  headText: '#ffffff',
  spine: '#2f4858',
  rib: '#9aa8b6',
  categoryColours: ['#33658a', '#2f8f83', '#c17c1a', '#86608e', '#55883b', '#b5523b', '#4f6d7a', '#8c6d46'],
  categoryTints: ['#e3ecf3', '#e0f1ee', '#f8ecd9', '#efe7f1', '#e6f0df', '#f5e3de', '#e4eaed', '#efe8de'],
  selection: '#1d70a2',
  drop: '#2f9e44',
};

/**
 * High contrast for a projector: black text, darker bones and category colours, stronger tints,
 * thicker bones. The layout (and so every label box) is the same as on the board.
 */
export const PROJECTOR_THEME: Theme = {
  background: '#ffffff',
  text: '#000000',
  placeholderText: '#5f6b76',
  headFill: '#102a43',
  headText: '#ffffff',
  spine: '#102a43',
  rib: '#3e4c59',
  categoryColours: ['#1f4e79', '#14655b', '#8a5100', '#5e3570', '#356220', '#8f2f1c', '#2d4a55', '#634a2d'],
  categoryTints: ['#d3e2ef', '#cfe9e4', '#f6e0bf', '#e8d9ee', '#d9ebcf', '#f3d6cf', '#d5e1e6', '#eadfcf'],
  selection: '#1d70a2',
  drop: '#2f9e44',
  highlight: HIGHLIGHT_COLOUR,
  boneScale: 1.6,
  facilitation: PROJECTOR_FACILITATION_STYLE,
};

export interface DrawBone {
  owner: LabelKey;
  points: [number, number, number, number];
  stroke: string;
  strokeWidth: number;
}

export interface DrawLabel {
  id: LabelKey;
  kind: LaidOutLabel['kind'];
  /** The box of the label in diagram coordinates. */
  x: number;
  y: number;
  width: number;
  height: number;
  text: string;
  /** The text's inset from the box's left edge, and its width (the box minus padding). */
  textX: number;
  textWidth: number;
  /** Offset of the first line's top from the box top (text is centred vertically). */
  textY: number;
  fontSize: number;
  fontFamily: string;
  fontStyle: 'normal' | 'bold' | 'italic';
  /** Konva line height: a multiple of the font size. */
  lineHeight: number;
  align: 'left' | 'center' | 'right';
  textColour: string;
  fill: string | null;
  stroke: string | null;
  cornerRadius: number;
  placeholder: boolean;
  /** L-F4: the text is struck through (a cause marked "ruled out"). */
  strike?: boolean;
}

export interface DrawOutline {
  key: string;
  id: LabelKey;
  rect: Rect;
  stroke: string;
  strokeWidth: number;
  dash: number[] | null;
  /** A name tag drawn above the outline (remote people). */
  tag: string | null;
}

export interface DrawDropLine {
  points: [number, number, number, number];
  stroke: string;
}

export interface RenderModel {
  bones: DrawBone[];
  /** L-F: drawn above the bones and below the labels. */
  links: DrawLink[];
  labels: DrawLabel[];
  /** L-F: drawn above the labels. */
  badges: DrawBadge[];
  dots: DrawDots[];
  outlines: DrawOutline[];
  dropLine: DrawDropLine | null;
  bounds: Rect;
}

export interface RemoteMark {
  clientId: number;
  name: string;
  colour: string;
  /** Ids as they came from awareness (validated strings, maybe of nodes that no longer exist). */
  selection: string | null;
  editing: string | null;
  dragging: string | null;
}

export type DropTarget = { kind: 'inside'; id: LabelKey } | { kind: 'before' | 'after'; id: LabelKey };

export interface RenderInput {
  selection?: LabelKey | null;
  /** The label being edited here; the textarea draws it, so the canvas leaves its text out. */
  editing?: LabelKey | null;
  peers?: readonly RemoteMark[];
  drop?: DropTarget | null;
  /** Ids whose text was empty and replaced by a placeholder before layout. */
  placeholders?: ReadonlySet<string>;
  theme?: Theme;
  /** The cause the facilitator highlights (projector view): a thick outline in the theme's highlight colour. */
  highlight?: LabelKey | null;
  /** Priority marks, votes and links to draw (L-F rules); see facilitationOf. */
  facilitation?: FacilitationView;
}

/** Space between a label box and the outlines drawn around it. */
export const OUTLINE_GAP = 4;
const PEER_RING = 3;

export function inflate(rect: Rect, by: number): Rect {
  return { x: rect.x - by, y: rect.y - by, width: rect.width + 2 * by, height: rect.height + 2 * by };
}

/** Index of the category a label belongs to (-1 for the head). */
function categoryIndex(label: LaidOutLabel): number {
  return label.kind === 'head' ? -1 : (label.path[0] ?? 0);
}

export function buildRenderModel(layout: Layout, input: RenderInput = {}): RenderModel {
  const theme = input.theme ?? THEME;
  const placeholders = input.placeholders ?? new Set<string>();
  const labelById = new Map<LabelKey, LaidOutLabel>();
  for (const label of layout.labels) labelById.set(label.id, label);

  const colourOf = (id: LabelKey): string => {
    const label = labelById.get(id);
    if (!label || label.kind === 'head') return theme.spine;
    const i = categoryIndex(label);
    return theme.categoryColours[i % theme.categoryColours.length]!;
  };

  const bones: DrawBone[] = layout.bones.map((bone) => ({
    owner: bone.owner,
    points: [bone.from.x, bone.from.y, bone.to.x, bone.to.y],
    stroke: bone.kind === 'spine' ? theme.spine : bone.kind === 'category' ? colourOf(bone.owner) : theme.rib,
    strokeWidth: (theme.boneScale ?? 1) * (bone.kind === 'spine' ? 5 : bone.kind === 'category' ? 3 : Math.max(1, 2 - 0.25 * (bone.depth - 2))),
  }));

  const labels: DrawLabel[] = layout.labels.map((label) => {
    const placeholder = placeholders.has(label.id);
    const lines = label.lines.length > 0 ? label.lines : [''];
    const textHeight = lines.length * label.lineHeight;
    const ci = categoryIndex(label);
    const base = {
      id: label.id,
      kind: label.kind,
      x: label.box.x,
      y: label.box.y,
      width: label.box.width,
      height: label.box.height,
      text: input.editing === label.id ? '' : lines.join('\n'),
      textX: label.padding,
      textWidth: Math.max(0, label.box.width - 2 * label.padding),
      textY: Math.max(0, (label.box.height - textHeight) / 2),
      fontSize: label.style.fontSize,
      fontFamily: label.style.fontFamily,
      lineHeight: label.lineHeight / label.style.fontSize,
      align: label.align,
      placeholder,
    };
    if (label.kind === 'head') {
      return { ...base, fontStyle: placeholder ? 'italic' : 'bold', textColour: theme.headText, fill: theme.headFill, stroke: null, cornerRadius: 10 };
    }
    if (label.kind === 'category') {
      const n = theme.categoryColours.length;
      return {
        ...base,
        fontStyle: placeholder ? 'italic' : 'bold',
        textColour: placeholder ? theme.placeholderText : theme.text,
        fill: theme.categoryTints[ci % n]!,
        stroke: theme.categoryColours[ci % n]!,
        cornerRadius: 6,
      };
    }
    return {
      ...base,
      fontStyle: placeholder ? 'italic' : label.style.fontWeight === 'bold' ? 'bold' : 'normal',
      textColour: placeholder ? theme.placeholderText : theme.text,
      fill: null,
      stroke: null,
      cornerRadius: 3,
    };
  });

  const outlines: DrawOutline[] = [];
  const rings = new Map<LabelKey, number>();
  const nextRing = (id: LabelKey) => {
    const n = rings.get(id) ?? 0;
    rings.set(id, n + 1);
    return n;
  };
  const sel = input.selection ?? null;
  if (sel !== null && labelById.has(sel)) {
    nextRing(sel);
    outlines.push({ key: 'self', id: sel, rect: inflate(labelById.get(sel)!.box, OUTLINE_GAP), stroke: theme.selection, strokeWidth: 2.5, dash: null, tag: null });
  }
  for (const peer of input.peers ?? []) {
    const raw = peer.dragging ?? peer.editing ?? peer.selection;
    if (raw === null) continue;
    const target = raw as LabelKey;
    const label = labelById.get(target);
    if (!label) continue;
    const ring = nextRing(target);
    outlines.push({
      key: `peer:${peer.clientId}`,
      id: target,
      rect: inflate(label.box, OUTLINE_GAP + ring * PEER_RING),
      stroke: peer.colour,
      strokeWidth: 2,
      dash: peer.editing === target || peer.dragging === target ? null : [6, 4],
      tag: peer.name,
    });
  }

  const highlight = input.highlight ?? null;
  const highlighted = highlight !== null ? labelById.get(highlight) : undefined;
  if (highlight !== null && highlighted) {
    // Outside every other ring on that label, so it never hides a person's outline or name.
    const ring = rings.get(highlight) ?? 0;
    outlines.push({
      key: 'highlight',
      id: highlight,
      rect: inflate(highlighted.box, OUTLINE_GAP + 2 + ring * PEER_RING + HIGHLIGHT_WIDTH / 2),
      stroke: theme.highlight ?? HIGHLIGHT_COLOUR,
      strokeWidth: HIGHLIGHT_WIDTH,
      dash: null,
      tag: null,
    });
  }

  let dropLine: DrawDropLine | null = null;
  const drop = input.drop ?? null;
  if (drop) {
    const label = labelById.get(drop.id);
    if (label) {
      if (drop.kind === 'inside') {
        outlines.push({ key: 'drop', id: drop.id, rect: inflate(label.box, OUTLINE_GAP + 2), stroke: theme.drop, strokeWidth: 3, dash: null, tag: null });
      } else {
        const y = drop.kind === 'before' ? label.box.y - OUTLINE_GAP : label.box.y + label.box.height + OUTLINE_GAP;
        dropLine = { points: [label.box.x, y, label.box.x + label.box.width, y], stroke: theme.drop };
      }
    }
  }

  const facilitation = hasFacilitation(input.facilitation)
    ? facilitationShapes(layout, input.facilitation, theme.facilitation ?? FACILITATION_STYLE, (i) => bones[i]?.strokeWidth ?? 1)
    : { badges: [], dots: [], links: [] };
  if (hasFacilitation(input.facilitation)) markLabels(labels, input.facilitation, facilitation.links.length > 0, theme);

  return { bones, links: facilitation.links, labels, badges: facilitation.badges, dots: facilitation.dots, outlines, dropLine, bounds: layout.bounds };
}

/**
 * L-F4, L-F5: a ruled-out cause is greyed and struck through; while any arrow is drawn every cause
 * gets a backing in the background colour, so an arrow passing behind a label never crosses its text.
 */
function markLabels(labels: DrawLabel[], view: FacilitationView, backing: boolean, theme: Theme): void {
  const marks = view.marks;
  for (const label of labels) {
    if (label.kind === 'head') continue;
    if (marks?.get(label.id as NodeId) === 'ruled-out') {
      label.textColour = theme.placeholderText;
      label.strike = true;
    }
    if (backing && label.fill === null) label.fill = theme.background;
  }
}

/** The placeholder shown for an empty label, so layout leaves room for it and people see where to type. */
export interface PlaceholderTexts {
  problem: string;
  label: string;
}

/**
 * Replaces empty labels by placeholder text before layout and reports which ones were replaced
 * (they are drawn in grey italics).
 */
export function withPlaceholders(tree: DiagramTree, texts: PlaceholderTexts): { tree: DiagramTree; placeholders: Set<string> } {
  const placeholders = new Set<string>();
  const visit = (node: TreeNode): TreeNode => {
    const empty = node.text.trim() === '';
    if (empty && node.id) placeholders.add(node.id);
    return { ...node, text: empty ? texts.label : node.text, children: node.children.map(visit) };
  };
  const problemEmpty = tree.problem.trim() === '';
  if (problemEmpty) placeholders.add('problem');
  return { tree: { problem: problemEmpty ? texts.problem : tree.problem, categories: tree.categories.map(visit) }, placeholders };
}

/** The smallest rectangle containing every label box, every bone and every outline (for export and fit). */
export function contentBounds(model: RenderModel): Rect {
  let minX = model.bounds.x;
  let minY = model.bounds.y;
  let maxX = model.bounds.x + model.bounds.width;
  let maxY = model.bounds.y + model.bounds.height;
  const add = (x: number, y: number) => {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  };
  for (const label of model.labels) {
    add(label.x, label.y);
    add(label.x + label.width, label.y + label.height);
  }
  for (const bone of model.bones) {
    add(bone.points[0], bone.points[1]);
    add(bone.points[2], bone.points[3]);
  }
  // A Bézier curve stays within its control points.
  for (const link of model.links ?? []) {
    for (let i = 0; i < 8; i += 2) add(link.points[i]!, link.points[i + 1]!);
    for (let i = 0; i < 6; i += 2) add(link.head[i]!, link.head[i + 1]!);
  }
  for (const shape of [...(model.badges ?? []), ...(model.dots ?? [])]) {
    add(shape.x, shape.y);
    add(shape.x + shape.width, shape.y + shape.height);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/** Scale and offset that fit `content` into a viewport with a margin, never zooming past `maxScale`. */
export function fitView(content: Rect, viewport: { width: number; height: number }, margin = 40, maxScale = 1.25): { scale: number; x: number; y: number } {
  const w = Math.max(1, viewport.width - 2 * margin);
  const h = Math.max(1, viewport.height - 2 * margin);
  const scale = Math.max(0.05, Math.min(maxScale, w / Math.max(1, content.width), h / Math.max(1, content.height)));
  return {
    scale,
    x: viewport.width / 2 - (content.x + content.width / 2) * scale,
    y: viewport.height / 2 - (content.y + content.height / 2) * scale,
  };
}

/** Zoom by `factor` keeping the diagram point under `pointer` (screen px) where it is. */
export function zoomAround(view: { scale: number; x: number; y: number }, pointer: { x: number; y: number }, factor: number, min = 0.05, max = 6): { scale: number; x: number; y: number } {
  const scale = Math.min(max, Math.max(min, view.scale * factor));
  const dx = (pointer.x - view.x) / view.scale;
  const dy = (pointer.y - view.y) / view.scale;
  return { scale, x: pointer.x - dx * scale, y: pointer.y - dy * scale };
}

/** The label under a diagram point, using the layout's hit areas (last drawn wins). */
export function hitTest(layout: Layout, point: { x: number; y: number }): LabelKey | null {
  for (let i = layout.hitAreas.length - 1; i >= 0; i--) {
    const area = layout.hitAreas[i]!;
    const r = area.rect;
    if (point.x >= r.x && point.x <= r.x + r.width && point.y >= r.y && point.y <= r.y + r.height) return area.id;
  }
  return null;
}

/**
 * The smallest pan that brings `box` (diagram coordinates) fully into the viewport with a margin,
 * or the same view when it is already visible. Used to follow the selection with the keyboard.
 */
export function panToShow(view: { scale: number; x: number; y: number }, box: Rect, viewport: { width: number; height: number }, margin = 32): { scale: number; x: number; y: number } {
  const left = box.x * view.scale + view.x;
  const right = (box.x + box.width) * view.scale + view.x;
  const top = box.y * view.scale + view.y;
  const bottom = (box.y + box.height) * view.scale + view.y;
  let dx = 0;
  let dy = 0;
  if (right > viewport.width - margin) dx = viewport.width - margin - right;
  if (left + dx < margin) dx = margin - left;
  if (bottom > viewport.height - margin) dy = viewport.height - margin - bottom;
  if (top + dy < margin) dy = margin - top;
  return dx === 0 && dy === 0 ? view : { scale: view.scale, x: view.x + dx, y: view.y + dy };
}

/** PNG exports (board and server) are drawn at 2x, within what canvases can encode. */
export const PNG_PIXEL_RATIO = 2;
/** Largest side and area of an exported PNG, device px; a larger diagram gets a lower pixel ratio. */
export const PNG_MAX_SIDE = 16_000;
export const PNG_MAX_PIXELS = 24_000_000;

/** The pixel ratio for a page: 2, lowered only as far as needed to stay within the limits. */
export function pngPixelRatio(width: number, height: number): number {
  return Math.min(PNG_PIXEL_RATIO, PNG_MAX_SIDE / width, PNG_MAX_SIDE / height, Math.sqrt(PNG_MAX_PIXELS / (width * height)));
}
