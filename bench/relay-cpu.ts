/**
 * `npx tsx bench/relay-cpu.ts [--servers=causeway,ywsref] [--closed | --rate=1] [--seconds=15] [--runs=3]`
 *
 * Server CPU time per relayed update at 20 rooms x 30 light clients, for each server, runs
 * alternating between servers. CPU time (process.cpuUsage of the server child), not wall time.
 *
 * --rate=r: the bench's load generator at r edits/s per client. On a loaded machine the figure
 *   still moves with the load, because a server that falls behind sends more frames per write.
 * --closed: one edit in flight per room; the next client of the room edits once the other 29 got
 *   the last one. Every relay then leaves in a write of its own, as on an idle machine at a modest
 *   rate, whatever else runs here, so code changes can be compared on a busy machine.
 *
 * Set BENCH_PROFILE_SERVER=<dir> to get a V8 CPU profile of every server process as well.
 */
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { runLoad } from './lib/load.ts';
import type { LoadConfig, ServerKind, ServerStats } from './lib/protocol.ts';
import { startServer } from './lib/servers.ts';
import { makeRooms, protocolOf } from './lib/targets.ts';

interface Args {
  servers: ServerKind[];
  rate: number;
  seconds: number;
  runs: number;
  closed: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { servers: ['causeway', 'ywsref'], rate: 1, seconds: 15, runs: 3, closed: false };
  for (const a of argv) {
    const [k, v = ''] = a.split('=');
    if (k === '--servers') args.servers = v.split(',') as ServerKind[];
    else if (k === '--rate') args.rate = Number(v);
    else if (k === '--seconds') args.seconds = Number(v);
    else if (k === '--runs') args.runs = Number(v);
    else if (k === '--closed') args.closed = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

interface Sample {
  cpuMicrosPerRelay: number;
  relayRate: number;
  p99: number;
  missing: number;
  serverCores: number;
}

const cpuOf = (s: ServerStats) => s.cpuMicros.user + s.cpuMicros.system;

async function once(kind: ServerKind, args: Args): Promise<Sample> {
  const server = await startServer(kind);
  try {
    const rooms = await makeRooms(kind, server.port, 20, 'relaycpu');
    const warmupMs = 2_000;
    const config: LoadConfig = {
      protocol: protocolOf(kind),
      rooms,
      clientsPerRoom: 30,
      rates: [args.rate],
      search: false,
      warmupMs,
      measureMs: args.seconds * 1000,
      mode: 'light',
      seed: 1,
    };
    // Server CPU across the measurement window only (warm-up and drain left out).
    let windowStart: Promise<ServerStats> | null = null;
    let windowEnd: Promise<ServerStats> | null = null;
    const run = await runLoad(config, {
      onStep: () => {
        // The load child starts its clients 100 ms after announcing the step.
        setTimeout(() => (windowStart = server.stats()), 100 + warmupMs);
        setTimeout(() => (windowEnd = server.stats()), 100 + warmupMs + config.measureMs);
      },
    });
    const a = await (windowStart as Promise<ServerStats> | null);
    const b = await (windowEnd as Promise<ServerStats> | null);
    const r = run.results[0];
    if (!a || !b || !r) throw new Error('no measurement');
    const relays = r.relayRate * (b.at - a.at) / 1000;
    return {
      cpuMicrosPerRelay: (cpuOf(b) - cpuOf(a)) / relays,
      relayRate: r.relayRate,
      p99: r.arrival.p99,
      missing: r.missing,
      serverCores: (cpuOf(b) - cpuOf(a)) / 1000 / (b.at - a.at),
    };
  } finally {
    await server.close();
  }
}

const syncFrame = (step: number, bytes: Uint8Array) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, step);
  encoding.writeVarUint8Array(e, bytes);
  return encoding.toUint8Array(e);
};

/** One edit in flight per room (see --closed above). */
async function closedLoop(kind: ServerKind, args: Args): Promise<Sample> {
  const server = await startServer(kind);
  const sockets: WebSocket[] = [];
  try {
    const targets = await makeRooms(kind, server.port, 20, 'closed');
    const C = 30;
    let counting = false;
    let relays = 0;
    const rooms = targets.map((target) => {
      const query = new URLSearchParams(target.params).toString();
      const url = `${target.serverUrl}/${target.room}${query ? `?${query}` : ''}`;
      const room = { sender: 0, got: 0, seq: 0, clients: [] as Array<{ ws: WebSocket; edit: () => void }>, next: () => {} };
      room.next = () => {
        room.got = 0;
        room.sender = (room.sender + 1) % C;
        room.clients[room.sender]!.edit();
      };
      return { url, room };
    });
    await Promise.all(
      rooms.flatMap(({ url, room }) =>
        Array.from({ length: C }, (_, i) => {
          const doc = new Y.Doc();
          const text = doc.getText('problem');
          const stamps = doc.getMap<string>('bench');
          const ws = new WebSocket(url);
          ws.binaryType = 'nodebuffer';
          sockets.push(ws);
          doc.on('update', (u: Uint8Array) => ws.send(syncFrame(2, u)));
          room.clients[i] = {
            ws,
            edit: () =>
              doc.transact(() => {
                text.insert(text.length, 'x');
                stamps.set(`c${i}`, `~b:${i}:${++room.seq}~`);
              }),
          };
          return new Promise<void>((resolve, reject) => {
            ws.on('error', reject);
            ws.on('open', () => ws.send(syncFrame(0, Y.encodeStateVector(doc))));
            ws.on('message', (data: Buffer) => {
              if (data[0] !== 0) return;
              if (data[1] === 1) resolve();
              if (data[1] !== 2 || i === room.sender) return;
              if (counting) relays++;
              if (++room.got === C - 1) setImmediate(room.next);
            });
          });
        }),
      ),
    );
    for (const { room } of rooms) room.clients[0]!.edit();
    await new Promise((r) => setTimeout(r, 2_000));
    const a = await server.stats();
    counting = true;
    await new Promise((r) => setTimeout(r, args.seconds * 1000));
    counting = false;
    const b = await server.stats();
    const seconds = (b.at - a.at) / 1000;
    return {
      cpuMicrosPerRelay: (cpuOf(b) - cpuOf(a)) / relays,
      relayRate: relays / seconds,
      p99: NaN,
      missing: 0,
      serverCores: (cpuOf(b) - cpuOf(a)) / 1e6 / seconds,
    };
  } finally {
    for (const ws of sockets) ws.terminate();
    await server.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const samples = new Map<ServerKind, Sample[]>(args.servers.map((k) => [k, []]));
  for (let run = 1; run <= args.runs; run++) {
    for (const kind of args.servers) {
      const s = args.closed ? await closedLoop(kind, args) : await once(kind, args);
      samples.get(kind)!.push(s);
      process.stderr.write(
        `[relay-cpu] run ${run} ${kind}: ${s.cpuMicrosPerRelay.toFixed(2)} µs/relay, ${s.relayRate.toFixed(0)} relays/s, server ${(s.serverCores * 100).toFixed(0)}% of a core, p99 ${s.p99.toFixed(1)} ms, missing ${s.missing}\n`,
      );
    }
  }
  for (const [kind, list] of samples) {
    const us = list.map((s) => s.cpuMicrosPerRelay);
    process.stdout.write(
      `${kind}: median ${median(us).toFixed(2)} µs per relayed update (runs: ${us.map((u) => u.toFixed(2)).join(', ')}) ${args.closed ? 'closed loop' : `at ${args.rate} edits/s/client`}, 20x30\n`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
