import type { FormatErrorCode } from '@causeway/shared';

export type ImportFormat = 'json' | 'markdown' | 'mermaid';

/** Guess the format from the file name, else from the first meaningful characters. */
export function detectFormat(text: string, fileName?: string): ImportFormat {
  const ext = fileName?.toLowerCase().split('.').pop();
  if (ext === 'json') return 'json';
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  if (ext === 'mmd' || ext === 'mermaid') return 'mermaid';
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'json';
  const firstLine = start.split('\n').find((line) => line.trim() !== '' && !line.trim().startsWith('%%')) ?? '';
  if (/^ishikawa(-beta)?\b/.test(firstLine.trim())) return 'mermaid';
  return 'markdown';
}

/** Every error code of the shared validator has a translation; the type fails if one is added. */
const ERROR_KEYS: Record<FormatErrorCode, `errors.${FormatErrorCode}`> = {
  too_large: 'errors.too_large',
  invalid_json: 'errors.invalid_json',
  wrong_type: 'errors.wrong_type',
  missing_field: 'errors.missing_field',
  unknown_format: 'errors.unknown_format',
  unsupported_version: 'errors.unsupported_version',
  too_many_nodes: 'errors.too_many_nodes',
  too_deep: 'errors.too_deep',
  duplicate_id: 'errors.duplicate_id',
  invalid_id: 'errors.invalid_id',
  text_too_long: 'errors.text_too_long',
  missing_problem: 'errors.missing_problem',
  duplicate_problem: 'errors.duplicate_problem',
  unexpected_text: 'errors.unexpected_text',
  inconsistent_indent: 'errors.inconsistent_indent',
  indent_jump: 'errors.indent_jump',
  missing_keyword: 'errors.missing_keyword',
};

export function errorKey(code: FormatErrorCode): `errors.${FormatErrorCode}` {
  return ERROR_KEYS[code] ?? 'errors.unexpected_text';
}
