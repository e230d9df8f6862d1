/** The shape of bench/results/<date>.json. */
import type { LoadResult, ServerKind } from './protocol.ts';
import type { PersistenceResult } from './persistence.ts';
import type { SharedResult } from './shared-code.ts';
import type { ClientResult } from './client-browser.ts';

export const ALL_SERVERS: ServerKind[] = ['causeway', 'ywsref', 'hocuspocus', 'hocuspocus-sqlite'];
export interface ServerUsage {
  /** CPU time of the server process over the run, as a share of one core. */
  cpuCores: number;
  /** Longest event-loop stall of the server process over the run (ms). */
  loopDelayMaxMs?: number;
  rssStart: number;
  rssPeak: number;
}

export interface LatencyRow {
  rooms: number;
  clientsPerRoom: number;
  server: ServerKind;
  result: LoadResult | null;
  usage: ServerUsage | null;
  error?: string;
  /** Each round's own figures, when the scenario ran in several rounds (samples pooled in `result`). */
  rounds?: Array<{ p50: number; p99: number }>;
}

export interface ThroughputRow {
  server: ServerKind;
  rooms: number;
  clientsPerRoom: number;
  /** Highest relayed updates per second (deliveries) with p99 < 50 ms and nothing lost. */
  bestRelayRate: number | null;
  bestEditRate: number | null;
  steps: LoadResult[];
  usage: ServerUsage | null;
  error?: string;
}

export interface ConnectionsRow {
  server: ServerKind;
  clients: number;
  rooms: number;
  /** Server RSS with nothing connected (after gc). */
  rssIdle: number;
  /** Server RSS with every client connected and idle, after the edit run (after gc). */
  rssLoaded: number;
  /** (heap + external) growth per loaded room, after gc, connections included. */
  bytesPerRoom: number;
  /** Share of one core used by the server while the clients edited. */
  cpuCoresUnderLoad: number;
  error?: string;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  machine: { cpus: number; cpuModel: string; memoryBytes: number; node: string; os: string };
  settings: Record<string, unknown>;
  latency: LatencyRow[];
  throughput: ThroughputRow[];
  connections: ConnectionsRow[];
  persistence: PersistenceResult | { error: string } | null;
  shared: SharedResult | { error: string } | null;
  client: ClientResult | { error: string } | null;
}

