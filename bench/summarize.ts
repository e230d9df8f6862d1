/**
 * `npx tsx bench/summarize.ts [--write] [files...]`: medians and spread (min–max) over several runs
 * of `npm run bench`, as Markdown tables. Without files: every full (not quick) run in bench/results.
 * With --write: also replaces the results section of BENCHMARKS.md (between its markers).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResults } from './lib/results.ts';
import { ALL_SERVERS } from './lib/results.ts';
import type { ServerKind } from './lib/protocol.ts';
import { SERVER_LABELS } from './lib/protocol.ts';
import { median } from './lib/stats.ts';

/** The shipped servers, then the experiment when a run included it. */
const KINDS: ServerKind[] = [...ALL_SERVERS, 'causeway-memory'];
import { table } from './lib/report.ts';
import type { PersistenceResult } from './lib/persistence.ts';
import type { SharedResult } from './lib/shared-code.ts';
import type { ClientResult } from './lib/client-browser.ts';

const dir = join(import.meta.dirname, 'results');
const write = process.argv.includes('--write');
const named = process.argv.slice(2).filter((a) => a !== '--write');
const files = named.length
  ? named
  : readdirSync(dir)
      .filter((f) => f.endsWith('.json') && !f.includes('quick'))
      .map((f) => join(dir, f));
const runs = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as BenchResults);
if (runs.length === 0) throw new Error('no results to summarize');

const fmt = (v: number, digits?: number) => {
  if (!Number.isFinite(v)) return '—';
  const d = digits ?? (Math.abs(v) < 10 ? 2 : Math.abs(v) < 100 ? 1 : 0);
  return v.toFixed(d);
};
/** "median (min–max)" of the finite values. */
function spread(values: number[], digits?: number): string {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return '—';
  const m = median(finite);
  if (finite.length === 1) return fmt(m, digits);
  return `${fmt(m, digits)} (${fmt(Math.min(...finite), digits)}–${fmt(Math.max(...finite), digits)})`;
}
const ratio = (v: number, c: number) => (Number.isFinite(v) && Number.isFinite(c) && c !== 0 ? `${(v / c).toFixed(2)}×` : '—');
const label = (k: ServerKind) => SERVER_LABELS[k];
const out: string[] = [];

out.push(`Runs: ${runs.length} (${runs.map((r) => r.startedAt.slice(0, 16).replace('T', ' ')).join(', ')} UTC)`);
out.push('Cells: median over runs (min–max). Ratio: the server\'s median ÷ Causeway\'s median.');

// Latency
const scenarios = [...new Set(runs.flatMap((r) => r.latency.map((l) => `${l.rooms}×${l.clientsPerRoom}`)))];
if (scenarios.length) {
  const rows: string[][] = [];
  for (const sc of scenarios) {
    const pick = (k: ServerKind) => runs.flatMap((r) => r.latency.filter((l) => `${l.rooms}×${l.clientsPerRoom}` === sc && l.server === k && l.result));
    const cwP99 = median(pick('causeway').map((l) => l.result!.arrival.p99));
    for (const k of KINDS) {
      const ls = pick(k);
      if (ls.length === 0) continue;
      const p99 = ls.map((l) => l.result!.arrival.p99);
      rows.push([
        sc,
        label(k),
        spread(ls.map((l) => l.result!.arrival.p50)),
        spread(ls.map((l) => l.result!.arrival.p95)),
        spread(p99),
        spread(ls.map((l) => l.result!.arrival.max)),
        spread(ls.map((l) => l.result!.fanout.p99)),
        ratio(median(p99), cwP99),
        spread(ls.map((l) => (l.usage?.cpuCores ?? NaN) * 100), 0),
        spread(ls.map((l) => l.usage?.loopDelayMaxMs ?? NaN)),
        spread(ls.map((l) => l.result!.harnessElu * 100), 0),
      ]);
    }
  }
  out.push('', '### Sync latency (ms)', '');
  out.push(table(['R×C', 'server', 'p50', 'p95', 'p99', 'max', 'all-others p99', 'p99 ÷ Causeway', 'server CPU %', 'server stall max (ms)', 'busiest harness loop %'], rows));
}

