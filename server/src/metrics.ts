/** A few Prometheus metrics, rendered in the text exposition format for GET /metrics. */

type Labels = Record<string, string>;

const NO_LABELS: Labels = Object.freeze({});

/** Counters without labels (the hot ones) skip building a key. */
function key(labels: Labels): string {
  if (labels === NO_LABELS) return '';
  const entries = Object.entries(labels);
  return entries.length === 0 ? '' : JSON.stringify(entries.sort(([a], [b]) => a.localeCompare(b)));
}

function renderLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

export class Counter {
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels: Labels = NO_LABELS, by = 1): void {
    const k = key(labels);
    const entry = this.values.get(k);
    if (entry) entry.value += by;
    else this.values.set(k, { labels, value: by });
  }

  get(labels: Labels = NO_LABELS): number {
    return this.values.get(key(labels))?.value ?? 0;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    if (this.values.size === 0) lines.push(`${this.name} 0`);
    for (const { labels, value } of this.values.values()) lines.push(`${this.name}${renderLabels(labels)} ${value}`);
    return lines.join('\n');
  }
}

export class Gauge {
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly read: () => number,
  ) {}

  render(): string {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`, `${this.name} ${this.read()}`].join('\n');
  }
}

export class Histogram {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: number[],
  ) {
    this.counts = buckets.map(() => 0);
  }

  observe(value: number): void {
    this.sum += value;
    this.count += 1;
    this.buckets.forEach((le, i) => {
      if (value <= le) this.counts[i]! += 1;
    });
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    this.buckets.forEach((le, i) => lines.push(`${this.name}_bucket{le="${le}"} ${this.counts[i]}`));
    lines.push(`${this.name}_bucket{le="+Inf"} ${this.count}`, `${this.name}_sum ${this.sum}`, `${this.name}_count ${this.count}`);
    return lines.join('\n');
  }
}

export interface Metrics {
  updatesReceived: Counter;
  updatesRelayed: Counter;
  /** Errors by kind: protocol, rate-limit, store, http, ... */
  errors: Counter;
  connectionsRefused: Counter;
  storeLatency: Histogram;
  render(): string;
}

export function createMetrics(gauges: { connections: () => number; roomsLoaded: () => number }): Metrics {
  const updatesReceived = new Counter('causeway_updates_received_total', 'Document updates received from clients and the HTTP API');
  const updatesRelayed = new Counter('causeway_updates_relayed_total', 'Document update messages sent to connections');
  const errors = new Counter('causeway_errors_total', 'Errors by kind');
  const connectionsRefused = new Counter('causeway_connections_refused_total', 'WebSocket upgrades refused, by reason');
  const storeLatency = new Histogram('causeway_store_append_seconds', 'Time to durably append one update', [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1,
  ]);
  const connections = new Gauge('causeway_connections', 'Open WebSocket connections', gauges.connections);
  const roomsLoaded = new Gauge('causeway_rooms_loaded', 'Rooms held in memory', gauges.roomsLoaded);
  const all = [connections, roomsLoaded, updatesReceived, updatesRelayed, errors, connectionsRefused, storeLatency];
  return {
    updatesReceived,
    updatesRelayed,
    errors,
    connectionsRefused,
    storeLatency,
    render: () => all.map((m) => m.render()).join('\n') + '\n',
  };
}
