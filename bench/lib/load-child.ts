/**
 * The load generator: R rooms x C clients in one process (separate from every server), each client
 * sending small edits at a steady rate. Every edit carries a stamp "~b:<client>:<seq>~" in the
 * room's `bench` map; the sender records its send time in this process, so receivers compute
 * latency on one clock (performance.now) with no clock skew between processes.
 *
 * Modes:
 * - stock: the stock y-websocket WebsocketProvider (or HocuspocusProvider for Hocuspocus), a
 *   Y.Doc per client, receivers read stamps from the map. Used for latency.
 * - light: the same wire traffic (each client still produces real Yjs updates from its own Y.Doc
 *   and sends them in the server's protocol) but received frames are only scanned for stamps,
 *   not applied. Used for throughput and connection counts, so the harness is not the bottleneck.
 */
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import type { FromLoadChild, LoadConfig, LoadResult, RoomTarget, ToLoadChild } from './protocol.ts';
import { mulberry32, summarize } from './stats.ts';

interface Client {
  index: number;
  room: number;
  local: number;
  doc: Y.Doc;
  send: () => void;
  destroy: () => void;
}

const MARK = Buffer.from('~b:');

/** Per-run measurement state, shared by all clients in this process. */
class Recorder {
  readonly sendTimes: number[][] = [];
  /** lastSeen[receiver][senderLocal] */
  readonly lastSeen: Int32Array[] = [];
  readonly arrivals: number[][] = [];
  arrivalLatencies: number[] = [];
  fanoutLatencies: number[] = [];
  windowStart = Infinity;
  windowEnd = Infinity;
  expected = 0;
  received = 0;
  onProgress: (() => void) | null = null;

  constructor(
    readonly clientsPerRoom: number,
    total: number,
  ) {
    for (let i = 0; i < total; i++) {
      this.sendTimes.push([]);
      this.arrivals.push([]);
      this.lastSeen.push(new Int32Array(clientsPerRoom));
    }
  }

  resetWindow(start: number, end: number): void {
    this.windowStart = start;
    this.windowEnd = end;
    this.expected = 0;
    this.received = 0;
    this.arrivalLatencies = [];
    this.fanoutLatencies = [];
  }

  stampSent(sender: number, seq: number, t: number): void {
    this.sendTimes[sender]![seq] = t;
    if (t >= this.windowStart && t < this.windowEnd) this.expected += this.clientsPerRoom - 1;
  }

  stampSeen(receiver: number, sender: number, seq: number, now: number): void {
    const senderLocal = sender % this.clientsPerRoom;
    const seen = this.lastSeen[receiver]!;
    const from = seen[senderLocal]! + 1;
    if (seq < from) return;
    seen[senderLocal] = seq;
    const times = this.sendTimes[sender]!;
    const arrivals = this.arrivals[sender]!;
    // Updates merged in transit still count: every skipped seq arrived now too.
    for (let s = from; s <= seq; s++) {
      const t = times[s];
      if (t === undefined || t < this.windowStart || t >= this.windowEnd) continue;
      const latency = now - t;
      this.arrivalLatencies.push(latency);
      this.received++;
      const n = (arrivals[s] ?? 0) + 1;
      arrivals[s] = n;
      if (n === this.clientsPerRoom - 1) this.fanoutLatencies.push(latency);
    }
    if (this.received >= this.expected) this.onProgress?.();
  }
}

function roomUrl(target: RoomTarget): string {
  const query = new URLSearchParams(target.params).toString();
  return `${target.serverUrl}/${target.room}${query ? `?${query}` : ''}`;
}

