import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { evenKeys, isOrderKey, keyBetween } from '../../shared/src/model/fractional.ts';
import { applyTextDiff } from '../../shared/src/model/text.ts';

const key = fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'), minLength: 1, maxLength: 8 })
  .filter(isOrderKey);

describe('fractional order keys (M5)', () => {
  it('M5: keyBetween gives a valid key strictly between any two valid keys, or an open end', () => {
    fc.assert(
      fc.property(fc.option(key), fc.option(key), fc.boolean(), (x, y, jitter) => {
        let [low, high] = [x, y];
        if (low !== null && high !== null) {
          if (low === high) return;
          if (low > high) [low, high] = [high, low];
        }
        const k = keyBetween(low, high, jitter);
        expect(isOrderKey(k)).toBe(true);
        if (low !== null) expect(k > low).toBe(true);
        if (high !== null) expect(k < high).toBe(true);
      }),
      { seed: 5, numRuns: 2000 },
    );
  });

  it('M5: keys out of order or malformed are refused', () => {
    expect(() => keyBetween('b', 'a')).toThrow();
    expect(() => keyBetween('a', 'a')).toThrow();
    expect(() => keyBetween(null, 'a0')).toThrow();
    expect(() => keyBetween('a!', null)).toThrow();
  });

  it('M5: repeated inserts at the front, the end and one spot stay short and ordered', () => {
    let first = keyBetween(null, null);
    let last = first;
    const low = first;
    let high = keyBetween(first, null);
    for (let i = 0; i < 300; i++) {
      const front = keyBetween(null, first);
      expect(front < first).toBe(true);
      first = front;
      const end = keyBetween(last, null);
      expect(end > last).toBe(true);
      last = end;
      const mid = keyBetween(low, high);
      expect(low < mid && mid < high).toBe(true);
      high = mid;
    }
    expect(Math.max(first.length, last.length)).toBeLessThan(120);
  });

  it('M5, M14: evenKeys gives n increasing valid keys of near-equal length', () => {
    for (const n of [0, 1, 2, 61, 62, 63, 1000, 10_000]) {
      const keys = evenKeys(n);
      expect(keys).toHaveLength(n);
      keys.forEach((k, i) => {
        expect(isOrderKey(k)).toBe(true);
        if (i > 0) expect(keys[i - 1]! < k).toBe(true);
      });
    }
  });
});

describe('minimal text diff (M7)', () => {
  const unit = fc.constantFrom('a', 'b', 'ł', 'ж', '😀', '😃', '\u0301', ' ');
  it('M7: applyTextDiff turns any text into any other, surrogate pairs included', () => {
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 12 }), fc.string({ unit, maxLength: 12 }), (from, to) => {
        const doc = new Y.Doc();
        const text = doc.getText('t');
        text.insert(0, from);
        const changed = applyTextDiff(text, to);
        expect(text.toString()).toBe(to);
        expect(changed).toBe(from !== to);
      }),
      { seed: 6, numRuns: 1000 },
    );
  });

  it('M7: concurrent edits at the two ends of one label both survive', () => {
    fc.assert(
      fc.property(fc.string({ unit, minLength: 1, maxLength: 8 }), fc.string({ unit, minLength: 1, maxLength: 4 }), fc.string({ unit, minLength: 1, maxLength: 4 }), (base, front, back) => {
        const a = new Y.Doc();
        a.getText('t').insert(0, base);
        const b = new Y.Doc();
        Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
        applyTextDiff(a.getText('t'), front + base);
        applyTextDiff(b.getText('t'), base + back);
        Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
        Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
        expect(a.getText('t').toString()).toBe(b.getText('t').toString());
        const merged = a.getText('t').toString();
        expect(merged.length).toBe(base.length + front.length + back.length);
      }),
      { seed: 8, numRuns: 300 },
    );
  });
});
