import type { DiagramTree, NodeId, TreeNode } from '../tree.ts';
import type {
  BoneKind,
  HitArea,
  LabelKind,
  LaidOutBone,
  LaidOutLabel,
  Layout,
  LayoutOptions,
  MeasureText,
  Rect,
  TextStyle,
} from './types.ts';
import { wrapMeasured } from './wrap.ts';

/*
 * How the fishbone is built (SPEC.md section 2 has the rules):
 *
 * Everything is first computed in one canonical frame: head on the right, every category above
 * the spine, y growing downwards. Slanted bones lean up and to the left; horizontal ribs run to
 * the left. Categories below the spine are the mirror image (y -> -y) and headSide 'left' mirrors
 * x, so no frame is ever rotated and every label box stays an axis-aligned rectangle.
 *
 * Each subtree is summarised, bottom-up, by its extent around its anchor (the point where its bone
 * meets its parent's bone): left, right, up, down. Siblings are stacked so those extents never
 * meet: ribs on a slanted bone in horizontal bands, slanted bones on a rib in vertical bands, and
 * each subtree is pushed far enough from its parent's slanted bone that the bone clears it. That
 * gives the no-overlap rules by construction, in time linear in the number of nodes.
 */

const GAP = 10;
/** Space between neighbouring category subtrees along the spine. */
const CATEGORY_GAP = 28;
/** Space between the head box and the nearest category subtree. */
const HEAD_GAP = 40;
/** Spine beyond the last category's anchor. */
const TAIL = 48;
/** Horizontal run per unit of height of a slanted bone: cot(60 degrees). */
const SLANT = 1 / Math.tan(Math.PI / 3);
/** Shortest rib between a parent's bone and the label. */
const MIN_STEM = 24;
const MIN_CATEGORY_BONE = 48;
const MIN_BRANCH_BONE = 24;
/** The lowest rib of a category keeps this far from the spine. */
const CATEGORY_FOOT = 16;
/** Empty labels keep a clickable width. */
const MIN_TEXT_WIDTH = 24;
const HIT_PADDING = 4;
const MARGIN = 24;

export const DEFAULT_FONT_FAMILY = 'Noto Sans';
export const DEFAULT_MAX_LABEL_WIDTH = 180;
export const DEFAULT_HEAD_MAX_WIDTH = 240;

interface KindStyle {
  fontSize: number;
  fontWeight: 'normal' | 'bold';
  lineHeight: number;
  padding: number;
}

/** Sizes never depend on the content: the layout grows, text never shrinks. */
export const LABEL_STYLES: Readonly<Record<LabelKind, Readonly<KindStyle>>> = {
  head: { fontSize: 20, fontWeight: 'bold', lineHeight: 26, padding: 12 },
  category: { fontSize: 16, fontWeight: 'bold', lineHeight: 21, padding: 6 },
  cause: { fontSize: 14, fontWeight: 'normal', lineHeight: 18, padding: 3 },
};

/** The key a node without an id gets in the layout: 'p:' and its index path, e.g. 'p:2.0.1'. */
export function pathKey(path: readonly number[]): NodeId {
  return `p:${path.join('.')}` as NodeId;
}

function kindOf(depth: number): LabelKind {
  return depth === 0 ? 'head' : depth === 1 ? 'category' : 'cause';
}

