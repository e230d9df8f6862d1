import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bg } from '../../client/src/i18n/bg.ts';
import { en } from '../../client/src/i18n/en.ts';
import { hu } from '../../client/src/i18n/hu.ts';
import { pickLanguage } from '../../client/src/i18n/languages.ts';
import { lv } from '../../client/src/i18n/lv.ts';
import { pl } from '../../client/src/i18n/pl.ts';

const catalogs = { en, pl, bg, lv, hu } as Record<string, unknown>;
const srcDir = join(import.meta.dirname, '..', '..', 'client', 'src');

function flatten(obj: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(obj as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value === undefined || value === null) continue;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'i18n' ? [] : sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
const reference = flatten(en);
const code = sources(srcDir).map((file) => readFileSync(file, 'utf8')).join('\n');
const literals = new Set([...code.matchAll(/['"`]([a-zA-Z]+\.[a-zA-Z_]+)['"`]/g)].map((m) => m[1]!));
const calls = [...code.matchAll(/\bt\(\s*['"`]([^'"`$]+)['"`]/g)].map((m) => m[1]!);

describe('C12: translation catalogs', () => {
  for (const [lang, catalog] of Object.entries(catalogs)) {
    it(`C12: ${lang} has exactly the English keys, none empty, with the same {{placeholders}}`, () => {
      const flat = flatten(catalog);
      expect([...flat.keys()].sort()).toEqual([...reference.keys()].sort());
      for (const [key, text] of flat) {
        expect(text.trim(), `${lang}:${key}`).not.toBe('');
        expect(placeholders(text), `${lang}:${key}`).toEqual(placeholders(reference.get(key)!));
      }
    });
  }

  it('C12: the other languages are translated, not copies of English', () => {
    for (const lang of ['pl', 'bg', 'lv', 'hu']) {
      const flat = flatten(catalogs[lang]);
      const same = [...flat].filter(([key, text]) => text === reference.get(key) && !key.startsWith('language.') && !key.startsWith('importing.') && key !== 'app.name');
      expect(same.length, `${lang}: ${same.map(([k]) => k).join(', ')}`).toBeLessThanOrEqual(3);
    }
  });

  it('C12: every key the code asks for exists', () => {
    expect(calls.length).toBeGreaterThan(50);
    expect(calls.filter((key) => !reference.has(key))).toEqual([]);
  });

  it('C12: every key in the catalog is used by the code', () => {
    expect([...reference.keys()].filter((key) => !literals.has(key))).toEqual([]);
  });

  it('C12: the check itself notices a missing and an unused key', () => {
    const broken = flatten({ ...en, toolbar: { ...en.toolbar, undo: undefined }, extra: { never: 'x' } });
    expect(broken.has('toolbar.undo')).toBe(false);
    expect([...broken.keys()].filter((k) => !literals.has(k))).toContain('extra.never');
  });

  it('C12: the default language follows a stored choice, then the browser, then English', () => {
    expect(pickLanguage('bg', ['pl-PL'])).toBe('bg');
    expect(pickLanguage(null, ['de-DE', 'hu-HU', 'pl'])).toBe('hu');
    expect(pickLanguage('xx', ['LV'])).toBe('lv');
    expect(pickLanguage(null, ['fr-FR'])).toBe('en');
  });
});
