/**
 * SVG of a diagram, written from the same page (layout, render model, title) as the PNG: the same
 * shapes, colours and coordinates Konva draws, text as <text> with one <tspan> per wrapped line on
 * the baseline Konva uses, in Noto Sans with a sans-serif fallback. The faces and subsets of Noto
 * Sans the text needs are embedded (WOFF2 in @font-face), so browsers draw it as the board does.
 */
import type { DiagramTree, DrawBadge, DrawDots, DrawLabel, DrawLink } from '@causeway/shared';
import { cssFont, embeddedFontCss, faceOf, FONT_FAMILY, fontMetrics, type Face } from './fonts.ts';
import { buildPage, PAGE_PADDING, TITLE, TITLE_COLOUR, type Page } from './page.ts';

/** Characters XML 1.0 does not allow in a document (C0 controls but tab and line feeds, lone surrogates, U+FFFE/FFFF). */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]!};`);
}

/** Shortest exact-enough number text (no exponent, no trailing zeros). */
function n(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

interface TextBlock {
  x: number;
  y: number;
  width: number;
  lines: string[];
  fontSize: number;
  bold: boolean;
  italic: boolean;
  /** Line height in px. */
  lineHeight: number;
  align: 'left' | 'center' | 'right';
  fill: string;
  /** Struck through (a ruled-out cause, L-F4). */
  strike?: boolean;
}

const FAMILY = `'${FONT_FAMILY}', sans-serif`;

/** Konva's text placement: each line's alphabetic baseline sits (ascent - descent) / 2 below the middle of its line box. */
function textElement(block: TextBlock): string {
  const lines = block.lines.filter((line) => line !== '');
  if (lines.length === 0) return '';
  const font = cssFont({ fontSize: block.fontSize, fontWeight: block.bold ? 'bold' : 'normal', fontFamily: FONT_FAMILY }, block.italic);
  const { ascent, descent } = fontMetrics(font);
  const shift = (ascent - descent) / 2 + block.lineHeight / 2;
  const anchor = block.align === 'center' ? 'middle' : block.align === 'right' ? 'end' : 'start';
  const x = block.align === 'center' ? block.x + block.width / 2 : block.align === 'right' ? block.x + block.width : block.x;
  const attrs = [
    `font-family="${FAMILY}"`,
    `font-size="${n(block.fontSize)}"`,
    block.bold ? 'font-weight="700"' : '',
    block.italic ? 'font-style="italic"' : '',
    anchor === 'start' ? '' : `text-anchor="${anchor}"`,
    block.strike ? 'text-decoration="line-through"' : '',
    `fill="${block.fill}"`,
  ].filter(Boolean);
  const spans = block.lines
    .map((line, i) => (line === '' ? '' : `<tspan x="${n(x)}" y="${n(block.y + i * block.lineHeight + shift)}">${escapeXml(line)}</tspan>`))
    .join('');
  return `<text ${attrs.join(' ')} xml:space="preserve">${spans}</text>`;
}

function labelElement(label: DrawLabel): string {
  const parts: string[] = [];
  if (label.fill !== null) {
    const stroke = label.stroke ? ` stroke="${label.stroke}" stroke-width="1.5"` : '';
    const r = Math.min(label.cornerRadius, label.width / 2, label.height / 2);
    parts.push(`<rect x="${n(label.x)}" y="${n(label.y)}" width="${n(label.width)}" height="${n(label.height)}" rx="${n(r)}" fill="${label.fill}"${stroke}/>`);
  }
  parts.push(
    textElement({
      x: label.x + label.textX,
      y: label.y + label.textY,
      width: label.textWidth,
      lines: label.text.split('\n'),
      fontSize: label.fontSize,
      bold: label.fontStyle === 'bold',
      italic: label.fontStyle === 'italic',
      lineHeight: label.lineHeight * label.fontSize,
      align: label.align,
      fill: label.textColour,
      strike: label.strike === true,
    }),
  );
  return parts.join('');
}

const points = (list: readonly number[]) => list.map(n).join(' ');

/** L-F5: a cubic Bézier and a filled arrowhead, as drawModel draws them. */
function linkElement(link: DrawLink): string {
  const [x0, y0, x1, y1, x2, y2, x3, y3] = link.points.map(n);
  return (
    `<path d="M${x0} ${y0}C${x1} ${y1} ${x2} ${y2} ${x3} ${y3}" fill="none" stroke="${link.stroke}" stroke-width="${n(link.strokeWidth)}" stroke-linecap="round"/>` +
    `<polygon points="${points(link.head)}" fill="${link.stroke}" stroke="${link.stroke}" stroke-width="1" stroke-linejoin="round"/>`
  );
}

function badgeElement(badge: DrawBadge): string {
  const lines = badge.symbol.map((p) => `<polyline points="${points(p)}"/>`).join('');
  return (
    `<rect x="${n(badge.x)}" y="${n(badge.y)}" width="${n(badge.width)}" height="${n(badge.height)}" rx="${n(badge.cornerRadius)}" fill="${badge.fill}"/>` +
    `<g fill="none" stroke="${badge.symbolColour}" stroke-width="${n(badge.symbolWidth)}" stroke-linecap="round" stroke-linejoin="round">${lines}</g>`
  );
}

function dotsElement(votes: DrawDots): string {
  const parts: string[] = [];
  const { pill } = votes;
  if (pill) {
    parts.push(`<rect x="${n(pill.x)}" y="${n(pill.y)}" width="${n(pill.width)}" height="${n(pill.height)}" rx="${n(pill.cornerRadius)}" fill="${pill.fill}" stroke="${pill.stroke}" stroke-width="1.5"/>`);
    const t = pill.text;
    // One line centred in the pill's height, as Konva's verticalAlign 'middle' places it.
    parts.push(
      textElement({ x: t.x, y: t.y + (t.height - t.fontSize * t.lineHeight) / 2, width: t.width, lines: [t.text], fontSize: t.fontSize, bold: true, italic: false, lineHeight: t.fontSize * t.lineHeight, align: t.align, fill: t.fill }),
    );
  }
  for (const dot of votes.dots) parts.push(`<circle cx="${n(dot.x)}" cy="${n(dot.y)}" r="${n(dot.r)}" fill="${dot.fill}" stroke="${dot.stroke}" stroke-width="${n(dot.strokeWidth)}"/>`);
  return parts.join('');
}

/** The texts drawn in each face (for the embedded font subsets). */
function textsByFace(page: Page): Map<Face, string[]> {
  const faces = new Map<Face, string[]>();
  const add = (face: Face, text: string) => {
    if (text === '') return;
    const list = faces.get(face) ?? [];
    list.push(text);
    faces.set(face, list);
  };
  for (const line of page.titleLines) add(faceOf(true, false), line);
  for (const label of page.model.labels) add(faceOf(label.fontStyle === 'bold', label.fontStyle === 'italic'), label.text);
  for (const votes of page.model.dots) if (votes.pill) add(faceOf(true, false), votes.pill.text.text);
  return faces;
}

export interface SvgOptions {
  /** Embed the needed Noto Sans subsets (default true). */
  embedFonts?: boolean;
}

export function pageSvg(page: Page, options: SvgOptions = {}): string {
  const { width, height, model } = page;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
  ];
  if (options.embedFonts !== false) {
    const css = embeddedFontCss(textsByFace(page));
    if (css) out.push(`<defs><style>\n${css}\n</style></defs>`);
  }
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  if (page.titleLines.length > 0) {
    out.push(
      textElement({
        x: PAGE_PADDING,
        y: PAGE_PADDING,
        width: width - 2 * PAGE_PADDING,
        lines: page.titleLines,
        fontSize: TITLE.fontSize,
        bold: true,
        italic: false,
        lineHeight: TITLE.lineHeight,
        align: 'left',
        fill: TITLE_COLOUR,
      }),
    );
  }
  out.push(`<g transform="translate(${n(page.offset.x)} ${n(page.offset.y)})">`);
  out.push('<g fill="none" stroke-linecap="round">');
  for (const bone of model.bones) {
    const [x1, y1, x2, y2] = bone.points;
    out.push(`<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="${bone.stroke}" stroke-width="${n(bone.strokeWidth)}"/>`);
  }
  out.push('</g>');
  for (const link of model.links) out.push(linkElement(link));
  for (const label of model.labels) out.push(labelElement(label));
  for (const badge of model.badges) out.push(badgeElement(badge));
  for (const votes of model.dots) out.push(dotsElement(votes));
  out.push('</g>', '</svg>', '');
  return out.join('\n');
}

export function renderSvg(tree: DiagramTree, locale: string, options: SvgOptions = {}): string {
  return pageSvg(buildPage(tree, locale), options);
}
