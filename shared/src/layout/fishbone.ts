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
import { wrapCacheFor, wrapRemembered } from './wrap.ts';

/*
 * How the fishbone is built (SPEC.md section 2 has the rules):
 *
 * Everything is first computed in one canonical frame: head on the right, every category above
 * the spine, y growing downwards. Slanted bones lean up and to the left; horizontal ribs run to
 * the left. Categories below the spine are the mirror image (y -> -y) and headSide 'left' mirrors
 * x, so no frame is ever rotated and every label box stays an axis-aligned rectangle.
 *
 * Each subtree is summarised, bottom-up, by its extent around its anchor (the point where its bone
 * meets its parent's bone): up, down, left-right in x, and left-right in the slanted coordinate u
 * (see step 3). Siblings are stacked so those extents never meet: ribs on a slanted bone in
 * horizontal bands; slanted subtrees along a rib or the spine apart in x or in u; and each subtree
 * far enough from its parent's slanted bone that the bone clears it. That gives the no-overlap
 * rules by construction, in time linear in the number of nodes.
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
/** Least distance between a label box and anything not its own (other labels, other bones). */
const CLEAR = 2 * HIT_PADDING + 1;
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

/** Wrap widths below this would break text into a column of single letters. */
const MIN_WRAP_WIDTH = 40;

function wrapWidth(value: number | undefined, fallback: number): number {
  return value === undefined || !Number.isFinite(value) ? fallback : Math.max(MIN_WRAP_WIDTH, value);
}

function kindOf(depth: number): LabelKind {
  return depth === 0 ? 'head' : depth === 1 ? 'category' : 'cause';
}

