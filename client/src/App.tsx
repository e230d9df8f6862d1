import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BoardPage } from './board/BoardPage.tsx';
import { LanguagePicker } from './board/LanguagePicker.tsx';
import { parseRoute } from './route.ts';

function useRoute() {
  const [route, setRoute] = useState(() => parseRoute(location.pathname, location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.pathname, location.hash));
    window.addEventListener('popstate', update);
    window.addEventListener('hashchange', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('hashchange', update);
    };
  }, []);
  return route;
}

export function App() {
  const route = useRoute();
  const { t } = useTranslation();
  if (route.kind === 'board') {
    return <BoardPage key={`${route.workshopId}/${route.groupId}`} workshopId={route.workshopId} groupId={route.groupId} token={route.token} />;
  }
  return (
    <main className="page-message">
      <div className="page-message__corner">
        <LanguagePicker />
      </div>
      <h1>{t('app.name')}</h1>
      <p className="page-message__lead">{t('app.tagline')}</p>
      <p>{route.kind === 'home' ? t('app.homeHint') : t('state.notFound')}</p>
    </main>
  );
}
