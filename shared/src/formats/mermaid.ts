import type { DiagramTree } from '../tree.ts';
import { tooLargeError } from './errors.ts';
import type { FormatError, ParseResult } from './errors.ts';
import { NAMED_ENTITIES, OutlineBuilder, codeOf, flatten, fromCodePointSafe, isControl, linePath, splitEdges } from './outline.ts';

/*
 * Mermaid's ishikawa diagram (mermaid 11.13+, `ishikawa-beta`; SPEC.md F20-F27 cites the sources).
 * Mermaid keeps no escape syntax of its own for this diagram, but every Mermaid diagram goes
 * through `encodeEntities`: `#<digits>;` and `#<name>;` in the text become HTML character
 * references in the drawn SVG. The exporter writes every character that Mermaid would misread
 * as such a reference, so the text Mermaid draws is exactly the label.
 */

export const MERMAID_KEYWORD = 'ishikawa-beta';
const INDENT = '    ';
/** Mermaid cannot hold an empty line as a node; an empty label is written as a zero-width space. */
const EMPTY_LABEL = '#8203;';

const ref = (ch: string) => `#${codeOf(ch)};`;
const HASH_REF = /#\w+;/y;

/**
 * `html` is set when the label has a line break: `<br>` then sends it through DOMPurify,
 * whose output Mermaid draws as text, so `&`, `>` and no-break spaces must be references too.
 */
function escapeChar(text: string, i: number, ch: string, html: boolean): string {
  switch (ch) {
    case '#':
      // Mermaid turns `#word;` into a character reference.
      HASH_REF.lastIndex = i;
      return HASH_REF.test(text) ? ref(ch) : ch;
    case '<':
      // `<` sends the label through DOMPurify (tags vanish); `<br>` is reserved for line breaks.
      return ref(ch);
    case '&':
    case '>':
    case '\u00A0':
      return html ? ref(ch) : ch;
    case '\n':
      return '<br>';
    case '\u2028':
    case '\u2029':
      return ref(ch);
    default:
      return isControl(codeOf(ch)) ? ref(ch) : ch;
  }
}

/**
 * Whether `line` matches Mermaid's `/<word>.*:\S*#.*;/` (no line breaks in `line`), in linear
 * time: the regular expression itself backtracks cubically on hostile labels.
 */
export function matchesStyleRule(line: string, word: string): boolean {
  const start = line.indexOf(word);
  if (start < 0) return false;
  const lastSemicolon = line.lastIndexOf(';');
  for (let colon = line.indexOf(':', start + word.length); colon >= 0 && colon < lastSemicolon; ) {
    let i = colon + 1;
    while (i < line.length && line[i] !== '#' && !/\s/.test(line[i]!)) i++;
    if (line[i] === '#' && lastSemicolon > i) return true;
    // Any colon inside the scanned run would scan a suffix of the same run.
    colon = line.indexOf(':', i);
  }
  return false;
}

/** Writes one label so that Mermaid draws, and parseMermaid reads back, exactly `text`. */
export function escapeMermaidLabel(text: string): string {
  if (text === '' || text === '\u200B') return EMPTY_LABEL;
  const [lead, middle, trail] = splitEdges(text);
  const html = middle.includes('\n');
  let body = '';
  let afterPercent = false;
  for (let i = 0; i < middle.length; ) {
    const ch = String.fromCodePoint(middle.codePointAt(i)!);
    // `%%` starts a comment at the start of a line and `%%{` a directive anywhere: no raw `%` follows a raw `%`.
    if (ch === '%') {
      body += afterPercent ? ref(ch) : ch;
      afterPercent = !afterPercent;
    } else {
      body += escapeChar(middle, i, ch, html);
      afterPercent = false;
    }
    i += ch.length;
  }
  // The lexer reads a line that starts with `ishikawa` (any case) as the diagram keyword.
  if (lead === '' && /^ishikawa/i.test(body)) body = ref(body[0]!) + body.slice(1);
  // encodeEntities drops the last `;` of a line matching these two patterns (meant for style rules).
  if (matchesStyleRule(body, 'style') || matchesStyleRule(body, 'classDef')) {
    body = body.replace(/style/g, `${ref('s')}tyle`).replace(/classDef/g, `${ref('c')}lassDef`);
  }
  const refs = (s: string) => Array.from(s, ref).join('');
  return refs(lead) + body + refs(trail);
}

