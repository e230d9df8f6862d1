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
import { parseRoute } from './route.ts';
import { connectEarly } from './sync/connection.ts';

// Start fetching the three faces now, in parallel with the language, the document and the socket;
// the canvas measures text only once they are there (useFontReady).
for (const face of ['400 16px "Noto Sans"', '700 16px "Noto Sans"', 'italic 400 16px "Noto Sans"']) void document.fonts.load(face, 'AaĄąŐőĀāЖж').catch(() => undefined);

// A board's document starts loading (from this device and the server) before anything else.
const route = parseRoute(location.pathname, location.hash);
if (route.kind === 'board' && route.token) connectEarly(route.workshopId, route.groupId, route.token);

void setupI18n().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
