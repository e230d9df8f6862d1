/**
 * C5: the board, its PNG export and the server's PNG draw bones, arrows and labels with drawBones
 * and drawLabels (one shape per layer) instead of a Konva.Line per bone and arrow and a Konva.Rect
 * and a Konva.Text per label. They must draw what those nodes drew: here both are drawn with Konva
 * on @napi-rs/canvas (the server's backend, with the bundled font) and compared pixel by pixel.
 */
import { describe, expect, it } from 'vitest';
import { Layer } from 'konva/lib/Layer';
import { Rect } from 'konva/lib/shapes/Rect';
import { Text } from 'konva/lib/shapes/Text';
import { Shape } from 'konva/lib/Shape';
import { Line } from 'konva/lib/shapes/Line';
import { buildRenderModel, drawBones, drawLabels, GREEK_BELOW_PX, layoutFishbone } from '@causeway/shared';
import type { DrawBone, DrawLabel, DrawLink, NodeId } from '@causeway/shared';
import { installKonvaBackend } from '../../server/src/export/konva-node.ts';
import { FONT_FAMILY, measureText } from '../../server/src/export/fonts.ts';

const WIDTH = 900;
const HEIGHT = 500;

function label(over: Partial<DrawLabel>): DrawLabel {
  return {
    id: 'problem',
    kind: 'cause',
    x: 20,
    y: 20,
    width: 200,
    height: 40,
    text: 'Brak ścieżki awansu',
    textX: 8,
    textWidth: 184,
    textY: 6,
    fontSize: 14,
    fontFamily: FONT_FAMILY,
    fontStyle: 'normal',
    lineHeight: 1.3,
    align: 'left',
    textColour: '#1f2933',
    fill: null,
    stroke: null,
    cornerRadius: 6,
    placeholder: false,
    ...over,
  };
}

/** Every kind of label the model makes: boxed and bold, two lines centred, right-aligned, italic placeholder, struck through. */
const LABELS: DrawLabel[] = [
  label({ kind: 'head', x: 500, y: 30, width: 260, height: 70, text: 'Wnioski czekają średnio\n40 dni na decyzję', textWidth: 236, textX: 12, textY: 12, fontStyle: 'bold', fontSize: 18, align: 'center', textColour: '#ffffff', fill: '#243b53', cornerRadius: 8 }),
  label({ kind: 'category', x: 40, y: 40, width: 140, height: 36, text: 'Ludzie', textWidth: 120, textX: 10, textY: 8, fontStyle: 'bold', fontSize: 16, align: 'center', fill: '#e3ecf5', stroke: '#2f5d87' }),
  label({ x: 40, y: 120, text: 'Braki w szkoleniach z\nnowych przepisów', align: 'right', height: 48 }),
  label({ x: 300, y: 200, text: 'Нова причина', fontStyle: 'italic', textColour: '#8a96a3', placeholder: true }),
  label({ x: 40, y: 300, text: 'Régi rendszer – elavult', textColour: '#8a96a3', strike: true }),
  label({ x: 300, y: 300, text: 'Dwa wiersze\nprzekreślone', align: 'center', textColour: '#8a96a3', strike: true, height: 48 }),
  label({ x: 560, y: 300, text: '' }),
];

/** What the board drew before: a Rect (when filled) and a Text, each label in its place. */
function asKonvaNodes(layer: Layer, labels: readonly DrawLabel[]): void {
  for (const l of labels) {
    if (l.fill !== null) layer.add(new Rect({ x: l.x, y: l.y, width: l.width, height: l.height, fill: l.fill, stroke: l.stroke ?? undefined, strokeWidth: l.stroke ? 1.5 : 0, cornerRadius: l.cornerRadius }));
    layer.add(
      new Text({ x: l.x + l.textX, y: l.y + l.textY, width: l.textWidth, text: l.text, fontFamily: l.fontFamily, fontSize: l.fontSize, fontStyle: l.fontStyle, lineHeight: l.lineHeight, align: l.align, fill: l.textColour, wrap: 'none', textDecoration: l.strike ? 'line-through' : '' }),
    );
  }
}

/** What the board drew before: a Konva.Line per bone, and a bezier line and a closed head per arrow. */
function asKonvaLines(layer: Layer, bones: readonly DrawBone[], links: readonly DrawLink[]): void {
  for (const bone of bones) layer.add(new Line({ points: bone.points, stroke: bone.stroke, strokeWidth: bone.strokeWidth, lineCap: 'round' }));
  for (const link of links) {
    layer.add(new Line({ points: link.points, bezier: true, stroke: link.stroke, strokeWidth: link.strokeWidth, lineCap: 'round' }));
    layer.add(new Line({ points: link.head, closed: true, fill: link.stroke, stroke: link.stroke, strokeWidth: 1, lineJoin: 'round' }));
  }
}

function pixels(draw: (layer: Layer) => void, pixelRatio: number): Uint8ClampedArray {
  installKonvaBackend();
  const layer = new Layer({ listening: false });
  layer.getCanvas().setPixelRatio(pixelRatio);
  layer.getCanvas().setSize(WIDTH, HEIGHT);
  draw(layer);
  layer.draw();
  return layer.getContext().getImageData(0, 0, WIDTH * pixelRatio, HEIGHT * pixelRatio).data;
}

/** Channel values that differ by more than rounding. */
function differing(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i]! - b[i]!) > 2) n++;
  return n;
}

