import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { RoomInfo, StoredRoom } from '../../server/src/store/types.ts';
import { storeBackends } from './fixtures/store-backends.ts';
import type { StoreBackend } from './fixtures/store-backends.ts';

/**
 * Differential test of the room persistence contract: seeded random sequences of append, compact,
 * delete, load, list (and, for SQLite, close and reopen) give exactly what a tiny reference model
 * says, on every backend. Failing seeds are pinned in `seeds`.
 */

const tmpRoot = mkdtempSync(join(tmpdir(), 'causeway-store-model-'));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

type Op =
  | { kind: 'append'; room: string; data: Uint8Array }
  | { kind: 'compact'; room: string; data: Uint8Array; through: number }
  | { kind: 'delete'; room: string }
  | { kind: 'load'; room: string }
  | { kind: 'list' }
  | { kind: 'reopen' };

const room = fc.constantFrom('w/a', 'w/b', 'x/c');
const data = fc.uint8Array({ maxLength: 6 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('append' as const), room, data }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('compact' as const), room, data, through: fc.integer({ min: -1, max: 12 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), room }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('load' as const), room }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('list' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reopen' as const) }) },
);

interface ModelRoom {
  snapshot: { data: Uint8Array; through: number; at: number } | null;
  log: { seq: number; data: Uint8Array; at: number }[];
}

class Model {
  private rooms = new Map<string, ModelRoom>();
  private clock = 0;
  private lastSeq(r: ModelRoom): number {
    return Math.max(r.snapshot?.through ?? 0, r.log[r.log.length - 1]?.seq ?? 0);
  }
  private get(name: string): ModelRoom {
    return this.rooms.get(name) ?? { snapshot: null, log: [] };
  }
  apply(o: Op): unknown {
    switch (o.kind) {
      case 'append': {
        const r = this.get(o.room);
        const seq = this.lastSeq(r) + 1;
        r.log.push({ seq, data: o.data, at: ++this.clock * 1000 });
        this.rooms.set(o.room, r);
        return seq;
      }
      case 'compact': {
        const r = this.get(o.room);
        if (o.through < (r.snapshot?.through ?? 0) || o.through > this.lastSeq(r)) return 'RangeError';
        r.log = r.log.filter((e) => e.seq > o.through);
        r.snapshot = { data: o.data, through: o.through, at: ++this.clock * 1000 };
        this.rooms.set(o.room, r);
        return undefined;
      }
      case 'delete':
        this.rooms.delete(o.room);
        return undefined;
      case 'load': {
        const r = this.get(o.room);
        const loaded: StoredRoom = { snapshot: r.snapshot?.data ?? null, updates: r.log.map((e) => e.data), lastSeq: this.lastSeq(r) };
        return loaded;
      }
      case 'list': {
        const infos: RoomInfo[] = [...this.rooms]
          .filter(([, r]) => r.snapshot || r.log.length > 0)
          .map(([name, r]) => ({
            room: name,
            logLength: r.log.length,
            bytes: (r.snapshot?.data.length ?? 0) + r.log.reduce((n, e) => n + e.data.length, 0),
            updatedAt: Math.max(r.snapshot?.at ?? 0, ...r.log.map((e) => e.at)),
          }));
        return infos.sort((a, b) => (a.room < b.room ? -1 : 1));
      }
      case 'reopen':
        return undefined;
    }
  }
}

const backends = storeBackends(tmpRoot);

async function run(backend: StoreBackend, ops: Op[]): Promise<void> {
  let clock = 0;
  const model = new Model();
  const opened = backend.open(() => ++clock * 1000);
  let store = opened.store;
  try {
    for (const [i, o] of ops.entries()) {
      const expected = model.apply(o);
      let actual: unknown;
      try {
        switch (o.kind) {
          case 'append': actual = await store.rooms.append(o.room, o.data); break;
          case 'compact': actual = await store.rooms.compact(o.room, o.data, o.through); break;
          case 'delete': actual = await store.rooms.delete(o.room); break;
          case 'load': actual = await store.rooms.load(o.room); break;
          case 'list': actual = await store.rooms.list(); break;
          case 'reopen': store = await opened.reopen(store); break;
        }
      } catch (err) {
        actual = err instanceof RangeError ? 'RangeError' : err;
      }
      expect(actual, `op ${i}: ${JSON.stringify(o)}`).toEqual(expected);
    }
  } finally {
    await store.close();
  }
}

describe.each(backends)('persistence model: $name store', (backend) => {
  it('S-ST1, S-ST2, S-ST3, S-ST4: seeded random operation sequences match the reference model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => run(backend, ops)),
      { seed: 20261129, numRuns: 40 },
    );
  });

  it('S-ST2: appends issued without awaiting, mixed with compactions, match the model', async () => {
    let clock = 0;
    const { store } = backend.open(() => ++clock * 1000);
    try {
      const pending = [1, 2, 3].map((i) => store.rooms.append('r', new Uint8Array([i])));
      await store.rooms.compact('r', new Uint8Array([9]), 2);
      const more = store.rooms.append('r', new Uint8Array([4]));
      expect(await Promise.all([...pending, more])).toEqual([1, 2, 3, 4]);
      expect(await store.rooms.load('r')).toEqual({ snapshot: new Uint8Array([9]), updates: [new Uint8Array([3]), new Uint8Array([4])], lastSeq: 4 });
    } finally {
      await store.close();
    }
  });
});
