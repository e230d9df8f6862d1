/**
 * Exports, loaded only when someone exports (keeps the first download small). PNG is drawn from
 * the same layout and render model as the screen, whatever the current view: the whole diagram,
 * white background, 2x pixel ratio, the problem as a title.
 */
import { Group } from 'konva/lib/Group';
import { Layer } from 'konva/lib/Layer';
import { Rect } from 'konva/lib/shapes/Rect';
import { Text } from 'konva/lib/shapes/Text';
import { Stage } from 'konva/lib/Stage';
import { layoutFishbone, toJson, toMarkdown, toMermaid, wrapText } from '@causeway/shared';
import type { DiagramTree } from '@causeway/shared';
import { FONT_FAMILY, measureText } from '../board/hooks.ts';
import { buildRenderModel, contentBounds, facilitationOf, pngPixelRatio, withPlaceholders } from '@causeway/shared';
import type { PlaceholderTexts } from '@causeway/shared';
import { drawModel } from './draw.ts';

export type ExportFormat = 'png' | 'json' | 'markdown' | 'mermaid';

const PADDING = 32;
const TITLE = { fontSize: 24, fontWeight: 'bold' as const, fontFamily: FONT_FAMILY, lineHeight: 32 };

/** A file name from the problem: letters of any script kept, the rest dashed. */
export function fileName(problem: string, extension: string): string {
  const base = problem
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${base || 'causeway'}.${extension}`;
}

export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Renders the whole diagram to a PNG blob (2x, lower only for diagrams too large to encode at 2x). */
export async function renderPng(tree: DiagramTree, placeholders: PlaceholderTexts): Promise<Blob> {
  await document.fonts.load(`700 24px "${FONT_FAMILY}"`);
  const prepared = withPlaceholders(tree, placeholders);
  const layout = layoutFishbone(prepared.tree, measureText, { fontFamily: FONT_FAMILY });
  // Marks, links and votes as every export shows them: votes only once the session reveals them (L-F1).
  const model = buildRenderModel(layout, { placeholders: prepared.placeholders, facilitation: facilitationOf(tree) });
  const bounds = contentBounds(model);
  const titleWidth = Math.max(bounds.width, 480);
  const titleLines = tree.problem.trim() ? wrapText(tree.problem, TITLE, titleWidth, measureText) : [];
  const titleHeight = titleLines.length > 0 ? titleLines.length * TITLE.lineHeight + 16 : 0;
  const width = Math.ceil(Math.max(bounds.width, titleWidth) + 2 * PADDING);
  const height = Math.ceil(bounds.height + titleHeight + 2 * PADDING);

  const container = document.createElement('div');
  const stage = new Stage({ container, width, height });
  const layer = new Layer({ listening: false });
  stage.add(layer);
  layer.add(new Rect({ x: 0, y: 0, width, height, fill: '#ffffff' }));
  if (titleLines.length > 0) {
    layer.add(new Text({ x: PADDING, y: PADDING, width: width - 2 * PADDING, text: titleLines.join('\n'), fontFamily: FONT_FAMILY, fontSize: TITLE.fontSize, fontStyle: 'bold', lineHeight: TITLE.lineHeight / TITLE.fontSize, fill: '#1f2933', wrap: 'none' }));
  }
  const diagram = new Group({ x: PADDING - bounds.x + (width - 2 * PADDING - bounds.width) / 2, y: PADDING + titleHeight - bounds.y });
  layer.add(diagram);
  drawModel(model, diagram);
  layer.draw();
  try {
    return await stage.toBlob({ pixelRatio: pngPixelRatio(width, height), mimeType: 'image/png' });
  } finally {
    stage.destroy();
  }
}

export async function exportDiagram(format: ExportFormat, tree: DiagramTree, options: { placeholders: PlaceholderTexts }): Promise<void> {
  switch (format) {
    case 'png':
      return download(await renderPng(tree, options.placeholders), fileName(tree.problem, 'png'));
    case 'json':
      return download(new Blob([toJson(tree)], { type: 'application/json' }), fileName(tree.problem, 'json'));
    case 'markdown':
      return download(new Blob([toMarkdown(tree)], { type: 'text/markdown' }), fileName(tree.problem, 'md'));
    case 'mermaid':
      return download(new Blob([toMermaid(tree)], { type: 'text/plain' }), fileName(tree.problem, 'mmd'));
  }
}