describe('C5: drawBones and drawLabels draw what Konva lines, rectangles and texts drew', () => {
  it('C5: the same pixels for bones of every width and for arrows', () => {
    const bones: DrawBone[] = [
      { owner: 'problem', points: [20, 250, 860, 250], stroke: '#243b53', strokeWidth: 5 },
      { owner: 'c1' as NodeId, points: [300, 250, 180, 40], stroke: '#2f5d87', strokeWidth: 3 },
      { owner: 'c2' as NodeId, points: [260, 120.5, 90.25, 120.5], stroke: '#9aa5b1', strokeWidth: 1.5 },
    ];
    const links: DrawLink[] = [{ key: 'l', from: 'c2' as NodeId, to: 'c1' as NodeId, points: [100, 300, 200, 420, 500, 420, 640, 330], head: [660, 318, 640, 340, 628, 322], stroke: '#c2410c', strokeWidth: 2 }];
    const konva = pixels((layer) => asKonvaLines(layer, bones, links), 2);
    const ours = pixels((layer) => layer.add(new Shape({ sceneFunc: (ctx) => drawBones(ctx._context, bones, links) })), 2);
    expect(konva.some((v, i) => i % 4 === 3 && v > 0)).toBe(true);
    expect(differing(konva, ours)).toBe(0);
  });

  for (const ratio of [1, 2]) {
    it(`C5: the same pixels for boxed, centred, right-aligned, italic, struck-through and empty labels (pixel ratio ${ratio})`, () => {
      const konva = pixels((layer) => asKonvaNodes(layer, LABELS), ratio);
      const ours = pixels((layer) => layer.add(new Shape({ sceneFunc: (ctx) => drawLabels(ctx._context, LABELS) })), ratio);
      // Something was drawn at all, and what differs is at most edge rounding.
      expect(konva.some((v, i) => i % 4 === 3 && v > 0)).toBe(true);
    expect(differing(konva, ours)).toBe(0);
    });
  }

  it('C5: a whole diagram laid out with the bundled font matches as well', () => {
    const layout = layoutFishbone(
      {
        problem: 'Opóźnienia w obsłudze wniosków',
        categories: [
          { id: 'c1' as NodeId, text: 'Ludzie', children: [{ id: 'c2' as NodeId, text: 'Rotacja pracowników i brak szkoleń z nowych przepisów', children: [] }] },
          { id: 'c3' as NodeId, text: 'Procesy', children: [{ id: 'c4' as NodeId, text: 'New cause', children: [] }] },
        ],
      },
      measureText,
      { fontFamily: FONT_FAMILY },
    );
    const model = buildRenderModel(layout, { placeholders: new Set(['c4']) });
    const shifted = model.labels.map((l) => ({ ...l, x: l.x - layout.bounds.x + 10, y: l.y - layout.bounds.y + 10, fontFamily: FONT_FAMILY }));
    const dx = 10 - layout.bounds.x;
    const dy = 10 - layout.bounds.y;
    const bones = model.bones.map((b) => ({ ...b, points: [b.points[0] + dx, b.points[1] + dy, b.points[2] + dx, b.points[3] + dy] as DrawBone['points'] }));
    const konva = pixels((layer) => {
      asKonvaLines(layer, bones, []);
      asKonvaNodes(layer, shifted);
    }, 1);
    const ours = pixels((layer) => {
      layer.add(new Shape({ sceneFunc: (ctx) => drawBones(ctx._context, bones, []) }));
      layer.add(new Shape({ sceneFunc: (ctx) => drawLabels(ctx._context, shifted) }));
    }, 1);
    expect(differing(konva, ours)).toBe(0);
  });
});

describe('C6: text too small to read is drawn as bars', () => {
  /** The calls drawLabels makes at a given scale (device pixels per diagram unit). */
  function callsAt(scale: number, labels: readonly DrawLabel[]): string[] {
    const calls: string[] = [];
    const canvas = new Proxy(
      { getTransform: () => ({ a: scale, b: 0 }), measureText: (text: string) => ({ width: text.length * 7, actualBoundingBoxAscent: 10, actualBoundingBoxDescent: 3 }) },
      { get: (target, key) => (key in target ? target[key as keyof typeof target] : () => calls.push(String(key))), set: () => true },
    );
    drawLabels(canvas as never, labels);
    return calls;
  }

  it(`C6: under ${GREEK_BELOW_PX} device pixels a line is a bar; from ${GREEK_BELOW_PX} up it is text`, () => {
    const labels = [label({ text: 'Dwa wiersze\nprzekreślone', fontSize: 14 }), label({ text: 'Ludzie', fontSize: 16, fill: '#e3ecf5' })];
    const small = callsAt(3.9 / 14, labels);
    expect(small.filter((c) => c === 'fillText')).toHaveLength(1);
    expect(small.filter((c) => c === 'fillRect')).toHaveLength(2);
    const tiny = callsAt(0.05, labels);
    expect(tiny.filter((c) => c === 'fillText')).toHaveLength(0);
    expect(tiny.filter((c) => c === 'fillRect')).toHaveLength(3);
    // Boxes are drawn at every size.
    expect(tiny.filter((c) => c === 'fill')).toHaveLength(1);
    const readable = callsAt(GREEK_BELOW_PX / 14, labels);
    expect(readable.filter((c) => c === 'fillText')).toHaveLength(3);
    expect(readable.filter((c) => c === 'fillRect')).toHaveLength(0);
  });
});
