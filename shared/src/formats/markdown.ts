import type { DiagramTree } from '../tree.ts';
import { tooLargeError } from './errors.ts';
import type { FormatError, ParseResult } from './errors.ts';
import { NAMED_ENTITIES, OutlineBuilder, codeOf, flatten, fromCodePointSafe, isControl, linePath, splitEdges, splitLines } from './outline.ts';
import { parseFacilitationMarkdown, withFacilitationMarkdown } from '../facilitation/markdown.ts';

// A CommonMark entity reference; a literal '&' that would read as one is escaped (F11).
const ENTITY_AHEAD = /&(?:#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/y;
// Characters that open block structure when they start a list item or heading (F11).
const BLOCK_START = new Set(['#', '-', '+', '>', '=', '|']);

/**
 * `~` strikes through and `@` links an e-mail address in GFM; tabs are expanded to spaces by
 * many renderers; U+2028/U+2029 break lines in many editors.
 */
function escapeChar(text: string, i: number, ch: string): string {
  switch (ch) {
    case '\\':
    case '*':
    case '_':
    case '`':
    case '[':
    case '~':
    case '@':
      return `\\${ch}`;
    case '&':
      ENTITY_AHEAD.lastIndex = i;
      return ENTITY_AHEAD.test(text) ? '\\&' : '&';
    case '<':
      return /[A-Za-z/!?]/.test(text[i + 1] ?? '') ? '\\<' : '<';
    case ':':
      // GFM turns a bare `http://...` into a link, and escapes after it are then shown raw.
      return text.startsWith('//', i + 1) && /(?:https?|ftp)$/i.test(text.slice(Math.max(0, i - 5), i)) ? '\\:' : ':';
    case '.':
      return /www$/i.test(text.slice(Math.max(0, i - 3), i)) ? '\\.' : '.';
    case '\n':
      return '<br>';
    case '\t':
    case '\u2028':
    case '\u2029':
      return `&#${codeOf(ch)};`;
    default:
      return isControl(codeOf(ch)) ? `&#${codeOf(ch)};` : ch;
  }
}

/** Writes one label so that a CommonMark reader and parseMarkdown both read back exactly `text`. */
export function escapeMarkdownLabel(text: string, kind: 'heading' | 'item'): string {
  const [lead, middle, trail] = splitEdges(text);
  const entities = (s: string) => Array.from(s, (ch) => `&#${codeOf(ch)};`).join('');
  let body = '';
  for (let i = 0; i < middle.length; ) {
    const ch = String.fromCodePoint(middle.codePointAt(i)!);
    body += escapeChar(middle, i, ch);
    i += ch.length;
  }
  if (lead === '') {
    if (BLOCK_START.has(middle[0] ?? '')) body = `\\${body}`;
    body = body.replace(/^(\d{1,9})([.)])/, '$1\\$2');
  }
  if (kind === 'heading' && trail === '') {
    // A run of '#' at the end after a space is a closing sequence in an ATX heading.
    const run = body.length - trailingRun(body, '#');
    if (run < body.length && (run === 0 || body[run - 1] === ' ' || body[run - 1] === '\t')) body = `${body.slice(0, run)}\\${body.slice(run)}`;
  }
  return entities(lead) + body + entities(trail);
}

/**
 * A bare `-` under a paragraph is read by CommonMark as a heading underline, so an empty
 * label is written as a zero-width space, which reads back empty (F11).
 */
const EMPTY_ITEM = '&#8203;';

/** Markdown outline (F10) plus facilitation (M-F18, only when the tree has any). */
export function toMarkdown(tree: DiagramTree): string {
  return withFacilitationMarkdown(tree, toOutlineMarkdown(tree), escapeMarkdownLabel);
}

/** Markdown outline (F10): `# problem`, a blank line, then `- ` bullets indented by two spaces. */
function toOutlineMarkdown(tree: DiagramTree): string {
  const heading = escapeMarkdownLabel(tree.problem, 'heading');
  let out = heading === '' ? '#\n' : `# ${heading}\n`;
  const lines = flatten(tree);
  if (lines.length > 0) out += '\n';
  for (const { depth, text } of lines) {
    const label = escapeMarkdownLabel(text, 'item');
    out += `${'  '.repeat(depth - 1)}- ${label === '' ? EMPTY_ITEM : label}\n`;
  }
  return out;
}