/** Mermaid ishikawa text (F20): the keyword, then the problem and the bones, four spaces a level. */
export function toMermaid(tree: DiagramTree): string {
  let out = `${MERMAID_KEYWORD}\n${INDENT}${escapeMermaidLabel(tree.problem)}\n`;
  for (const { depth, text } of flatten(tree)) out += `${INDENT.repeat(depth)}${escapeMermaidLabel(text)}\n`;
  return out;
}

const UNESCAPE = /<br\s*\/?>|#(\w+);/gi;

/** Reads one label as Mermaid draws it: `<br>` is a line break, `#…;` a character reference. */
export function unescapeMermaidLabel(text: string): string {
  const label = text.replace(UNESCAPE, (match, name?: string) => {
    if (name === undefined) return '\n';
    if (/^\d+$/.test(name)) return fromCodePointSafe(Number(name));
    return NAMED_ENTITIES[name] ?? match;
  });
  return label === '\u200B' ? '' : label;
}

// Mermaid's preprocessing, mirrored so that line numbers still count lines of the original.
const FRONT_MATTER = /^-{3}\s*[\n\r](.*?)[\n\r]-{3}\s*[\n\r]+/s;
const DIRECTIVE = /%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?/gi;
const KEYWORD = /^(ishikawa-beta|ishikawa)/i;
const isBlankOrComment = (line: string) => /^\s*(%%[^]*)?$/.test(line);
const keepLines = (removed: string) => removed.replace(/[^\n]/g, '');

/**
 * Reads Mermaid ishikawa text (F21-F27) as Mermaid 11.14 does: front matter, directives and
 * `%%` comments are skipped; nesting follows Mermaid's rule (a node's parent is the nearest
 * line above it indented less, measured from the first cause).
 */
export function parseMermaid(text: string): ParseResult {
  const large = tooLargeError(text, linePath(1), 1);
  if (large) return { ok: false, errors: [large] };

  let source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  source = source.replace(FRONT_MATTER, keepLines).replace(DIRECTIVE, keepLines);
  const lines = source.split('\n');

  const builder = new OutlineBuilder();
  const errors = builder.errors;
  const report = (line: number, code: FormatError['code'], message: string, params: Record<string, string | number> = {}) =>
    errors.push({ path: linePath(line), code, message, params: { line, ...params } });

  let sawKeyword = false;
  let keywordLine = 1;
  let problem: string | undefined;
  let baseIndent: number | undefined;
  const levels: number[] = [0];

  for (let index = 0; index < lines.length; index++) {
    const line = index + 1;
    let statement = lines[index]!;
    if (isBlankOrComment(statement)) continue;

    if (!sawKeyword) {
      const start = statement.replace(/^\s+/, '');
      const keyword = KEYWORD.exec(start);
      if (!keyword || !/^ishikawa(-beta)?\b/i.test(start)) {
        report(line, 'missing_keyword', `Line ${line} should be the diagram keyword "${MERMAID_KEYWORD}" (or "ishikawa").`);
        return { ok: false, errors };
      }
      sawKeyword = true;
      // Whatever follows the keyword on its line is the first statement.
      keywordLine = line;
      statement = start.slice(keyword[0].length);
      if (isBlankOrComment(statement)) continue;
    }

    const indent = /^\s*/.exec(statement)![0].length;
    const raw = statement.trim();
    if (KEYWORD.test(raw)) {
      report(line, 'unexpected_text', `Line ${line} starts with "${raw.slice(0, 8)}", which Mermaid reads as the diagram keyword; write "${ref(raw[0]!)}" for its first letter.`);
      continue;
    }
    const label = unescapeMermaidLabel(raw);

    if (problem === undefined) {
      problem = label;
      builder.checkText(problem, line);
      continue;
    }
    baseIndent ??= indent;
    const level = Math.max(1, indent - baseIndent + 1);
    while (levels.length > 1 && levels[levels.length - 1]! >= level) levels.pop();
    levels.push(level);
    if (!builder.add(levels.length - 1, label, line)) return { ok: false, errors };
  }

  if (!sawKeyword) report(1, 'missing_keyword', `The text has no diagram keyword "${MERMAID_KEYWORD}".`);
  else if (problem === undefined) report(keywordLine, 'missing_problem', 'The diagram has no problem: the first line after the keyword is the problem.');
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, tree: { problem: problem ?? '', categories: builder.categories } };
}
