/**
 * Persistence figures for Causeway's own store (server/src/store, SQLite in WAL mode): cost of one
 * stored update, load time of a room whose log holds 10,000 updates before and after compaction,
 * and size on disk. Runs in the orchestrator process (nothing else runs meanwhile).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { openSqliteStore, storePath } from '../../server/src/store/index.ts';
import type { Persistence } from '../../server/src/store/types.ts';
import { mulberry32, summarize } from './stats.ts';
import { median } from './stats.ts';
import type { LatencySummary } from './protocol.ts';

export interface PersistenceResult {
  /** Microseconds per awaited append, one at a time (synchronous=NORMAL, the server's default). */
  appendMicros: LatencySummary;
  appendMicrosFull: LatencySummary;
  /** The same with batchAppends, as the server opens its store (one append per turn: adds a setImmediate). */
  appendMicrosBatched?: LatencySummary;
  /** Appends per second when appends of one event-loop turn are batched (batchAppends). */
  batchedAppendsPerSecond: number;
  logUpdates: number;
  /** Median ms to read the room and apply it to a fresh Y.Doc. */
  loadMsBefore: number;
  loadMsAfter: number;
  compactMs: number;
  /** Bytes of the room in the store (log + snapshot) and of the database files. */
  roomBytesBefore: number;
  roomBytesAfter: number;
  fileBytesBefore: number;
  fileBytesAfter: number;
  /** Y.encodeStateAsUpdate size of the document, for comparison. */
  docBytes: number;
  lines: string[];
}

/**
 * Realistic small updates: 10% add a cause (and start typing its label), 5% move to another label,
 * otherwise type one character at the end of the current label.
 */
export function typingUpdates(count: number, seed: number): Uint8Array[] {
  const rng = mulberry32(seed);
  const updates: Uint8Array[] = [];
  const doc = new Y.Doc();
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const nodes = doc.getMap<Y.Map<unknown>>('nodes');
  const texts: Y.Text[] = [];
  const ids: string[] = [];
  let n = 0;
  const addNode = (parent: string) => {
    const id = `n${n++}`;
    const node = new Y.Map<unknown>();
    const text = new Y.Text('');
    node.set('parent', parent);
    node.set('text', text);
    node.set('order', `a${n}`);
    nodes.set(id, node);
    ids.push(id);
    texts.push(text);
  };
  for (let c = 0; c < 6; c++) doc.transact(() => addNode('root'));
  let current = texts[0]!;
  while (updates.length < count) {
    doc.transact(() => {
      const r = rng();
      if (r < 0.1) {
        addNode(ids[Math.floor(rng() * ids.length)]!);
        current = texts[texts.length - 1]!;
      } else if (r < 0.15) {
        current = texts[Math.floor(rng() * texts.length)]!;
      } else {
        current.insert(current.length, String.fromCharCode(97 + Math.floor(rng() * 26)));
      }
    });
  }
  return updates.slice(0, count);
}

function fileBytes(path: string): number {
  let total = 0;
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      total += statSync(path + suffix).size;
    } catch {
      // absent
    }
  }
  return total;
}

async function appendCost(rooms: Persistence, updates: Uint8Array[]): Promise<LatencySummary> {
  const times: number[] = [];
  for (const u of updates) {
    const t = performance.now();
    await rooms.append('bench/append', u);
    times.push((performance.now() - t) * 1000);
  }
  return summarize(times);
}

async function loadMs(rooms: Persistence, room: string, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const stored = await rooms.load(room);
    const doc = new Y.Doc();
    doc.transact(() => {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
      for (const u of stored.updates) Y.applyUpdate(doc, u);
    });
    times.push(performance.now() - t);
    doc.destroy();
  }
  return median(times);
}

