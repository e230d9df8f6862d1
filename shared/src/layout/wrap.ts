import { approximateMeasure } from './measure.ts';
import type { MeasureText, TextStyle } from './types.ts';

const sanitisedCache = new WeakMap<MeasureText, MeasureText>();

/** A measurer that fails (NaN, negative: say, a font that has not loaded) must not poison the geometry. */
function sanitised(measure: MeasureText): MeasureText {
  let safe = sanitisedCache.get(measure);
  if (!safe) {
    safe = (text, style) => {
      const w = measure(text, style);
      return Number.isFinite(w) && w > 0 ? w : 0;
    };
    sanitisedCache.set(measure, safe);
  }
  return safe;
}

export interface WrappedText {
  lines: string[];
  /** Widest measured line, px. */
  width: number;
}

const MARK = /^\p{M}$/u;

function joinsPrevious(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return ch === '\u200d' || (cp >= 0xfe00 && cp <= 0xfe0f) || MARK.test(ch);
}

/** User-perceived characters, so a break never separates a letter from its combining accent. */
function clusters(word: string): string[] {
  const out: string[] = [];
  let joinNext = false;
  for (const ch of word) {
    const last = out.length - 1;
    if (last >= 0 && (joinNext || joinsPrevious(ch))) {
      out[last] += ch;
    } else {
      out.push(ch);
    }
    joinNext = ch === '\u200d';
  }
  return out;
}

/** Breaks a word wider than maxWidth into pieces that fit (at least one character per piece). */
function breakWord(word: string, style: TextStyle, maxWidth: number, measure: MeasureText): string[] {
  const pieces: string[] = [];
  let piece = '';
  let pieceWidth = 0;
  for (const c of clusters(word)) {
    const w = measure(c, style);
    if (piece !== '' && pieceWidth + w > maxWidth) {
      pieces.push(piece);
      piece = '';
      pieceWidth = 0;
    }
    piece += c;
    pieceWidth += w;
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}

function isLineBreak(code: number): boolean {
  return code === 10 || code === 13 || code === 0x2028 || code === 0x2029;
}

/** Breakable white space; a no-break space (U+00A0, U+202F) is not. */
function isSpace(code: number): boolean {
  return code <= 32 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x205f || code === 0x3000;
}

/** True when the text is one paragraph with single spaces between words and none at either end. */
function isTidy(text: string): boolean {
  let previousSpace = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x2028 || code === 0x2029) return false;
    if (isSpace(code)) {
      if (previousSpace || code !== 32) return false;
      previousSpace = true;
    } else {
      previousSpace = false;
    }
  }
  return !previousSpace;
}

/**
 * Greedy word wrap. Line breaks in the text are kept; runs of spaces collapse to one; a word wider
 * than maxWidth gets lines of its own, broken between characters. Widths are measured per word and
 * summed (a kerning measurer may find a line a little narrower than the width reported).
 */
export function wrapMeasured(text: string, style: TextStyle, maxWidth: number, measureText: MeasureText): WrappedText {
  const measure = measureText === approximateMeasure ? measureText : sanitised(measureText);
  const tidy = isTidy(text);
  if (tidy) {
    // Most labels fit on one line: one measurement.
    const width = measure(text, style);
    if (width <= maxWidth) return { lines: [text], width };
  }
  const lines: string[] = [];
  const space = measure(' ', style);
  let line = '';
  let lineWidth = 0;
  let width = 0;
  let wordStart = -1;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 10;
    const lineBreak = isLineBreak(code);
    if (!lineBreak && !isSpace(code)) {
      if (wordStart < 0) wordStart = i;
      continue;
    }
    if (wordStart >= 0) {
      const word = text.slice(wordStart, i);
      wordStart = -1;
      const w = measure(word, style);
      if (line !== '' && lineWidth + space + w <= maxWidth) {
        line += ' ' + word;
        lineWidth += space + w;
      } else {
        if (line !== '') {
          lines.push(line);
          width = Math.max(width, lineWidth);
        }
        if (w <= maxWidth) {
          line = word;
          lineWidth = w;
        } else {
          const pieces = breakWord(word, style, maxWidth, measure);
          line = pieces.pop() ?? '';
          lines.push(...pieces);
          for (const piece of pieces) width = Math.max(width, measure(piece, style));
          lineWidth = measure(line, style);
        }
      }
    }
    if (lineBreak) {
      if (code === 13 && text.charCodeAt(i + 1) === 10) i++;
      lines.push(line);
      width = Math.max(width, lineWidth);
      line = '';
      lineWidth = 0;
    }
  }
  return { lines, width };
}

/** The label split into lines no wider than maxWidth (see wrapMeasured). Always at least one line. */
export function wrapText(text: string, style: TextStyle, maxWidth: number, measure: MeasureText): string[] {
  return wrapMeasured(text, style, maxWidth, measure).lines;
}

/** Wrapped labels per measurer, then per style and width, then per text (see wrapCacheFor). */
const wrapCaches = new WeakMap<MeasureText, Map<string, Map<string, WrappedText>>>();
/** Entries per style and width before that map starts afresh (typing makes a new text per key). */
export const WRAP_CACHE_LIMIT = 20_000;

/**
 * The remembered wraps of one measurer for one style and width, by text. layoutFishbone wraps a
 * label only when its text is new here, so a keystroke wraps one label, not all of them. This
 * relies on the measurer being a pure function of (text, style); a measurer whose widths change
 * (say, when a font finishes loading) must be followed by clearWrapCache. Results are shared
 * between layouts: never mutate their `lines`.
 */
export function wrapCacheFor(measure: MeasureText, style: TextStyle, maxWidth: number): Map<string, WrappedText> {
  let byStyle = wrapCaches.get(measure);
  if (!byStyle) {
    byStyle = new Map();
    wrapCaches.set(measure, byStyle);
  }
  const key = `${style.fontWeight} ${style.fontSize} ${style.fontFamily} ${maxWidth}`;
  let byText = byStyle.get(key);
  if (!byText) {
    byText = new Map();
    byStyle.set(key, byText);
  }
  return byText;
}

/** wrapMeasured, remembered in `cache` (from wrapCacheFor for the same style, width and measurer). */
export function wrapRemembered(cache: Map<string, WrappedText>, text: string, style: TextStyle, maxWidth: number, measure: MeasureText): WrappedText {
  let wrapped = cache.get(text);
  if (wrapped === undefined) {
    wrapped = wrapMeasured(text, style, maxWidth, measure);
    Object.freeze(wrapped.lines);
    if (cache.size >= WRAP_CACHE_LIMIT) cache.clear();
    cache.set(text, wrapped);
  }
  return wrapped;
}

/** Forgets every wrap measured with `measure` (call when its widths change, e.g. a font loaded). */
export function clearWrapCache(measure: MeasureText): void {
  wrapCaches.delete(measure);
}
