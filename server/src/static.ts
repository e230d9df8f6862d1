/** Serves the built client (dist/client) with the SPA fallback for /w/... pages (SPEC S24). */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Shown when the client has not been built: the server still works (API, sync). */
const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Causeway</title></head>
<body><h1>Causeway server is running</h1>
<p>The web client is not built yet. Run <code>npm run build</code> (or <code>npm start</code>, which builds it) and reload.</p>
<p>The API is at <code>/api</code>, sync at <code>/sync/&lt;workshopId&gt;/&lt;groupId&gt;</code>.</p></body></html>
`;

async function fileAt(path: string): Promise<{ size: number } | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? { size: s.size } : null;
  } catch {
    return null;
  }
}

/** Returns false when nothing matches, so the caller answers 404. */
export async function serveClient(clientDir: string, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const isPage = pathname === '/' || pathname === '/index.html' || pathname === '/w' || pathname.startsWith('/w/');
  let path: string;
  if (!isPage) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return false;
    }
    const candidate = normalize(join(clientDir, decoded));
    if (!candidate.startsWith(normalize(clientDir) + sep) || decoded.includes('\0')) return false;
    path = candidate;
  } else {
    path = join(clientDir, 'index.html');
  }
  const file = await fileAt(path);
  if (!file) {
    if (!isPage) return false;
    res.writeHead(200, { 'content-type': TYPES['.html']!, 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : PLACEHOLDER);
    return true;
  }
  const immutable = pathname.startsWith('/assets/');
  res.writeHead(200, {
    'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
    'content-length': file.size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  createReadStream(path).on('error', () => res.destroy()).pipe(res);
  return true;
}