export async function benchPersistence(quick: boolean): Promise<PersistenceResult> {
  const dir = mkdtempSync(join(tmpdir(), 'causeway-bench-store-'));
  try {
    const logUpdates = 10_000;
    const updates = typingUpdates(logUpdates, 7);
    const appendRuns = quick ? 300 : 2_000;

    const path = storePath(dir);
    let store = openSqliteStore(path);
    const appendMicros = await appendCost(store.rooms, updates.slice(0, appendRuns));

    const fullDir = join(dir, 'full');
    const full = openSqliteStore(storePath(fullDir), { synchronous: 'full' });
    const appendMicrosFull = await appendCost(full.rooms, updates.slice(0, Math.min(appendRuns, 500)));
    await full.close();

    const batchDir = join(dir, 'batch');
    const batched = openSqliteStore(storePath(batchDir), { batchAppends: true });
    const appendMicrosBatched = await appendCost(batched.rooms, updates.slice(0, Math.min(appendRuns, 1000)));
    const tb = performance.now();
    // 100 connections' worth of updates arriving in the same turn, 20 turns.
    for (let turn = 0; turn < 20; turn++) {
      await Promise.all(updates.slice(turn * 100, turn * 100 + 100).map((u) => batched.rooms.append('bench/batch', u)));
    }
    const batchedAppendsPerSecond = 2000 / ((performance.now() - tb) / 1000);
    await batched.close();

    const room = 'bench/log10k';
    await store.rooms.delete('bench/append');
    for (const u of updates) await store.rooms.append(room, u);
    const infoBefore = (await store.rooms.list()).find((r) => r.room === room);
    // Closing checkpoints and removes the WAL, so the file size is what the data occupies.
    await store.close();
    const fileBytesBefore = fileBytes(path);
    store = openSqliteStore(path);
    const runs = quick ? 3 : 7;
    const loadMsBefore = await loadMs(store.rooms, room, runs);

    const stored = await store.rooms.load(room);
    const doc = new Y.Doc();
    for (const u of stored.updates) Y.applyUpdate(doc, u);
    const snapshot = Y.encodeStateAsUpdate(doc);
    const tc = performance.now();
    await store.rooms.compact(room, snapshot, stored.lastSeq);
    const compactMs = performance.now() - tc;
    const infoAfter = (await store.rooms.list()).find((r) => r.room === room);
    const loadMsAfter = await loadMs(store.rooms, room, runs);
    await store.close();
    const fileBytesAfter = fileBytes(path);

    const append = (s: LatencySummary) => `p50 ${s.p50.toFixed(0)} µs, p99 ${s.p99.toFixed(0)} µs, mean ${s.mean.toFixed(0)} µs`;
    const r: Omit<PersistenceResult, 'lines'> = {
      appendMicros,
      appendMicrosFull,
      appendMicrosBatched,
      batchedAppendsPerSecond,
      logUpdates,
      loadMsBefore,
      loadMsAfter,
      compactMs,
      roomBytesBefore: infoBefore?.bytes ?? NaN,
      roomBytesAfter: infoAfter?.bytes ?? NaN,
      fileBytesBefore,
      fileBytesAfter,
      docBytes: snapshot.byteLength,
    };
    return {
      ...r,
      lines: [
        `one stored update (awaited append, synchronous=NORMAL): ${append(appendMicros)} (${appendRuns} appends)`,
        `one stored update, synchronous=FULL (fsync per commit): ${append(appendMicrosFull)}`,
        `one stored update with batchAppends (the server's setting), awaited alone: ${append(appendMicrosBatched)}`,
        `batched appends (batchAppends, 100 per turn): ${batchedAppendsPerSecond.toFixed(0)} appends/s`,
        `load a room with a ${logUpdates}-update log (read + apply to a Y.Doc, median of ${runs}): ${r.loadMsBefore.toFixed(1)} ms before compaction, ${r.loadMsAfter.toFixed(2)} ms after (${(r.loadMsBefore / r.loadMsAfter).toFixed(0)}× faster); compaction took ${r.compactMs.toFixed(1)} ms`,
        `size: room ${(r.roomBytesBefore / 1024).toFixed(0)} KB in the log -> ${(r.roomBytesAfter / 1024).toFixed(1)} KB as a snapshot (document ${(r.docBytes / 1024).toFixed(1)} KB); database file ${(r.fileBytesBefore / 1024).toFixed(0)} KB before, ${(r.fileBytesAfter / 1024).toFixed(0)} KB after (freed pages stay in the file for reuse until VACUUM)`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
