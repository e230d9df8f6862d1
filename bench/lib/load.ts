/**
 * Runs one load scenario in fresh load-generator processes: one, or (with `shards`) several, each
 * with its own share of the rooms, started together once all are connected. A room's clients all
 * live in one process, so every latency is measured on one clock.
 */
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { FromLoadChild, LoadConfig, LoadResult } from './protocol.ts';
import { forkTs } from './servers.ts';
import { summarize } from './stats.ts';

const entry = join(import.meta.dirname, 'load-child.ts');

export interface LoadRun {
  results: LoadResult[];
  /** Closes the clients when the run was started with holdAfter. */
  close(): Promise<void>;
}

export interface LoadHooks {
  onConnected?: () => void;
  onStep?: (rate: number) => void;
}

interface LoadChild {
  connected: Promise<void>;
  results: Promise<LoadResult[]>;
  go(): void;
  close(): Promise<void>;
  kill(): void;
}

function startChild(config: LoadConfig, hooks: LoadHooks): LoadChild {
  const prof = process.env.BENCH_PROFILE_HARNESS ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_HARNESS}`] : [];
  const child: ChildProcess = forkTs(entry, [], ['--max-old-space-size=4096', '--max-semi-space-size=32', ...prof]);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let connected!: () => void;
  const connectedP = new Promise<void>((resolve) => (connected = resolve));
  const results = new Promise<LoadResult[]>((resolve, reject) => {
    const limit = (config.warmupMs + config.measureMs + 8_000) * (config.rates.length + 1) + 240_000;
    const timer = setTimeout(() => reject(new Error(`load run timed out\n${stderr}`)), limit);
    child.on('message', (raw) => {
      const msg = raw as FromLoadChild;
      if (msg.type === 'connected') connected();
      if (msg.type === 'step') hooks.onStep?.(msg.rate);
      if (msg.type === 'result') {
        clearTimeout(timer);
        resolve(msg.results);
      } else if (msg.type === 'error') {
        clearTimeout(timer);
        reject(new Error(msg.message));
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`load generator exited\n${stderr}`));
    });
    child.send({ type: 'run', config });
  });
  return {
    connected: connectedP,
    results,
    go: () => child.send({ type: 'go' }),
    async close() {
      if (child.exitCode === null && child.connected) child.send({ type: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
    kill: () => child.kill('SIGKILL'),
  };
}

/**
 * Percentiles over every part's samples, not an average of their percentiles. Parts are either
 * processes of one run (`at: 'once'`: counts and rates add up) or rounds run one after another
 * (`at: 'rounds'`: rates are averaged). Raw samples are kept only when `keepRaw`.
 */
export function mergeResults(parts: LoadResult[], at: 'once' | 'rounds', keepRaw = false): LoadResult {
  const first = parts[0]!;
  if (parts.length === 1 && (keepRaw || !first.raw)) return first;
  const raw = { arrival: parts.flatMap((r) => r.raw?.arrival ?? []), fanout: parts.flatMap((r) => r.raw?.fanout ?? []) };
  const sum = (pick: (r: LoadResult) => number) => parts.reduce((n, r) => n + pick(r), 0);
  const rate = (pick: (r: LoadResult) => number) => sum(pick) / (at === 'once' ? 1 : parts.length);
  return {
    rate: first.rate,
    clients: at === 'once' ? sum((r) => r.clients) : first.clients,
    connectMs: Math.max(...parts.map((r) => r.connectMs)),
    edits: sum((r) => r.edits),
    editRate: rate((r) => r.editRate),
    relayRate: rate((r) => r.relayRate),
    arrival: summarize(raw.arrival),
    fanout: summarize(raw.fanout),
    missing: sum((r) => r.missing),
    harnessCpuMicros: { user: sum((r) => r.harnessCpuMicros.user), system: sum((r) => r.harnessCpuMicros.system) },
    // The busiest process is the one whose loop could have delayed arrivals.
    harnessElu: Math.max(...parts.map((r) => r.harnessElu)),
    wallMs: at === 'once' ? Math.max(...parts.map((r) => r.wallMs)) : sum((r) => r.wallMs),
    ...(keepRaw ? { raw } : {}),
  };
}

/**
 * `shards` > 1 splits the rooms over that many processes (round robin); only for runs of one rate
 * without search, since each process would otherwise step on its own.
 */
export async function runLoad(config: LoadConfig, hooks: LoadHooks = {}, shards = 1): Promise<LoadRun> {
  const n = Math.max(1, Math.min(shards, config.rooms.length));
  if (n > 1 && (config.search || config.rates.length !== 1)) throw new Error('sharded load runs take one rate and no search');
  const configs: LoadConfig[] =
    n === 1
      ? [config]
      : Array.from({ length: n }, (_, i) => ({
          ...config,
          rooms: config.rooms.filter((_, r) => r % n === i),
          seed: config.seed + i * 1_000,
          rawSamples: true,
          waitForGo: true,
        }));
  const children = configs.map((c, i) => startChild(c, i === 0 ? { onStep: hooks.onStep } : {}));
  // Awaited below; a child killed after another failed must not be an unhandled rejection.
  for (const c of children) c.results.catch(() => {});
  const close = async () => {
    await Promise.all(children.map((c) => c.close()));
  };
  try {
    if (n === 1) {
      void children[0]!.connected.then(() => hooks.onConnected?.());
    } else {
      await Promise.race([Promise.all(children.map((c) => c.connected)), ...children.map((c) => c.results)]);
      hooks.onConnected?.();
      for (const c of children) c.go();
    }
    const parts = await Promise.all(children.map((c) => c.results));
    const results = parts[0]!.map((_, step) => mergeResults(parts.map((p) => p[step]!), 'once', config.rawSamples));
    if (!config.holdAfter) await close();
    return { results, close };
  } catch (err) {
    for (const c of children) c.kill();
    throw err;
  }
}
