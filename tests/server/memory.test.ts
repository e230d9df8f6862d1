import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe('memory', () => {
  it('S12: rooms with nobody in them are unloaded and the memory they held returns', async () => {
    // A child process, so that full garbage collections can be forced and measured.
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', 'tests/server/memory-child.ts', '60'], { cwd: root });
    const { before, loaded, after } = JSON.parse(stdout.trim().split('\n').pop()!) as { before: number; loaded: number; after: number };
    // 60 loaded rooms take real memory, and it is released once they unload.
    expect(loaded - before).toBeGreaterThan(2 * 1024 * 1024);
    expect(after - before).toBeLessThan(1024 * 1024);
  }, 60_000);
});
