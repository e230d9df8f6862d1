import type { MeasureText, TextStyle } from './types.ts';

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

/**
 * Greedy word wrap. Line breaks in the text are kept; runs of spaces collapse to one; a word wider
 * than maxWidth gets lines of its own, broken between characters. Widths are measured per word and
 * summed, then every final line is measured once more for its exact width.
 */
export function wrapMeasured(text: string, style: TextStyle, maxWidth: number, measure: MeasureText): WrappedText {
  const lines: string[] = [];
  const space = measure(' ', style);
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    const words = paragraph.split(/\s+/).filter((w) => w !== '');
    let line = '';
    let lineWidth = 0;
    for (const word of words) {
      const w = measure(word, style);
      if (line !== '' && lineWidth + space + w <= maxWidth) {
        line += ' ' + word;
        lineWidth += space + w;
        continue;
      }
      if (line !== '') lines.push(line);
      if (w <= maxWidth) {
        line = word;
        lineWidth = w;
      } else {
        const pieces = breakWord(word, style, maxWidth, measure);
        const last = pieces.pop() ?? '';
        lines.push(...pieces);
        line = last;
        lineWidth = measure(last, style);
      }
    }
    lines.push(line);
  }
  let width = 0;
  for (const line of lines) width = Math.max(width, line === '' ? 0 : measure(line, style));
  return { lines, width };
}

/** The label split into lines no wider than maxWidth (see wrapMeasured). Always at least one line. */
export function wrapText(text: string, style: TextStyle, maxWidth: number, measure: MeasureText): string[] {
  return wrapMeasured(text, style, maxWidth, measure).lines;
}
