import type { Catalog } from './en.ts';
import type { Language } from './languages.ts';

/** English ships with the first download; the other catalogs load when chosen. */
export const loadCatalog: Record<Exclude<Language, 'en'>, () => Promise<Catalog>> = {
  pl: () => import('./pl.ts').then((m) => m.pl),
  bg: () => import('./bg.ts').then((m) => m.bg),
  lv: () => import('./lv.ts').then((m) => m.lv),
  hu: () => import('./hu.ts').then((m) => m.hu),
};