// Throughput
const tput = runs.flatMap((r) => r.throughput);
if (tput.length) {
  const cw = median(tput.filter((t) => t.server === 'causeway').map((t) => t.bestRelayRate ?? NaN));
  const rows = KINDS.filter((k) => tput.some((t) => t.server === k)).map((k) => {
    const ts = tput.filter((t) => t.server === k);
    const best = ts.map((t) => t.bestRelayRate ?? NaN);
    const steps = ts.flatMap((t) => t.steps);
    const perRelay = steps.filter((st) => st.serverCpuCores !== undefined && st.relayRate > 0).map((st) => (st.serverCpuCores! / st.relayRate) * 1e6);
    return [
      label(k),
      spread(best, 0),
      spread(ts.map((t) => t.bestEditRate ?? NaN), 0),
      ratio(median(best), cw),
      spread(ts.map((t) => t.steps[0]?.arrival.p99 ?? NaN), 0),
      spread(perRelay, 1),
      spread(ts.map((t) => (t.usage?.cpuCores ?? NaN) * 100), 0),
    ];
  });
  out.push('', '### Throughput at 20×30 (relayed updates/s with p99 < 50 ms and nothing lost)', '');
  out.push(table(['server', 'relayed updates/s', 'edits/s', '÷ Causeway', 'p99 at the first step (ms)', 'server CPU µs per relayed update', 'server CPU % (whole search)'], rows));
}

// Connections
const conns = runs.flatMap((r) => r.connections).filter((c) => !c.error);
if (conns.length) {
  const cwRss = median(conns.filter((c) => c.server === 'causeway').map((c) => c.rssLoaded));
  const cwRoom = median(conns.filter((c) => c.server === 'causeway').map((c) => c.bytesPerRoom));
  const rows = KINDS.filter((k) => conns.some((c) => c.server === k)).map((k) => {
    const cs = conns.filter((c) => c.server === k);
    const rss = cs.map((c) => c.rssLoaded / 1048576);
    const room = cs.map((c) => c.bytesPerRoom / 1024);
    return [
      label(k),
      spread(cs.map((c) => c.rssIdle / 1048576), 1),
      spread(rss, 1),
      ratio(median(rss), cwRss / 1048576),
      spread(room, 0),
      ratio(median(room), cwRoom / 1024),
      spread(cs.map((c) => c.cpuCoresUnderLoad * 100), 0),
    ];
  });
  out.push('', '### 1,000 clients across 50 rooms', '');
  out.push(table(['server', 'RSS idle (MB)', 'RSS with 1,000 clients (MB)', '÷ Causeway', 'KB per loaded room', '÷ Causeway', 'CPU % under 50×20 edits'], rows));
}

// Persistence
const pers = runs.map((r) => r.persistence).filter((p): p is PersistenceResult => p !== null && !('error' in p));
if (pers.length) {
  out.push('', '### Persistence (Causeway store)', '');
  out.push(
    table(
      ['figure', 'value'],
      [
        ['one stored update, awaited (µs, p50 / p99)', `${spread(pers.map((p) => p.appendMicros.p50), 0)} / ${spread(pers.map((p) => p.appendMicros.p99), 0)}`],
        ['one stored update with batchAppends as the server uses it, awaited alone (µs, p50 / p99)', `${spread(pers.map((p) => p.appendMicrosBatched?.p50 ?? NaN), 0)} / ${spread(pers.map((p) => p.appendMicrosBatched?.p99 ?? NaN), 0)}`],
        ['one stored update, synchronous=FULL (µs, p50 / p99)', `${spread(pers.map((p) => p.appendMicrosFull.p50), 0)} / ${spread(pers.map((p) => p.appendMicrosFull.p99), 0)}`],
        ['batched appends (per second)', spread(pers.map((p) => p.batchedAppendsPerSecond), 0)],
        ['load 10,000-update log, before compaction (ms)', spread(pers.map((p) => p.loadMsBefore))],
        ['load after compaction (ms)', spread(pers.map((p) => p.loadMsAfter))],
        ['compaction (ms)', spread(pers.map((p) => p.compactMs))],
        ['room size: log → snapshot (KB)', `${spread(pers.map((p) => p.roomBytesBefore / 1024), 0)} → ${spread(pers.map((p) => p.roomBytesAfter / 1024), 0)}`],
        ['database file (KB)', spread(pers.map((p) => p.fileBytesBefore / 1024), 0)],
      ],
    ),
  );
}

