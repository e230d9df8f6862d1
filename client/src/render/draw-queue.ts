/**
 * Redraws of the heavy canvas layers (bones, label layers, markers), at most one layer a frame.
 *
 * Konva redraws a whole layer when anything in it changes, and every layer that changed in one
 * React commit would otherwise be drawn in the same animation frame: a cause dropped into another
 * category moves the labels of two categories and the bones, which at 500 causes is hundreds of
 * texts drawn in one frame. Queued here instead, they are drawn one a frame, oldest first, and a
 * frame that began with a long task (the drop's own document write and render) draws nothing, once,
 * so that the draw does not add to it. When the view moved or the canvas was resized, every waiting
 * layer is drawn at once: layers drawn under different views would not line up.
 */

/** What the queue needs of a Konva layer. */
export interface QueuedLayer {
  draw(): unknown;
  batchDraw(): unknown;
  getStage(): unknown;
  getAbsoluteTransform(): { getMatrix(): number[] };
  width(): number;
  height(): number;
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

/** How much of a frame may already be gone before the queue waits for the next one. */
export const FRAME_BUDGET_MS = 10;

export function createDrawQueue(frames: FrameSource, budgetMs = FRAME_BUDGET_MS): DrawQueue {
  const waiting: QueuedLayer[] = [];
  const installed = new WeakSet<QueuedLayer>();
  /** Where each layer was drawn: its transform on the screen and the canvas size. */
  const drawnAt = new WeakMap<QueuedLayer, string>();
  let scheduled = false;
  let postponed = false;

  const placement = (layer: QueuedLayer) => `${layer.getAbsoluteTransform().getMatrix().join(',')}/${layer.width()}x${layer.height()}`;
  const draw = (layer: QueuedLayer) => {
    // Destroyed while it waited (the board closed, a layer no longer needed).
    if (!layer.getStage()) return;
    layer.draw();
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
    if (waiting.some((layer) => drawnAt.has(layer) && drawnAt.get(layer) !== placement(layer))) {
      postponed = false;
      for (const layer of waiting.splice(0)) draw(layer);
      return;
    }
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
