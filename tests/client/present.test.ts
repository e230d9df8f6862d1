import { describe, expect, it } from 'vitest';
import { parseRoute } from '../../client/src/route.ts';
import { easeInOut, HIGHLIGHT_GAP_PX, highlightRing, interpolateView, isInside, PROJECTOR_MARGIN, PROJECTOR_MAX_SCALE, projectorFit, sameView, toScreen } from '../../client/src/present/fit.ts';
import { readHighlight, readHighlightField } from '../../client/src/present/highlight.ts';
import { HIGHLIGHT_WIDTH } from '@causeway/shared';

describe('C-P1: the projector route', () => {
  it('C-P1: /w/<w>/g/<g>/present#t=<token> is the projector view of that group', () => {
    expect(parseRoute('/w/ws_1/g/grp-2/present', '#t=abc')).toEqual({ kind: 'present', workshopId: 'ws_1', groupId: 'grp-2', token: 'abc' });
    expect(parseRoute('/w/ws_1/g/grp-2/present/', '#t=abc')).toMatchObject({ kind: 'present' });
    expect(parseRoute('/w/ws_1/g/grp-2/present', '')).toEqual({ kind: 'present', workshopId: 'ws_1', groupId: 'grp-2', token: null });
    // The board stays the board.
    expect(parseRoute('/w/ws_1/g/grp-2', '#t=abc')).toMatchObject({ kind: 'board', groupId: 'grp-2' });
  });

  it('C-P1: bad ids or other suffixes are not a projector view', () => {
    expect(parseRoute('/w/ws 1/g/g/present', '#t=a').kind).toBe('notFound');
    expect(parseRoute(`/w/w/g/${'x'.repeat(65)}/present`, '#t=a').kind).toBe('notFound');
    expect(parseRoute('/w/w/g/g/presentation', '#t=a').kind).toBe('notFound');
    expect(parseRoute('/w/w/g/g/present/more', '#t=a').kind).toBe('notFound');
    expect(parseRoute('/w/w/g/%E0%A4%A/present', '#t=a').kind).toBe('notFound');
  });
});

describe('C-P2: the projector fits the whole diagram, and glides to a new fit', () => {
  const viewport = { width: 1280, height: 720 };

  it('C-P2: the fitted diagram lies inside the viewport with the margin and touches it on one side', () => {
    for (const content of [
      { x: 0, y: 0, width: 3000, height: 800 },
      { x: -40, y: 20, width: 600, height: 1900 },
      { x: 0, y: 0, width: 1180, height: 620 },
    ]) {
      const view = projectorFit(content, viewport);
      const screen = toScreen(content, view);
      expect(isInside(screen, { width: viewport.width, height: viewport.height })).toBe(true);
      expect(screen.x).toBeGreaterThanOrEqual(PROJECTOR_MARGIN - 0.01);
      expect(screen.y).toBeGreaterThanOrEqual(PROJECTOR_MARGIN - 0.01);
      const touches = Math.abs(screen.width - (viewport.width - 2 * PROJECTOR_MARGIN)) < 0.01 || Math.abs(screen.height - (viewport.height - 2 * PROJECTOR_MARGIN)) < 0.01;
      expect(touches).toBe(true);
      // Centred.
      expect(screen.x + screen.width / 2).toBeCloseTo(viewport.width / 2);
      expect(screen.y + screen.height / 2).toBeCloseTo(viewport.height / 2);
    }
  });

  it('C-P2: a small diagram is drawn larger than on the board, up to the projector maximum', () => {
    const small = projectorFit({ x: 0, y: 0, width: 300, height: 150 }, viewport);
    expect(small.scale).toBe(PROJECTOR_MAX_SCALE);
    expect(projectorFit({ x: 0, y: 0, width: 600, height: 300 }, viewport).scale).toBeGreaterThan(1.25);
  });

  it('C-P2: a growing diagram gets a smaller scale, and stays inside', () => {
    const before = projectorFit({ x: 0, y: 0, width: 1200, height: 500 }, viewport);
    const after = projectorFit({ x: 0, y: 0, width: 1900, height: 700 }, viewport);
    expect(after.scale).toBeLessThan(before.scale);
    expect(isInside(toScreen({ x: 0, y: 0, width: 1900, height: 700 }, after), viewport)).toBe(true);
  });

  it('C-P2: a tiny window keeps most of itself for the picture', () => {
    const view = projectorFit({ x: 0, y: 0, width: 1000, height: 400 }, { width: 200, height: 120 });
    const screen = toScreen({ x: 0, y: 0, width: 1000, height: 400 }, view);
    expect(screen.width).toBeGreaterThanOrEqual(200 * 0.8 - 0.01);
  });

  it('C-P2: the refit eases from the old view to the new one, monotonically, without overshoot', () => {
    expect(easeInOut(0)).toBe(0);
    expect(easeInOut(1)).toBe(1);
    expect(easeInOut(0.5)).toBeCloseTo(0.5);
    expect(easeInOut(-1)).toBe(0);
    expect(easeInOut(2)).toBe(1);
    const from = { scale: 2, x: 100, y: 50 };
    const to = { scale: 0.5, x: 300, y: -20 };
    expect(interpolateView(from, to, 0)).toEqual(from);
    expect(interpolateView(from, to, 1)).toBe(to);
    expect(interpolateView(from, to, 1.3)).toBe(to);
    let previous = from;
    for (let i = 1; i <= 20; i++) {
      const v = interpolateView(from, to, i / 20);
      expect(v.scale).toBeLessThanOrEqual(previous.scale);
      expect(v.scale).toBeGreaterThanOrEqual(to.scale);
      expect(v.x).toBeGreaterThanOrEqual(previous.x);
      expect(v.x).toBeLessThanOrEqual(to.x);
      previous = v;
    }
    // Gentle at both ends: the first and last steps move less than the middle one.
    const step = (a: number, b: number) => interpolateView(from, to, b).x - interpolateView(from, to, a).x;
    expect(step(0, 0.05)).toBeLessThan(step(0.475, 0.525));
    expect(step(0.95, 1)).toBeLessThan(step(0.475, 0.525));
    expect(sameView(interpolateView(from, to, 1), to)).toBe(true);
    expect(sameView(from, to)).toBe(false);
  });
});

