/**
 * Draws the render model's labels straight onto a 2D canvas context, exactly as a Konva.Rect and a
 * Konva.Text with the model's settings draw them (Konva 10: font string, alphabetic baseline placed
 * from the font's ascent and descent, alignment from measured line widths, line-through), but with
 * no Konva node per label: one shape draws a whole layer's labels. At 500 causes the board used to
 * create 1,500 React elements and Konva nodes before its first frame, and Konva measured every line
 * again although the layout had wrapped it (issue 4).
 */
import type { DrawLabel } from './model.ts';

/** The parts of CanvasRenderingContext2D used here (shared/ has no DOM types). */
export interface LabelCanvas {
  font: string;
  textBaseline: string;
  textAlign: string;
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
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
}

/** Font string -> text -> width, and font string -> vertical offset of the baseline in a line. */
const widths = new Map<string, Map<string, number>>();
const baselines = new Map<string, number>();
let entries = 0;

/** Konva's font string: style, variant, size, and a family with spaces quoted. */
export function labelFont(label: Pick<DrawLabel, 'fontStyle' | 'fontSize' | 'fontFamily'>): string {
  const family = label.fontFamily
    .split(',')
    .map((f) => {
      const name = f.trim();
      return name.includes(' ') && !name.includes('"') && !name.includes("'") ? `"${name}"` : name;
    })
    .join(', ');
  return `${label.fontStyle} normal ${label.fontSize}px ${family}`;
}

function widthOf(ctx: LabelCanvas, font: string, text: string): number {
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
function baselineOf(ctx: LabelCanvas, font: string): number {
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
function roundedRect(ctx: LabelCanvas, x: number, y: number, width: number, height: number, radius: number): void {
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

/** Draws each label's box (when it has a fill) and its text, in order, in diagram coordinates. */
export function drawLabels(ctx: LabelCanvas, labels: readonly DrawLabel[]): void {
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
