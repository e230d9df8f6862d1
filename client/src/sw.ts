/**
 * The service worker (built to /sw.js by vite.config.ts): keeps the app's files on the device, so
 * that a board opens without a network, from the copy of the diagram kept in IndexedDB, and a
 * later open reads no script over the network.
 * - Pages: the network first; the kept page when the network or the server is not there.
 * - Built files (/assets/, named by their content, never changed): the kept copy first.
 * - Everything else (the API, sync, exports) is left alone.
 * It imports nothing: it runs apart from the page's bundle.
 */

/** The parts of the service worker scope used here (the DOM typings this project uses lack them). */
interface LifecycleEvent extends Event {
  waitUntil(done: Promise<unknown>): void;
  /** Static routes (Chromium 123+): requests the browser serves without starting the worker. */
  addRoutes?(rules: { condition: Record<string, unknown>; source: 'cache' | 'network' }[]): Promise<void>;
}
interface FetchEvent extends LifecycleEvent {
  readonly request: Request;
  /** The page's response, asked for while the worker started (navigation preload). */
  readonly preloadResponse: Promise<Response | undefined>;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  readonly location: Location;
  readonly registration: { readonly navigationPreload?: { enable(): Promise<void> } };
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: LifecycleEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const scope = self as unknown as WorkerScope;
const CACHE = 'causeway-app';
const PAGE = '/index.html';
/** Every file of this build (vite.config.ts writes the list in), so a new build is a new worker. */
const FILES: readonly string[] = ['__CAUSEWAY_FILES__'];

/** What the server answers with index.html (server/src/static.ts, SPEC S24). */
const isPage = (path: string) => path === '/' || path === PAGE || path === '/w' || path.startsWith('/w/');

scope.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      // Starting the worker for each file cost every open ~50 ms on a slow machine. Where the
      // browser can, it takes built files from the kept copy (the network if one is missing) and
      // sends everything else but pages straight to the network; the fetch handler below does the
      // same elsewhere.
      await event.addRoutes?.([
        { condition: { urlPattern: { pathname: '/assets/*' } }, source: 'cache' },
        { condition: { not: { requestMode: 'navigate' } }, source: 'network' },
      ]);
      const cache = await caches.open(CACHE);
      await cache.addAll([new Request(PAGE, { cache: 'no-cache' }), ...FILES]);
      await scope.skipWaiting();
    })(),
  );
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // Files of earlier builds go; those of this build that were fetched on demand stay.
      const keep = new Set([PAGE, ...FILES].map((path) => new URL(path, scope.location.origin).href));
      const cache = await caches.open(CACHE);
      for (const request of await cache.keys()) {
        if (!keep.has(request.url)) await cache.delete(request);
      }
      // The browser asks the network for a page while the worker starts, not after.
      await scope.registration.navigationPreload?.enable();
      await scope.clients.claim();
    })(),
  );
});

scope.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== scope.location.origin) return;
  if (request.mode === 'navigate' && isPage(url.pathname)) event.respondWith(page(request, event.preloadResponse));
  else if (url.pathname.startsWith('/assets/') && !url.pathname.endsWith('.map')) event.respondWith(file(request));
});

/** The page from the network; the copy kept at install (the same build's) when there is none. */
async function page(request: Request, preloaded: Promise<Response | undefined>): Promise<Response> {
  try {
    return (await preloaded) ?? (await fetch(request));
  } catch (err) {
    const kept = await caches.match(PAGE);
    if (kept) return kept;
    throw err;
  }
}

async function file(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}