/** Parses every "~b:<sender>:<seq>~" in a frame. */
function scanStamps(buf: Buffer, onStamp: (sender: number, seq: number) => void): void {
  let at = buf.indexOf(MARK);
  while (at !== -1) {
    let i = at + 3;
    let sender = 0;
    let c = buf[i];
    while (c !== undefined && c >= 48 && c <= 57) {
      sender = sender * 10 + (c - 48);
      c = buf[++i];
    }
    if (c === 58) {
      let seq = 0;
      c = buf[++i];
      while (c !== undefined && c >= 48 && c <= 57) {
        seq = seq * 10 + (c - 48);
        c = buf[++i];
      }
      if (c === 126) onStamp(sender, seq);
    }
    at = buf.indexOf(MARK, i);
  }
}

/** A small edit in the Causeway document shape: add a cause (1 in 10) or type into a label. */
function makeEditor(doc: Y.Doc, index: number, rng: () => number): (seq: number) => void {
  const nodes = doc.getMap<Y.Map<unknown>>('nodes');
  const bench = doc.getMap<string>('bench');
  const key = `c${index}`;
  let category: string | null = null;
  let current: Y.Text | null = null;
  let causes = 0;
  return (seq) => {
    doc.transact(() => {
      if (category === null) {
        category = `bench-${index}`;
        const node = new Y.Map<unknown>();
        const text = new Y.Text(`Client ${index}`);
        node.set('parent', 'root');
        node.set('text', text);
        node.set('order', `a${index}`);
        nodes.set(category, node);
        current = text;
      } else if (current === null || rng() < 0.1) {
        causes++;
        const id = `bench-${index}-${causes}`;
        const node = new Y.Map<unknown>();
        const text = new Y.Text('');
        node.set('parent', category);
        node.set('text', text);
        node.set('order', `a${causes}`);
        nodes.set(id, node);
        current = text;
      } else {
        current.insert(current.length, String.fromCharCode(97 + Math.floor(rng() * 26)));
      }
      bench.set(key, `~b:${index}:${seq}~`);
    });
  };
}

function stockClient(
  config: LoadConfig,
  target: RoomTarget,
  index: number,
  room: number,
  local: number,
  rec: Recorder,
  rng: () => number,
): Promise<Client> {
  const doc = new Y.Doc();
  const edit = makeEditor(doc, index, rng);
  const bench = doc.getMap<string>('bench');
  const roomBase = room * config.clientsPerRoom;
  bench.observe((event) => {
    if (event.transaction.local) return;
    const now = performance.now();
    for (const key of event.keysChanged) {
      const value = bench.get(key);
      if (typeof value !== 'string') continue;
      const m = /^~b:(\d+):(\d+)~$/.exec(value);
      if (m === null) continue;
      const sender = Number(m[1]);
      if (sender < roomBase || sender >= roomBase + config.clientsPerRoom) continue;
      rec.stampSeen(index, sender, Number(m[2]), now);
    }
  });
  let seq = 0;
  const send = () => {
    seq++;
    rec.stampSent(index, seq, performance.now());
    edit(seq);
  };
  return new Promise<Client>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`client ${index} did not sync in 60 s`)), 60_000);
    if (config.protocol === 'y-websocket') {
      const provider = new WebsocketProvider(target.serverUrl, target.room, doc, {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        params: target.params,
        disableBc: true,
      });
      const onSync = (synced: boolean) => {
        if (!synced) return;
        provider.off('sync', onSync);
        clearTimeout(timer);
        resolve({ index, room, local, doc, send, destroy: () => provider.destroy() });
      };
      provider.on('sync', onSync);
    } else {
      // One socket per client, as with the y-websocket provider.
      const socket = new HocuspocusProviderWebsocket({ url: target.serverUrl, WebSocketPolyfill: WebSocket });
      const provider = new HocuspocusProvider({
        websocketProvider: socket,
        name: target.room,
        document: doc,
        token: target.params.token ?? null,
        onSynced: () => {
          clearTimeout(timer);
          resolve({
            index,
            room,
            local,
            doc,
            send,
            destroy: () => {
              provider.destroy();
              socket.destroy();
            },
          });
        },
      });
      provider.attach();
    }
  });
}

