/** Messages between the bench orchestrator and its child processes. */

export type ServerKind = 'causeway' | 'ywsref' | 'hocuspocus' | 'hocuspocus-sqlite' | 'causeway-memory';

export const SERVER_LABELS: Record<ServerKind, string> = {
  causeway: 'Causeway',
  ywsref: 'y-websocket 2.1.0 (ref)',
  hocuspocus: 'Hocuspocus 3.4 (memory)',
  'hocuspocus-sqlite': 'Hocuspocus 3.4 + SQLite',
  'causeway-memory': 'Causeway, store in memory (experiment)',
};

export interface ServerStats {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  cpuMicros: { user: number; system: number };
  /** Event-loop utilisation (0..1) since the previous stats request. */
  eluSinceLast: number;
  /** Longest event-loop stall (ms) since the previous stats request (perf_hooks monitorEventLoopDelay). */
  loopDelayMaxMs: number;
  rooms: number | null;
  /** performance.now() in the server process. */
  at: number;
}

export type ToServerChild = { type: 'stats'; id: number; gc?: boolean } | { type: 'close' };

export type FromServerChild =
  | { type: 'ready'; port: number }
  | { type: 'stats'; id: number; stats: ServerStats }
  | { type: 'closed' }
  | { type: 'error'; message: string };

/** Which wire protocol the clients speak. */
export type WireProtocol = 'y-websocket' | 'hocuspocus';

export interface RoomTarget {
  /** Full WebSocket URL of the room for light clients; stock providers use serverUrl + room + params. */
  serverUrl: string;
  room: string;
  params: Record<string, string>;
}

export interface LoadConfig {
  protocol: WireProtocol;
  rooms: RoomTarget[];
  clientsPerRoom: number;
  /** Edits per second per client, one measured step per rate (latency: one rate). */
  rates: number[];
  /** Stepped search: stop after the first step whose p99 >= 50 ms or that lost deliveries. */
  search?: boolean;
  warmupMs: number;
  measureMs: number;
  /** 'stock': the stock provider with a Y.Doc per client; 'light': same wire traffic, no Y.Doc on receive. */
  mode: 'stock' | 'light';
  seed: number;
  /** Keep the clients connected and idle after the run until told to close (for connection memory). */
  holdAfter?: boolean;
  /** Return every latency sample (LoadResult.raw), so that several processes' runs can be pooled. */
  rawSamples?: boolean;
  /** After connecting, wait for a 'go' message (so several processes start together). */
  waitForGo?: boolean;
}

export interface LatencySummary {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export interface LoadResult {
  /** Edits per second per client asked for in this step. */
  rate: number;
  clients: number;
  connectMs: number;
  edits: number;
  /** Edits per second actually sent during the measurement window. */
  editRate: number;
  /** Deliveries (edit x receiver) per second during the measurement window. */
  relayRate: number;
  /** Arrival of each edit at each other client. */
  arrival: LatencySummary;
  /** Time until an edit had reached every other client of its room. */
  fanout: LatencySummary;
  /** Deliveries expected but not seen by the end of the drain period. */
  missing: number;
  harnessCpuMicros: { user: number; system: number };
  harnessElu: number;
  wallMs: number;
  /** Share of one core the server used during this step (throughput runs). */
  serverCpuCores?: number;
  /** Every sample, with LoadConfig.rawSamples. */
  raw?: { arrival: number[]; fanout: number[] };
}

export type ToLoadChild = { type: 'run'; config: LoadConfig } | { type: 'go' } | { type: 'close' };
export type FromLoadChild =
  | { type: 'connected'; connectMs: number }
  | { type: 'step'; rate: number }
  | { type: 'result'; results: LoadResult[] }
  | { type: 'closed' }
  | { type: 'error'; message: string };
