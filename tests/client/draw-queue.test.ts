import { describe, expect, it } from 'vitest';
import { createDrawQueue, FRAME_BUDGET_MS } from '../../client/src/render/draw-queue.ts';
import type { QueuedLayer } from '../../client/src/render/draw-queue.ts';

/** Animation frames run by hand: each `frame(spent)` runs what was requested, `spent` ms into the frame. */
function manualFrames() {
  let requested: ((frameStart: number) => void)[] = [];
  let clock = 0;
  return {
    source: { request: (callback: (frameStart: number) => void) => void requested.push(callback), now: () => clock },
    frame(spent = 0) {
      const start = (clock = Math.ceil((clock + 1) / 16) * 16);
      clock += spent;
      const run = requested;
      requested = [];
      for (const callback of run) callback(start);
    },
    get pending() {
      return requested.length;
    },
  };
}

/** A layer that records its draws; `view` is its transform on the screen. */
function fakeLayer(name: string, drawn: string[]) {
  const layer = {
    view: [1, 0, 0, 1, 0, 0],
    size: { width: 800, height: 600 },
    stage: {} as unknown,
    canvas: { style: { transform: '' } },
    draw: () => drawn.push(name),
    batchDraw: (): unknown => layer,
    getStage: () => layer.stage,
    getAbsoluteTransform: () => ({ getMatrix: () => layer.view }),
    width: () => layer.size.width,
    height: () => layer.size.height,
    getNativeCanvasElement: () => layer.canvas,
  };
  return layer satisfies QueuedLayer;
}

/** One label layer, installed and drawn once, with the draw cleared. */
function oneLayer() {
  const frames = manualFrames();
  const drawn: string[] = [];
  const queue = createDrawQueue(frames.source);
  const labels = fakeLayer('labels', drawn);
  queue.install(labels);
  labels.batchDraw();
  frames.frame();
  drawn.length = 0;
  return { frames, drawn, queue, labels };
}

/** Bones and two label layers, installed and drawn once (three frames), with the draws cleared. */
function drawnThreeLayers() {
  const frames = manualFrames();
  const drawn: string[] = [];
  const queue = createDrawQueue(frames.source);
  const layers = [fakeLayer('bones', drawn), fakeLayer('labelsA', drawn), fakeLayer('labelsB', drawn)] as const;
  for (const layer of layers) queue.install(layer);
  for (const layer of layers) layer.batchDraw();
  frames.frame();
  drawn.length = 0;
  /** Every layer asked to redraw after a change of view. */
  const change = (update: (layer: (typeof layers)[number]) => void) => {
    for (const layer of layers) {
      update(layer);
      layer.batchDraw();
    }
  };
  return { frames, drawn, layers, change };
}

describe('C5: heavy canvas layers redraw at most one a frame', () => {
  it('C5: layers never drawn are drawn together in the first frame, even one that began with a long task', () => {
    const frames = manualFrames();
    const drawn: string[] = [];
    const queue = createDrawQueue(frames.source);
    const layers = [fakeLayer('bones', drawn), fakeLayer('labelsA', drawn), fakeLayer('labelsB', drawn)];
    for (const layer of layers) queue.install(layer);
    for (const layer of layers) layer.batchDraw();
    frames.frame(FRAME_BUDGET_MS + 20);
    expect(drawn).toEqual(['bones', 'labelsA', 'labelsB']);
    expect(frames.pending).toBe(0);
    expect(queue.waiting).toEqual([]);
  });

  it('C5: layers changed together are drawn in consecutive frames, oldest first, each once', () => {
    const { frames, drawn, layers } = drawnThreeLayers();
    const [bones, labelsA, labelsB] = layers;
    // One commit moves labels of two categories and the bones; a layer asked twice is drawn once.
    bones.batchDraw();
    labelsA.batchDraw();
    labelsB.batchDraw();
    labelsA.batchDraw();
    frames.frame();
    expect(drawn).toEqual(['bones']);
    frames.frame();
    expect(drawn).toEqual(['bones', 'labelsA']);
    frames.frame();
    expect(drawn).toEqual(['bones', 'labelsA', 'labelsB']);
    expect(frames.pending).toBe(0);
  });

  it('C5: a frame that began with a long task draws nothing, once; the next draws even if busy', () => {
    const { frames, drawn, labels } = oneLayer();
    labels.batchDraw();
    frames.frame(FRAME_BUDGET_MS + 20);
    expect(drawn).toEqual([]);
    frames.frame(FRAME_BUDGET_MS + 20);
    expect(drawn).toEqual(['labels']);
  });

  it('C5: a pan draws one layer a frame, the waiting ones shifted by CSS to where they belong', () => {
    const { frames, drawn, layers, change } = drawnThreeLayers();
    const [bones, labelsA, labelsB] = layers;
    // The stage moved by (40, -25): every layer is asked to redraw.
    change((layer) => (layer.view = [1, 0, 0, 1, 40, -25]));
    frames.frame();
    expect(drawn).toEqual(['bones']);
    expect([bones, labelsA, labelsB].map((l) => l.canvas.style.transform)).toEqual(['', 'translate(40px, -25px)', 'translate(40px, -25px)']);
    // It moves on before labelsA's turn: the shift follows.
    change((layer) => (layer.view = [1, 0, 0, 1, 50, -25]));
    frames.frame();
    expect(drawn).toEqual(['bones', 'labelsA']);
    expect([bones, labelsA, labelsB].map((l) => l.canvas.style.transform)).toEqual(['translate(10px, 0px)', '', 'translate(50px, -25px)']);
    frames.frame();
    frames.frame();
    expect(drawn).toEqual(['bones', 'labelsA', 'labelsB', 'bones']);
    expect(layers.map((l) => l.canvas.style.transform)).toEqual(['', '', '']);
  });

  it('C5: after a zoom or a resize every waiting layer is drawn in the same frame', () => {
    const { frames, drawn, change } = drawnThreeLayers();
    change((layer) => (layer.view = [1.2, 0, 0, 1.2, 40, -25]));
    frames.frame();
    expect(drawn).toEqual(['bones', 'labelsA', 'labelsB']);
    drawn.length = 0;
    change((layer) => (layer.size = { width: 1000, height: 600 }));
    frames.frame();
    expect(drawn).toEqual(['bones', 'labelsA', 'labelsB']);
  });

  it('C5: a layer destroyed while it waited is not drawn', () => {
    const { frames, drawn, queue, labels } = oneLayer();
    queue.install(labels);
    labels.batchDraw();
    labels.stage = null;
    frames.frame();
    expect(drawn).toEqual([]);
    expect(queue.waiting).toHaveLength(0);
  });
});
