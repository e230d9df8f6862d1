/**
 * The bundled font for server-side exports: the same Noto Sans files the board loads
 * (client/src/main.tsx: latin, latin-ext and cyrillic subsets, 400, 700 and 400 italic),
 * registered with Skia under one family name, and text measured with it so the layout matches
 * the screen.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import type { SKRSContext2D } from '@napi-rs/canvas';
import type { MeasureText, TextStyle } from '@causeway/shared';

export const FONT_FAMILY = 'Noto Sans';

const SUBSETS = ['latin', 'latin-ext', 'cyrillic'] as const;
const FACES = ['400-normal', '700-normal', '400-italic'] as const;

let registered = false;

function fontPackageDir(): string {
  return dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans/package.json'));
}

/** Registers the bundled font once per process; throws when a file is missing. */
export function registerFonts(): void {
  if (registered) return;
  const dir = join(fontPackageDir(), 'files');
  for (const subset of SUBSETS) {
    for (const face of FACES) {
      const path = join(dir, `noto-sans-${subset}-${face}.woff2`);
      if (!GlobalFonts.registerFromPath(path, FONT_FAMILY)) throw new Error(`cannot register font ${path}`);
    }
  }
  registered = true;
}

/** A CSS font string, as the board builds it (client/src/board/hooks.ts fontOf). */
export function cssFont(style: TextStyle, italic = false): string {
  return `${italic ? 'italic ' : ''}${style.fontWeight === 'bold' ? 700 : 400} ${style.fontSize}px "${style.fontFamily}"`;
}

let context: SKRSContext2D | null = null;
let contextFont = '';
const cache = new Map<string, Map<string, number>>();

function measureContext(font: string): SKRSContext2D {
  registerFonts();
  context ??= createCanvas(1, 1).getContext('2d');
  if (contextFont !== font) {
    context.font = font;
    contextFont = font;
  }
  return context;
}

/** Text width with the bundled font through Skia, cached per font and text (like the board's). */
export const measureText: MeasureText = (text: string, style: TextStyle): number => {
  const font = cssFont(style);
  let widths = cache.get(font);
  if (!widths) {
    widths = new Map();
    cache.set(font, widths);
  }
  let width = widths.get(text);
  if (width === undefined) {
    width = measureContext(font).measureText(text).width;
    if (widths.size > 20_000) widths.clear();
    widths.set(text, width);
  }
  return width;
};

/** Font ascent and descent (px) for a font string, as Konva reads them to place the baseline. */
export function fontMetrics(font: string): { ascent: number; descent: number } {
  const m = measureContext(font).measureText('M');
  return { ascent: m.fontBoundingBoxAscent, descent: m.fontBoundingBoxDescent };
}

export type Face = (typeof FACES)[number];

export function faceOf(bold: boolean, italic: boolean): Face {
  return italic ? '400-italic' : bold ? '700-normal' : '400-normal';
}

interface Subset {
  name: (typeof SUBSETS)[number];
  /** The CSS unicode-range, as the font package declares it. */
  range: string;
  ranges: [number, number][];
}

let subsets: Subset[] | null = null;

/** Each subset's unicode-range, read from the font package's own CSS (so the split always matches its files). */
function subsetRanges(): Subset[] {
  if (subsets) return subsets;
  const css = readFileSync(join(fontPackageDir(), '400.css'), 'utf8');
  subsets = SUBSETS.map((name) => {
    const match = new RegExp(`noto-sans-${name}-400-normal \\*/[^}]*unicode-range:\\s*([^;]+);`).exec(css);
    if (!match) throw new Error(`no unicode-range for the ${name} subset in @fontsource/noto-sans/400.css`);
    const range = match[1]!.trim();
    const ranges = range.split(',').map((part): [number, number] => {
      const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
      return [parseInt(from!, 16), parseInt(to ?? from!, 16)];
    });
    return { name, range, ranges };
  });
  return subsets;
}

const fileCache = new Map<string, string>();

/**
 * CSS @font-face rules embedding (as base64 WOFF2) exactly the faces and subsets these texts need,
 * so an SVG looks the same in a browser without Noto Sans installed. The latin subset of a face is
 * always included once the face is used.
 */
export function embeddedFontCss(texts: ReadonlyMap<Face, readonly string[]>): string {
  const rules: string[] = [];
  for (const face of FACES) {
    const used = texts.get(face);
    if (!used || used.length === 0) continue;
    const points = new Set<number>();
    for (const text of used) for (const ch of text) points.add(ch.codePointAt(0)!);
    for (const subset of subsetRanges()) {
      const needed = subset.name === 'latin' || [...points].some((cp) => subset.ranges.some(([a, b]) => cp >= a && cp <= b));
      if (!needed) continue;
      const file = `noto-sans-${subset.name}-${face}.woff2`;
      let data = fileCache.get(file);
      if (data === undefined) {
        data = readFileSync(join(fontPackageDir(), 'files', file)).toString('base64');
        fileCache.set(file, data);
      }
      const [weight, style] = face.split('-') as [string, string];
      rules.push(`@font-face{font-family:'${FONT_FAMILY}';font-style:${style};font-weight:${weight};src:url(data:font/woff2;base64,${data}) format('woff2');unicode-range:${subset.range}}`);
    }
  }
  return rules.join('\n');
}
