import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { loadCatalog } from './catalogs.ts';
import { en } from './en.ts';
import { LANGUAGE_KEY, pickLanguage } from './languages.ts';
import type { Language } from './languages.ts';

async function ensureLoaded(lang: Language): Promise<void> {
  if (lang === 'en' || i18next.hasResourceBundle(lang, 'translation')) return;
  i18next.addResourceBundle(lang, 'translation', await loadCatalog[lang](), true, true);
}

/** Starts i18next in the stored or browser language; resolves once its catalog is loaded. */
export async function setupI18n(): Promise<void> {
  const lng = pickLanguage(readStored(), navigator.languages ?? [navigator.language]);
  await i18next.use(initReactI18next).init({
    lng: 'en',
    fallbackLng: 'en',
    resources: { en: { translation: en } },
    interpolation: { escapeValue: false },
  });
  if (lng !== 'en') {
    try {
      await ensureLoaded(lng);
      await i18next.changeLanguage(lng);
    } catch {
      // The catalog could not be fetched (offline before it was cached): stay in English.
    }
  }
  document.documentElement.lang = i18next.language;
}

export async function changeLanguage(lang: Language): Promise<void> {
  try {
    localStorage.setItem(LANGUAGE_KEY, lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  await ensureLoaded(lang);
  await i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}

function readStored(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_KEY);
  } catch {
    return null;
  }
}
