import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createDiagram, readTree } from '../../shared/src/model/index.ts';
import { LOCALES, TEMPLATES, TEMPLATE_IDS, isTemplateId, templateCategories, templateName } from '../../shared/src/templates.ts';

describe('templates (M16)', () => {
  it('M16: the seven templates exist with a name in every locale', () => {
    expect(TEMPLATE_IDS).toEqual(['blank', '4m', '6m', '8p', '4p', '4s', 'public-administration']);
    for (const template of TEMPLATES) {
      for (const locale of LOCALES) expect(template.name[locale].trim().length).toBeGreaterThan(0);
      const counts = LOCALES.map((l) => template.categories[l].length);
      expect(new Set(counts).size).toBe(1);
    }
    expect(isTemplateId('4p')).toBe(true);
    expect(isTemplateId('5x')).toBe(false);
  });

  it('M16: category counts and English names follow the issue', () => {
    expect(templateCategories('blank', 'en')).toEqual([]);
    expect(templateCategories('4m', 'en')).toHaveLength(4);
    expect(templateCategories('6m', 'en')).toHaveLength(6);
    expect(templateCategories('8p', 'en')).toHaveLength(8);
    expect(templateCategories('4p', 'en')).toEqual(['Policies', 'Procedures', 'People', 'Plant/Technology']);
    expect(templateCategories('4s', 'en')).toEqual(['Surroundings', 'Suppliers', 'Systems', 'Skills']);
    expect(templateCategories('public-administration', 'en')).toEqual([
      'People', 'Processes', 'Law and regulations', 'Technology', 'Organisation', 'Communication', 'Finance',
    ]);
  });

  it('M16: translations use their own scripts and diacritics', () => {
    expect(templateCategories('public-administration', 'pl')).toEqual([
      'Ludzie', 'Procesy', 'Prawo i przepisy', 'Technologia', 'Organizacja', 'Komunikacja', 'Finanse',
    ]);
    for (const label of [...templateCategories('public-administration', 'bg'), templateName('public-administration', 'bg')]) {
      expect(label).toMatch(/^[\u0400-\u04FF ]+$/);
    }
    expect(templateCategories('public-administration', 'lv')).toContain('Tehnoloģijas');
    expect(templateCategories('public-administration', 'hu')).toContain('Pénzügyek');
    expect(templateCategories('6m', 'pl')).toContain('Środowisko');
    // Precomposed (NFC) letters, so search and comparison behave the same on every peer.
    for (const template of TEMPLATES) {
      for (const locale of LOCALES) {
        for (const label of [template.name[locale], ...template.categories[locale]]) expect(label).toBe(label.normalize('NFC'));
      }
    }
  });

  it('M3, M16: every template and locale creates its categories in order', () => {
    for (const id of TEMPLATE_IDS) {
      for (const locale of LOCALES) {
        const doc = new Y.Doc();
        createDiagram(doc, { template: id, locale });
        expect(readTree(doc).categories.map((c) => c.text)).toEqual(templateCategories(id, locale));
      }
    }
  });
});
