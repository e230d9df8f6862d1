// A real Markdown renderer (marked 16, GitHub-flavoured) shows exactly our outline: one heading,
// nested lists in the tree's shape, each item's text equal to its label (F14).
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { marked } from 'marked';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, toMarkdown } from '@causeway/shared';
import type { DiagramTree, TreeNode } from '@causeway/shared';
import { fixtures } from './fixtures.ts';

const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

// Runs in the page: the HTML's top-level tags, the heading's text and the lists as a tree.
// An item's text is its own text (not its sublist's); <br> is a line break; links count as text.
const PAGE_SCRIPT = `
window.readOutline = (html) => {
  const root = document.createElement('div');
  root.innerHTML = html;
  const textOf = (el) => {
    let text = '';
    for (const n of Array.from(el.childNodes)) {
      if (n.nodeType === 3) text += /^\\n+$/.test(n.textContent) ? '' : n.textContent;
      else if (n.tagName === 'BR') text += '\\n';
      else if (n.tagName === 'UL') continue;
      else if (n.tagName === 'P' || n.tagName === 'A') text += textOf(n);
      else text += '<' + n.tagName + '>' + textOf(n);
    }
    return text;
  };
  const list = (ul) => (ul ? Array.from(ul.children).map((li) => ({ text: textOf(li), children: list(li.querySelector(':scope > ul')) })) : []);
  const h1 = root.querySelector('h1');
  return {
    blocks: Array.from(root.children).map((c) => c.tagName).join(','),
    problem: h1 ? textOf(h1) : null,
    categories: list(root.querySelector(':scope > ul')),
  };
};`;

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
  await page.addScriptTag({ content: PAGE_SCRIPT });
});

afterAll(async () => {
  await browser?.close();
});

async function rendered(markdown: string) {
  const html = marked.parse(markdown, { async: false });
  return page.evaluate((h) => (window as unknown as { readOutline(h: string): unknown }).readOutline(h), html);
}

/** What a reader sees: the tree's labels, with an empty label shown as the zero-width space we write. */
function asShown(tree: DiagramTree) {
  const visit = (n: TreeNode): unknown => ({ text: n.text === '' ? '\u200B' : n.text, children: n.children.map(visit) });
  return { blocks: tree.categories.length > 0 ? 'H1,UL' : 'H1', problem: tree.problem, categories: tree.categories.map(visit) };
}

const WORDS = ['People', 'Ludzie', 'żółć', 'Хора', 'Щъркел', 'Cilvēki', 'ģērbtuve', 'Emberek', 'őrültség'];
const TRICKY = [
  '#', '##', '# ', '-', '- ', '*', '**', '+', '>', '1.', '2)', '_', '`', '~~~', '~~', '~', '[ ]', '[x]', '[a](b)', '![i](j)', '(', ')',
  '[', ']', '\\', '\\*', '%%', '&', '&amp;', '&#32;', '<', '<br>', '<b>', '>', ' ', '  ', '\t', '\n', '\u00A0', '🐟', '👩‍💻', '---', '===',
  '|', 'http://x.y', 'www.a.com', 'a@b.com', '<http://q>', ':', '$', '^', '{', '}', '"', "'",
];
const label = fc
  .array(fc.oneof(fc.constantFrom(...WORDS), fc.constantFrom(...TRICKY)), { maxLength: 7 })
  .chain((parts) => fc.array(fc.constantFrom('', ' '), { minLength: parts.length, maxLength: parts.length }).map((gaps) => parts.map((p, i) => p + gaps[i]).join('')))
  .filter((text) => text !== '\u200B');
const nodeArb = fc.letrec<{ node: TreeNode }>((tie) => ({
  node: fc.record({ text: label, children: fc.oneof({ depthSize: 'small' }, fc.constant<TreeNode[]>([]), fc.array(tie('node'), { maxLength: 3 })) }),
})).node;
const treeArb: fc.Arbitrary<DiagramTree> = fc.record({ problem: label, categories: fc.array(nodeArb, { maxLength: 4 }) });

describe('Markdown conformance (marked, GitHub-flavoured, in Chromium)', () => {
  it('F14: every fixture renders as one heading and nested lists with exactly its labels', async () => {
    for (const [name, json] of fixtures()) {
      const parsed = parseJson(json);
      if (!parsed.ok) throw new Error(`${name} does not parse`);
      expect(await rendered(toMarkdown(parsed.tree)), name).toEqual(asShown(parsed.tree));
    }
  });

  it('F14: random trees with characters Markdown treats specially render with exactly their labels (seeded)', async () => {
    for (const tree of fc.sample(treeArb, { numRuns: 200, seed: 20261129 })) {
      const markdown = toMarkdown(tree);
      expect(await rendered(markdown), markdown).toEqual(asShown(tree));
    }
  });
});
