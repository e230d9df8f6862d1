// First: starts the board's connection and the font while the rest of the bundle is evaluated.
import './sync/early.ts';
import '@fontsource/noto-sans/latin-400.css';
import '@fontsource/noto-sans/latin-ext-400.css';
import '@fontsource/noto-sans/cyrillic-400.css';
import '@fontsource/noto-sans/latin-700.css';
import '@fontsource/noto-sans/latin-ext-700.css';
import '@fontsource/noto-sans/cyrillic-700.css';
import '@fontsource/noto-sans/latin-400-italic.css';
import '@fontsource/noto-sans/latin-ext-400-italic.css';
import '@fontsource/noto-sans/cyrillic-400-italic.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { setupI18n } from './i18n/index.ts';

void setupI18n().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);

// The service worker (sw.ts) keeps the app on this device, so a board opens without a network.
// Installing it fetches and compiles every file of the app (~1.5 MB). Started at the page's first
// idle moment, it delayed a first open's first drawn frame by ~150 ms on a 2-core machine (the
// board waits for the server then), so it starts a few seconds after the page has loaded.
// Built files only: the development server has no /sw.js.
const SERVICE_WORKER_DELAY_MS = 5000;
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const register = () => void navigator.serviceWorker.register('/sw.js').catch(() => {});
  const later = () => ('requestIdleCallback' in window ? requestIdleCallback(register, { timeout: 10_000 }) : register());
  window.addEventListener('load', () => setTimeout(later, SERVICE_WORKER_DELAY_MS), { once: true });
}
