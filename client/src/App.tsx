import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BoardPage } from './board/BoardPage.tsx';
import { LanguagePicker } from './board/LanguagePicker.tsx';
import { parseRoute } from './route.ts';

// The lobby, join and overview pages load on demand, so a group's board downloads none of them.
const LobbyPage = lazy(() => import('./lobby/LobbyPage.tsx').then((m) => ({ default: m.LobbyPage })));
const JoinPage = lazy(() => import('./join/JoinPage.tsx').then((m) => ({ default: m.JoinPage })));
const OverviewPage = lazy(() => import('./overview/OverviewPage.tsx').then((m) => ({ default: m.OverviewPage })));
const PresentPage = lazy(() => import('./present/PresentPage.tsx').then((m) => ({ default: m.PresentPage })));

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
  if (route.kind === 'present') {
    return (
      <Suspense fallback={<main className="page-message" aria-busy="true" />}>
        <PresentPage key={`${route.workshopId}/${route.groupId}`} workshopId={route.workshopId} groupId={route.groupId} token={route.token} />
      </Suspense>
    );
  }
  if (route.kind === 'home' || route.kind === 'join' || route.kind === 'workshop') {
    return (
      <Suspense fallback={<main className="page-message" aria-busy="true" />}>
        {route.kind === 'home' && <LobbyPage />}
        {route.kind === 'join' && <JoinPage key={route.workshopId} workshopId={route.workshopId} token={route.token} />}
        {route.kind === 'workshop' && <OverviewPage key={route.workshopId} workshopId={route.workshopId} token={route.token} />}
      </Suspense>
    );
  }
  return (
    <main className="page-message">
      <div className="page-message__corner">
        <LanguagePicker />
      </div>
      <h1>{t('app.name')}</h1>
      <p className="page-message__lead">{t('app.tagline')}</p>
      <p>{t('state.notFound')}</p>
    </main>
  );
}
