/**
 * Redraws of the heavy canvas layers (bones, label layers, markers), at most one layer a frame.
 *
 * Konva redraws a whole layer when anything in it changes, and every layer that changed in one
 * React commit would otherwise be drawn in the same animation frame: a cause dropped into another
 * category moves the labels of two categories and the bones, which at 500 causes is hundreds of
 * texts drawn in one frame. Queued here instead, they are drawn one a frame, oldest first, and a
 * frame that began with a long task (the drop's own document write and render) draws nothing, once,
 * so that the draw does not add to it.
 *
 * Layers that were never drawn (the board opening) are drawn together in the first frame: nothing
 * of them is on screen yet to keep smooth, and drawn one a frame the first picture of a large
 * diagram built up over several frames and appeared 200-300 ms later.
 *
 * When the view only moved (a pan), a waiting layer's canvas is shifted by CSS to where its drawing
 * now belongs until its turn comes, so the layers line up in every frame and a pan draws one layer
 * a frame instead of all of them (what scrolls into view fills in within a few frames). When the
 * zoom or the canvas size changed, every waiting layer is drawn at once: a shifted bitmap would not
 * match.
 */

/** What the queue needs of a Konva layer. */
export interface QueuedLayer {
  draw(): unknown;
  batchDraw(): unknown;
  getStage(): unknown;
  getAbsoluteTransform(): { getMatrix(): number[] };
  width(): number;
  height(): number;
  getNativeCanvasElement(): { style: { transform: string } };
}

export interface FrameSource {
  /** requestAnimationFrame: the callback gets the frame's start time. */
  request(callback: (frameStart: number) => void): void;
  now(): number;
}

export interface DrawQueue {
  /** Makes the layer's batchDraw go through the queue (idempotent). */
  install(layer: QueuedLayer): void;
  /** Asks for a redraw of the layer. */
  add(layer: QueuedLayer): void;
  /** Layers waiting to be drawn, oldest first. */
  readonly waiting: readonly QueuedLayer[];
}

interface Placement {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
  width: number;
  height: number;
}

/** How much of a frame may already be gone before the queue waits for the next one. */
export const FRAME_BUDGET_MS = 10;

export function createDrawQueue(frames: FrameSource, budgetMs = FRAME_BUDGET_MS): DrawQueue {
  const waiting: QueuedLayer[] = [];
  const installed = new WeakSet<QueuedLayer>();
  /** Where each layer was drawn: its transform on the screen and the canvas size. */
  const drawnAt = new WeakMap<QueuedLayer, Placement>();
  let scheduled = false;
  let postponed = false;

  const placement = (layer: QueuedLayer): Placement => {
    const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = layer.getAbsoluteTransform().getMatrix();
    return { a, b, c, d, e, f, width: layer.width(), height: layer.height() };
  };
  /** How the layer's drawing is off from where it belongs now: null if in place, 'redraw' if a shift cannot fix it. */
  const offset = (layer: QueuedLayer): { x: number; y: number } | 'redraw' | null => {
    const was = drawnAt.get(layer);
    if (!was) return null;
    const now = placement(layer);
    if (was.a !== now.a || was.b !== now.b || was.c !== now.c || was.d !== now.d || was.width !== now.width || was.height !== now.height) return 'redraw';
    return was.e === now.e && was.f === now.f ? null : { x: now.e - was.e, y: now.f - was.f };
  };
  const draw = (layer: QueuedLayer) => {
    // Destroyed while it waited (the board closed, a layer no longer needed).
    if (!layer.getStage()) return;
    layer.draw();
    layer.getNativeCanvasElement().style.transform = '';
    drawnAt.set(layer, placement(layer));
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    frames.request(run);
  };
  const run = (frameStart: number) => {
    scheduled = false;
    if (waiting.length === 0) return;
    const offsets = waiting.map(offset);
    if (offsets.includes('redraw') || waiting.some((layer) => !drawnAt.has(layer))) {
      postponed = false;
      for (const layer of waiting.splice(0)) draw(layer);
      return;
    }
    waiting.forEach((layer, i) => {
      const shift = offsets[i];
      if (shift && shift !== 'redraw' && layer.getStage()) layer.getNativeCanvasElement().style.transform = `translate(${shift.x}px, ${shift.y}px)`;
    });
    if (!postponed && frames.now() - frameStart > budgetMs) {
      postponed = true;
      schedule();
      return;
    }
    postponed = false;
    draw(waiting.shift()!);
    if (waiting.length > 0) schedule();
  };

  const add = (layer: QueuedLayer) => {
    if (!waiting.includes(layer)) waiting.push(layer);
    schedule();
  };
  return {
    add,
    install(layer) {
      if (installed.has(layer)) return;
      installed.add(layer);
      layer.batchDraw = () => {
        add(layer);
        return layer;
      };
    },
    waiting,
  };
}
