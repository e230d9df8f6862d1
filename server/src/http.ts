/**
 * The HTTP server: routes requests (API, health, metrics, client files) and turns
 * /sync/<workshopId>/<groupId> upgrades into room connections after checking ids and roles.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { handleApi, sendError, sendJson, tokenOf } from './api.ts';
import { resolveConfig, type ServerConfig, type ServerOptions } from './config.ts';
import { HttpError, ID_PATTERN } from './errors.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { Connection } from './room.ts';
import { Rooms, roomName } from './rooms.ts';
import { serveClient } from './static.ts';
import { openSqliteStore, storePath } from './store/sqlite.ts';
import type { Store } from './store/types.ts';
import { Workshops } from './workshops.ts';

export interface RunningServer {
  /** http://host:port (localhost when listening on every interface). */
  url: string;
  port: number;
  store: Store;
  rooms: Rooms;
  metrics: Metrics;
  config: ServerConfig;
  /** Stops accepting, stores every room, closes sockets with 1001, closes a store it opened. */
  close(): Promise<void>;
}

const SYNC_PATH = /^\/sync\/([^/]*)\/([^/]*)$/;

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable', 500: 'Internal Server Error' };

/** Answers an upgrade request with a plain HTTP error instead of a WebSocket. */
function refuseUpgrade(socket: Duplex, err: HttpError): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: { code: err.code, message: err.message } });
  socket.end(
    `HTTP/1.1 ${err.status} ${STATUS_TEXT[err.status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const config = resolveConfig(options);
  const logOptions = { level: config.logLevel, base: { pid: process.pid } };
  const log: Logger = config.logStream ? pino(logOptions, config.logStream) : pino(logOptions);
  const ownsStore = !options.store;
  const store = options.store ?? openSqliteStore(storePath(config.dataDir), { batchAppends: true, backgroundCheckpointMs: 200 });
  // The gauges read the rooms only when /metrics is rendered, after they exist.
  const metrics = createMetrics({ connections: () => liveRooms.connectionCount, roomsLoaded: () => liveRooms.size });
  const liveRooms = new Rooms(store.rooms, config, log, metrics, async (name) => {
    const [w, g] = name.split('/');
    return (await store.workshops.getGroup(w!, g!))?.locked ?? false;
  });
  const workshops = new Workshops(store, liveRooms);
  liveRooms.beforeUnload.add((room) => workshops.rememberCauses(room.name, room.doc));
  let closing = false;

  const server = createServer((req, res) => {
    handleRequest(req, res).catch((err: unknown) => {
      if (!(err instanceof HttpError)) {
        metrics.errors.inc({ kind: 'http' });
        log.error({ err: String(err), method: req.method }, 'request failed');
      }
      const httpErr = err instanceof HttpError ? err : new HttpError(500, 'internal_error', 'Server error');
      if (!res.headersSent) sendError(res, httpErr);
      else res.destroy();
      // A refused body is left unread; close the connection rather than read it.
      if (httpErr.status === 413) res.on('finish', () => req.socket.destroy());
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      throw new HttpError(400, 'bad_url', 'Malformed URL');
    }
    const path = url.pathname;
    res.on('finish', () => log.debug({ method: req.method, path, status: res.statusCode }, 'http'));
    if (path === '/healthz') return sendJson(res, closing ? 503 : 200, { ok: !closing, rooms: liveRooms.size, connections: liveRooms.connectionCount });
    if (path === '/metrics') {
      const text = metrics.render();
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    if (path === '/api' || path.startsWith('/api/')) {
      if (await handleApi({ config, rooms: liveRooms, workshops, metrics, log }, req, res, url)) return;
      throw new HttpError(404, 'not_found', `No API route ${req.method} ${path}`);
    }
    if (await serveClient(config.clientDir, req, res, path)) return;
    throw new HttpError(404, 'not_found', `Nothing at ${path}`);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxFrameBytes, perMessageDeflate: false });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    upgrade(req, socket, head).catch((err: unknown) => {
      const httpErr = err instanceof HttpError ? err : new HttpError(500, 'internal_error', 'Server error');
      if (!(err instanceof HttpError)) log.error({ err: String(err) }, 'upgrade failed');
      metrics.connectionsRefused.inc({ reason: httpErr.code });
      refuseUpgrade(socket, httpErr);
    });
  });

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (closing) throw new HttpError(503, 'shutting_down', 'Server is restarting');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      throw new HttpError(400, 'bad_url', 'Malformed URL');
    }
    const match = SYNC_PATH.exec(url.pathname);
    if (!match) throw new HttpError(404, 'not_found', 'WebSocket endpoint is /sync/<workshopId>/<groupId>');
    const [workshopId, groupId] = [match[1]!, match[2]!];
    if (!ID_PATTERN.test(workshopId) || !ID_PATTERN.test(groupId)) throw new HttpError(400, 'invalid_id', 'Ids must match [A-Za-z0-9_-]{1,64}');
    const { role } = await workshops.authenticate(workshopId, tokenOf(req, url));
    await workshops.group(workshopId, groupId);
    const name = roomName(workshopId, groupId);
    const room = await liveRooms.acquire(name);
    // The group may have been deleted while its room loaded; nothing may be written under it then.
    if (!(await store.workshops.getGroup(workshopId, groupId))) {
      liveRooms.release(room);
      throw new HttpError(404, 'group_not_found', 'No such group in this workshop');
    }
    let attached = false;
    const releaseIfAborted = () => {
      if (!attached) {
        attached = true;
        liveRooms.release(room);
      }
    };
    if (socket.destroyed || closing) return releaseIfAborted();
    socket.once('close', releaseIfAborted);
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off('close', releaseIfAborted);
      if (attached) {
        ws.terminate();
        return;
      }
      attached = true;
      const conn = new Connection(ws, role, log.child({ room: name }), config);
      conn.log.info('connection opened');
      liveRooms.attach(room, conn);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${shownHost}:${port}`;
  log.info({ url }, 'listening');

  let closed: Promise<void> | null = null;
  const close = () => {
    closed ??= (async () => {
      closing = true;
      server.close();
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, config.shutdownTimeoutMs).unref());
      await Promise.race([liveRooms.shutdown(), timeout]);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      if (ownsStore) await store.close();
      log.info('stopped');
    })();
    return closed;
  };

  return { url, port, store, rooms: liveRooms, metrics, config, close };
}
