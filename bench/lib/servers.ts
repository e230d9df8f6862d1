/** Starts and stops sync servers, each in its own child process. */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FromServerChild, ServerKind, ServerStats } from './protocol.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, '..', '..');

export interface ServerHandle {
  kind: ServerKind;
  port: number;
  pid: number;
  dataDir: string;
  stats(gc?: boolean): Promise<ServerStats>;
  close(): Promise<void>;
}

/** Forks a TypeScript entry with tsx, --expose-gc and an IPC channel. */
export function forkTs(entry: string, args: string[], extraExecArgv: string[] = []): ChildProcess {
  return fork(entry, args, {
    cwd: repoRoot,
    execArgv: ['--import', 'tsx', '--expose-gc', ...extraExecArgv],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'silent' },
  });
}

export async function startServer(kind: ServerKind, clientDir?: string): Promise<ServerHandle> {
  const dataDir = mkdtempSync(join(tmpdir(), `causeway-bench-${kind}-`));
  // BENCH_PROFILE_SERVER=<dir> writes a V8 CPU profile of each server process (for finding limits).
  const prof = process.env.BENCH_PROFILE_SERVER ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_SERVER}`] : [];
  const child = forkTs(join(here, 'server-child.ts'), clientDir ? [kind, dataDir, clientDir] : [kind, dataDir], prof);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const pending = new Map<number, (s: ServerStats) => void>();
  let nextId = 1;
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} did not start in 30 s\n${stderr}`)), 30_000);
    child.on('message', (raw) => {
      const msg = raw as FromServerChild;
      if (msg.type === 'ready') {
        clearTimeout(timer);
        resolve(msg.port);
      } else if (msg.type === 'error') {
        clearTimeout(timer);
        reject(new Error(`${kind}: ${msg.message}`));
      } else if (msg.type === 'stats') {
        pending.get(msg.id)?.(msg.stats);
        pending.delete(msg.id);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} exited with ${String(code)}\n${stderr}`));
    });
  });
  let closed = false;
  return {
    kind,
    port,
    pid: child.pid ?? -1,
    dataDir,
    stats: (gc = false) =>
      new Promise<ServerStats>((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => reject(new Error(`${kind} stats timed out`)), 30_000);
        pending.set(id, (s) => {
          clearTimeout(timer);
          resolve(s);
        });
        child.send({ type: 'stats', id, gc });
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      const exited = new Promise<void>((resolve) => {
        if (child.exitCode !== null) resolve();
        else child.once('exit', () => resolve());
      });
      if (child.connected) child.send({ type: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
