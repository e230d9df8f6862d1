/**
 * Run with `node --expose-gc --import tsx`: loads many rooms, edits them, lets them unload, and
 * prints heap sizes (after full GCs) before, while loaded and after, as one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Doc } from 'yjs';
import { addCategory, addCause } from '@causeway/shared';
import { startServer } from '../../server/src/index.ts';

const ROOMS = Number(process.argv[2] ?? 60);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const dir = mkdtempSync(join(tmpdir(), 'causeway-memory-'));
const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: dir, logLevel: 'silent' });
const res = await fetch(`${server.url}/api/workshops`, { method: 'POST', body: JSON.stringify({ title: 'Memory', count: ROOMS, template: '6m' }) });
const w = (await res.json()) as { id: string; groups: { id: string }[] };
const names = w.groups.map((g) => `${w.id}/${g.id}`);

async function cycle(): Promise<void> {
  const rooms = await Promise.all(names.map((n) => server.rooms.acquire(n)));
  for (const room of rooms) {
    await room.change((doc: Doc) => {
      const c = addCategory(doc, 'People');
      for (let i = 0; i < 20; i++) addCause(doc, c, `cause ${i} ${'x'.repeat(40)}`);
    }, 'test');
  }
  loaded = heap();
  const unloaded = new Promise<void>((resolve) => {
    const check = () => {
      if (server.rooms.size === 0) {
        server.rooms.unloaded.delete(check);
        resolve();
      }
    };
    server.rooms.unloaded.add(check);
  });
  for (const room of rooms) server.rooms.release(room);
  await unloaded;
}

let loaded = 0;
await cycle(); // warm-up: code paths, prepared statements, caches
const before = heap();
await cycle();
const after = heap();
process.stdout.write(`${JSON.stringify({ rooms: ROOMS, before, loaded, after })}\n`);
await server.close();
rmSync(dir, { recursive: true, force: true });
