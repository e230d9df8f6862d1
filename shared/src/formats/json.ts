import { z } from 'zod';
import type { DiagramTree, NodeId, TreeNode } from '../tree.ts';
import {
  MAX_DEPTH,
  MAX_NODES,
  MAX_TEXT_LENGTH,
  NODE_ID_PATTERN,
  textTooLongError,
  tooDeepError,
  tooLargeError,
  tooManyNodesError,
} from './errors.ts';
import type { FormatError, ParseResult } from './errors.ts';
import { nodeJsonFields, readNodeJsonFields, readTreeJsonFields, treeJsonFields } from '../facilitation/json.ts';

export const JSON_FORMAT = 'causeway';
export const JSON_VERSION = 1;

export interface ToJsonOptions {
  /** Write node ids when the tree has them (default true). */
  ids?: boolean;
}

interface JsonCause {
  id?: string;
  text: string;
  causes: JsonCause[];
}

/** JSON format version 1 (F1): two-space indentation and a trailing newline. */
export function toJson(tree: DiagramTree, options: ToJsonOptions = {}): string {
  const withIds = options.ids ?? true;
  const convert = (node: TreeNode): JsonCause => {
    // M-F17: `priority` and `votes` between `text` and `causes`.
    const out: JsonCause = withIds && node.id !== undefined ? { id: node.id, text: node.text, ...nodeJsonFields(node), causes: [] } : { text: node.text, ...nodeJsonFields(node), causes: [] };
    out.causes = node.children.map(convert);
    return out;
  };
  const file = { format: JSON_FORMAT, version: JSON_VERSION, problem: tree.problem, categories: tree.categories.map(convert), ...treeJsonFields(tree, withIds) };
  return `${JSON.stringify(file, null, 2)}\n`;
}

// The schemas check one level each; parseJson walks the tree itself, iteratively, so a
// deeply nested hostile file cannot overflow the stack inside a recursive schema.
const headSchema = z.object({
  problem: z.string(),
  categories: z.array(z.unknown()),
});

const nodeSchema = z.object({
  id: z.string().optional(),
  text: z.string(),
  causes: z.array(z.unknown()).optional(),
});

type Json = unknown;

