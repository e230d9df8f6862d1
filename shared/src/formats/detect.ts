import type { DiagramTree } from '../tree.ts';
import type { ParseResult } from './errors.ts';
import { parseJson, toJson } from './json.ts';
import { parseMarkdown, toMarkdown } from './markdown.ts';
import { parseMermaid, toMermaid } from './mermaid.ts';

export type FormatName = 'json' | 'markdown' | 'mermaid';

/** File name extensions (first one is written) and media types for downloads and uploads (F8). */
export const FORMATS: Readonly<Record<FormatName, { extensions: readonly string[]; mimeType: string }>> = {
  json: { extensions: ['.json'], mimeType: 'application/json' },
  markdown: { extensions: ['.md', '.markdown'], mimeType: 'text/markdown; charset=utf-8' },
  mermaid: { extensions: ['.mmd', '.mermaid'], mimeType: 'text/plain; charset=utf-8' },
};

/**
 * Which format a file is in (F8): by its name's extension when it has a known one, otherwise by
 * its first meaningful line. Undefined when neither tells.
 */
export function detectFormat(text: string, fileName?: string): FormatName | undefined {
  const lowerName = fileName?.toLowerCase();
  if (lowerName !== undefined) {
    for (const [name, { extensions }] of Object.entries(FORMATS) as [FormatName, (typeof FORMATS)[FormatName]][]) {
      if (extensions.some((ext) => lowerName.endsWith(ext))) return name;
    }
  }
  // Only the head of the file is looked at, so detection stays cheap on large files.
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '');
  if (/^\s*[{[]/.test(head)) return 'json';
  // Mermaid text may open with front matter, directives and comments before its keyword.
  const withoutPreamble = head.replace(/^-{3}\s*[\n\r][\s\S]*?[\n\r]-{3}\s*[\n\r]+/, '');
  for (const line of withoutPreamble.split(/\r\n|\r|\n/)) {
    if (/^\s*$/.test(line) || /^\s*%%/.test(line)) continue;
    if (/^\s*ishikawa(-beta)?\b/i.test(line)) return 'mermaid';
    if (/^ {0,3}#(\s|$)/.test(line) || /^\s*[-*+](\s|$)/.test(line)) return 'markdown';
    return undefined;
  }
  return undefined;
}

/** Reads a file in the given format, or in the one detectFormat finds (F8). */
export function parseDiagram(text: string, format?: FormatName, fileName?: string): ParseResult {
  const name = format ?? detectFormat(text, fileName);
  switch (name) {
    case 'json':
      return parseJson(text);
    case 'markdown':
      return parseMarkdown(text);
    case 'mermaid':
      return parseMermaid(text);
    default:
      return {
        ok: false,
        errors: [{
          path: 'line 1',
          code: 'unknown_format',
          message: 'The file is neither a Causeway JSON file, a Markdown outline ("# problem" and "- " bullets) nor a Mermaid ishikawa diagram.',
          params: { line: 1 },
        }],
      };
  }
}

/** Writes the tree in the given format (JSON with ids). */
export function serializeDiagram(tree: DiagramTree, format: FormatName): string {
  if (format === 'json') return toJson(tree);
  return format === 'markdown' ? toMarkdown(tree) : toMermaid(tree);
}