export function layoutFishbone(tree: DiagramTree, measureText: MeasureText, options: LayoutOptions = {}): Layout {
  const headOnRight = options.headSide !== 'left';
  const fontFamily = options.fontFamily ?? DEFAULT_FONT_FAMILY;
  const maxLabelWidth = options.maxLabelWidth ?? DEFAULT_MAX_LABEL_WIDTH;
  const headMaxWidth = options.headMaxWidth ?? DEFAULT_HEAD_MAX_WIDTH;
  const styles: Record<LabelKind, TextStyle> = {
    head: { fontSize: LABEL_STYLES.head.fontSize, fontWeight: LABEL_STYLES.head.fontWeight, fontFamily },
    category: { fontSize: LABEL_STYLES.category.fontSize, fontWeight: LABEL_STYLES.category.fontWeight, fontFamily },
    cause: { fontSize: LABEL_STYLES.cause.fontSize, fontWeight: LABEL_STYLES.cause.fontWeight, fontFamily },
  };

  // 1. Flatten in pre-order (index 0 is the head). Iterative, so very deep trees cannot overflow the stack.
  const ids: (NodeId | 'problem')[] = ['problem'];
  const texts: string[] = [tree.problem];
  const depths: number[] = [0];
  const parents: number[] = [-1];
  const paths: number[][] = [[]];
  const children: number[][] = [[]];
  const seen = new Set<string>();
  const stack: { node: TreeNode; parent: number; path: number[] }[] = [];
  for (let i = tree.categories.length - 1; i >= 0; i--) {
    const node = tree.categories[i];
    if (node) stack.push({ node, parent: 0, path: [i] });
  }
  while (stack.length > 0) {
    const { node, parent, path } = stack.pop()!;
    const index = ids.length;
    let id: NodeId = node.id ?? pathKey(path);
    if (seen.has(id)) id = pathKey(path);
    seen.add(id);
    ids.push(id);
    texts.push(node.text);
    depths.push(path.length);
    parents.push(parent);
    paths.push(path);
    children.push([]);
    children[parent]!.push(index);
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i];
      if (child) stack.push({ node: child, parent: index, path: [...path, i] });
    }
  }
  const n = ids.length;

  // 2. Wrap and measure every label.
  const lines: string[][] = new Array<string[]>(n);
  const boxW = new Float64Array(n);
  const boxH = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const kind = kindOf(depths[i]!);
    const k = LABEL_STYLES[kind];
    const wrapped = wrapMeasured(texts[i]!, styles[kind], kind === 'head' ? headMaxWidth : maxLabelWidth, measureText);
    lines[i] = wrapped.lines;
    boxW[i] = Math.max(MIN_TEXT_WIDTH, wrapped.width) + 2 * k.padding;
    boxH[i] = wrapped.lines.length * k.lineHeight + 2 * k.padding;
  }

  // 3. Bottom-up, in the canonical frame: extents around each anchor, offsets of each child's anchor
  // from its parent's anchor, and each label's top-left and bone tip relative to its own anchor.
  const extL = new Float64Array(n);
  const extR = new Float64Array(n);
  const extU = new Float64Array(n);
  const extD = new Float64Array(n);
  const offX = new Float64Array(n);
  const offY = new Float64Array(n);
  const labelX = new Float64Array(n);
  const labelY = new Float64Array(n);
  const tipX = new Float64Array(n);
  const tipY = new Float64Array(n);
  for (let i = n - 1; i >= 1; i--) {
    const kids = children[i]!;
    const w = boxW[i]!;
    const h = boxH[i]!;
    if (depths[i]! % 2 === 0) {
      // A rib: slanted children along it, the last one nearest the parent's bone, the label at the far end.
      let limit = 0;
      let up = h / 2;
      for (let j = kids.length - 1; j >= 0; j--) {
        const c = kids[j]!;
        const right = Math.min(limit - GAP, -extU[c]! * SLANT - GAP);
        offX[c] = right - extR[c]!;
        offY[c] = 0;
        limit = offX[c]! - extL[c]!;
        up = Math.max(up, extU[c]!);
      }
      const right = Math.min(limit - GAP, -(h / 2) * SLANT - GAP, -MIN_STEM);
      labelX[i] = right - w;
      labelY[i] = -h / 2;
      tipX[i] = right;
      tipY[i] = 0;
      extL[i] = w - right;
      extR[i] = 0;
      extU[i] = up;
      extD[i] = h / 2;
    } else {
      // A slanted bone: ribs stacked up along it, the last one lowest, the label at the top end.
      let t = depths[i] === 1 ? CATEGORY_FOOT : GAP;
      let left = 0;
      for (let j = kids.length - 1; j >= 0; j--) {
        const c = kids[j]!;
        const at = t + extD[c]!;
        offX[c] = -at * SLANT;
        offY[c] = -at;
        left = Math.max(left, at * SLANT + extL[c]!);
        t = at + extU[c]! + GAP;
      }
      const top = Math.max(t, depths[i] === 1 ? MIN_CATEGORY_BONE : MIN_BRANCH_BONE);
      tipX[i] = -top * SLANT;
      tipY[i] = -top;
      labelX[i] = tipX[i]! - w / 2;
      labelY[i] = -top - h;
      extL[i] = Math.max(left, top * SLANT + w / 2);
      extR[i] = Math.max(0, w / 2 - top * SLANT);
      extU[i] = top + h;
      extD[i] = 0;
    }
  }

  // 4. The spine: the head box at x >= 0 centred on y = 0, categories in pairs (above, below) leftwards.
  const headW = boxW[0]!;
  const headH = boxH[0]!;
  const originX = new Float64Array(n);
  const originY = new Float64Array(n);
  const cats = children[0]!;
  let limitAbove = -HEAD_GAP;
  let limitBelow = -HEAD_GAP;
  let tailX = -TAIL * 2;
  for (let p = 0; p < cats.length; p += 2) {
    const a = cats[p]!;
    const b = cats[p + 1];
    let x = limitAbove - extR[a]!;
    if (b !== undefined) x = Math.min(x, limitBelow - extR[b]!);
    originX[a] = x;
    limitAbove = x - extL[a]! - CATEGORY_GAP;
    if (b !== undefined) {
      originX[b] = x;
      limitBelow = x - extL[b]! - CATEGORY_GAP;
    }
    tailX = x - TAIL;
  }

  // 5. Top-down: canonical anchors, then mirror into place (below: y -> -y; head on the left: x -> -x).
  const sideSign = new Int8Array(n);
  for (let i = 1; i < n; i++) {
    const parent = parents[i]!;
    if (parent === 0) {
      sideSign[i] = (paths[i]![0]! % 2 === 0) ? 1 : -1;
      originY[i] = 0;
    } else {
      sideSign[i] = sideSign[parent]!;
      originX[i] = originX[parent]! + offX[i]!;
      originY[i] = originY[parent]! + offY[i]!;
    }
  }
  // Bounding box of everything, canonical x; the output is shifted so it starts at (MARGIN, MARGIN).
  let minX = Math.min(tailX, 0);
  let maxX = headW;
  let minY = -headH / 2;
  let maxY = headH / 2;
  for (const c of cats) {
    minX = Math.min(minX, originX[c]! - extL[c]!);
    maxX = Math.max(maxX, originX[c]! + extR[c]!);
    if (sideSign[c] === 1) minY = Math.min(minY, -extU[c]!);
    else maxY = Math.max(maxY, extU[c]!);
  }
  const sx = headOnRight ? 1 : -1;
  const dx = MARGIN - (headOnRight ? minX : -maxX);
  const dy = MARGIN - minY;
  const point = (x: number, y: number, sy: number) => ({ x: sx * x + dx, y: sy * y + dy });
  const place = (x0: number, y0: number, x1: number, y1: number, sy: number): Rect => {
    const ax = sx * x0;
    const bx = sx * x1;
    const ay = sy * y0;
    const by = sy * y1;
    return { x: Math.min(ax, bx) + dx, y: Math.min(ay, by) + dy, width: Math.abs(bx - ax), height: Math.abs(by - ay) };
  };

  const labels: LaidOutLabel[] = new Array<LaidOutLabel>(n);
  const bones: LaidOutBone[] = [];
  const hitAreas: HitArea[] = new Array<HitArea>(n);
  const causeAlign = headOnRight ? 'right' : 'left';
  labels[0] = {
    id: 'problem',
    kind: 'head',
    depth: 0,
    box: place(0, -headH / 2, headW, headH / 2, 1),
    padding: LABEL_STYLES.head.padding,
    lines: lines[0]!,
    style: styles.head,
    lineHeight: LABEL_STYLES.head.lineHeight,
    align: 'center',
    parent: null,
    path: [],
    orientation: 'spine',
    side: null,
    anchor: point(0, 0, 1),
    tip: point(0, 0, 1),
    subtree: place(minX, minY, maxX, maxY, 1),
  };
  bones.push({ owner: 'problem', kind: 'spine', depth: 0, from: point(tailX, 0, 1), to: point(0, 0, 1) });
  for (let i = 1; i < n; i++) {
    const depth = depths[i]!;
    const kind = kindOf(depth);
    const sy = sideSign[i]!;
    const ox = originX[i]!;
    const oy = originY[i]!;
    const horizontal = depth % 2 === 0;
    const lx = ox + labelX[i]!;
    const ly = oy + labelY[i]!;
    const parent = parents[i]!;
    labels[i] = {
      id: ids[i]!,
      kind,
      depth,
      box: place(lx, ly, lx + boxW[i]!, ly + boxH[i]!, sy),
      padding: LABEL_STYLES[kind].padding,
      lines: lines[i]!,
      style: styles[kind],
      lineHeight: LABEL_STYLES[kind].lineHeight,
      align: kind === 'category' ? 'center' : causeAlign,
      parent: ids[parent]!,
      path: paths[i]!,
      orientation: horizontal ? 'horizontal' : 'diagonal',
      side: sy === 1 ? 'above' : 'below',
      anchor: point(ox, oy, sy),
      tip: point(ox + tipX[i]!, oy + tipY[i]!, sy),
      subtree: place(ox - extL[i]!, oy - extU[i]!, ox + extR[i]!, oy + extD[i]!, sy),
    };
    const boneKind: BoneKind = depth === 1 ? 'category' : horizontal ? 'rib' : 'branch';
    bones.push({ owner: ids[i]!, kind: boneKind, depth, from: point(ox, oy, sy), to: point(ox + tipX[i]!, oy + tipY[i]!, sy) });
  }
  for (let i = 0; i < n; i++) {
    const { id, box } = labels[i]!;
    hitAreas[i] = {
      id,
      rect: { x: box.x - HIT_PADDING, y: box.y - HIT_PADDING, width: box.width + 2 * HIT_PADDING, height: box.height + 2 * HIT_PADDING },
    };
  }

  return {
    head: labels[0],
    labels,
    bones,
    bounds: { x: 0, y: 0, width: maxX - minX + 2 * MARGIN, height: maxY - minY + 2 * MARGIN },
    hitAreas,
  };
}