describe('C-P4: the facilitator highlight travels through awareness and is validated', () => {
  it('C-P4: reads a highlight of the problem or a node id; ignores anything else', () => {
    expect(readHighlightField({ highlight: 'problem' })).toBe('problem');
    expect(readHighlightField({ highlight: 'n_1-x' })).toBe('n_1-x');
    for (const bad of [null, 7, {}, { highlight: null }, { highlight: 42 }, { highlight: '' }, { highlight: 'a b' }, { highlight: 'x'.repeat(65) }, { highlight: { id: 'a' } }]) {
      expect(readHighlightField(bad)).toBeNull();
    }
  });

  it('C-P4: the highlight ring keeps the same gap from the label on screen at every projector scale', () => {
    const box = { x: 100, y: 40, width: 120, height: 30 };
    for (const scale of [0.3, 0.6, 1, 2, 3]) {
      const ring = toScreen(highlightRing(box, scale), { scale, x: 0, y: 0 });
      const label = toScreen(box, { scale, x: 0, y: 0 });
      // The stroke is centred on the ring: its inner edge sits HIGHLIGHT_GAP_PX outside the label.
      expect(label.x - (ring.x + HIGHLIGHT_WIDTH / 2)).toBeCloseTo(HIGHLIGHT_GAP_PX);
      expect(ring.y + ring.height - HIGHLIGHT_WIDTH / 2 - (label.y + label.height)).toBeCloseTo(HIGHLIGHT_GAP_PX);
    }
  });

  it('C-P4: with several states the one with the lowest client id wins on every screen; none means no highlight', () => {
    expect(readHighlight(new Map())).toBeNull();
    expect(readHighlight(new Map<number, unknown>([[1, { user: { name: 'A' } }], [2, {}]]))).toBeNull();
    const states = new Map<number, unknown>([
      [30, { highlight: 'late' }],
      [12, { highlight: 'early' }],
      [5, { highlight: 'bad id!' }],
    ]);
    expect(readHighlight(states)).toBe('early');
    expect(readHighlight(new Map([...states].reverse()))).toBe('early');
  });
});
