import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  return importsIn(readFileSync(file, 'utf8'));
}

function importsIn(text: string): string[] {
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g)) specs.push(m[1]!);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) specs.push(m[1]!);
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1]!);
  return specs;
}

function violations(dir: string, forbidden: (spec: string, file: string) => boolean): string[] {
  return sourceFiles(join(root, dir)).flatMap((file) =>
    importsOf(file).filter((s) => forbidden(s, file)).map((s) => `${relative(root, file)} imports ${s}`),
  );
}

const reachesInto = (spec: string, file: string, area: string) =>
  spec === `@causeway/${area}` || (spec.startsWith('.') && join(file, '..', spec).startsWith(join(root, area)));

describe('import rules (STYLE.md 1: client -> shared <- server)', () => {
  it('shared/ imports nothing from React, Konva, the DOM, ws, node: or the other packages', () => {
    const banned = /^(react|react-dom|react-konva|konva|ws|y-websocket|better-sqlite3|node:|fs$|path$|http$|crypto$)/;
    const found = violations('shared/src', (s, f) => banned.test(s) || reachesInto(s, f, 'client') || reachesInto(s, f, 'server'));
    expect(found).toEqual([]);
  });

  it('client/ never imports the server', () => {
    expect(violations('client/src', (s, f) => reachesInto(s, f, 'server') || /^(ws|better-sqlite3|node:)/.test(s))).toEqual([]);
  });

  it('server/ never imports the client', () => {
    expect(violations('server/src', (s, f) => reachesInto(s, f, 'client') || /^(react|react-dom|react-konva)$/.test(s))).toEqual([]);
  });

  it('the rule itself catches a forbidden import', () => {
    const text = ["import Konva from 'konva';", "import type { X } from 'node:fs';", "import 'react';", "const m = await import('ws');"].join('\n');
    expect(importsIn(text).sort()).toEqual(['konva', 'node:fs', 'react', 'ws']);
  });
});
