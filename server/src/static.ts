/** Serves the built client (dist/client), compressed, with the SPA fallback for /w/... pages (SPEC S24). */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

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

/** Text types, sent compressed to browsers that accept it; fonts and images are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt', '.webmanifest']);

type Encoding = 'br' | 'gzip';

/** Brotli where the browser takes it (every current one does over HTTPS), else gzip. */
function pickEncoding(acceptEncoding: string | undefined): Encoding | null {
  const accepted = new Set<string>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (!params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p))) accepted.add(name.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return null;
}

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
const compressWith: Record<Encoding, (data: Buffer) => Promise<Buffer>> = {
  // Quality 5: a third of the JavaScript's size in ~20 ms; 11 saves another tenth but takes a second.
  br: (data) => brotliAsync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
  gzip: (data) => gzipAsync(data),
};

/**
 * Compressed files, made once per file version on first request (in zlib's thread pool, so the
 * event loop never waits for it). The built client is a few dozen files, so this stays small.
 */
const compressedFiles = new Map<string, { version: string; body: Promise<Buffer> }>();

function compressed(path: string, version: string, encoding: Encoding): Promise<Buffer> {
  const key = `${encoding}:${path}`;
  const cached = compressedFiles.get(key);
  if (cached?.version === version) return cached.body;
  const body = readFile(path).then(compressWith[encoding]);
  compressedFiles.set(key, { version, body });
  // A failed read is not remembered: the next request tries again.
  body.catch(() => compressedFiles.delete(key));
  return body;
}

/** Shown when the client has not been built: the server still works (API, sync). */
const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Causeway</title></head>
<body><h1>Causeway server is running</h1>
<p>The web client is not built yet. Run <code>npm run build</code> (or <code>npm start</code>, which builds it) and reload.</p>
<p>The API is at <code>/api</code>, sync at <code>/sync/&lt;workshopId&gt;/&lt;groupId&gt;</code>.</p></body></html>
`;

async function fileAt(path: string): Promise<{ size: number; version: string } | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? { size: s.size, version: `${s.mtimeMs}:${s.size}` } : null;
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
  const headers: Record<string, string | number> = {
    'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
    'content-length': file.size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  };
  if (COMPRESSIBLE.has(extname(path))) {
    headers.vary = 'accept-encoding';
    const encoding = pickEncoding(req.headers['accept-encoding']);
    const body = encoding ? await compressed(path, file.version, encoding).catch(() => null) : null;
    if (encoding && body) {
      res.writeHead(200, { ...headers, 'content-encoding': encoding, 'content-length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    }
  }
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  createReadStream(path).on('error', () => res.destroy()).pipe(res);
  return true;
}
