import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * S-ST15: WAL checkpoints on a worker thread. SQLite's automatic checkpoint runs inside whichever
 * commit pushes the WAL past 1,000 pages, so one append in a few hundred paused the event loop (and
 * every room's relays) for the copy and fsync, 5–10 ms here. A PASSIVE checkpoint from a second
 * connection never blocks the writer and never waits for a lock.
 *
 * Plain JavaScript evaluated in the worker, so it runs the same under tsx, vitest and a build.
 */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)');
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  try { checkpoint(); } finally { db.close(); parentPort.close(); }
});
`;

export interface Checkpointer {
  /** Resolves once the worker checkpointed one last time and closed its connection. */
  close(): Promise<void>;
}

/**
 * Starts checkpointing `path` every `intervalMs`. `onFailure` runs if the worker cannot start or
 * fails later, so the caller can turn SQLite's automatic checkpoints back on.
 */
export function startCheckpointer(path: string, intervalMs: number, onFailure: (err: unknown) => void): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(SOURCE, { eval: true, workerData: { path, driver, intervalMs } });
  // A server that is done must be able to exit without closing the store first.
  worker.unref();
  let closing = false;
  worker.on('error', (err) => onFailure(err));
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      if (!closing) onFailure(new Error(`checkpoint worker exited with code ${code}`));
      resolve();
    }),
  );
  return {
    async close() {
      if (closing) return exited;
      closing = true;
      // Held open until the worker is done, or a process with nothing else to do would exit first.
      worker.ref();
      worker.postMessage('close');
      return exited;
    },
  };
}
