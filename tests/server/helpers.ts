/** Helpers for server integration tests: a real server on port 0 and stock y-websocket clients. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { afterEach, expect } from 'vitest';
import { startServer, type RunningServer, type ServerOptions } from '../../server/src/index.ts';
import { createMemoryStore } from '../../server/src/store/memory.ts';

export interface CreatedWorkshop {
  id: string;
  title: string;
  groups: { id: string; name: string; locked: boolean }[];
  links: Record<'facilitator' | 'participant' | 'viewer', string>;
  urls: Record<'facilitator' | 'participant' | 'viewer', string>;
  tokens: Record<'facilitator' | 'participant' | 'viewer', string>;
}

export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'causeway-server-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function start(options: ServerOptions = {}): Promise<RunningServer> {
  return startServer({ port: 0, host: '127.0.0.1', logLevel: 'silent', ...options });
}

export async function createWorkshop(server: RunningServer, body: Record<string, unknown> = {}): Promise<CreatedWorkshop> {
  const res = await fetch(`${server.url}/api/workshops`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Workshop', groups: ['Group A'], template: '4p', locale: 'en', ...body }),
  });
  if (res.status !== 201) throw new Error(`create workshop: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreatedWorkshop;
}

export const wsUrl = (server: RunningServer) => server.url.replace('http', 'ws') + '/sync';

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves on the first sync with the server. */
  synced: Promise<void>;
  destroy(): void;
}

/** A stock WebsocketProvider, as a browser would use it (cross-tab channel off: one process). */
export function connect(server: RunningServer, workshopId: string, groupId: string, token: string, doc = new Y.Doc()): Client {
  const provider = new WebsocketProvider(wsUrl(server), `${workshopId}/${groupId}`, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    disableBc: true,
    maxBackoffTime: 200,
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.once('sync', () => resolve());
  });
  return {
    doc,
    provider,
    synced,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Resolves when `check()` holds, re-checking whenever `on` is told something changed. */
export function until(check: () => boolean, on: (changed: () => void) => () => void, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const off = on(() => {
      if (check()) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });
}

/** Waits until `check(doc)` holds, re-checking on every update of the doc. */
export function untilDoc(doc: Y.Doc, check: (doc: Y.Doc) => boolean, what = 'document state', timeoutMs = 10_000): Promise<void> {
  return until(
    () => check(doc),
    (changed) => {
      doc.on('update', changed);
      return () => doc.off('update', changed);
    },
    timeoutMs,
    what,
  );
}

/** Waits until `check()` holds for an awareness, re-checking on every change. */
export function untilAwareness(client: Client, check: () => boolean, what = 'awareness state', timeoutMs = 10_000): Promise<void> {
  return until(
    check,
    (changed) => {
      client.provider.awareness.on('change', changed);
      return () => client.provider.awareness.off('change', changed);
    },
    timeoutMs,
    what,
  );
}

/** Resolves when the room is unloaded from memory. */
export function untilUnloaded(server: RunningServer, name: string): Promise<void> {
  return until(
    () => server.rooms.get(name) === undefined,
    (changed) => {
      server.rooms.unloaded.add(changed);
      return () => server.rooms.unloaded.delete(changed);
    },
    10_000,
    `room ${name} to unload`,
  );
}

/** A raw WebSocket to /sync, resolving once open (or rejecting with the HTTP status). */
export function rawSocket(server: RunningServer, path: string, options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(server.url.replace('http', 'ws') + path, options);
    ws.binaryType = 'nodebuffer';
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode }));
      ws.terminate();
    });
    ws.once('error', (err) => reject(err));
  });
}

export function closeEvent(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

/** An awareness message (type 1) announcing one client's state, as y-protocols encodes it. */
export function awarenessFrame(clientId: number, clock: number, state: unknown): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, JSON.stringify(state));
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, 1);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

/**
 * For one test file: servers on a fresh memory store and stock clients, everything closed (in
 * reverse order) after each test. Call at the top level of the file.
 */
export function serverTestKit() {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });
  return {
    /** Runs `fn` after the current test. */
    later(fn: () => unknown): void {
      cleanup.push(fn);
    },
    async setup(options: ServerOptions = {}): Promise<RunningServer> {
      const store = createMemoryStore();
      const server = await start({ store, ...options });
      cleanup.push(() => store.close());
      cleanup.push(() => server.close());
      return server;
    },
    client(server: RunningServer, w: string, g: string, token: string, doc?: Y.Doc): Client {
      const c = connect(server, w, g, token, doc);
      cleanup.push(() => c.destroy());
      return c;
    },
  };
}

/** RFC 4180 reader (quoted fields, doubled quotes, CRLF after every row), to check CSV cell for cell. */
export function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  expect(cell).toBe('');
  expect(row).toEqual([]);
  return rows;
}

export interface FacilitateAnswer {
  status: number;
  body: {
    now?: number;
    groups?: { id: string; voting: { state: string; votesPerParticipant: number; allowMultiple: boolean; visibility: string }; notice: { banner: string | null; bannerAt: number | null; timer: { endsAt: number; seconds: number } | null } }[];
    error?: { code: string; message: string; details?: { path: string; message: string }[] };
  };
}

/** POST /api/workshops/:w/facilitate (S30), the facilitator's token unless another is given; a string body is sent as it is. */
export async function facilitate(server: RunningServer, w: CreatedWorkshop, body: unknown, token = w.tokens.facilitator): Promise<FacilitateAnswer> {
  const res = await fetch(`${server.url}/api/workshops/${w.id}/facilitate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as FacilitateAnswer['body'] };
}

/** A log stream for `startServer({ logStream })` that keeps every line the server writes. */
export function logCapture(): { logStream: Writable; lines: string[] } {
  const lines: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logStream, lines };
}
