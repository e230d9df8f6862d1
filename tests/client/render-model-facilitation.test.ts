/**
 * Facilitation in the render model (SPEC L-F rules): priority badges, vote dots and links between
 * causes, placed from the layout for the board, the projector and every export.
 */
import { describe, expect, it } from 'vitest';
import {
  approximateMeasure,
  BADGE_HEIGHT,
  buildRenderModel,
  contentBounds,
  drawModelWith,
  FACILITATION_STYLE,
  facilitationOf,
  layoutFishbone,
  MAX_DOTS,
  parseJson,
  PRIORITY_MARKS,
  PROJECTOR_THEME,
  rectsOverlap,
  segmentHitsRect,
  THEME,
} from '@causeway/shared';
import type { DiagramTree, FacilitationView, KonvaKit, Layout, NodeId, PriorityMark, Rect, RenderModel, TreeNode, TreeVoting } from '@causeway/shared';
import { fixtures } from '../formats/fixtures.ts';

/** A fixture with an id on every node, as readTree gives it. */
function withIds(text: string): DiagramTree {
  const parsed = parseJson(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  let n = 0;
  const visit = (node: TreeNode): TreeNode => ({ ...node, id: `n${n++}` as NodeId, children: node.children.map(visit) });
  return { problem: parsed.tree.problem, categories: parsed.tree.categories.map(visit) };
}

function nodeIds(tree: DiagramTree): NodeId[] {
  const out: NodeId[] = [];
  const visit = (node: TreeNode) => {
    out.push(node.id!);
    node.children.forEach(visit);
  };
  tree.categories.forEach(visit);
  return out;
}

const all = fixtures().map(([name, text]) => ({ name, tree: withIds(text) }));
const en = all.find((f) => f.name.startsWith('en-'))!.tree;
const enLayout: Layout = layoutFishbone(en, approximateMeasure);
const enIds = nodeIds(en);

/** A mark and `votes(i)` votes on every node (mine: one on every other node). */
function everything(ids: NodeId[], votes: (i: number) => number): FacilitationView {
  return {
    marks: new Map(ids.map((id, i) => [id, PRIORITY_MARKS[i % 4]!])),
    votes: new Map(ids.map((id, i) => [id, votes(i)])),
    mine: new Map(ids.filter((_, i) => i % 2 === 0).map((id) => [id, 1])),
  };
}

const boxOf = (shape: Rect): Rect => ({ x: shape.x, y: shape.y, width: shape.width, height: shape.height });

function markerBoxes(model: RenderModel): { id: string; rect: Rect }[] {
  return [...model.badges.map((b) => ({ id: b.id as string, rect: boxOf(b) })), ...model.dots.map((d) => ({ id: d.id as string, rect: boxOf(d) }))];
}

describe('L-F1: facilitationOf (what exports and the projector show)', () => {
  const marked: DiagramTree = {
    ...en,
    categories: en.categories.map((c, i) => ({ ...c, priority: i === 0 ? 'confirmed' : undefined, votes: i === 1 ? { alice: 2, bob: 1 } : undefined })),
    links: [{ from: enIds[1]!, to: enIds[2]! }],
  };
  const voting = (state: TreeVoting['state'], visibility: TreeVoting['visibility']): DiagramTree => ({
    ...marked,
    voting: { state, visibility, votesPerParticipant: 3, allowMultiple: true },
  });

  it('L-F1: marks and links always; votes summed per node once the session is closed', () => {
    const view = facilitationOf(voting('closed', 'hidden'));
    expect([...view.marks!]).toEqual([[en.categories[0]!.id, 'confirmed']]);
    expect(view.links).toEqual([{ from: enIds[1], to: enIds[2] }]);
    expect([...view.votes!]).toEqual([[en.categories[1]!.id, 3]]);
    expect(view.mine?.size ?? 0).toBe(0);
  });

  it('L-F1: votes are hidden while a hidden session is open, shown while a live one is, absent when never started', () => {
    expect(facilitationOf(voting('open', 'hidden')).votes!.size).toBe(0);
    expect(facilitationOf(voting('open', 'live')).votes!.get(en.categories[1]!.id!)).toBe(3);
    expect(facilitationOf(voting('idle', 'live')).votes!.size).toBe(0);
    expect(facilitationOf(marked).votes!.size).toBe(0);
  });

  it('L-F1: the model of a hidden open session draws no dots', () => {
    const model = buildRenderModel(layoutFishbone(voting('open', 'hidden'), approximateMeasure), { facilitation: facilitationOf(voting('open', 'hidden')) });
    expect(model.dots).toEqual([]);
    expect(model.badges.map((b) => b.mark)).toEqual(['confirmed']);
  });
});

describe('L-F2: no facilitation data, nothing changes', () => {
  it('L-F2: without a view, or with an empty one, the model is the plain one with no badges, dots or links', () => {
    const plain = buildRenderModel(enLayout);
    expect(plain.badges).toEqual([]);
    expect(plain.dots).toEqual([]);
    expect(plain.links).toEqual([]);
    expect(buildRenderModel(enLayout, { facilitation: { marks: new Map(), votes: new Map(), links: [] } })).toEqual(plain);
    expect(buildRenderModel(enLayout, { facilitation: facilitationOf(en) })).toEqual(plain);
    expect(plain.labels.every((l) => l.strike === undefined)).toBe(true);
  });
});

describe('L-F3: badges and dots sit beside their label and never on another label', () => {
  for (const { name, tree } of all) {
    const ids = nodeIds(tree);
    const layout = layoutFishbone(tree, approximateMeasure);
    for (const [what, votes] of [
      ['few votes', (i: number) => 1 + (i % MAX_DOTS)],
      ['many votes', (i: number) => 6 + 17 * i],
    ] as const) {
      it(`L-F3: ${name}, a mark and ${what} on every node: one badge and one set of dots each, clear of every other label`, () => {
        const model = buildRenderModel(layout, { facilitation: everything(ids, votes) });
        expect(model.badges.map((b) => b.id)).toEqual(ids);
        expect(model.dots.map((d) => d.id)).toEqual(ids);
        expect(model.dots.map((d) => d.total)).toEqual(ids.map((_, i) => votes(i)));
        const markers = markerBoxes(model);
        for (const marker of markers) {
          for (const label of layout.labels) {
            if (label.id === marker.id) continue;
            expect(rectsOverlap(marker.rect, label.box), `${marker.id} on ${label.id}`).toBe(false);
          }
        }
        // Markers of different nodes never overlap each other either.
        for (const [i, a] of markers.entries()) {
          for (const b of markers.slice(i + 1)) if (a.id !== b.id) expect(rectsOverlap(a.rect, b.rect), `${a.id} and ${b.id}`).toBe(false);
        }
        // Everything drawn is inside the exported content bounds.
        const bounds = contentBounds(model);
        for (const { rect } of markers) {
          expect(rect.x).toBeGreaterThanOrEqual(bounds.x);
          expect(rect.x + rect.width).toBeLessThanOrEqual(bounds.x + bounds.width + 1e-9);
        }
      });
    }
  }

  it('L-F3: with the head on the left too, every badge and dot stays clear of the other labels and the badges go right of left-aligned causes', () => {
    for (const { tree } of all) {
      const ids = nodeIds(tree);
      const layout = layoutFishbone(tree, approximateMeasure, { headSide: 'left' });
      const model = buildRenderModel(layout, { facilitation: everything(ids, (i) => i % 8) });
      for (const marker of markerBoxes(model)) {
        for (const label of layout.labels) if (label.id !== marker.id) expect(rectsOverlap(marker.rect, label.box)).toBe(false);
      }
    }
    const left = layoutFishbone(en, approximateMeasure, { headSide: 'left' });
    const cause = left.labels.find((l) => l.kind === 'cause' && l.align === 'left')!;
    const badge = buildRenderModel(left, { facilitation: { marks: new Map([[cause.id as NodeId, 'needs-evidence']]) } }).badges[0]!;
    expect(badge.x).toBeGreaterThanOrEqual(cause.box.x + cause.box.width);
  });

  it('L-F3: with room beside it, the badge sits at the text start of its label, on the first line, off its own box and every bone', () => {
    const cause = enLayout.labels.find((l) => l.kind === 'cause' && l.align === 'right')!;
    const model = buildRenderModel(enLayout, { facilitation: { marks: new Map([[cause.id as NodeId, 'confirmed']]) } });
    const badge = model.badges[0]!;
    expect(badge.x + badge.width).toBeLessThanOrEqual(cause.box.x);
    expect(badge.y + badge.height / 2).toBeCloseTo(cause.box.y + cause.padding + cause.lineHeight / 2, 5);
    for (const bone of enLayout.bones) expect(segmentHitsRect(bone.from, bone.to, boxOf(badge))).toBe(false);
  });

  it('L-F3: up to five votes are dots, the viewer\'s own first and in their own colour; more are a pill with the number', () => {
    const [a, b] = [enIds[1]!, enIds[2]!];
    const model = buildRenderModel(enLayout, { facilitation: { votes: new Map([[a, 4], [b, 12]]), mine: new Map([[a, 1], [b, 2]]) } });
    const few = model.dots.find((d) => d.id === a)!;
    expect(few.pill).toBeNull();
    expect(few.dots.map((d) => d.own)).toEqual([true, false, false, false]);
    expect(few.dots.map((d) => d.fill)).toEqual([FACILITATION_STYLE.ownVote, FACILITATION_STYLE.vote, FACILITATION_STYLE.vote, FACILITATION_STYLE.vote]);
    // Evenly spaced on one line, inside the dots' box.
    const ys = new Set(few.dots.map((d) => d.y));
    expect(ys.size).toBe(1);
    for (const dot of few.dots) {
      expect(dot.x - dot.r).toBeGreaterThanOrEqual(few.x - 1e-9);
      expect(dot.x + dot.r).toBeLessThanOrEqual(few.x + few.width + 1e-9);
    }
    const many = model.dots.find((d) => d.id === b)!;
    expect(many.pill?.text.text).toBe('12');
    expect(many.pill?.stroke).toBe(FACILITATION_STYLE.ownVote);
    expect(many.dots).toHaveLength(1);
    expect(many.height).toBe(BADGE_HEIGHT);
  });

  it('L-F3: each mark has its own colour and symbol', () => {
    const ids = enIds.slice(1, 5);
    const model = buildRenderModel(enLayout, { facilitation: { marks: new Map(ids.map((id, i) => [id, PRIORITY_MARKS[i]!])) } });
    expect(new Set(model.badges.map((b) => b.fill)).size).toBe(4);
    expect(new Set(model.badges.map((b) => JSON.stringify(b.symbol.map((line) => line.map((v, i) => v - (i % 2 === 0 ? b.x : b.y)))))).size).toBe(4);
    for (const badge of model.badges) {
      for (const line of badge.symbol) {
        for (let i = 0; i < line.length; i += 2) {
          expect(line[i]!).toBeGreaterThan(badge.x);
          expect(line[i]!).toBeLessThan(badge.x + badge.width);
          expect(line[i + 1]!).toBeGreaterThan(badge.y);
          expect(line[i + 1]!).toBeLessThan(badge.y + badge.height);
        }
      }
    }
  });

  it('L-F3: the same input gives the same picture (every peer and export agree)', () => {
    const view = everything(enIds, (i) => i % 9);
    expect(buildRenderModel(layoutFishbone(en, approximateMeasure), { facilitation: view })).toEqual(buildRenderModel(enLayout, { facilitation: view }));
  });
});

describe('L-F4: ruled out', () => {
  it('L-F4: a ruled-out cause is struck through in the placeholder grey; other marks leave the text alone', () => {
    const [out, kept] = [enIds[1]!, enIds[2]!];
    const model = buildRenderModel(enLayout, { facilitation: { marks: new Map<NodeId, PriorityMark>([[out, 'ruled-out'], [kept, 'confirmed']]) } });
    const plain = buildRenderModel(enLayout);
    const struck = model.labels.find((l) => l.id === out)!;
    expect(struck.strike).toBe(true);
    expect(struck.textColour).toBe(THEME.placeholderText);
    const other = model.labels.find((l) => l.id === kept)!;
    expect(other).toEqual(plain.labels.find((l) => l.id === kept));
  });
});

describe('L-F5: links between causes', () => {
  const [from, to] = [enIds[1]!, enIds[enIds.length - 1]!];
  const model = buildRenderModel(enLayout, { facilitation: { links: [{ from, to }] } });
  const box = (id: NodeId) => enLayout.labels.find((l) => l.id === id)!.box;
  /** Distance from a point outside a box to the box. */
  const distance = (x: number, y: number, r: Rect) => Math.hypot(Math.max(r.x - x, 0, x - r.x - r.width), Math.max(r.y - y, 0, y - r.y - r.height));

  it('L-F5: a curve from the source label\'s edge to an arrowhead whose tip touches the target label\'s edge', () => {
    expect(model.links).toHaveLength(1);
    const link = model.links[0]!;
    expect(link.key).toBe(`link:${from}>${to}`);
    expect(distance(link.points[0], link.points[1], box(from))).toBeCloseTo(2, 0);
    expect(distance(link.head[0], link.head[1], box(to))).toBeCloseTo(3, 0);
    // The curve ends at the middle of the arrowhead's base, which lies behind the tip.
    expect(link.points[6]).toBeCloseTo((link.head[2] + link.head[4]) / 2, 6);
    expect(link.points[7]).toBeCloseTo((link.head[3] + link.head[5]) / 2, 6);
    const length = Math.hypot(link.head[0] - link.points[6], link.head[1] - link.points[7]);
    expect(length).toBeGreaterThan(5);
    // A curve, not a straight line: the control points leave the chord.
    const [x0, y0, x1, y1, , , x3, y3] = link.points;
    const cross = (x3 - x0) * (y1 - y0) - (y3 - y0) * (x1 - x0);
    expect(Math.abs(cross) / Math.hypot(x3 - x0, y3 - y0)).toBeGreaterThan(5);
  });

  it('L-F5: while an arrow is drawn every cause gets a backing, so the arrow passes behind text, never over it', () => {
    expect(model.labels.filter((l) => l.kind === 'cause').every((l) => l.fill === THEME.background)).toBe(true);
    expect(buildRenderModel(enLayout).labels.filter((l) => l.kind === 'cause').every((l) => l.fill === null)).toBe(true);
  });

  it('L-F5: links to the problem, to unknown nodes or to themselves are not drawn; a repeated link once', () => {
    const odd = buildRenderModel(enLayout, {
      facilitation: {
        links: [
          { from, to },
          { from, to },
          { from, to: from },
          { from, to: 'gone' as NodeId },
          { from: 'problem' as NodeId, to },
        ],
      },
    });
    expect(odd.links.map((l) => l.key)).toEqual([`link:${from}>${to}`]);
  });

  it('L-F5: both directions are two arrows bulging to opposite sides', () => {
    const both = buildRenderModel(enLayout, { facilitation: { links: [{ from, to }, { from: to, to: from }] } });
    expect(both.links).toHaveLength(2);
    const mid = (p: readonly number[]) => ({ x: (p[2]! + p[4]!) / 2, y: (p[3]! + p[5]!) / 2 });
    const [a, b] = both.links.map((l) => mid(l.points));
    expect(Math.hypot(a!.x - b!.x, a!.y - b!.y)).toBeGreaterThan(20);
  });

  it('L-F5: the projector draws arrows thicker; the content bounds hold the whole curve', () => {
    const projector = buildRenderModel(enLayout, { theme: PROJECTOR_THEME, facilitation: { links: [{ from, to }] } });
    expect(projector.links[0]!.strokeWidth).toBeGreaterThan(model.links[0]!.strokeWidth);
    const bounds = contentBounds(model);
    const p = model.links[0]!.points;
    for (let i = 0; i < 8; i += 2) {
      expect(p[i]!).toBeGreaterThanOrEqual(bounds.x);
      expect(p[i + 1]!).toBeGreaterThanOrEqual(bounds.y);
      expect(p[i + 1]!).toBeLessThanOrEqual(bounds.y + bounds.height);
    }
  });
});

describe('L-F6: one drawing function for the board PNG and the server PNG', () => {
  it('L-F6: drawModelWith adds bones, arrows, labels, badges and dots, bottom to top', () => {
    const added: { kind: string; config: Record<string, unknown> }[] = [];
    const shape = (kind: string) =>
      class {
        constructor(public config: Record<string, unknown>) {
          added.push({ kind, config });
        }
        add(): void {}
      };
    const kit = { Shape: shape('shape'), Line: shape('line'), Rect: shape('rect'), Circle: shape('circle'), Text: shape('text') } as unknown as KonvaKit<object>;
    const [out] = [enIds[1]!];
    const view: FacilitationView = { marks: new Map([[out, 'ruled-out']]), votes: new Map([[out, 2]]), links: [{ from: out, to: enIds[2]! }] };
    const drawn = buildRenderModel(enLayout, { facilitation: view });
    const top: object[] = [];
    drawModelWith(kit, drawn, { add: (...children: object[]) => top.push(...children) });
    // Bones with the arrows, then the labels: one shape each (shared/src/render/canvas.ts); then badges and dots.
    const shapes = added.flatMap((a, i) => (a.kind === 'shape' ? [i] : []));
    expect(shapes).toEqual([0, 1]);
    const firstCircle = added.findIndex((a) => a.kind === 'circle');
    const badgeRect = added.findIndex((a) => a.kind === 'rect' && a.config.fill === FACILITATION_STYLE.marks['ruled-out'].fill);
    expect(badgeRect).toBeGreaterThan(1);
    expect(firstCircle).toBeGreaterThan(badgeRect);
    expect(added.filter((a) => a.kind === 'circle')).toHaveLength(2);
    const record = (index: number) => {
      const calls: string[] = [];
      const canvas = new Proxy(
        { measureText: (text: string) => ({ width: text.length * 7, actualBoundingBoxAscent: 10, actualBoundingBoxDescent: 3 }) },
        { get: (target, key) => (key in target ? target[key as 'measureText'] : (...args: unknown[]) => calls.push(`${String(key)}:${String(args[0])}`)), set: () => true },
      );
      (added[index]!.config.sceneFunc as (ctx: { _context: unknown }) => void)({ _context: canvas });
      return calls;
    };
    // Every bone is a stroked line; the one arrow a bezier and a filled head.
    const bones = record(0);
    expect(drawn.links).toHaveLength(1);
    expect(bones.filter((c) => c.startsWith('bezierCurveTo:'))).toHaveLength(1);
    expect(bones.filter((c) => c.startsWith('fill:'))).toHaveLength(1);
    expect(bones.filter((c) => c.startsWith('stroke:'))).toHaveLength(drawn.bones.length + 2);
    // The labels: every label's text, and one line through the ruled-out cause.
    const calls = record(1);
    const texts = drawn.labels.flatMap((l) => (l.text === '' ? [] : l.text.split('\n')));
    expect(calls.filter((c) => c.startsWith('fillText:'))).toEqual(texts.map((t) => `fillText:${t}`));
    expect(drawn.labels.filter((l) => l.strike)).toHaveLength(1);
    const boxStrokes = drawn.labels.filter((l) => l.fill !== null && l.stroke).length;
    const struckLines = drawn.labels.filter((l) => l.strike).reduce((n, l) => n + l.text.split('\n').length, 0);
    expect(struckLines).toBeGreaterThan(0);
    expect(calls.filter((c) => c.startsWith('stroke:')).length).toBe(boxStrokes + struckLines);
  });
});
