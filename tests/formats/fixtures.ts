import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The project's fixtures live in the shared folder beside the repository; a copy is kept in
// the repository so a fresh clone tests the same files. The shared folder wins when present.
const sharedDir = join(import.meta.dirname, '..', '..', '..', 'shared', 'fixtures');
export const copyDir = join(import.meta.dirname, 'fixtures');
export const fixturesDir = existsSync(sharedDir) ? sharedDir : copyDir;

/** Every JSON fixture: [file name, text]. */
export function fixtures(): [string, string][] {
  const files = readdirSync(fixturesDir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name): [string, string] => [name, readFileSync(join(fixturesDir, name), 'utf8')]);
  if (files.length === 0) throw new Error(`no fixtures in ${fixturesDir}`);
  return files;
}

/** The repository's copies: [file name, text]. */
export function fixtureCopies(): [string, string][] {
  return readdirSync(copyDir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name): [string, string] => [name, readFileSync(join(copyDir, name), 'utf8')]);
}
