import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { approximateMeasure, layoutFishbone, parseJson } from '@causeway/shared';
import type { DiagramTree, Layout, NodeId } from '@causeway/shared';
import { buildRenderModel, contentBounds, fitView, hitTest, inflate, OUTLINE_GAP, THEME, withPlaceholders, zoomAround } from '@causeway/shared';

const fixture = (name: string): DiagramTree => {
  const parsed = parseJson(readFileSync(join('/work/shared/fixtures', name), 'utf8'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  // Give every node an id, as readTree does.
  let n = 0;
  const withIds = (nodes: DiagramTree['categories']): DiagramTree['categories'] => nodes.map((c) => ({ ...c, id: (c.id ?? `n${n++}`) as NodeId, children: withIds(c.children) }));
  return { problem: parsed.tree.problem, categories: withIds(parsed.tree.categories) };
};

const tree = fixture('pl-decyzje-administracyjne.json');
const layout: Layout = layoutFishbone(tree, approximateMeasure);
const firstCategory = tree.categories[0]!.id!;
const firstCause = tree.categories[0]!.children[0]!.id!;

describe('C5: the render model (layout -> what to draw where)', () => {
  it('C5: one drawn label per laid-out label, with its box, lines and font', () => {
    const model = buildRenderModel(layout);
    expect(model.labels).toHaveLength(layout.labels.length);
    for (const [i, label] of model.labels.entries()) {
      const source = layout.labels[i]!;
      expect(label.id).toBe(source.id);
      expect([label.x, label.y, label.width, label.height]).toEqual([source.box.x, source.box.y, source.box.width, source.box.height]);
      expect(label.text).toBe(source.lines.join('\n'));
      expect(label.fontFamily).toBe('Noto Sans');
      expect(label.textX).toBe(source.padding);
      expect(label.textY).toBeGreaterThanOrEqual(0);
      expect(label.textY + source.lines.length * source.lineHeight).toBeLessThanOrEqual(source.box.height + 0.001);
    }
  });

  it('C5: the head is a dark box with white bold text; categories are tinted in their own colour; causes are plain text', () => {
    const model = buildRenderModel(layout);
    const head = model.labels.find((l) => l.id === 'problem')!;
    expect(head).toMatchObject({ fill: THEME.headFill, textColour: THEME.headText, fontStyle: 'bold' });
    const categories = model.labels.filter((l) => l.kind === 'category');
    expect(categories).toHaveLength(tree.categories.length);
    categories.forEach((c, i) => {
      expect(c.stroke).toBe(THEME.categoryColours[i % THEME.categoryColours.length]);
      expect(c.fill).toBe(THEME.categoryTints[i % THEME.categoryTints.length]);
    });
    expect(model.labels.filter((l) => l.kind === 'cause').every((c) => c.fill === null && c.textColour === THEME.text)).toBe(true);
  });

  it('C5: the spine is thickest, category bones take the category colour, ribs are thin and grey', () => {
    const model = buildRenderModel(layout);
    const spine = model.bones.find((b) => b.owner === 'problem')!;
    expect(spine.strokeWidth).toBeGreaterThan(Math.max(...model.bones.filter((b) => b !== spine).map((b) => b.strokeWidth)));
    const categoryBone = model.bones.find((b) => b.owner === firstCategory)!;
    expect(categoryBone.stroke).toBe(THEME.categoryColours[0]);
    expect(model.bones.find((b) => b.owner === firstCause)!.stroke).toBe(THEME.rib);
  });

  it('C5: my selection is outlined around the label box; others are outlined in their colour with their name, stacked outward', () => {
    const peers = [
      { clientId: 7, name: 'Ivan', colour: '#d1495b', selection: firstCause, editing: null, dragging: null },
      { clientId: 9, name: 'Anna', colour: '#00798c', selection: firstCause, editing: firstCause, dragging: null },
      { clientId: 11, name: 'Gone', colour: '#6a4c93', selection: 'no-such-node', editing: null, dragging: null },
    ];
    const model = buildRenderModel(layout, { selection: firstCause, peers });
    const box = layout.labels.find((l) => l.id === firstCause)!.box;
    const [self, ivan, anna] = model.outlines;
    expect(model.outlines).toHaveLength(3);
    expect(self).toMatchObject({ key: 'self', stroke: THEME.selection, tag: null, rect: inflate(box, OUTLINE_GAP) });
    expect(ivan).toMatchObject({ stroke: '#d1495b', tag: 'Ivan', dash: [6, 4] });
    expect(anna).toMatchObject({ stroke: '#00798c', tag: 'Anna', dash: null });
    expect(anna!.rect.width).toBeGreaterThan(ivan!.rect.width);
    expect(ivan!.rect.width).toBeGreaterThan(self!.rect.width);
  });

  it('C5: the label being edited here is left out of the canvas (the textarea draws it)', () => {
    const model = buildRenderModel(layout, { editing: firstCategory });
    expect(model.labels.find((l) => l.id === firstCategory)!.text).toBe('');
    expect(model.labels.find((l) => l.id === firstCause)!.text).not.toBe('');
  });

  it('C10: a drop inside a node outlines it; before/after draws a line at its edge', () => {
    const inside = buildRenderModel(layout, { drop: { kind: 'inside', id: firstCategory } });
    expect(inside.outlines.map((o) => o.key)).toEqual(['drop']);
    expect(inside.dropLine).toBeNull();
    const before = buildRenderModel(layout, { drop: { kind: 'before', id: firstCause } });
    const box = layout.labels.find((l) => l.id === firstCause)!.box;
    expect(before.dropLine!.points[1]).toBeLessThan(box.y);
    const after = buildRenderModel(layout, { drop: { kind: 'after', id: firstCause } });
    expect(after.dropLine!.points[1]).toBeGreaterThan(box.y + box.height);
  });

  it('C5: empty labels get a placeholder before layout and are drawn grey and italic', () => {
    const empty: DiagramTree = { problem: '', categories: [{ id: 'c1' as NodeId, text: ' ', children: [] }, { id: 'c2' as NodeId, text: 'Law', children: [] }] };
    const { tree: shown, placeholders } = withPlaceholders(empty, { problem: 'What is the problem?', label: 'New cause' });
    expect(shown.problem).toBe('What is the problem?');
    expect(shown.categories.map((c) => c.text)).toEqual(['New cause', 'Law']);
    expect([...placeholders].sort()).toEqual(['c1', 'problem']);
    const model = buildRenderModel(layoutFishbone(shown, approximateMeasure), { placeholders });
    expect(model.labels.find((l) => l.id === 'c1')).toMatchObject({ fontStyle: 'italic', textColour: THEME.placeholderText, placeholder: true });
    expect(model.labels.find((l) => l.id === 'c2')).toMatchObject({ fontStyle: 'bold', placeholder: false });
  });

  it('C5: the same layout gives the same model (pure)', () => {
    expect(buildRenderModel(layout, { selection: firstCause })).toEqual(buildRenderModel(layoutFishbone(tree, approximateMeasure), { selection: firstCause }));
  });
});

describe('C6: view maths (fit, zoom around the pointer, hit testing)', () => {
  it('C6: fit puts the whole diagram inside the viewport with a margin, centred', () => {
    const bounds = contentBounds(buildRenderModel(layout));
    const view = fitView(bounds, { width: 1000, height: 600 }, 40);
    const left = bounds.x * view.scale + view.x;
    const right = (bounds.x + bounds.width) * view.scale + view.x;
    const top = bounds.y * view.scale + view.y;
    const bottom = (bounds.y + bounds.height) * view.scale + view.y;
    expect(left).toBeGreaterThanOrEqual(39.999);
    expect(right).toBeLessThanOrEqual(960.001);
    expect(top).toBeGreaterThanOrEqual(39.999);
    expect(bottom).toBeLessThanOrEqual(560.001);
    expect(Math.abs(left + right - 1000)).toBeLessThan(0.01);
    // One dimension fills the space (the diagram is far larger than the viewport, so no max-zoom cap).
    expect(Math.max(right - left - 920, bottom - top - 520)).toBeCloseTo(0, 6);
  });

  it('C6: zooming keeps the diagram point under the pointer in place and stays within limits', () => {
    const view = { scale: 1, x: 100, y: 50 };
    const pointer = { x: 400, y: 300 };
    const before = { x: (pointer.x - view.x) / view.scale, y: (pointer.y - view.y) / view.scale };
    const zoomed = zoomAround(view, pointer, 1.7);
    expect((pointer.x - zoomed.x) / zoomed.scale).toBeCloseTo(before.x, 9);
    expect((pointer.y - zoomed.y) / zoomed.scale).toBeCloseTo(before.y, 9);
    expect(zoomAround(view, pointer, 1000).scale).toBe(6);
    expect(zoomAround(view, pointer, 0.00001).scale).toBe(0.05);
  });

  it('C6: hit testing finds the label under a point and nothing on empty space', () => {
    const cause = layout.hitAreas.find((h) => h.id === firstCause)!.rect;
    expect(hitTest(layout, { x: cause.x + cause.width / 2, y: cause.y + cause.height / 2 })).toBe(firstCause);
    expect(hitTest(layout, { x: -1000, y: -1000 })).toBeNull();
  });
});
