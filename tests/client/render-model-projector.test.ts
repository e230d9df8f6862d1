import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { approximateMeasure, buildRenderModel, HIGHLIGHT_COLOUR, HIGHLIGHT_WIDTH, layoutFishbone, parseJson, PROJECTOR_THEME, THEME } from '@causeway/shared';
import type { DiagramTree, Layout, NodeId } from '@causeway/shared';

const fixture = (name: string): DiagramTree => {
  const parsed = parseJson(readFileSync(join('/work/shared/fixtures', name), 'utf8'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  let n = 0;
  const withIds = (nodes: DiagramTree['categories']): DiagramTree['categories'] => nodes.map((c) => ({ ...c, id: (c.id ?? `n${n++}`) as NodeId, children: withIds(c.children) }));
  return { problem: parsed.tree.problem, categories: withIds(parsed.tree.categories) };
};

const tree = fixture('pl-decyzje-administracyjne.json');
const layout: Layout = layoutFishbone(tree, approximateMeasure);
const cause = tree.categories[1]!.children[0]!.id!;

/** WCAG relative luminance contrast of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('C-P3/C-P4: the render model for the projector (theme and highlight, backward compatible)', () => {
  it('C-P3: without the new inputs the model is exactly what it was (board default theme, no highlight outline)', () => {
    const plain = buildRenderModel(layout);
    const explicit = buildRenderModel(layout, { theme: THEME, highlight: null });
    expect(explicit).toEqual(plain);
    expect(plain.outlines).toEqual([]);
    expect(plain.bones.find((b) => b.owner === 'problem')!.strokeWidth).toBe(5);
    expect(THEME.boneScale).toBeUndefined();
    expect(THEME.highlight).toBeUndefined();
  });

  it('C-P3: the projector theme keeps every label box, thickens the bones and darkens the text', () => {
    const board = buildRenderModel(layout);
    const projector = buildRenderModel(layout, { theme: PROJECTOR_THEME });
    expect(projector.labels.map((l) => [l.id, l.x, l.y, l.width, l.height, l.text])).toEqual(board.labels.map((l) => [l.id, l.x, l.y, l.width, l.height, l.text]));
    projector.bones.forEach((bone, i) => expect(bone.strokeWidth).toBeCloseTo(board.bones[i]!.strokeWidth * PROJECTOR_THEME.boneScale!));
    expect(PROJECTOR_THEME.boneScale!).toBeGreaterThan(1);
    expect(projector.labels.filter((l) => l.kind === 'cause').every((l) => l.textColour === '#000000')).toBe(true);
  });

  it('C-P3: projector colours are high contrast (text on tints at least 7:1, bones on white at least 4.5:1)', () => {
    for (const tint of PROJECTOR_THEME.categoryTints) expect(contrast(PROJECTOR_THEME.text, tint)).toBeGreaterThanOrEqual(7);
    expect(contrast(PROJECTOR_THEME.headText, PROJECTOR_THEME.headFill)).toBeGreaterThanOrEqual(7);
    for (const colour of [...PROJECTOR_THEME.categoryColours, PROJECTOR_THEME.rib, PROJECTOR_THEME.spine]) expect(contrast(colour, PROJECTOR_THEME.background)).toBeGreaterThanOrEqual(4.5);
    // And more contrast than the board's own colours.
    expect(contrast(PROJECTOR_THEME.rib, '#ffffff')).toBeGreaterThan(contrast(THEME.rib, '#ffffff'));
  });

  it('C-P4: a highlighted cause gets one thick outline in the highlight colour, around its box', () => {
    const model = buildRenderModel(layout, { theme: PROJECTOR_THEME, highlight: cause });
    const outlines = model.outlines.filter((o) => o.key === 'highlight');
    expect(outlines).toHaveLength(1);
    const outline = outlines[0]!;
    const box = layout.labels.find((l) => l.id === cause)!.box;
    expect(outline).toMatchObject({ id: cause, stroke: HIGHLIGHT_COLOUR, strokeWidth: HIGHLIGHT_WIDTH, dash: null, tag: null });
    expect(outline.rect.x).toBeLessThan(box.x);
    expect(outline.rect.y).toBeLessThan(box.y);
    expect(outline.rect.x + outline.rect.width).toBeGreaterThan(box.x + box.width);
    expect(outline.rect.y + outline.rect.height).toBeGreaterThan(box.y + box.height);
    expect(HIGHLIGHT_WIDTH).toBeGreaterThan(Math.max(...buildRenderModel(layout, { selection: cause }).outlines.map((o) => o.strokeWidth)));
    // Its colour is none of the category colours, so it can be told apart on the picture.
    expect([...THEME.categoryColours, ...PROJECTOR_THEME.categoryColours]).not.toContain(HIGHLIGHT_COLOUR);
  });

  it('C-P4: the highlight sits outside a selection and the people outlines on the same label', () => {
    const model = buildRenderModel(layout, { highlight: cause, selection: cause, peers: [{ clientId: 7, name: 'Ala', colour: '#d1495b', selection: cause, editing: null, dragging: null }] });
    const highlight = model.outlines.find((o) => o.key === 'highlight')!;
    for (const other of model.outlines.filter((o) => o.key !== 'highlight')) expect(highlight.rect.x).toBeLessThan(other.rect.x);
    expect(model.outlines.at(-1)!.key).toBe('highlight');
  });

  it('C-P4: a highlight of a node that does not exist (deleted meanwhile) draws nothing', () => {
    expect(buildRenderModel(layout, { highlight: 'gone' as NodeId }).outlines).toEqual([]);
    expect(buildRenderModel(layout, { highlight: 'problem' }).outlines.map((o) => o.id)).toEqual(['problem']);
  });
});
