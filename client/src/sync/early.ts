/**
 * The first thing the page's script runs (main.tsx imports it before anything else, and modules
 * run in import order): it starts what the first drawn frame waits for while the rest of the
 * bundle (React, Konva, the board) is still being evaluated, which takes a few hundred
 * milliseconds on a slow machine. A board link opens its connection (the copy on this device and
 * the server's); every page starts fetching the three faces of the bundled font.
 */
import { loadFonts } from '../board/fonts.ts';
import { parseRoute } from '../route.ts';
import { connectEarly } from './connection.ts';

// The canvas measures text only once the faces are there (useFontReady).
void loadFonts();

const route = parseRoute(location.pathname, location.hash);
if (route.kind === 'board' && route.token) connectEarly(route.workshopId, route.groupId, route.token);
