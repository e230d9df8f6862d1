import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GlobalFonts, createCanvas } from '@napi-rs/canvas';
import { WIDTH_RANGES, approximateMeasure } from '@causeway/shared';
import type { TextStyle } from '@causeway/shared';
import { loadFixtures } from './helpers.ts';

// The bundled font the client draws with (@fontsource/noto-sans), loaded into a real canvas.
const require = createRequire(join(process.cwd(), 'client', 'package.json'));
const fontDir = join(dirname(require.resolve('@fontsource/noto-sans/package.json')), 'files');
for (const subset of ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext'])
  for (const weight of [400, 700]) GlobalFonts.registerFromPath(join(fontDir, `noto-sans-${subset}-${weight}-normal.woff2`), 'Noto Sans');
const context = createCanvas(10, 10).getContext('2d');

function real(text: string, style: TextStyle): number {
  context.font = `${style.fontWeight === 'bold' ? 'bold ' : ''}${style.fontSize}px "Noto Sans"`;
  return context.measureText(text).width;
}

describe('approximateMeasure against the real font', () => {
  it('L9: the width table holds Noto Sans advances for every covered character (regular and bold)', () => {
    const wrong: string[] = [];
    for (const fontWeight of ['normal', 'bold'] as const) {
      const style: TextStyle = { fontSize: 1000, fontWeight, fontFamily: 'Noto Sans' };
      for (const [first, last] of WIDTH_RANGES)
        for (let cp = first; cp <= last; cp++) {
          if (cp >= 0x300 && cp <= 0x36f) continue; // combining marks count 0 on purpose
          const ch = String.fromCodePoint(cp);
          if (Math.abs(approximateMeasure(ch, style) - real(ch, style)) > 0.5) wrong.push(`${fontWeight} U+${cp.toString(16)}`);
        }
    }
    expect(wrong).toEqual([]);
  });

  it('L9: every fixture label measures within 2% of the real font with kerning, so exported text fits its box', () => {
    const texts: string[] = [];
    for (const { tree } of loadFixtures()) {
      texts.push(tree.problem);
      const walk = (nodes: typeof tree.categories) => nodes.forEach((n) => (texts.push(n.text), walk(n.children)));
      walk(tree.categories);
    }
    const off: string[] = [];
    for (const fontWeight of ['normal', 'bold'] as const)
      for (const text of texts) {
        const style: TextStyle = { fontSize: 14, fontWeight, fontFamily: 'Noto Sans' };
        const r = real(text, style);
        if (Math.abs(approximateMeasure(text, style) - r) > 0.02 * r) off.push(`${fontWeight}: ${text}`);
      }
    expect(texts.length).toBeGreaterThan(50);
    expect(off).toEqual([]);
  });
});