function lightClient(
  config: LoadConfig,
  target: RoomTarget,
  index: number,
  room: number,
  local: number,
  rec: Recorder,
  rng: () => number,
): Promise<Client> {
  const doc = new Y.Doc();
  const edit = makeEditor(doc, index, rng);
  const roomBase = room * config.clientsPerRoom;
  const hocus = config.protocol === 'hocuspocus';
  const frame = (write: (e: encoding.Encoder) => void): Uint8Array => {
    const e = encoding.createEncoder();
    if (hocus) encoding.writeVarString(e, target.room);
    write(e);
    return encoding.toUint8Array(e);
  };
  const ws = new WebSocket(hocus ? target.serverUrl : roomUrl(target));
  ws.binaryType = 'nodebuffer';
  doc.on('update', (update: Uint8Array) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    ws.send(
      frame((e) => {
        encoding.writeVarUint(e, 0); // sync
        encoding.writeVarUint(e, 2); // update
        encoding.writeVarUint8Array(e, update);
      }),
    );
  });
  let seq = 0;
  const send = () => {
    seq++;
    rec.stampSent(index, seq, performance.now());
    edit(seq);
  };
  const sendStep1 = () =>
    ws.send(
      frame((e) => {
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
      }),
    );
  const prefix = hocus ? 1 + Buffer.byteLength(target.room) : 0;
  return new Promise<Client>((resolve, reject) => {
    let synced = false;
    const timer = setTimeout(() => reject(new Error(`light client ${index} did not sync in 60 s`)), 60_000);
    ws.on('error', (err) => reject(err));
    ws.on('open', () => {
      if (hocus) {
        ws.send(
          frame((e) => {
            encoding.writeVarUint(e, 2); // auth
            encoding.writeVarUint(e, 0); // token
            encoding.writeVarString(e, target.params.token ?? '');
          }),
        );
      } else {
        sendStep1();
      }
    });
    ws.on('message', (data: Buffer) => {
      const now = performance.now();
      const type = data[prefix];
      if (hocus && type === 2 && data[prefix + 1] === 2 && !synced) {
        sendStep1(); // authenticated
        return;
      }
      if ((type === 0 || type === 4) && data[prefix + 1] === 1 && !synced) {
        synced = true;
        clearTimeout(timer);
        resolve({ index, room, local, doc, send, destroy: () => ws.terminate() });
      }
      if (type !== 0 && type !== 4) return;
      scanStamps(data, (sender, s) => {
        if (sender < roomBase || sender >= roomBase + config.clientsPerRoom || sender === index) return;
        rec.stampSeen(index, sender, s, now);
      });
    });
  });
}

async function connectAll(config: LoadConfig, rec: Recorder): Promise<{ clients: Client[]; connectMs: number }> {
  const C = config.clientsPerRoom;
  const total = config.rooms.length * C;
  const make = config.mode === 'stock' ? stockClient : lightClient;
  const t0 = performance.now();
  const clients: Client[] = [];
  // Connect in batches so that the connection storm does not dominate the server's first seconds.
  const batch = 50;
  for (let i = 0; i < total; i += batch) {
    const group: Promise<Client>[] = [];
    for (let j = i; j < Math.min(total, i + batch); j++) {
      const room = Math.floor(j / C);
      group.push(make(config, config.rooms[room]!, j, room, j % C, rec, mulberry32(config.seed * 7919 + j)));
    }
    clients.push(...(await Promise.all(group)));
  }
  return { clients, connectMs: performance.now() - t0 };
}

