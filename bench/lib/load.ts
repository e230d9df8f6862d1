/** Runs one load scenario in a fresh load-generator process. */
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { FromLoadChild, LoadConfig, LoadResult } from './protocol.ts';
import { forkTs } from './servers.ts';

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

export async function runLoad(config: LoadConfig, hooks: LoadHooks = {}): Promise<LoadRun> {
  const prof = process.env.BENCH_PROFILE_HARNESS ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_HARNESS}`] : [];
  const child: ChildProcess = forkTs(entry, [], ['--max-old-space-size=4096', '--max-semi-space-size=32', ...prof]);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const results = await new Promise<LoadResult[]>((resolve, reject) => {
      const limit = (config.warmupMs + config.measureMs + 8_000) * (config.rates.length + 1) + 240_000;
      const timer = setTimeout(() => reject(new Error(`load run timed out\n${stderr}`)), limit);
      child.on('message', (raw) => {
        const msg = raw as FromLoadChild;
        if (msg.type === 'connected') hooks.onConnected?.();
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
    const close = async () => {
      if (child.exitCode === null && child.connected) child.send({ type: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    };
    if (!config.holdAfter) await close();
    return { results, close };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}
