/**
 * PNG of a diagram (SPEC S-EX): drawn in the PNG thread (draw-png.ts, Konva on @napi-rs/canvas) so
 * that drawing, ~300 ms for a 500-cause page, never holds up the server's event loop, and with it
 * every room's relays. PNG_CONCURRENCY at once, and a small cache of recent pictures.
 */
import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { DiagramTree } from '@causeway/shared';
import { buildPage, type Page } from './page.ts';

/** PNGs drawn and encoded at once in this process (each holds a bitmap of up to PNG_MAX_PIXELS x 4 bytes). */
export const PNG_CONCURRENCY = 2;

interface Job {
  resolve(png: Buffer): void;
  reject(err: Error): void;
}

interface PngThread {
  worker: Worker;
  /** Pages sent and not yet answered, by job id. */
  jobs: Map<number, Job>;
}

/** The thread, started on the first PNG; a thread that failed is started again by the next one. */
let thread: PngThread | null = null;
let nextJob = 1;

function pngThread(): PngThread {
  if (thread) return thread;
  const worker = new Worker(new URL('./png-worker.mjs', import.meta.url));
  // Waiting requests keep the server busy; an idle thread does not keep the process alive.
  worker.unref();
  const started: PngThread = { worker, jobs: new Map() };
  worker.on('message', (reply: { id: number; png?: Uint8Array; error?: string }) => {
    const job = started.jobs.get(reply.id);
    if (!job) return;
    started.jobs.delete(reply.id);
    if (reply.png) job.resolve(Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength));
    else job.reject(new Error(reply.error ?? 'the PNG thread answered nothing'));
  });
  const fail = (err: Error) => {
    if (thread === started) thread = null;
    for (const job of started.jobs.values()) job.reject(err);
    started.jobs.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the PNG thread exited (${code})`)));
  thread = started;
  return started;
}

/** Stops the PNG thread: what it was drawing fails, and the next PNG starts a new one. */
export async function stopPngThread(): Promise<void> {
  await thread?.worker.terminate();
}

function drawPng(page: Page): Promise<Buffer> {
  const { worker, jobs } = pngThread();
  const id = nextJob++;
  return new Promise<Buffer>((resolve, reject) => {
    jobs.set(id, { resolve, reject });
    worker.postMessage({ id, page });
  });
}

let running = 0;
const waiting: (() => void)[] = [];

/** PNGs being drawn or encoded now, and waiting for a turn. */
export function pngActivity(): { running: number; waiting: number } {
  return { running, waiting: waiting.length };
}

async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= PNG_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** Recent PNGs by what they show, so exporting an unchanged diagram again (a PNG, then the ZIP) is instant. */
export const PNG_CACHE_ENTRIES = 16;
export const PNG_CACHE_BYTES = 32 * 1024 * 1024;
const cache = new Map<string, Promise<Buffer>>();
const sizes = new Map<string, number>();
let cachedBytes = 0;

function drop(key: string): void {
  cache.delete(key);
  cachedBytes -= sizes.get(key) ?? 0;
  sizes.delete(key);
}

/** Drops the least recently used PNGs while over either limit. */
function trim(): void {
  for (const key of cache.keys()) {
    if (cache.size <= PNG_CACHE_ENTRIES && cachedBytes <= PNG_CACHE_BYTES) return;
    drop(key);
  }
}

/** A key for everything a page draws (sizes, title, every shape and text). */
function pageKey(page: Page): string {
  const { width, height, titleLines, offset, model } = page;
  return createHash('sha256').update(JSON.stringify([width, height, titleLines, offset, model.bones, model.labels, model.links, model.badges, model.dots])).digest('base64');
}

/**
 * Draws a page and encodes it as PNG in the PNG thread, PNG_CONCURRENCY at once. The same picture
 * asked for again comes from a small cache.
 */
export function pagePng(page: Page): Promise<Buffer> {
  const key = pageKey(page);
  const cached = cache.get(key);
  if (cached) {
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const pending = slot(() => drawPng(page));
  cache.set(key, pending);
  pending.then(
    (png) => {
      if (cache.get(key) !== pending) return;
      sizes.set(key, png.length);
      cachedBytes += png.length;
      trim();
    },
    () => {
      if (cache.get(key) === pending) drop(key);
    },
  );
  trim();
  return pending;
}

/** Entries and bytes held by the PNG cache. */
export function pngCacheSize(): { entries: number; bytes: number } {
  return { entries: cache.size, bytes: cachedBytes };
}

export function clearPngCache(): void {
  for (const key of [...cache.keys()]) drop(key);
}

export function renderPng(tree: DiagramTree, locale: string): Promise<Buffer> {
  return pagePng(buildPage(tree, locale));
}