export function layoutFishbone(tree: DiagramTree, measureText: MeasureText, options: LayoutOptions = {}): Layout {
  const headOnRight = options.headSide !== 'left';
  const fontFamily = options.fontFamily ?? DEFAULT_FONT_FAMILY;
  const maxLabelWidth = wrapWidth(options.maxLabelWidth, DEFAULT_MAX_LABEL_WIDTH);
  const headMaxWidth = wrapWidth(options.headMaxWidth, DEFAULT_HEAD_MAX_WIDTH);
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
  // 'problem' is the head's key, so a node whose id happens to be 'problem' gets its path key.
  const seen = new Set<string>(['problem']);
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
    // Only a file with ids shaped like path keys can get here; keep every key unique regardless.
    for (let k = 2; seen.has(id); k++) id = `${pathKey(path)}~${k}` as NodeId;
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
  // Wraps are remembered per measurer, so only labels whose text is new are wrapped (one per keystroke).
  const lines: string[][] = new Array<string[]>(n);
  const boxW = new Float64Array(n);
  const boxH = new Float64Array(n);
  const wrapWidths: Record<LabelKind, number> = { head: headMaxWidth, category: maxLabelWidth, cause: maxLabelWidth };
  const wraps = {
    head: wrapCacheFor(measureText, styles.head, headMaxWidth),
    category: wrapCacheFor(measureText, styles.category, maxLabelWidth),
    cause: wrapCacheFor(measureText, styles.cause, maxLabelWidth),
  };
  for (let i = 0; i < n; i++) {
    const kind = kindOf(depths[i]!);
    const k = LABEL_STYLES[kind];
    const wrapped = wrapRemembered(wraps[kind], texts[i]!, styles[kind], wrapWidths[kind], measureText);
    lines[i] = wrapped.lines;
    boxW[i] = Math.max(MIN_TEXT_WIDTH, wrapped.width) + 2 * k.padding;
    boxH[i] = wrapped.lines.length * k.lineHeight + 2 * k.padding;
  }

  // Which side of the spine each node is on: 1 above, -1 below (the canonical frame's y is flipped).
  const sideSign = new Int8Array(n);
  for (let i = 1; i < n; i++) {
    const parent = parents[i]!;
    sideSign[i] = parent === 0 ? (paths[i]![0]! % 2 === 0 ? 1 : -1) : sideSign[parent]!;
  }
  // Siblings follow reading order on screen: left to right along a rib or the spine, top to bottom
  // along a slanted bone. Stacking starts at the anchor end, so it walks the children backwards
  // when the first child belongs at the far end: on a rib when the head is on the right, on a
  // slanted bone above the spine.

  // 3. Bottom-up, in the canonical frame. Per subtree: its extent up and down from its anchor, its
  // extent in x, and its extent in the slanted coordinate u = x - y * SLANT (u is constant along
  // every slanted bone, so tall subtrees leaning the same way can stand close: apart in u means
  // apart on every row). Slanted subtrees lie wholly at or above their anchor, so for them x <= u.
  // Also: each child's anchor relative to its parent's anchor, and each label's top-left and bone
  // tip relative to its own anchor.
  const extU = new Float64Array(n);
  const extD = new Float64Array(n);
  const xMin = new Float64Array(n);
  const xMax = new Float64Array(n);
  const uMin = new Float64Array(n);
  const uMax = new Float64Array(n);
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
      // A rib: slanted children along it, the label at the far end. The parent's slanted bone runs
      // through the anchor (u = 0): everything keeps to u <= -GAP. Each child is placed as near as
      // it can go while apart from all siblings placed before it in x, or from all of them in u
      // (so every pair of siblings is apart one way or the other).
      let limitX = Infinity;
      let limitU = 0;
      let up = h / 2;
      let left = 0;
      let leftU = 0;
      for (let m = 0; m < kids.length; m++) {
        const c = kids[headOnRight ? kids.length - 1 - m : m]!;
        const byU = limitU - GAP - uMax[c]!;
        const byX = limitX - GAP - xMax[c]!;
        const at = Math.min(Math.max(byU, byX), -GAP - uMax[c]!);
        offX[c] = at;
        offY[c] = 0;
        limitX = Math.min(limitX, at + xMin[c]!);
        limitU = Math.min(limitU, at + uMin[c]!);
        up = Math.max(up, extU[c]!);
        left = Math.min(left, at + xMin[c]!);
        leftU = Math.min(leftU, at + uMin[c]!);
      }
      // In u, label boxes count CLEAR taller above and below, so labels that share no row still keep clear.
      const halfSlant = (h / 2 + CLEAR) * SLANT;
      const right = Math.min(Math.max(limitU - GAP - halfSlant, limitX - GAP), -GAP - halfSlant, -MIN_STEM);
      labelX[i] = right - w;
      labelY[i] = -h / 2;
      tipX[i] = right;
      tipY[i] = 0;
      extU[i] = up;
      extD[i] = h / 2;
      xMin[i] = Math.min(left, right - w);
      xMax[i] = 0;
      uMin[i] = Math.min(leftU, right - w - halfSlant);
      uMax[i] = 0;
    } else {
      // A slanted bone: ribs stacked up along it in bands, the label at the top end.
      let t = depths[i] === 1 ? CATEGORY_FOOT : GAP;
      let left = 0;
      let right = 0;
      let leftU = 0;
      const above = sideSign[i] === 1;
      for (let m = 0; m < kids.length; m++) {
        const c = kids[above ? kids.length - 1 - m : m]!;
        const at = t + extD[c]!;
        offX[c] = -at * SLANT;
        offY[c] = -at;
        left = Math.min(left, offX[c]! + xMin[c]!);
        right = Math.max(right, offX[c]! + xMax[c]!);
        leftU = Math.min(leftU, uMin[c]!);
        t = at + extU[c]! + GAP;
      }
      const top = Math.max(t, depths[i] === 1 ? MIN_CATEGORY_BONE : MIN_BRANCH_BONE);
      tipX[i] = -top * SLANT;
      tipY[i] = -top;
      labelX[i] = tipX[i]! - w / 2;
      labelY[i] = -top - h;
      extU[i] = top + h;
      extD[i] = 0;
      xMin[i] = Math.min(left, labelX[i]!);
      xMax[i] = Math.max(right, labelX[i]! + w);
      uMin[i] = Math.min(leftU, -w / 2 - CLEAR * SLANT);
      uMax[i] = w / 2 + (h + CLEAR) * SLANT;
    }
  }

  // 4. The spine: the head box at x >= 0 centred on y = 0, categories in pairs (above, below) leftwards,
  // each side packed like the slanted children of a rib (apart from all earlier ones in x, or in u).
  const headW = boxW[0]!;
  const headH = boxH[0]!;
  const originX = new Float64Array(n);
  const originY = new Float64Array(n);
  const cats = children[0]!;
  const limitX = [-HEAD_GAP + GAP, -HEAD_GAP + GAP];
  const limitU = [-HEAD_GAP + GAP, -HEAD_GAP + GAP];
  let tailX = -TAIL * 2;
  const pairs = Math.ceil(cats.length / 2);
  for (let m = 0; m < pairs; m++) {
    const p = 2 * (headOnRight ? pairs - 1 - m : m);
    let x = Infinity;
    for (let side = 0; side < 2; side++) {
      const c = cats[p + side];
      if (c === undefined) continue;
      x = Math.min(x, Math.max(limitX[side]! - GAP - xMax[c]!, limitU[side]! - GAP - uMax[c]!));
    }
    for (let side = 0; side < 2; side++) {
      const c = cats[p + side];
      if (c === undefined) continue;
      originX[c] = x;
      limitX[side] = Math.min(limitX[side]!, x + xMin[c]! - CATEGORY_GAP + GAP);
      limitU[side] = Math.min(limitU[side]!, x + uMin[c]! - CATEGORY_GAP + GAP);
    }
    tailX = x - TAIL;
  }

  // 5. Top-down: canonical anchors, then mirror into place (below: y -> -y; head on the left: x -> -x).
  for (let i = 1; i < n; i++) {
    const parent = parents[i]!;
    if (parent !== 0) {
      originX[i] = originX[parent]! + offX[i]!;
      originY[i] = originY[parent]! + offY[i]!;
    }
  }
  // Bounding boxes, canonical x with the side's y: each label and its bone, folded into the parent's.
  const boxMinX = new Float64Array(n);
  const boxMaxX = new Float64Array(n);
  const boxMinY = new Float64Array(n);
  const boxMaxY = new Float64Array(n);
  boxMinX[0] = Math.min(tailX, 0);
  boxMaxX[0] = headW;
  boxMinY[0] = -headH / 2;
  boxMaxY[0] = headH / 2;
  for (let i = 1; i < n; i++) {
    const sy = sideSign[i]!;
    const lx = originX[i]! + labelX[i]!;
    const ly = sy * (originY[i]! + labelY[i]!);
    const ly2 = sy * (originY[i]! + labelY[i]! + boxH[i]!);
    boxMinX[i] = Math.min(lx, originX[i]!);
    boxMaxX[i] = Math.max(lx + boxW[i]!, originX[i]!);
    boxMinY[i] = Math.min(ly, ly2, sy * originY[i]!);
    boxMaxY[i] = Math.max(ly, ly2, sy * originY[i]!);
  }
  for (let i = n - 1; i >= 1; i--) {
    const p = parents[i]!;
    boxMinX[p] = Math.min(boxMinX[p]!, boxMinX[i]!);
    boxMaxX[p] = Math.max(boxMaxX[p]!, boxMaxX[i]!);
    boxMinY[p] = Math.min(boxMinY[p]!, boxMinY[i]!);
    boxMaxY[p] = Math.max(boxMaxY[p]!, boxMaxY[i]!);
  }
  // The spine runs the whole length of the fish: from the far end of everything to the head.
  tailX = Math.min(tailX, boxMinX[0]!);
  const minX = boxMinX[0]!;
  const maxX = boxMaxX[0]!;
  const minY = boxMinY[0]!;
  const maxY = boxMaxY[0]!;
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
      subtree: place(boxMinX[i]!, boxMinY[i]!, boxMaxX[i]!, boxMaxY[i]!, 1),
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