// Shared code
const shared = runs.map((r) => r.shared).filter((s): s is SharedResult => s !== null && !('error' in s));
if (shared.length) {
  out.push('', '### Shared code (ms, median of many calls per run)', '');
  const rows: string[][] = [];
  for (const causes of [100, 1000, 5000]) {
    const ls = shared.map((s) => s.layout.find((l) => l.causes === causes)).filter((l) => l !== undefined);
    rows.push([`layout, ${causes} causes`, spread(ls.map((l) => l.coldMs)), spread(ls.map((l) => l.warmMs))]);
  }
  out.push(table(['figure', 'fresh caches', 'warm width and wrap caches'], rows));
  out.push('');
  out.push(
    table(
      ['export of a 500-cause diagram', 'ms'],
      (['json', 'markdown', 'mermaid', 'png', 'svg'] as const).map((f) => [f, shared[0]!.exports[f] === null ? (shared[0]!.exportNotes[f] ?? 'n/a') : spread(shared.map((s) => s.exports[f] ?? NaN), 3)]),
    ),
  );
}

// Client
const client = runs.map((r) => r.client).filter((c): c is ClientResult => c !== null && !('error' in c));
if (client.length) {
  out.push('', '### Client in Chromium (500 causes)', '');
  out.push(
    table(
      ['figure', 'value'],
      [
        ['initial JavaScript, gzipped (KB)', spread(client.map((c) => c.initialJsGzipBytes / 1024), 1)],
        ['first drawn frame (ms from navigation start), a browser that opened the board before', spread(client.map((c) => c.firstFrameMs), 0)],
        ['first drawn frame, a device’s first open (nothing cached)', spread(client.map((c) => c.firstOpenMs), 0)],
        ['the same over a 20 Mbit/s, 40 ms link', spread(client.map((c) => c.firstOpenOverLinkMs ?? NaN), 0)],
        ['typing burst: frame p95 / max (ms)', `${spread(client.map((c) => c.typing.p95), 0)} / ${spread(client.map((c) => c.typing.max), 0)}`],
        ['typing burst: frames over 50 ms', spread(client.map((c) => c.typing.over50), 0)],
        ['drag: frame p95 / max (ms)', `${spread(client.map((c) => c.drag.p95), 0)} / ${spread(client.map((c) => c.drag.max), 0)}`],
        ['drag: frames over 50 ms', spread(client.map((c) => c.drag.over50), 0)],
        ['PNG export (ms)', client.some((c) => c.pngExportMs !== null) ? spread(client.map((c) => c.pngExportMs ?? NaN), 0) : 'fails (see notes)'],
      ],
    ),
  );
}

const text = out.join('\n') + '\n';
process.stdout.write(text);
if (write) {
  const doc = join(import.meta.dirname, '..', 'BENCHMARKS.md');
  const start = '<!-- results:start -->';
  const end = '<!-- results:end -->';
  const current = readFileSync(doc, 'utf8');
  const a = current.indexOf(start);
  const b = current.indexOf(end);
  if (a < 0 || b < a) throw new Error('BENCHMARKS.md has no results markers');
  writeFileSync(doc, `${current.slice(0, a + start.length)}\n${text}${current.slice(b)}`);
}
