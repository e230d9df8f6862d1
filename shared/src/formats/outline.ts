import type { DiagramTree, TreeNode } from '../tree.ts';
import { MAX_DEPTH, MAX_NODES, MAX_TEXT_LENGTH, textTooLongError, tooDeepError, tooManyNodesError } from './errors.ts';
import type { FormatError } from './errors.ts';

/** One category or cause in document order; depth 1 is a category. */
export interface OutlineLine {
  depth: number;
  text: string;
}

/** The tree as lines in document order, without recursion (a document may be deep). */
export function flatten(tree: DiagramTree): OutlineLine[] {
  const lines: OutlineLine[] = [];
  const stack: { node: TreeNode; depth: number }[] = [];
  for (let i = tree.categories.length - 1; i >= 0; i--) stack.push({ node: tree.categories[i]!, depth: 1 });
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    lines.push({ depth, text: node.text });
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]!, depth: depth + 1 });
  }
  return lines;
}

export const linePath = (line: number) => `line ${line}`;

/**
 * Builds a tree from outline lines read from a text format, checking the shared limits.
 * `add` returns false once the file must be refused outright (too many nodes).
 */
export class OutlineBuilder {
  readonly categories: TreeNode[] = [];
  readonly errors: FormatError[] = [];
  private readonly path: TreeNode[] = [];
  private count = 0;

  /** Adds a node at `depth` (1 = category); the caller guarantees depth <= previous depth + 1. */
  add(depth: number, text: string, line: number): boolean {
    this.count++;
    if (this.count > MAX_NODES) {
      this.errors.length = 0;
      this.errors.push({ ...tooManyNodesError(linePath(line)), params: { limit: MAX_NODES, line } });
      return false;
    }
    if (depth > MAX_DEPTH) {
      // One error per subtree: its deeper lines all hang below the first line past the limit.
      if (depth === MAX_DEPTH + 1) this.errors.push({ ...tooDeepError(linePath(line), depth), params: { depth, limit: MAX_DEPTH, line } });
      return true;
    }
    this.checkText(text, line);
    const node: TreeNode = { text, children: [] };
    this.path.length = Math.min(this.path.length, depth - 1);
    const parent = this.path[depth - 2];
    (parent ? parent.children : this.categories).push(node);
    this.path[depth - 1] = node;
    return true;
  }

  checkText(text: string, line: number): void {
    if (text.length > MAX_TEXT_LENGTH) this.errors.push({ ...textTooLongError(linePath(line), text.length), params: { length: text.length, limit: MAX_TEXT_LENGTH, line } });
  }
}

/** Code point of the character, written as a decimal entity body. */
export const codeOf = (ch: string) => ch.codePointAt(0)!;

/** Characters JavaScript's trim() removes, except the line feed (which formats write as `<br>`). */
export const EDGE_SPACE = /[^\S\n]/u;

/** Splits `text` into [leading edge spaces, middle, trailing edge spaces]. */
export function splitEdges(text: string): [string, string, string] {
  let start = 0;
  while (start < text.length && EDGE_SPACE.test(text[start]!)) start++;
  let end = text.length;
  while (end > start && EDGE_SPACE.test(text[end - 1]!)) end--;
  return [text.slice(0, start), text.slice(start, end), text.slice(end)];
}

/** C0 controls other than tab and line feed, and DEL: never written raw into a text format. */
export const isControl = (c: number) => (c < 0x20 && c !== 0x09 && c !== 0x0a) || c === 0x7f;

/** HTML's rule for numeric character references: invalid code points become U+FFFD. */
export function fromCodePointSafe(code: number): string {
  if (!Number.isFinite(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\uFFFD';
  return String.fromCodePoint(code);
}

/** The few named entities both readers understand; others stay as written. */
export const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00A0',
  num: '#',
  percnt: '%',
};

/** Splits a text file into lines the way Mermaid does: CRLF and lone CR end lines too. */
export function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}
