/** Plain-text tables of one run's results (also used by bench/summarize.ts for medians). */
import type { BenchResults } from './results.ts';
import { SERVER_LABELS } from './protocol.ts';
import type { LoadResult, ServerKind } from './protocol.ts';

export const ms = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v < 10 ? v.toFixed(2) : v.toFixed(1));
export const mb = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : (v / 1048576).toFixed(1));
export const kb = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : (v / 1024).toFixed(1));
export const num = (v: number | null | undefined, digits = 0) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));
/** value ÷ Causeway's value. */
export const ratio = (v: number | null | undefined, causeway: number | null | undefined) =>
  v === null || v === undefined || causeway === null || causeway === undefined || !Number.isFinite(v) || !Number.isFinite(causeway) || causeway === 0
    ? '—'
    : `${(v / causeway).toFixed(2)}×`;

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const label = (k: ServerKind) => SERVER_LABELS[k];

/** Server CPU time per relayed update in a step: what a delivery costs the server, whatever the load. */
export function cpuPerRelay(step: LoadResult | undefined): string {
  if (!step || step.serverCpuCores === undefined || step.relayRate <= 0) return '—';
  return ((step.serverCpuCores / step.relayRate) * 1e6).toFixed(1);
}

export function formatTables(r: BenchResults): string {
  const out: string[] = [];
  out.push(`Causeway benchmarks ${r.startedAt}${r.quick ? ' (quick)' : ''} — ${r.machine.cpus} × ${r.machine.cpuModel}, ${mb(r.machine.memoryBytes)} MB, Node ${r.machine.node}`);
  if (r.latency.length) {
    out.push('', 'Sync latency, ms (edit -> arrival at each other client; "all" = until every other client had it). Ratio = server ÷ Causeway.');
    const rows = r.latency.map((row) => {
      const cw = r.latency.find((x) => x.server === 'causeway' && x.rooms === row.rooms && x.clientsPerRoom === row.clientsPerRoom)?.result;
      const a = row.result?.arrival;
      return [
        `${row.rooms}×${row.clientsPerRoom}`,
        label(row.server),
        ms(a?.p50),
        ms(a?.p95),
        ms(a?.p99),
        ms(a?.max),
        ms(row.result?.fanout.p99),
        ratio(a?.p99, cw?.arrival.p99),
        num(row.result?.editRate),
        num(row.result?.missing),
        row.usage ? `${(row.usage.cpuCores * 100).toFixed(0)}%` : '—',
        ms(row.usage?.loopDelayMaxMs),
        row.result ? `${(row.result.harnessElu * 100).toFixed(0)}%` : '—',
        row.error ?? (row.rounds ? `p99 per round: ${row.rounds.map((x) => ms(x.p99)).join(' / ')}` : ''),
      ];
    });
    out.push(table(['R×C', 'server', 'p50', 'p95', 'p99', 'max', 'all p99', 'p99 ratio', 'edits/s', 'lost', 'server CPU', 'server stall max', 'harness loop', 'note'], rows));
  }
  if (r.throughput.length) {
    out.push('', 'Throughput at 20×30: highest relayed updates/s (edit × receiver) with p99 < 50 ms and nothing lost.');
    const cw = r.throughput.find((x) => x.server === 'causeway');
    const rows = r.throughput.map((row) => {
      const last = row.steps[row.steps.length - 1];
      return [
        label(row.server),
        num(row.bestRelayRate),
        num(row.bestEditRate),
        ratio(row.bestRelayRate, cw?.bestRelayRate),
        row.steps.map((s) => `${num(s.rate, 1)}:${ms(s.arrival.p99)}`).join(' '),
        cpuPerRelay(row.steps.find((s) => s.relayRate === row.bestRelayRate) ?? row.steps[0]),
        last ? `${(last.harnessElu * 100).toFixed(0)}%` : '—',
        row.error ?? '',
      ];
    });
    out.push(table(['server', 'relayed/s', 'edits/s', 'ratio', 'steps (edits/s/client:p99 ms)', 'server CPU µs per relayed update', 'harness loop (last)', 'note'], rows));
  }
  if (r.connections.length) {
    out.push('', 'Connections: 1,000 stock clients across 50 rooms on one server process (after the 50×20 run, after gc).');
    const cw = r.connections.find((x) => x.server === 'causeway');
    const rows = r.connections.map((c) => [
      label(c.server),
      mb(c.rssIdle),
      mb(c.rssLoaded),
      ratio(c.rssLoaded, cw?.rssLoaded),
      kb(c.bytesPerRoom),
      ratio(c.bytesPerRoom, cw?.bytesPerRoom),
      Number.isFinite(c.cpuCoresUnderLoad) ? `${(c.cpuCoresUnderLoad * 100).toFixed(0)}%` : '—',
      c.error ?? '',
    ]);
    out.push(table(['server', 'RSS idle MB', 'RSS 1,000 clients MB', 'ratio', 'KB per loaded room', 'ratio', 'CPU under 50×20 load', 'note'], rows));
  }
  if (r.persistence) {
    out.push('', 'Persistence (Causeway store, SQLite WAL):');
    if ('error' in r.persistence) out.push(`  n/a — ${r.persistence.error}`);
    else out.push(...r.persistence.lines.map((l) => `  ${l}`));
  }
  if (r.shared) {
    out.push('', 'Shared code:');
    if ('error' in r.shared) out.push(`  n/a — ${r.shared.error}`);
    else out.push(...r.shared.lines.map((l) => `  ${l}`));
  }
  if (r.client) {
    out.push('', 'Client in Chromium:');
    if ('error' in r.client) out.push(`  n/a — ${r.client.error}`);
    else out.push(...r.client.lines.map((l) => `  ${l}`));
  }
  return out.join('\n');
}
