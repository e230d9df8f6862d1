import { useTranslation } from 'react-i18next';
import { changeLanguage } from '../i18n/index.ts';
import { isLanguage, LANGUAGES } from '../i18n/languages.ts';
import type { Language } from '../i18n/languages.ts';

const NAMES: Record<Language, 'language.en' | 'language.pl' | 'language.bg' | 'language.lv' | 'language.hu'> = {
  en: 'language.en',
  pl: 'language.pl',
  bg: 'language.bg',
  lv: 'language.lv',
  hu: 'language.hu',
};

export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language-picker">
      <span className="visually-hidden">{t('toolbar.language')}</span>
      <select
        value={i18n.language}
        data-testid="language"
        aria-label={t('toolbar.language')}
        onChange={(e) => {
          if (isLanguage(e.target.value)) void changeLanguage(e.target.value);
        }}
      >
        {LANGUAGES.map((lang) => (
          <option key={lang} value={lang} lang={lang}>
            {t(NAMES[lang])}
          </option>
        ))}
      </select>
    </label>
  );
}