function typeName(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonPath(base: string, segments: readonly PropertyKey[]): string {
  let path = base;
  for (const s of segments) path += typeof s === 'number' ? `[${s}]` : `.${String(s)}`;
  return path;
}

function zodErrors(issues: readonly z.core.$ZodIssue[], value: Json, base: string): FormatError[] {
  return issues.map((issue): FormatError => {
    const path = jsonPath(base, issue.path);
    const key = issue.path[issue.path.length - 1];
    let parent: Json = value;
    for (const s of issue.path.slice(0, -1)) parent = isObject(parent) || Array.isArray(parent) ? (parent as Record<PropertyKey, Json>)[s as string] : undefined;
    if (key !== undefined && isObject(parent) && !Object.hasOwn(parent, key as string)) {
      return { path, code: 'missing_field', message: `Required field "${String(key)}" is missing.`, params: { field: String(key) } };
    }
    const got = key === undefined ? value : isObject(parent) ? parent[key as string] : undefined;
    const expected = issue.code === 'invalid_type' ? String(issue.expected) : 'valid value';
    return {
      path,
      code: 'wrong_type',
      message: `Expected ${expected}, found ${typeName(got)}.`,
      params: { expected, found: typeName(got) },
    };
  });
}

function invalidJson(text: string, error: unknown): FormatError {
  const detail = error instanceof Error ? error.message : String(error);
  const params: Record<string, string | number> = {};
  // V8 names a position; Firefox and Safari name a line and column.
  const at = /position (\d+)/.exec(detail);
  const lineColumn = /line (\d+) column (\d+)/.exec(detail);
  if (at) {
    const position = Number(at[1]);
    const before = text.slice(0, position);
    params.line = before.split('\n').length;
    params.column = position - before.lastIndexOf('\n');
  } else if (lineColumn) {
    params.line = Number(lineColumn[1]);
    params.column = Number(lineColumn[2]);
  }
  return { path: '$', code: 'invalid_json', message: `The file is not valid JSON: ${detail}`, params };
}

/** Counts categories and causes without trusting their shape; stops once past the limit. */
function countNodes(categories: Json[]): number {
  let count = 0;
  const stack: Json[][] = [categories];
  while (stack.length > 0) {
    const list = stack.pop()!;
    count += list.length;
    if (count > MAX_NODES) return count;
    for (const item of list) if (isObject(item) && Array.isArray(item.causes)) stack.push(item.causes);
  }
  return count;
}

/** Reads JSON format version 1 (F1-F5); reports every error with its JSON path. */
export function parseJson(text: string): ParseResult {
  const large = tooLargeError(text, '$');
  if (large) return { ok: false, errors: [large] };

  // Editors on Windows often save a byte-order mark, which JSON.parse refuses.
  const source = text.replace(/^\uFEFF/, '');
  let data: Json;
  try {
    data = JSON.parse(source);
  } catch (error) {
    return { ok: false, errors: [invalidJson(source, error)] };
  }

  if (!isObject(data)) {
    return { ok: false, errors: [{ path: '$', code: 'wrong_type', message: `Expected an object at the top, found ${typeName(data)}.`, params: { expected: 'object', found: typeName(data) } }] };
  }
  if (data.format !== JSON_FORMAT) {
    const found = Object.hasOwn(data, 'format') ? JSON.stringify(data.format) ?? typeName(data.format) : '';
    return {
      ok: false,
      errors: [{
        path: '$.format',
        code: 'unknown_format',
        message: found ? `"format" is ${found}; a Causeway file has "format": "causeway".` : 'The file has no "format" field; a Causeway file has "format": "causeway".',
        params: { format: found },
      }],
    };
  }
  if (data.version !== JSON_VERSION) {
    const version = data.version;
    const error: FormatError =
      version === undefined
        ? { path: '$.version', code: 'missing_field', message: 'Required field "version" is missing.', params: { field: 'version' } }
        : typeof version !== 'number'
          ? { path: '$.version', code: 'wrong_type', message: `Expected number, found ${typeName(version)}.`, params: { expected: 'number', found: typeName(version) } }
          : {
              path: '$.version',
              code: 'unsupported_version',
              message: `Format version ${version} is not supported; this Causeway reads version ${JSON_VERSION}${version > JSON_VERSION ? ' (the file was made by a newer Causeway)' : ''}.`,
              params: { version, supported: JSON_VERSION },
            };
    return { ok: false, errors: [error] };
  }

  const errors: FormatError[] = [];
  const head = headSchema.safeParse(data);
  if (!head.success) errors.push(...zodErrors(head.error.issues, data, '$'));
  const problem = typeof data.problem === 'string' ? data.problem : '';
  if (problem.length > MAX_TEXT_LENGTH) errors.push(textTooLongError('$.problem', problem.length));
  const rawCategories = Array.isArray(data.categories) ? data.categories : [];

  if (countNodes(rawCategories) > MAX_NODES) return { ok: false, errors: [tooManyNodesError('$.categories')] };

  const categories: TreeNode[] = [];
  const seenIds = new Map<string, string>();
  let hasVotes = false;
  // Depth-first, in document order, so errors come out in the order they appear in the file.
  const stack: { value: Json; path: string; depth: number; into: TreeNode[] }[] = [];
  const pushChildren = (list: Json[], base: string, depth: number, into: TreeNode[]) => {
    for (let i = list.length - 1; i >= 0; i--) stack.push({ value: list[i], path: `${base}[${i}]`, depth, into });
  };
  pushChildren(rawCategories, '$.categories', 1, categories);
  const built: { node: TreeNode; into: TreeNode[] }[] = [];

  while (stack.length > 0) {
    const { value, path, depth, into } = stack.pop()!;
    if (depth > MAX_DEPTH) {
      errors.push(tooDeepError(path, depth));
      continue;
    }
    const parsed = nodeSchema.safeParse(value);
    if (!parsed.success) {
      if (!isObject(value)) {
        errors.push({ path, code: 'wrong_type', message: `Expected object, found ${typeName(value)}.`, params: { expected: 'object', found: typeName(value) } });
        continue;
      }
      errors.push(...zodErrors(parsed.error.issues, value, path));
    }
    const raw = value as Record<string, Json>;
    const node: TreeNode = { text: typeof raw.text === 'string' ? raw.text : '', children: [] };
    if (typeof raw.text === 'string' && raw.text.length > MAX_TEXT_LENGTH) errors.push(textTooLongError(`${path}.text`, raw.text.length));
    if (typeof raw.id === 'string') {
      if (!NODE_ID_PATTERN.test(raw.id)) {
        errors.push({ path: `${path}.id`, code: 'invalid_id', message: 'An id is 1 to 64 characters from A-Z, a-z, 0-9, "_" and "-".', params: { id: raw.id.slice(0, 80) } });
      } else {
        const first = seenIds.get(raw.id);
        if (first !== undefined) {
          errors.push({ path: `${path}.id`, code: 'duplicate_id', message: `Id "${raw.id}" is already used at ${first}.`, params: { id: raw.id, firstPath: first } });
        } else seenIds.set(raw.id, path);
        node.id = raw.id as NodeId;
      }
    }
    readNodeJsonFields(raw, path, node, errors);
    if (node.votes) hasVotes = true;
    built.push({ node, into });
    if (Array.isArray(raw.causes)) pushChildren(raw.causes, `${path}.causes`, depth + 1, node.children);
  }

  // M-F17: links, actions and the voting session.
  const facilitation = readTreeJsonFields(data, seenIds, hasVotes, errors);
  if (errors.length > 0) return { ok: false, errors };
  for (const { node, into } of built) into.push(node);
  return { ok: true, tree: { problem, categories, ...facilitation } };
}
