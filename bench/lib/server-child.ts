/**
 * One sync server in its own process, so that CPU and memory are measured per server.
 * Started by bench/lib/servers.ts with `node --import tsx --expose-gc server-child.ts <kind> <dataDir>`.
 * Talks to the parent over IPC: sends {type:'ready', port}, answers {type:'stats'} and {type:'close'}.
 */
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { ServerKind, ServerStats, ToServerChild } from './protocol.ts';

const HOST = '127.0.0.1';

interface Running {
  port: number;
  close(): Promise<void>;
  /** Rooms (documents) currently held in memory, when the server exposes it. */
  rooms(): number | null;
}

async function startReference(): Promise<Running> {
  // Exactly what y-websocket@2.1.0's bin/server.cjs does, with its default settings (no persistence,
  // gc on), and its own `ws` (6.x), except that it listens on loopback port 0.
  const require = createRequire(import.meta.url);
  const utilsPath = require.resolve('y-websocket-ref/bin/utils');
  const refRequire = createRequire(utilsPath);
  const utils = refRequire(utilsPath) as {
    setupWSConnection: (conn: unknown, req: unknown) => void;
    docs: Map<string, unknown>;
  };
  const WebSocket = refRequire('ws') as {
    Server: new (opts: { noServer: boolean }) => {
      on(ev: 'connection', fn: (ws: unknown, req: unknown) => void): void;
      handleUpgrade(req: unknown, socket: unknown, head: unknown, cb: (ws: unknown) => void): void;
      emit(ev: string, ...args: unknown[]): void;
      close(): void;
    };
  };
  const wss = new WebSocket.Server({ noServer: true });
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('okay');
  });
  wss.on('connection', utils.setupWSConnection);
  server.on('upgrade', (request, socket, head) => {
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return {
    port: address.port,
    rooms: () => utils.docs.size,
    close: async () => {
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function startHocuspocus(dataDir: string, sqlite: boolean): Promise<Running> {
  const { Server } = await import('@hocuspocus/server');
  const extensions = [];
  if (sqlite) {
    const { SQLite } = await import('@hocuspocus/extension-sqlite');
    // Default settings, but a file database (its default is ':memory:', which would store nothing).
    extensions.push(new SQLite({ database: join(dataDir, 'hocuspocus.sqlite') }));
  }
  const server = new Server({ port: 0, address: HOST, quiet: true, stopOnSignals: false, extensions });
  await server.listen();
  return {
    port: server.address.port,
    rooms: () => server.hocuspocus.getDocumentsCount(),
    close: async () => {
      await server.destroy();
    },
  };
}

interface CausewayServer {
  port: number;
  rooms: { size: number };
  close(): Promise<void>;
}

/** `inMemory`: an experiment, not the shipped server: the same server with its in-memory store, to see what SQLite costs. */
async function startCauseway(dataDir: string, clientDir: string | undefined, inMemory = false): Promise<Running> {
  // A variable specifier: the server lands separately, and the bench must still typecheck without it.
  const entry = '../../server/src/index.ts';
  const mod = (await import(entry)) as {
    startServer: (opts: Record<string, unknown>) => Promise<CausewayServer>;
  };
  const store = inMemory ? (await import('../../server/src/store/memory.ts')).createMemoryStore() : undefined;
  const server = await mod.startServer({ port: 0, host: HOST, dataDir, logLevel: 'silent', ...(clientDir ? { clientDir } : {}), ...(store ? { store } : {}) });
  return {
    port: server.port,
    rooms: () => server.rooms.size,
    close: () => server.close(),
  };
}

async function main(): Promise<void> {
  const kind = process.argv[2] as ServerKind;
  const dataDir = process.argv[3] ?? '.';
  let running: Running;
  switch (kind) {
    case 'ywsref':
      running = await startReference();
      break;
    case 'hocuspocus':
      running = await startHocuspocus(dataDir, false);
      break;
    case 'hocuspocus-sqlite':
      running = await startHocuspocus(dataDir, true);
      break;
    case 'causeway':
      running = await startCauseway(dataDir, process.argv[4]);
      break;
    case 'causeway-memory':
      running = await startCauseway(dataDir, process.argv[4], true);
      break;
    default:
      throw new Error(`unknown server kind ${String(kind)}`);
  }
  const send = (msg: unknown) => process.send?.(msg);
  let lastElu = performance.eventLoopUtilization();
  const loopDelay = monitorEventLoopDelay({ resolution: 2 });
  loopDelay.enable();
  process.on('message', (raw) => {
    const msg = raw as ToServerChild;
    if (msg.type === 'stats') {
      if (msg.gc && typeof globalThis.gc === 'function') {
        globalThis.gc();
        globalThis.gc();
      }
      const mem = process.memoryUsage();
      const elu = performance.eventLoopUtilization(lastElu);
      lastElu = performance.eventLoopUtilization();
      const stats: ServerStats = {
        rss: mem.rss,
        heapUsed: mem.heapUsed,
        external: mem.external,
        arrayBuffers: mem.arrayBuffers,
        cpuMicros: process.cpuUsage(),
        eluSinceLast: elu.utilization,
        loopDelayMaxMs: loopDelay.max / 1e6,
        rooms: running.rooms(),
        at: performance.now(),
      };
      loopDelay.reset();
      send({ type: 'stats', id: msg.id, stats });
    } else if (msg.type === 'close') {
      void running.close().finally(() => {
        send({ type: 'closed' });
        process.exit(0);
      });
    }
  });
  send({ type: 'ready', port: running.port });
}

main().catch((err: unknown) => {
  process.send?.({ type: 'error', message: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) });
  setTimeout(() => process.exit(1), 50);
});