async function runStep(config: LoadConfig, rec: Recorder, clients: Client[], rate: number, connectMs: number): Promise<LoadResult> {
  const rng = mulberry32(config.seed + Math.round(rate * 1000));
  const t0 = performance.now();
  const period = 1000 / rate;
  const start = t0 + 100;
  rec.resetWindow(start + config.warmupMs, start + config.warmupMs + config.measureMs);
  const stopAt = rec.windowEnd;
  const timers = new Set<NodeJS.Timeout>();
  let edits = 0;
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  for (const client of clients) {
    // Steady rate with a random phase per client; beats missed while the loop was busy are skipped.
    let next = start + rng() * period;
    const tick = (self: NodeJS.Timeout) => {
      timers.delete(self);
      const now = performance.now();
      if (now >= stopAt) return;
      if (now >= rec.windowStart) edits++;
      client.send();
      next += period;
      if (next < now) next = now + period * rng();
      schedule();
    };
    const schedule = () => {
      const t: NodeJS.Timeout = setTimeout(() => tick(t), Math.max(0, next - performance.now()));
      timers.add(t);
    };
    schedule();
  }
  await new Promise<void>((resolve) => setTimeout(resolve, stopAt - performance.now()));
  for (const t of timers) clearTimeout(t);
  // Drain: wait until every expected delivery arrived, at most 5 s.
  await new Promise<void>((resolve) => {
    if (rec.received >= rec.expected) {
      resolve();
      return;
    }
    const timer = setTimeout(resolve, 5_000);
    rec.onProgress = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  rec.onProgress = null;
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  const seconds = config.measureMs / 1000;
  return {
    rate,
    clients: clients.length,
    connectMs,
    edits,
    editRate: edits / seconds,
    relayRate: rec.received / seconds,
    arrival: summarize(rec.arrivalLatencies),
    fanout: summarize(rec.fanoutLatencies),
    missing: Math.max(0, rec.expected - rec.received),
    harnessCpuMicros: cpu,
    harnessElu: elu.utilization,
    wallMs: performance.now() - t0,
    ...(config.rawSamples ? { raw: { arrival: rec.arrivalLatencies, fanout: rec.fanoutLatencies } } : {}),
  };
}

/** Throughput passes while p99 arrival stays under this and nothing is lost. */
const P99_LIMIT_MS = 50;
const passes = (r: LoadResult) => r.arrival.p99 < P99_LIMIT_MS && r.missing === 0 && r.arrival.samples > 0;

async function run(config: LoadConfig): Promise<{ results: LoadResult[]; clients: Client[] }> {
  const rec = new Recorder(config.clientsPerRoom, config.rooms.length * config.clientsPerRoom);
  const { clients, connectMs } = await connectAll(config, rec);
  process.send?.({ type: 'connected', connectMs } satisfies FromLoadChild);
  if (config.waitForGo) await go;
  const results: LoadResult[] = [];
  let lastPass: number | null = null;
  for (const rate of config.rates) {
    process.send?.({ type: 'step', rate } satisfies FromLoadChild);
    const r = await runStep(config, rec, clients, rate, connectMs);
    results.push(r);
    if (config.search && !passes(r)) {
      // One bisection step between the last passing rate and the first failing one.
      if (lastPass !== null && rate / lastPass > 1.2) {
        await new Promise<void>((resolve) => setTimeout(resolve, 1_000));
        const mid = Math.sqrt(lastPass * rate);
        process.send?.({ type: 'step', rate: mid } satisfies FromLoadChild);
        results.push(await runStep(config, rec, clients, mid, connectMs));
      }
      break;
    }
    if (passes(r)) lastPass = rate;
  }
  return { results, clients };
}

let live: Client[] = [];
let started: () => void = () => {};
const go = new Promise<void>((resolve) => (started = resolve));
process.on('message', (raw) => {
  const msg = raw as ToLoadChild;
  if (msg.type === 'go') started();
  else if (msg.type === 'run') {
    run(msg.config)
      .then(({ results, clients }) => {
        live = clients;
        process.send?.({ type: 'result', results } satisfies FromLoadChild);
        if (!msg.config.holdAfter) {
          for (const c of live) c.destroy();
          live = [];
        }
      })
      .catch((err: unknown) => {
        process.send?.({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies FromLoadChild);
      });
  } else if (msg.type === 'close') {
    for (const c of live) c.destroy();
    live = [];
    process.send?.({ type: 'closed' } satisfies FromLoadChild, () => process.exit(0));
  }
});
