import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { approximateMeasure, cachedMeasure, wrapMeasured, wrapText } from '@causeway/shared';
import type { TextStyle } from '@causeway/shared';
import { labelText } from './helpers.ts';

const cause: TextStyle = { fontSize: 14, fontWeight: 'normal', fontFamily: 'Noto Sans' };
const bold: TextStyle = { fontSize: 16, fontWeight: 'bold', fontFamily: 'Noto Sans' };

describe('wrapText', () => {
  it('L8: short text stays on one line; words wrap greedily at the maximum width', () => {
    expect(wrapText('Late deliveries', cause, 180, approximateMeasure)).toEqual(['Late deliveries']);
    const lines = wrapText('New pickers untrained on scanner workflow', cause, 150, approximateMeasure);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe('New pickers untrained on scanner workflow');
    for (const line of lines) expect(approximateMeasure(line, cause)).toBeLessThanOrEqual(150);
  });

  it('L8: a word longer than the maximum is broken, never split inside a letter with its accent', () => {
    const word = 'Непрекъснатоизменящатасезаконодателнарамка';
    const lines = wrapText(word, bold, 100, approximateMeasure);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.join('')).toBe(word);
    for (const line of lines) expect(approximateMeasure(line, bold)).toBeLessThanOrEqual(100);
    // "e" + combining acute (decomposed form) stays together.
    const decomposed = 'e\u0301'.repeat(40);
    const pieces = wrapText(decomposed, cause, 60, approximateMeasure);
    expect(pieces.join('')).toBe(decomposed);
    for (const piece of pieces) expect(piece.startsWith('\u0301')).toBe(false);
  });

  it('L8: line breaks in the text are kept; empty text gives one empty line; runs of spaces collapse', () => {
    expect(wrapText('', cause, 100, approximateMeasure)).toEqual(['']);
    expect(wrapText('a\nb', cause, 100, approximateMeasure)).toEqual(['a', 'b']);
    expect(wrapText('a\r\nb\rc\u2028d', cause, 100, approximateMeasure)).toEqual(['a', 'b', 'c', 'd']);
    expect(wrapText('c\u2028d', cause, 100, approximateMeasure)).toEqual(['c', 'd']);
    expect(wrapText('tab\tseparated', cause, 300, approximateMeasure)).toEqual(['tab separated']);
    // A no-break space joins, it does not break.
    expect(wrapText('40\u00a0dni', cause, 20, approximateMeasure)).not.toContain('40');
    expect(wrapText('  two   spaces  ', cause, 300, approximateMeasure)).toEqual(['two spaces']);
  });

  it('L8: for any label, every line fits (or is a single character) and no character is lost', () => {
    fc.assert(
      fc.property(labelText, fc.integer({ min: 20, max: 400 }), (text, max) => {
        const lines = wrapText(text, cause, max, approximateMeasure);
        expect(lines.join('').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
        for (const line of lines) {
          if ([...line].length > 1) expect(approximateMeasure(line, cause)).toBeLessThanOrEqual(max + 1e-9);
        }
      }),
      { numRuns: 300 },
    );
  });
  it('L8: the reported width is the widest line (widths add up exactly with approximateMeasure)', () => {
    fc.assert(
      fc.property(labelText, fc.integer({ min: 40, max: 400 }), (text, max) => {
        const { lines, width } = wrapMeasured(text, bold, max, approximateMeasure);
        expect(width).toBeCloseTo(Math.max(...lines.map((l) => approximateMeasure(l, bold))), 6);
      }),
      { numRuns: 200 },
    );
  });
});

describe('approximateMeasure', () => {
  it('L9: uses Noto Sans advance widths: Latin, Latin Extended and Cyrillic, bold wider, scales with size', () => {
    expect(approximateMeasure('a', { ...cause, fontSize: 1000 })).toBe(561);
    expect(approximateMeasure('Ж', { ...cause, fontSize: 1000 })).toBe(905);
    expect(approximateMeasure('ł', { ...cause, fontSize: 1000 })).toBe(258);
    expect(approximateMeasure('W', { ...bold, fontSize: 1000 })).toBe(967);
    expect(approximateMeasure('ő', cause)).toBeCloseTo(approximateMeasure('o', cause), 0);
    expect(approximateMeasure('Wnioski', bold)).toBeGreaterThan(approximateMeasure('Wnioski', cause));
    expect(approximateMeasure('ab', { ...cause, fontSize: 28 })).toBeCloseTo(2 * approximateMeasure('ab', cause), 9);
    expect(approximateMeasure('漢字', cause)).toBe(28);
    expect(approximateMeasure('😀', cause)).toBe(14);
    expect(approximateMeasure('a\u200db', cause)).toBeCloseTo(approximateMeasure('ab', cause), 9);
  });

  it('L9: widths add up exactly (no kerning), so wrapping decisions match the final measure', () => {
    fc.assert(
      fc.property(labelText, labelText, (a, b) => {
        expect(approximateMeasure(a + b, cause)).toBeCloseTo(approximateMeasure(a, cause) + approximateMeasure(b, cause), 9);
      }),
    );
  });

  it('cachedMeasure returns the wrapped measurer\'s widths and calls it once per text and style', () => {
    let calls = 0;
    const measure = cachedMeasure((t, s) => (calls++, approximateMeasure(t, s)));
    expect(measure('Hello', cause)).toBe(approximateMeasure('Hello', cause));
    measure('Hello', cause);
    measure('Hello', bold);
    expect(calls).toBe(2);
  });
});
