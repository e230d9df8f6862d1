/**
 * Draws the render model's bones, link arrows and labels straight onto a 2D canvas context, exactly
 * as the Konva shapes with the model's settings draw them (Konva.Line; Konva.Rect and Konva.Text:
 * font string, alphabetic baseline placed from the font's ascent and descent, alignment from
 * measured line widths, line-through), but with no Konva node per bone or label: one shape draws a
 * whole layer. At 500 causes the board used to create 2,000 React elements and Konva nodes before
 * its first frame, and Konva measured every line again although the layout had wrapped it (issue 4).
 */
import { approximateMeasure } from '../layout/measure.ts';
import type { DrawLink } from './facilitation.ts';
import type { DrawBone, DrawLabel } from './model.ts';

/** The parts of CanvasRenderingContext2D used here (shared/ has no DOM types). */
export interface ModelCanvas {
  font: string;
  textBaseline: string;
  textAlign: string;
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  lineCap: string;
  lineJoin: string;
  bezierCurveTo(c1x: number, c1y: number, c2x: number, c2y: number, x: number, y: number): void;
  measureText(text: string): { width: number; fontBoundingBoxAscent?: number; fontBoundingBoxDescent?: number; actualBoundingBoxAscent: number; actualBoundingBoxDescent: number };
  fillText(text: string, x: number, y: number): void;
  beginPath(): void;
  closePath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  rect(x: number, y: number, width: number, height: number): void;
  arc(x: number, y: number, radius: number, start: number, end: number, counterclockwise?: boolean): void;
  fill(): void;
  stroke(): void;
  fillRect(x: number, y: number, width: number, height: number): void;
  /** The current transform (device pixels per diagram unit); without it, one. */
  getTransform?(): { a: number; b: number };
}

/**
 * Below this font size on screen (device pixels) a line of text is drawn as a bar of its length
 * ("greeking"): nobody can read it, and drawing hundreds of such glyphs took most of the first frame
 * of a large diagram (at the 500-cause fit the text is under 1 px).
 */
export const GREEK_BELOW_PX = 4;

/** Font string -> text -> width, and font string -> vertical offset of the baseline in a line. */
const widths = new Map<string, Map<string, number>>();
const baselines = new Map<string, number>();
let entries = 0;

/** Konva's font string: style, variant, size, and a family with spaces quoted. */
function labelFont(label: Pick<DrawLabel, 'fontStyle' | 'fontSize' | 'fontFamily'>): string {
  const family = label.fontFamily
    .split(',')
    .map((f) => {
      const name = f.trim();
      return name.includes(' ') && !name.includes('"') && !name.includes("'") ? `"${name}"` : name;
    })
    .join(', ');
  return `${label.fontStyle} normal ${label.fontSize}px ${family}`;
}

function widthOf(ctx: ModelCanvas, font: string, text: string): number {
  let known = widths.get(font);
  if (!known) widths.set(font, (known = new Map()));
  let width = known.get(text);
  if (width === undefined) {
    width = ctx.measureText(text).width;
    if (++entries > 100_000) {
      widths.clear();
      entries = 0;
    }
    known.set(text, width);
  }
  return width;
}

/** Where the baseline sits below the middle of a line: half of ascent minus descent of 'M'. */
function baselineOf(ctx: ModelCanvas, font: string): number {
  let offset = baselines.get(font);
  if (offset === undefined) {
    const m = ctx.measureText('M');
    offset = ((m.fontBoundingBoxAscent ?? m.actualBoundingBoxAscent) - (m.fontBoundingBoxDescent ?? m.actualBoundingBoxDescent)) / 2;
    baselines.set(font, offset);
  }
  return offset;
}

/** Measurements taken with a fallback font are dropped once the real one has loaded. */
export function clearLabelMeasures(): void {
  widths.clear();
  baselines.clear();
  entries = 0;
}

/** Konva.Util.drawRoundedRectPath with one radius. */
function roundedRect(ctx: ModelCanvas, x: number, y: number, width: number, height: number, radius: number): void {
  const r = Math.max(0, Math.min(radius, width / 2, height / 2));
  if (r === 0) {
    ctx.rect(x, y, width, height);
    return;
  }
  ctx.moveTo(x + r, y);
  ctx.lineTo(x + width - r, y);
  ctx.arc(x + width - r, y + r, r, (Math.PI * 3) / 2, 0, false);
  ctx.lineTo(x + width, y + height - r);
  ctx.arc(x + width - r, y + height - r, r, 0, Math.PI / 2, false);
  ctx.lineTo(x + r, y + height);
  ctx.arc(x + r, y + height - r, r, Math.PI / 2, Math.PI, false);
  ctx.lineTo(x, y + r);
  ctx.arc(x + r, y + r, r, Math.PI, (Math.PI * 3) / 2, false);
}