const UNESCAPE = /\\([!-/:-@[-`{-~])|<br\s*\/?>|&(?:#(\d{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/gi;

/** Reads one label: backslash escapes, `<br>` line breaks and entity references. */
export function unescapeMarkdownLabel(text: string): string {
  const label = text.replace(UNESCAPE, (match, escaped?: string, dec?: string, hex?: string, name?: string) => {
    if (escaped !== undefined) return escaped;
    if (dec !== undefined) return fromCodePointSafe(Number(dec));
    if (hex !== undefined) return fromCodePointSafe(parseInt(hex, 16));
    if (name !== undefined) return NAMED_ENTITIES[name] ?? match;
    return '\n';
  });
  return label === '\u200B' ? '' : label;
}

// Only the starts of lines are matched with regular expressions; ends are trimmed by hand,
// because `[ \t]*$` after a lazy group is quadratic on long runs of spaces.
const HEADING_START = /^ {0,3}(#{1,6})(?=[ \t]|$)/;
const BULLET_START = /^([ \t]*)[-*+](?=[ \t]|$)/;

/** Length of the run of characters from `set` at the end of `text`. */
function trailingRun(text: string, set: string): number {
  let end = text.length;
  while (end > 0 && set.includes(text[end - 1]!)) end--;
  return text.length - end;
}

/** The text after a heading or bullet marker, without the spaces and tabs around it. */
function contentAfter(source: string, start: number): string {
  let from = start;
  while (from < source.length && (source[from] === ' ' || source[from] === '\t')) from++;
  return source.slice(from, source.length - trailingRun(source.slice(from), ' \t'));
}

function headingText(content: string): string {
  // An optional closing sequence: a final run of '#' that is the whole content or follows a space.
  const hashes = trailingRun(content, '#');
  const before = content.slice(0, content.length - hashes);
  if (hashes > 0 && (before === '' || before.endsWith(' ') || before.endsWith('\t'))) content = before.slice(0, before.length - trailingRun(before, ' \t'));
  return unescapeMarkdownLabel(content);
}

/** Visual width of an indentation (tab = 4 columns), for recovering after a bad line. */
const widthOf = (indent: string) => Array.from(indent).reduce((w, ch) => w + (ch === '\t' ? 4 : 1), 0);

/**
 * Reads a Markdown outline (F10-F13): blank lines are ignored; indentation may be any
 * consistent unit of spaces or tabs; every problem is reported with its line number.
 */
export function parseMarkdown(text: string): ParseResult {
  return parseFacilitationMarkdown(text, parseOutlineMarkdown, unescapeMarkdownLabel);
}

/** The outline alone (F12); parseMarkdown hands it the file without the facilitation parts (M-F18). */
function parseOutlineMarkdown(text: string): ParseResult {
  const large = tooLargeError(text, linePath(1), 1);
  if (large) return { ok: false, errors: [large] };

  const builder = new OutlineBuilder();
  const errors = builder.errors;
  const report = (line: number, code: FormatError['code'], message: string, params: Record<string, string | number> = {}) =>
    errors.push({ path: linePath(line), code, message, params: { line, ...params } });

  let problem: string | undefined;
  let sawBullet = false;
  let unit: string | undefined;
  let depth = 0;
  const lines = splitLines(text);

  for (let index = 0; index < lines.length; index++) {
    const line = index + 1;
    const source = lines[index]!;
    if (/^[ \t]*$/.test(source)) continue;

    const heading = HEADING_START.exec(source);
    if (heading) {
      if (heading[1] !== '#') report(line, 'unexpected_text', `Line ${line} is a level-${heading[1]!.length} heading; the outline has one "# problem" heading and bullets.`);
      else if (problem !== undefined) report(line, 'duplicate_problem', `Line ${line} is a second "# " heading; the problem is the first one.`);
      else if (sawBullet) report(line, 'unexpected_text', `Line ${line}: the "# problem" heading must come before the bullets.`);
      else {
        problem = headingText(contentAfter(source, heading[0].length));
        builder.checkText(problem, line);
      }
      continue;
    }

    const bullet = BULLET_START.exec(source);
    if (!bullet) {
      report(line, 'unexpected_text', `Line ${line} is neither the "# problem" heading nor a "- " bullet.`);
      continue;
    }
    if (problem === undefined && !sawBullet) report(line, 'missing_problem', `The outline starts without a "# problem" heading (first bullet on line ${line}).`);
    sawBullet = true;

    const indent = bullet[1]!;
    let level: number;
    let misaligned = false;
    if (indent === '') level = 1;
    else {
      if (unit === undefined && /^( +|\t+)$/.test(indent)) unit = indent;
      const repeats = unit !== undefined && indent.length % unit.length === 0 && indent === unit.repeat(indent.length / unit.length);
      if (repeats) level = indent.length / unit!.length + 1;
      else {
        const unitKind = unit === undefined ? 'none' : unit[0] === '\t' ? 'tabs' : 'spaces';
        const unitSize = unit?.length ?? 0;
        const described = unit === undefined ? 'spaces or tabs, not both' : `${unitSize} ${unitKind}`;
        report(line, 'inconsistent_indent', `Line ${line} is indented differently from the rest of the outline (which uses ${described} per level).`, { unitKind, unitSize });
        level = Math.max(1, Math.round(widthOf(indent) / Math.max(1, widthOf(unit ?? '  '))) + 1);
        misaligned = true;
      }
    }
    if (level > depth + 1) {
      // One error per line: a misaligned line is already reported.
      if (!misaligned) report(line, 'indent_jump', `Line ${line} is indented ${level - depth - 1} level(s) deeper than the line before allows.`, { depth: level, expected: depth + 1 });
      level = depth + 1;
    }
    if (!builder.add(level, unescapeMarkdownLabel(contentAfter(source, bullet[0].length)), line)) return { ok: false, errors };
    depth = level;
  }

  if (problem === undefined && !sawBullet) report(1, 'missing_problem', 'The outline has no "# problem" heading.');
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, tree: { problem: problem ?? '', categories: builder.categories } };
}
