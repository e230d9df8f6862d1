import type { DiagramTree } from '../tree.ts';

/**
 * One problem found while reading a file. `code` and `params` are stable so the client can
 * translate them; `message` is English detail for developers and logs.
 */
export interface FormatError {
  /** JSON path (`$.categories[2].causes[0].text`) or, for text formats, `line 12`. */
  path: string;
  code: FormatErrorCode;
  message: string;
  params?: Record<string, string | number>;
}

export type FormatErrorCode =
  | 'too_large'
  | 'invalid_json'
  | 'wrong_type'
  | 'missing_field'
  | 'unknown_format'
  | 'unsupported_version'
  | 'too_many_nodes'
  | 'too_deep'
  | 'duplicate_id'
  | 'invalid_id'
  | 'text_too_long'
  | 'missing_problem'
  | 'duplicate_problem'
  | 'unexpected_text'
  | 'inconsistent_indent'
  | 'indent_jump'
  | 'missing_keyword';

export type ParseResult = { ok: true; tree: DiagramTree } | { ok: false; errors: FormatError[] };

/** Files larger than this (UTF-8 bytes) are refused before parsing (F2). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Categories plus causes; the problem does not count (F2). */
export const MAX_NODES = 10_000;
/** Category = depth 1; deeper trees are refused so no reader can overflow its stack (F2). */
export const MAX_DEPTH = 100;
/** Maximum length of the problem or one label, in UTF-16 code units (F2). */
export const MAX_TEXT_LENGTH = 2_000;
/** Node ids in files: the same alphabet as room ids in DESIGN.md (F3). */
export const NODE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** UTF-8 byte length of `text`, stopping early once it passes `stopAbove`. */
export function utf8ByteLength(text: string, stopAbove = Infinity): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
    if (bytes > stopAbove) return bytes;
  }
  return bytes;
}

/** `line` is set for the text formats, whose paths are line numbers. */
export function tooLargeError(text: string, path: string, line?: number): FormatError | undefined {
  const bytes = utf8ByteLength(text, MAX_FILE_BYTES);
  if (bytes <= MAX_FILE_BYTES) return undefined;
  return {
    path,
    code: 'too_large',
    message: `File is larger than ${MAX_FILE_BYTES} bytes (5 MB); it was refused without being read.`,
    params: line === undefined ? { limit: MAX_FILE_BYTES } : { limit: MAX_FILE_BYTES, line },
  };
}

export function tooManyNodesError(path: string): FormatError {
  return {
    path,
    code: 'too_many_nodes',
    message: `File has more than ${MAX_NODES} categories and causes; it was refused.`,
    params: { limit: MAX_NODES },
  };
}

export function tooDeepError(path: string, depth: number): FormatError {
  return {
    path,
    code: 'too_deep',
    message: `Causes are nested ${depth} levels deep; at most ${MAX_DEPTH} levels are allowed.`,
    params: { depth, limit: MAX_DEPTH },
  };
}

export function textTooLongError(path: string, length: number): FormatError {
  return {
    path,
    code: 'text_too_long',
    message: `Text is ${length} characters long; at most ${MAX_TEXT_LENGTH} are allowed.`,
    params: { length, limit: MAX_TEXT_LENGTH },
  };
}