/** Bones as Konva.Line with a round cap, then link arrows: a bezier with a round cap and a filled head with round joins. */
export function drawBones(ctx: ModelCanvas, bones: readonly DrawBone[], links: readonly DrawLink[]): void {
  ctx.lineCap = 'round';
  for (const bone of bones) {
    const [x1, y1, x2, y2] = bone.points;
    ctx.beginPath();
    ctx.moveTo(x1, y1);
    ctx.lineTo(x2, y2);
    ctx.lineWidth = bone.strokeWidth;
    ctx.strokeStyle = bone.stroke;
    ctx.stroke();
  }
  for (const link of links) {
    const [x0, y0, c1x, c1y, c2x, c2y, x, y] = link.points;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'miter';
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.bezierCurveTo(c1x, c1y, c2x, c2y, x, y);
    ctx.lineWidth = link.strokeWidth;
    ctx.strokeStyle = link.stroke;
    ctx.stroke();
    const [tx, ty, ax, ay, bx, by] = link.head;
    ctx.lineCap = 'butt';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(tx, ty);
    ctx.lineTo(ax, ay);
    ctx.lineTo(bx, by);
    ctx.closePath();
    ctx.fillStyle = link.stroke;
    ctx.fill();
    ctx.lineWidth = 1;
    ctx.stroke();
  }
}

/** A bar where each line of text would be, as long as the bundled font's advance widths make it and about as dark as the text would look. */
function greek(ctx: ModelCanvas, label: DrawLabel): void {
  ctx.fillStyle = label.textColour;
  const lineHeight = label.lineHeight * label.fontSize;
  const left = label.x + label.textX;
  const height = label.fontSize * 0.4;
  const style = { fontSize: label.fontSize, fontFamily: label.fontFamily, fontWeight: label.fontStyle === 'bold' ? ('bold' as const) : ('normal' as const) };
  let top = label.y + label.textY + (lineHeight - height) / 2;
  for (const line of label.text.split('\n')) {
    const width = Math.min(label.textWidth, approximateMeasure(line, style));
    const x = label.align === 'center' ? left + (label.textWidth - width) / 2 : label.align === 'right' ? left + label.textWidth - width : left;
    ctx.fillRect(x, top, width, height);
    top += lineHeight;
  }
}

/** Draws each label's box (when it has a fill) and its text, in order, in diagram coordinates. */
export function drawLabels(ctx: ModelCanvas, labels: readonly DrawLabel[]): void {
  ctx.lineCap = 'butt';
  ctx.lineJoin = 'miter';
  const transform = ctx.getTransform?.();
  const devicePixels = transform ? Math.hypot(transform.a, transform.b) : 1;
  for (const label of labels) {
    if (label.fill !== null) {
      ctx.beginPath();
      roundedRect(ctx, label.x, label.y, label.width, label.height, label.cornerRadius);
      ctx.closePath();
      ctx.fillStyle = label.fill;
      ctx.fill();
      if (label.stroke) {
        ctx.lineWidth = 1.5;
        ctx.strokeStyle = label.stroke;
        ctx.stroke();
      }
    }
    if (label.text === '') continue;
    if (label.fontSize * devicePixels < GREEK_BELOW_PX) {
      greek(ctx, label);
      continue;
    }
    const font = labelFont(label);
    ctx.font = font;
    ctx.textBaseline = 'alphabetic';
    ctx.textAlign = 'left';
    ctx.fillStyle = label.textColour;
    const lineHeight = label.lineHeight * label.fontSize;
    const left = label.x + label.textX;
    let y = label.y + label.textY + baselineOf(ctx, font) + lineHeight / 2;
    for (const line of label.text.split('\n')) {
      const width = label.align === 'left' && !label.strike ? 0 : widthOf(ctx, font, line);
      const x = label.align === 'center' ? left + (label.textWidth - width) / 2 : label.align === 'right' ? left + label.textWidth - width : left;
      ctx.fillText(line, x, y);
      if (label.strike) {
        const through = y - Math.round(label.fontSize / 4);
        ctx.beginPath();
        ctx.moveTo(x, through);
        ctx.lineTo(x + Math.round(width), through);
        ctx.lineWidth = label.fontSize / 15;
        ctx.strokeStyle = label.textColour;
        ctx.stroke();
      }
      y += lineHeight;
    }
  }
}
