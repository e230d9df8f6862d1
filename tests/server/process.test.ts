/**
 * The server as its own process (server/src/main.ts, what `npm start` runs): SIGKILL under a write
 * storm loses nothing any client saw relayed; SIGTERM stores everything and exits 0 with 1001.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCategory, addCause, readTree, type NodeId } from '@causeway/shared';
import type { RunningServer } from '../../server/src/index.ts';
import { connect, createWorkshop, tempDir, until, untilDoc, type Client } from './helpers.ts';

const root = join(import.meta.dirname, '..', '..');

interface Child {
  process: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Starts `node --import tsx server/src/main.ts` on a free port and waits for the URL it prints. */
function startChild(dataDir: string): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Causeway is running at (http:\/\/\S+)/.exec(output);
      if (match) {
        child.stdout!.off('data', onData);
        resolve({ process: child, url: match[1]!, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(({ code }) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
}

/** The parts of RunningServer the helpers use, for a server in another process. */
const remote = (url: string) => ({ url }) as RunningServer;

describe('the server process', () => {
  it('S10: SIGKILL during a write storm loses nothing any client saw relayed', async () => {
    const dir = tempDir();
    cleanup.push(() => dir.remove());
    const first = await startChild(dir.path);
    const server = remote(first.url);
    const w = await createWorkshop(server, { template: 'blank' });
    const g = w.groups[0]!.id;
    const clients: Client[] = Array.from({ length: 5 }, () => connect(server, w.id, g, w.tokens.participant));
    cleanup.push(() => clients.forEach((c) => c.destroy()));
    await Promise.all(clients.map((c) => c.synced));
    const category = addCategory(clients[0]!.doc, 'Storm');
    await Promise.all(clients.map((c) => untilDoc(c.doc, (d) => readTree(d).categories.length === 1, 'the category')));

    // Everything the server sent to any client, as that client received it.
    const relayed: Uint8Array[] = [];
    let relayedCount = 0;
    const onRelayed = new Set<() => void>();
    for (const c of clients) {
      c.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== c.provider) return;
        relayed.push(update);
        relayedCount++;
        for (const f of onRelayed) f();
      });
    }
    let storming = true;
    const storm = clients.slice(0, 4).map(async (c, i) => {
      for (let n = 0; storming; n++) {
        addCause(c.doc, category as NodeId, `writer ${i} cause ${n}`);
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
    await until(
      () => relayedCount >= 400,
      (changed) => {
        onRelayed.add(changed);
        return () => onRelayed.delete(changed);
      },
      30_000,
      '400 relayed updates',
    );
    first.process.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    storming = false;
    await Promise.all(storm);
    for (const c of clients) c.provider.disconnect();
    const seen = relayed.slice();

    const second = await startChild(dir.path);
    cleanup.push(() => second.process.kill('SIGKILL'));
    const fresh = connect(remote(second.url), w.id, g, w.tokens.viewer);
    cleanup.push(() => fresh.destroy());
    await fresh.synced;

    // Applying everything that was relayed adds nothing the restarted server does not have.
    const check = new Y.Doc();
    Y.applyUpdate(check, Y.encodeStateAsUpdate(fresh.doc));
    let missing = 0;
    check.on('update', () => missing++);
    for (const u of seen) Y.applyUpdate(check, u);
    expect(seen.length).toBeGreaterThanOrEqual(400);
    expect(missing).toBe(0);
    const causes = readTree(fresh.doc).categories[0]!.children.length;
    expect(causes).toBeGreaterThan(50);
  }, 90_000);

  it.each(['SIGTERM', 'SIGINT'] as const)('S3: %s stores every room, closes sockets with 1001 and exits 0 within 5 s', async (signal) => {
    const dir = tempDir();
    cleanup.push(() => dir.remove());
    const first = await startChild(dir.path);
    const server = remote(first.url);
    const w = await createWorkshop(server, { template: 'blank' });
    const g = w.groups[0]!.id;
    const a = connect(server, w.id, g, w.tokens.participant);
    cleanup.push(() => a.destroy());
    await a.synced;
    const category = addCategory(a.doc, 'Before shutdown');
    for (let i = 0; i < 20; i++) addCause(a.doc, category, `cause ${i}`);
    const observer = connect(server, w.id, g, w.tokens.viewer);
    cleanup.push(() => observer.destroy());
    await untilDoc(observer.doc, (d) => (readTree(d).categories[0]?.children.length ?? 0) === 20, 'observer sees 20 causes');
    const closed = new Promise<number | undefined>((resolve) => a.provider.once('connection-close', (event) => resolve(event?.code)));
    const started = Date.now();
    first.process.kill(signal);
    expect(await closed).toBe(1001);
    const exit = await first.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(5000);
    a.provider.disconnect();
    observer.provider.disconnect();

    const second = await startChild(dir.path);
    cleanup.push(() => second.process.kill('SIGKILL'));
    const fresh = connect(remote(second.url), w.id, g, w.tokens.viewer);
    cleanup.push(() => fresh.destroy());
    await fresh.synced;
    expect(readTree(fresh.doc).categories[0]!.children).toHaveLength(20);
  }, 60_000);
});
