import { useTranslation } from 'react-i18next';
import { LanguagePicker } from '../board/LanguagePicker.tsx';

export function WrongLink() {
  const { t } = useTranslation();
  return (
    <main className="page-message" data-testid="wrong-link">
      <div className="page-message__corner">
        <LanguagePicker />
      </div>
      <h1>{t('state.wrongLink')}</h1>
      <p>{t('state.wrongLinkHint')}</p>
    </main>
  );
}
