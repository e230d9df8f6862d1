// Mermaid 11.14 itself, in Chromium, reads what toMermaid writes: same tree, same drawn text (F28).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, parseMermaid, toMermaid } from '@causeway/shared';
import type { DiagramTree, TreeNode } from '@causeway/shared';
import { fixtures } from './fixtures.ts';

const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const mermaidBundle = join(dirname(createRequire(import.meta.url).resolve('mermaid')), 'mermaid.min.js');

// Runs in the page. `drawn` repeats what Mermaid's ishikawa renderer does with a parsed label:
// split on <br>, set each line as text, serialize the SVG, turn the `#…;` placeholders back
// into character references (decodeEntities) and let the browser parse them.
const PAGE_SCRIPT = `
mermaid.initialize({ startOnLoad: false });
function drawn(label) {
  return label.split(/<br\\s*\\/?>|\\n/).map((line) => {
    const span = document.createElement('span');
    span.textContent = line;
    const html = span.innerHTML.replace(/\\uFB02\\u00B0\\u00B0/g, '&#').replace(/\\uFB02\\u00B0/g, '&').replace(/\\u00B6\\u00DF/g, ';');
    const div = document.createElement('div');
    div.innerHTML = html;
    return div.textContent;
  }).join('\\n');
}
const convert = (n) => ({ text: drawn(n.text), children: n.children.map(convert) });
window.readWithMermaid = async (text) => {
  try {
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const root = diagram.db.getRoot();
    return { ok: true, type: diagram.type, tree: { problem: drawn(root.text), categories: root.children.map(convert) } };
  } catch (e) {
    return { ok: false, error: String((e && e.message) || e) };
  }
};
window.renderWithMermaid = async (text, id) => {
  try {
    const { svg } = await mermaid.render(id, text);
    return svg.includes('ishikawa') ? 'ok' : 'no ishikawa in svg';
  } catch (e) {
    return String((e && e.message) || e);
  }
};`;

type MermaidRead = { ok: true; type: string; tree: DiagramTree } | { ok: false; error: string };

let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(chromePath)) throw new Error(`Chromium not found at ${chromePath}; install it with: apt-get install -y chromium (or set CHROME_PATH)`);
  browser = await chromium.launch({
    executablePath: chromePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage();
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ content: readFileSync(mermaidBundle, 'utf8') });
  await page.addScriptTag({ content: PAGE_SCRIPT });
});

afterAll(async () => {
  await browser?.close();
});

const readWithMermaid = (text: string) => page.evaluate((t) => (window as unknown as { readWithMermaid(t: string): Promise<MermaidRead> }).readWithMermaid(t), text);

/** Mermaid draws an empty label as the zero-width space toMermaid writes for it (F22). */
function asDrawn(tree: DiagramTree): DiagramTree {
  const text = (t: string) => (t === '' ? '\u200B' : t);
  const visit = (n: TreeNode): TreeNode => ({ text: text(n.text), children: n.children.map(visit) });
  return { problem: text(tree.problem), categories: tree.categories.map(visit) };
}

const WORDS = ['People', 'Ludzie', 'żółć', 'Хора', 'Щъркел', 'Cilvēki', 'ģērbtuve', 'Emberek', 'őrültség', 'Űrlap'];
const TRICKY = [
  '#', '##', '# ', '-', '*', '+', '>', '1.', '_', '`', '\\', '%%', '%%%', '%%{init: {}}%%', '%', '#35;', '#quot;', '#a;',
  '&', '&amp;', '&#32;', '<', '<br>', '<b>', '>', ' ', '  ', '\t', '\n', '\u00A0', '\u2028', '🐟', '👩‍💻',
  'ishikawa', 'Ishikawa-beta', 'style:#x;', 'classDef a:#f;', '---', ':::', '::icon(x)', '"q"', "'s'", '{', '}', '(', ')', '[', ']',
];
const label = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...WORDS) }, { weight: 3, arbitrary: fc.constantFrom(...TRICKY) }), { maxLength: 7 })
  .chain((parts) => fc.array(fc.constantFrom('', ' '), { minLength: parts.length, maxLength: parts.length }).map((gaps) => parts.map((p, i) => p + gaps[i]).join('')))
  .filter((text) => text !== '\u200B');
