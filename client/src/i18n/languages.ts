/** The five UI languages (DESIGN.md). Pure so Node tests can use it. */
export const LANGUAGES = ['en', 'pl', 'bg', 'lv', 'hu'] as const;
export type Language = (typeof LANGUAGES)[number];

export const LANGUAGE_KEY = 'causeway.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** A stored choice wins; otherwise the first browser language we have (by primary subtag); else English. */
export function pickLanguage(stored: string | null, browser: readonly string[]): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of browser) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}
