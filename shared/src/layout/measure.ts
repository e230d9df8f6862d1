import type { MeasureText, TextStyle } from './types.ts';
import { NOTO_SANS_BOLD, NOTO_SANS_REGULAR, WIDTH_DIGITS, WIDTH_RANGES } from './widths.ts';

/** Width, in thousandths of an em, of a code point outside the tables (CJK and other wide scripts). */
const WIDE_UNITS = 1000;
/** Width of any other code point outside the tables: about an average Latin letter. */
const DEFAULT_UNITS = 600;

function decode(table: string): Map<number, number> {
  const widths = new Map<number, number>();
  let at = 0;
  for (const [first, last] of WIDTH_RANGES) {
    for (let cp = first; cp <= last; cp++) {
      widths.set(cp, WIDTH_DIGITS.indexOf(table[at]!) * 64 + WIDTH_DIGITS.indexOf(table[at + 1]!));
      at += 2;
    }
  }
  return widths;
}

function toArray(widths: Map<number, number>): Uint16Array {
  // A dense array up to U+052F keeps the hot path (Latin, Cyrillic) a single indexed load.
  const dense = new Uint16Array(0x530).fill(DEFAULT_UNITS);
  for (const [cp, w] of widths) if (cp < dense.length) dense[cp] = w;
  return dense;
}

const regularMap = decode(NOTO_SANS_REGULAR);
const boldMap = decode(NOTO_SANS_BOLD);
const regularDense = toArray(regularMap);
const boldDense = toArray(boldMap);

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function unitsOf(cp: number, dense: Uint16Array, sparse: Map<number, number>): number {
  if (cp < dense.length) return dense[cp] ?? DEFAULT_UNITS;
  const known = sparse.get(cp);
  if (known !== undefined) return known;
  if (cp >= 0xfe00 && cp <= 0xfe0f) return 0; // variation selectors
  if (cp === 0x200b || cp === 0x200c || cp === 0x200d || cp === 0x2060 || cp === 0xfeff) return 0;
  return isWide(cp) ? WIDE_UNITS : DEFAULT_UNITS;
}

/**
 * A deterministic stand-in for canvas text measurement: the sum of per-character advance widths of
 * Noto Sans (Latin, Latin Extended, Cyrillic and common punctuation; other scripts get an estimate).
 * No kerning, so widths add up exactly: width(a + b) = width(a) + width(b). Used by tests, the
 * server's exporters and benchmarks, where no canvas exists. It ignores style.fontFamily: the
 * widths are always Noto Sans, the one bundled font.
 */
export const approximateMeasure: MeasureText = (text: string, style: TextStyle): number => {
  const bold = style.fontWeight === 'bold';
  const dense = bold ? boldDense : regularDense;
  const sparse = bold ? boldMap : regularMap;
  let units = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x530) {
      units += dense[code] ?? DEFAULT_UNITS;
    } else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      units += unitsOf(text.codePointAt(i) ?? code, dense, sparse);
      i++;
    } else {
      units += unitsOf(code, dense, sparse);
    }
  }
  return (units * style.fontSize) / 1000;
};

/**
 * Wraps a measurer with a per-style cache, for measurers that are slow per call (canvas). The cache
 * is unbounded; create one per session or per document.
 */
export function cachedMeasure(measure: MeasureText): MeasureText {
  const byStyle = new Map<string, Map<string, number>>();
  return (text, style) => {
    const key = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    let cache = byStyle.get(key);
    if (!cache) {
      cache = new Map();
      byStyle.set(key, cache);
    }
    let width = cache.get(text);
    if (width === undefined) {
      width = measure(text, style);
      cache.set(text, width);
    }
    return width;
  };
}