const nodeArb = fc.letrec<{ node: TreeNode }>((tie) => ({
  node: fc.record({ text: label, children: fc.oneof({ depthSize: 'small' }, fc.constant<TreeNode[]>([]), fc.array(tie('node'), { maxLength: 3 })) }),
})).node;
const treeArb: fc.Arbitrary<DiagramTree> = fc.record({ problem: label, categories: fc.array(nodeArb, { maxLength: 5 }) });

describe('Mermaid 11.14 conformance (real Mermaid in Chromium)', () => {
  it('F28: Mermaid reads every fixture exported by toMermaid as the same tree and renders it', async () => {
    for (const [name, json] of fixtures()) {
      const parsed = parseJson(json);
      if (!parsed.ok) throw new Error(`${name} does not parse`);
      const text = toMermaid(parsed.tree);
      expect(await readWithMermaid(text), name).toEqual({ ok: true, type: 'ishikawa', tree: parsed.tree });
      const rendered = await page.evaluate(([t, id]) => (window as unknown as { renderWithMermaid(t: string, id: string): Promise<string> }).renderWithMermaid(t!, id!), [text, `f-${name.replace(/\W/g, '')}`]);
      expect(rendered, name).toBe('ok');
    }
  });

  it('F28: Mermaid draws exactly our labels for random trees with tricky characters (seeded)', async () => {
    const trees = fc.sample(treeArb, { numRuns: 150, seed: 20261129 });
    for (const tree of trees) {
      const text = toMermaid(tree);
      expect(await readWithMermaid(text), text).toEqual({ ok: true, type: 'ishikawa', tree: asDrawn(tree) });
    }
  });

  it.each([
    ['plain keyword', 'ishikawa\n  Problem\n  Cause A\n    Subcause A1\n  Cause B\n'],
    ['problem on the keyword line', 'ishikawa-beta Problem\n  Cause A\n    Subcause A1\n  Cause B\n'],
    ['comments and blank lines', '%% top\n\nishikawa-beta\n  %% a comment\n  Problem\n\n  Cause A\n%%another\n    Subcause A1\n   \n  Cause B\n'],
    ['comment after the keyword', 'ishikawa-beta %% comment\n  Problem\n  Cause A\n'],
    ['front matter and directive', '---\ntitle: Fish\n---\n%%{init: {"theme": "forest"}}%%\nishikawa-beta\n  Problem\n  Cause A\n'],
    ['tabs', 'ishikawa-beta\n\tProblem\n\tCause A\n\t\tSubcause A1\n\tCause B\n'],
    ['uneven indentation', 'ishikawa-beta\n  P\n  A\n      B\n    C\n        D\n   E\n F\n'],
    ['effect indented more than causes', 'ishikawa-beta\n    Problem\nCause A\n  Subcause A1\nCause B\n'],
    ['character references and <br>', 'ishikawa-beta\n  #quot;Q#quot; #9829; #35; #amp;\n  a<br/>b<BR />c<br>d\n'],
    ['CRLF and keyword case', 'Ishikawa-Beta\r\n  P\r\n  A\r\n'],
  ])('F28: parseMermaid reads text Mermaid accepts (%s) as Mermaid does', async (_name, text) => {
    const mermaid = await readWithMermaid(text);
    const ours = parseMermaid(text);
    expect(mermaid.ok && ours.ok).toBe(true);
    if (mermaid.ok && ours.ok) expect(ours.tree).toEqual(mermaid.tree);
  });

  it.each([
    ['a label starting with the keyword', 'ishikawa-beta\n  P\n  ishikawa lessons\n'],
    ['no problem', 'ishikawa-beta\n'],
  ])('F28: text Mermaid refuses (%s) is refused by parseMermaid too', async (_name, text) => {
    expect((await readWithMermaid(text)).ok).toBe(false);
    expect(parseMermaid(text).ok).toBe(false);
  });
});
