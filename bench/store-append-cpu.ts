/**
 * `npx tsx bench/store-append-cpu.ts [--batch=1] [--n=20000]`: CPU time (user + system) per
 * appended update of the SQLite store with batchAppends, `batch` appends per event-loop turn across
 * 20 rooms, ~60-byte updates, compaction every 500 per room as the server does. CPU, not wall time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../server/src/store/sqlite.ts';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);

async function main(): Promise<void> {
  const batch = arg('batch', 1);
  const n = arg('n', 20_000);
  const dir = mkdtempSync(join(tmpdir(), 'causeway-append-'));
  const store = openSqliteStore(join(dir, 'causeway.sqlite'), { batchAppends: true });
  // --no-stats-trigger: what the room_stats trigger (migration 2) costs per append; an experiment only.
  if (process.argv.includes('--no-stats-trigger')) {
    const db = new Database(join(dir, 'causeway.sqlite'));
    db.exec('DROP TRIGGER room_log_stats_insert');
    db.close();
  }
  const update = new Uint8Array(60).map((_, i) => i);
  const snapshot = new Uint8Array(4000).fill(1);
  const counts = new Array<number>(20).fill(0);
  const run = async (total: number) => {
    for (let done = 0; done < total; done += batch) {
      const turn: Promise<number>[] = [];
      for (let i = 0; i < batch; i++) {
        const room = (done + i) % 20;
        turn.push(store.rooms.append(`w/room${room}`, update));
      }
      const seqs = await Promise.all(turn);
      for (let i = 0; i < batch; i++) {
        const room = (done + i) % 20;
        if (++counts[room]! >= 500) {
          counts[room] = 0;
          await store.rooms.compact(`w/room${room}`, snapshot, seqs[i]!);
        }
      }
    }
  };
  await run(2_000);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await run(n);
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  process.stdout.write(
    `batch ${batch}${process.argv.includes('--no-stats-trigger') ? ' without the stats trigger' : ''}: ${((cpu.user + cpu.system) / n).toFixed(2)} µs CPU per append (user ${(cpu.user / n).toFixed(2)}, system ${(cpu.system / n).toFixed(2)}), wall ${((wall * 1000) / n).toFixed(2)} µs\n`,
  );
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

void main();
