/**
 * The projector's view: always the whole diagram, as large as the screen allows, gliding to the
 * new fit when the diagram grows. Pure, so it is tested in Node.
 */
import { fitView, HIGHLIGHT_WIDTH, inflate } from '@causeway/shared';
import type { Rect } from '@causeway/shared';

export interface View {
  scale: number;
  x: number;
  y: number;
}

/** Margin around the diagram on a projector, px. */
export const PROJECTOR_MARGIN = 48;
/**
 * A small diagram is drawn up to 3x (labels 42-60 px tall on a 1080p projector) so people at the
 * back of the room can read it; the board stops at 1.25x because people edit there.
 */
export const PROJECTOR_MAX_SCALE = 3;
/** How long the view glides to a new fit, ms. */
export const REFIT_MS = 450;

/** The view that shows all of `content` centred in `viewport` with the projector margin. */
export function projectorFit(content: Rect, viewport: { width: number; height: number }): View {
  // On a tiny window the margin would eat the picture: never more than a tenth of each side.
  const margin = Math.min(PROJECTOR_MARGIN, viewport.width / 10, viewport.height / 10);
  return fitView(content, viewport, margin, PROJECTOR_MAX_SCALE);
}

/** Ease in and out (cubic): starts and ends gently, so a refit never jumps. */
export function easeInOut(t: number): number {
  const c = Math.min(1, Math.max(0, t));
  return c < 0.5 ? 4 * c * c * c : 1 - (-2 * c + 2) ** 3 / 2;
}

/** The view `t` (0..1) of the way from `from` to `to`, eased; the scale moves geometrically so zooming feels even. */
export function interpolateView(from: View, to: View, t: number): View {
  const e = easeInOut(t);
  if (e >= 1) return to;
  const scale = from.scale * (to.scale / from.scale) ** e;
  return { scale, x: from.x + (to.x - from.x) * e, y: from.y + (to.y - from.y) * e };
}

export function sameView(a: View, b: View, epsilon = 1e-6): boolean {
  return Math.abs(a.scale - b.scale) <= epsilon && Math.abs(a.x - b.x) <= 1e-3 && Math.abs(a.y - b.y) <= 1e-3;
}

export function sameRect(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

/** Where a diagram rectangle lands on the screen under `view`. */
export function toScreen(rect: Rect, view: View): Rect {
  return { x: rect.x * view.scale + view.x, y: rect.y * view.scale + view.y, width: rect.width * view.scale, height: rect.height * view.scale };
}

/** True if `rect` (screen px) lies inside the viewport. */
export function isInside(rect: Rect, viewport: { width: number; height: number }, tolerance = 0.5): boolean {
  return rect.x >= -tolerance && rect.y >= -tolerance && rect.x + rect.width <= viewport.width + tolerance && rect.y + rect.height <= viewport.height + tolerance;
}

/** Screen px between a highlighted label and the inner edge of its outline, at any zoom. */
export const HIGHLIGHT_GAP_PX = 5;

/**
 * The highlight ring around `box` (diagram coordinates) for a view at `scale`: the render model's
 * ring is in diagram units, so on a small projector scale it would touch the text; this keeps the
 * same gap on screen (the outline's stroke is drawn at a fixed screen width, centred on the ring).
 */
export function highlightRing(box: Rect, scale: number): Rect {
  return inflate(box, (HIGHLIGHT_GAP_PX + HIGHLIGHT_WIDTH / 2) / Math.max(scale, 0.05));
}
