/**
 * The exported page, shared by PNG and SVG so both draw the same picture as the board's own PNG
 * export (client/src/io/export.ts): the diagram laid out with the bundled font, the render model,
 * the problem as a wrapped title above it, a white margin around everything.
 */
import { buildRenderModel, contentBounds, facilitationOf, layoutFishbone, withPlaceholders, wrapText, THEME } from '@causeway/shared';
import type { DiagramTree, Locale, PlaceholderTexts, Rect, RenderModel, TextStyle } from '@causeway/shared';
import { FONT_FAMILY, measureText } from './fonts.ts';

/** Margin around the page content, px (as the board's export). */
export const PAGE_PADDING = 32;
/** The title's style and line height (as the board's export). */
export const TITLE: TextStyle & { lineHeight: number } = { fontSize: 24, fontWeight: 'bold', fontFamily: FONT_FAMILY, lineHeight: 32 };
/** Gap between the title and the diagram. */
export const TITLE_GAP = 16;
/** The title wraps at the diagram's width, but never narrower than this. */
export const MIN_TITLE_WIDTH = 480;
export const TITLE_COLOUR = THEME.text;

/**
 * Placeholders for empty labels in each workshop language; the same words as the board's
 * translation catalog (client/src/i18n: canvas.emptyProblem, canvas.emptyLabel).
 */
export const PLACEHOLDERS: Record<Locale, PlaceholderTexts> = {
  en: { problem: 'What is the problem?', label: 'New cause' },
  pl: { problem: 'Jaki jest problem?', label: 'Nowa przyczyna' },
  bg: { problem: 'Какъв е проблемът?', label: 'Нова причина' },
  lv: { problem: 'Kāda ir problēma?', label: 'Jauns cēlonis' },
  hu: { problem: 'Mi a probléma?', label: 'Új ok' },
};

export function placeholdersFor(locale: string): PlaceholderTexts {
  return PLACEHOLDERS[locale as Locale] ?? PLACEHOLDERS.en;
}

export interface Page {
  /** Page size in CSS px (the PNG is this times its pixel ratio). */
  width: number;
  height: number;
  model: RenderModel;
  /** contentBounds(model). */
  bounds: Rect;
  titleLines: string[];
  titleHeight: number;
  /** Where the diagram's (0, 0) lands on the page. */
  offset: { x: number; y: number };
}

export function buildPage(tree: DiagramTree, locale: string): Page {
  const prepared = withPlaceholders(tree, placeholdersFor(locale));
  const layout = layoutFishbone(prepared.tree, measureText, { fontFamily: FONT_FAMILY });
  const model = buildRenderModel(layout, { placeholders: prepared.placeholders, facilitation: facilitationOf(tree) });
  const bounds = contentBounds(model);
  const titleWidth = Math.max(bounds.width, MIN_TITLE_WIDTH);
  const titleLines = tree.problem.trim() ? wrapText(tree.problem, TITLE, titleWidth, measureText) : [];
  const titleHeight = titleLines.length > 0 ? titleLines.length * TITLE.lineHeight + TITLE_GAP : 0;
  const width = Math.ceil(Math.max(bounds.width, titleWidth) + 2 * PAGE_PADDING);
  const height = Math.ceil(bounds.height + titleHeight + 2 * PAGE_PADDING);
  const offset = {
    x: PAGE_PADDING - bounds.x + (width - 2 * PAGE_PADDING - bounds.width) / 2,
    y: PAGE_PADDING + titleHeight - bounds.y,
  };
  return { width, height, model, bounds, titleLines, titleHeight, offset };
}
