import { join } from 'node:path';
import type { DestinationStream } from 'pino';
import { MAX_FRAME_BYTES } from '@causeway/shared';
import type { Store } from './store/types.ts';

/** Every tunable of the server, with the defaults SPEC.md section 4 documents. */
export interface ServerConfig {
  port: number;
  host: string;
  /** Directory of the SQLite file (causeway.sqlite); ignored when `store` is given. */
  dataDir: string;
  /** A ready store (tests pass an in-memory one); the server closes it on close(). */
  store?: Store;
  /** Directory of the built client; a minimal page is served when it has no index.html. */
  clientDir: string;
  logLevel: string;
  /** Where log lines go (default stdout); tests capture them. */
  logStream?: DestinationStream;
  /** Ping interval; a connection that has not answered the previous ping by then is closed. */
  pingIntervalMs: number;
  /** Largest WebSocket frame (bytes); larger frames close the connection with 1009. */
  maxFrameBytes: number;
  /** Connections per room; more are closed with 1013. */
  maxConnectionsPerRoom: number;
  /** Stored size of one document past which growth is refused. */
  maxDocBytes: number;
  /**
   * Logged updates after which a room's log is merged into one snapshot, at the room's next quiet
   * moment (no update for compactIdleMs), so compaction never pauses a burst of editing.
   */
  compactAfterUpdates: number;
  compactIdleMs: number;
  /** Logged updates after which a room compacts at once, quiet or not, so the log stays bounded. */
  compactMaxUpdates: number;
  /** Sync messages (updates, step 2) per second per connection, and the burst allowed. */
  updateRate: { perSecond: number; burst: number };
  /** Awareness and query-awareness messages per second per connection, and the burst allowed. */
  awarenessRate: { perSecond: number; burst: number };
  /** Largest JSON request body, and largest diagram file for PUT. */
  maxJsonBodyBytes: number;
  maxDiagramBodyBytes: number;
  /** How long close() waits for rooms to be stored before giving up. */
  shutdownTimeoutMs: number;
}

export type ServerOptions = Partial<ServerConfig>;

export const DEFAULTS: Omit<ServerConfig, 'store' | 'logStream'> = {
  port: 8080,
  host: '0.0.0.0',
  dataDir: './data',
  clientDir: join(import.meta.dirname, '..', '..', 'dist', 'client'),
  logLevel: 'info',
  pingIntervalMs: 30_000,
  maxFrameBytes: MAX_FRAME_BYTES,
  maxConnectionsPerRoom: 200,
  maxDocBytes: 20 * 1024 * 1024,
  compactAfterUpdates: 500,
  compactIdleMs: 1_000,
  compactMaxUpdates: 5_000,
  updateRate: { perSecond: 200, burst: 2000 },
  awarenessRate: { perSecond: 60, burst: 600 },
  maxJsonBodyBytes: 64 * 1024,
  maxDiagramBodyBytes: 5 * 1024 * 1024,
  shutdownTimeoutMs: 4_000,
};

export function resolveConfig(options: ServerOptions): ServerConfig {
  return { ...DEFAULTS, ...stripUndefined(options) };
}

/** Reads PORT, HOST, DATA_DIR and LOG_LEVEL; everything else keeps its default. */
export function configFromEnv(env: NodeJS.ProcessEnv): ServerOptions {
  const options: ServerOptions = {};
  if (env.PORT !== undefined && env.PORT !== '') {
    const port = Number(env.PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
    options.port = port;
  }
  if (env.HOST) options.host = env.HOST;
  if (env.DATA_DIR) options.dataDir = env.DATA_DIR;
  if (env.LOG_LEVEL) options.logLevel = env.LOG_LEVEL;
  return options;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
