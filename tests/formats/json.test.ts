import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, MAX_TEXT_LENGTH, parseJson, toJson, utf8ByteLength } from '@causeway/shared';
import type { DiagramTree, FormatError, NodeId, TreeNode } from '@causeway/shared';
import { fixtureCopies, fixtures, fixturesDir } from './fixtures.ts';

const leaf = (text: string, children: TreeNode[] = []): TreeNode => ({ text, children });

function errorsOf(text: string): FormatError[] {
  const result = parseJson(text);
  if (result.ok) throw new Error('expected parse errors');
  return result.errors;
}

const file = (body: object) => JSON.stringify({ format: 'causeway', version: 1, problem: 'P', categories: [], ...body });

describe(`JSON format, fixtures from ${fixturesDir}`, () => {
  it.each(fixtures())('F7, F1: %s parses and exports to the identical text', (_name, text) => {
    const result = parseJson(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(toJson(result.tree)).toBe(text);
  });
});

describe('fixture copies', () => {
  it('F7: the copies kept in tests/formats/fixtures are the same files as the fixtures in use', () => {
    expect(fixtureCopies()).toEqual(fixtures());
  });
});

describe('JSON format', () => {
  const tree: DiagramTree = {
    problem: 'Late decisions',
    categories: [
      { id: 'c1' as NodeId, text: 'People', children: [{ id: 'x_2-Z' as NodeId, text: 'Few staff', children: [] }] },
      leaf('Law', [leaf('Old act', [leaf('Nobody updates it')])]),
    ],
  };

  it('F1: export is pretty-printed with two spaces and ends with a newline, fields in fixed order', () => {
    const text = toJson(tree);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.startsWith('{\n  "format": "causeway",\n  "version": 1,\n  "problem": "Late decisions",\n  "categories": [\n')).toBe(true);
    expect(text).toContain('{\n      "id": "c1",\n      "text": "People",\n      "causes": [');
  });

  it('F1: export -> import -> export is identical, ids kept', () => {
    const text = toJson(tree);
    const back = parseJson(text);
    expect(back).toEqual({ ok: true, tree });
    if (back.ok) expect(toJson(back.tree)).toBe(text);
  });

  it('F1: ids can be left out of the export', () => {
    const text = toJson(tree, { ids: false });
    expect(text).not.toContain('"id"');
    const back = parseJson(text);
    expect(back.ok && back.tree.categories[0]).toStrictEqual(leaf('People', [leaf('Few staff')]));
  });

  it('F1: a leading byte-order mark is ignored', () => {
    expect(parseJson(`\uFEFF${toJson(tree)}`)).toEqual({ ok: true, tree });
  });

  it('F1: a node without "causes" reads as having none', () => {
    const result = parseJson(file({ categories: [{ text: 'A' }] }));
    expect(result).toEqual({ ok: true, tree: { problem: 'P', categories: [leaf('A')] } });
  });

  it('F4, M-F17: unknown fields, and facilitation fields without the documented shape, are accepted and ignored', () => {
    const result = parseJson(
      file({
        links: [{ from: 'a', to: 'b' }],
        actions: [{ text: 'Fix' }],
        exportedBy: 'someone',
        categories: [{ text: 'A', votes: 3, priority: 'high', colour: 'red', causes: [{ text: 'B', votes: { x: 1 } }] }],
      }),
    );
    // `votes: { x: 1 }` on B has the documented shape (M-F17), so it is kept, with a closed voting session.
    expect(result).toEqual({
      ok: true,
      tree: {
        problem: 'P',
        categories: [leaf('A', [{ ...leaf('B'), votes: { x: 1 } }])],
        voting: { state: 'closed', votesPerParticipant: 3, allowMultiple: false, visibility: 'hidden' },
      },
    });
  });
});

describe('JSON import errors', () => {
  it('F2: a file over 5 MB is refused with too_large', () => {
    const big = file({ problem: 'x'.repeat(MAX_FILE_BYTES) });
    expect(errorsOf(big)).toEqual([expect.objectContaining({ path: '$', code: 'too_large', params: { limit: MAX_FILE_BYTES } })]);
  });

  it('F2: the 5 MB limit counts UTF-8 bytes, not characters', () => {
    // 2 bytes per character in UTF-8: 3 M characters are 6 MB.
    const big = file({ problem: 'ő'.repeat(3 * 1024 * 1024) });
    expect(big.length).toBeLessThan(MAX_FILE_BYTES);
    expect(errorsOf(big)[0]?.code).toBe('too_large');
  });

  it('F2: utf8ByteLength counts UTF-8 bytes (1 to 4 a character; a lone surrogate as 3)', () => {
    expect(utf8ByteLength('a')).toBe(1);
    expect(utf8ByteLength('ő')).toBe(2);
    expect(utf8ByteLength('Щ€')).toBe(5);
    expect(utf8ByteLength('🐟')).toBe(4);
    expect(utf8ByteLength('\uD800x')).toBe(4);
    expect(utf8ByteLength('abc', 1)).toBe(2);
  });

  it('F3: text that is not JSON gives invalid_json with line and column', () => {
    const errors = errorsOf('{\n  "format": "causeway",\n  oops\n}');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: '$', code: 'invalid_json', params: { line: 3 } });
  });

  it('F3: a top level that is not an object gives wrong_type at $', () => {
    expect(errorsOf('[1, 2]')).toEqual([expect.objectContaining({ path: '$', code: 'wrong_type', params: { expected: 'object', found: 'array' } })]);
  });

  it('F3: a different or missing format gives unknown_format and nothing else', () => {
    expect(errorsOf(JSON.stringify({ format: 'drawio', version: 1 }))).toEqual([
      expect.objectContaining({ path: '$.format', code: 'unknown_format', params: { format: '"drawio"' } }),
    ]);
    expect(errorsOf(JSON.stringify({ problem: 'x' }))).toEqual([expect.objectContaining({ path: '$.format', code: 'unknown_format', params: { format: '' } })]);
  });

  it('F3: another version gives unsupported_version; a missing or non-number version is named', () => {
    expect(errorsOf(file({ version: 2 }))).toEqual([expect.objectContaining({ path: '$.version', code: 'unsupported_version', params: { version: 2, supported: 1 } })]);
    expect(errorsOf(JSON.stringify({ format: 'causeway' }))).toEqual([expect.objectContaining({ path: '$.version', code: 'missing_field' })]);
    expect(errorsOf(file({ version: '1' }))).toEqual([expect.objectContaining({ path: '$.version', code: 'wrong_type' })]);
  });

  it('F3: every error is reported, each with its JSON path and code, in file order', () => {
    const text = JSON.stringify({
      format: 'causeway',
      version: 1,
      categories: [
        { text: 'A', causes: [{ text: 5, causes: [] }, { causes: [] }] },
        'B',
        { text: 'C', causes: {} },
        { id: 7, text: null },
      ],
    });
    expect(errorsOf(text).map((e) => [e.path, e.code])).toEqual([
      ['$.problem', 'missing_field'],
      ['$.categories[0].causes[0].text', 'wrong_type'],
      ['$.categories[0].causes[1].text', 'missing_field'],
      ['$.categories[1]', 'wrong_type'],
      ['$.categories[2].causes', 'wrong_type'],
      ['$.categories[3].id', 'wrong_type'],
      ['$.categories[3].text', 'wrong_type'],
    ]);
  });

  it('F3: wrong_type names what was expected and what was found', () => {
    const [error] = errorsOf(file({ categories: [{ text: ['x'] }] }));
    expect(error).toMatchObject({ path: '$.categories[0].text', code: 'wrong_type', params: { expected: 'string', found: 'array' } });
    expect(error?.message).toBe('Expected string, found array.');
  });

  it('F3: categories that are not a list, or missing, are named', () => {
    expect(errorsOf(file({ categories: { a: 1 } }))).toEqual([expect.objectContaining({ path: '$.categories', code: 'wrong_type' })]);
    expect(errorsOf(JSON.stringify({ format: 'causeway', version: 1, problem: 'P' }))).toEqual([
      expect.objectContaining({ path: '$.categories', code: 'missing_field', params: { field: 'categories' } }),
    ]);
    expect(errorsOf(file({ problem: 3 }))).toEqual([expect.objectContaining({ path: '$.problem', code: 'wrong_type' })]);
  });

  it('F2: more than 10,000 nodes are refused with too_many_nodes', () => {
    const causes = Array.from({ length: MAX_NODES }, () => ({ text: 'c', causes: [] }));
    expect(errorsOf(file({ categories: [{ text: 'A', causes }] }))).toEqual([
      expect.objectContaining({ path: '$.categories', code: 'too_many_nodes', params: { limit: MAX_NODES } }),
    ]);
    // Exactly the limit is fine.
    expect(parseJson(file({ categories: [{ text: 'A', causes: causes.slice(1) }] })).ok).toBe(true);
  });

  it('F2: nesting deeper than the limit gives too_deep at the first node past it', () => {
    const chain = (depth: number): object => (depth === 1 ? { text: 'x', causes: [] } : { text: 'x', causes: [chain(depth - 1)] });
    expect(parseJson(file({ categories: [chain(MAX_DEPTH)] })).ok).toBe(true);
    const [error, ...rest] = errorsOf(file({ categories: [chain(MAX_DEPTH + 5)] }));
    expect(rest).toEqual([]);
    expect(error).toMatchObject({ code: 'too_deep', params: { depth: MAX_DEPTH + 1, limit: MAX_DEPTH } });
    expect(error?.path).toBe(`$.categories[0]${'.causes[0]'.repeat(MAX_DEPTH)}`);
  });

  it('F2: a label or problem over the length limit gives text_too_long', () => {
    const long = 'a'.repeat(MAX_TEXT_LENGTH + 1);
    expect(parseJson(file({ problem: long.slice(1) })).ok).toBe(true);
    expect(errorsOf(file({ problem: long, categories: [{ text: 'A', causes: [{ text: long }] }] }))).toEqual([
      expect.objectContaining({ path: '$.problem', code: 'text_too_long', params: { length: MAX_TEXT_LENGTH + 1, limit: MAX_TEXT_LENGTH } }),
      expect.objectContaining({ path: '$.categories[0].causes[0].text', code: 'text_too_long' }),
    ]);
  });

  it('F5: a repeated id gives duplicate_id naming the first use', () => {
    const errors = errorsOf(file({ categories: [{ id: 'a', text: 'A', causes: [{ id: 'b', text: 'B' }] }, { id: 'b', text: 'C' }] }));
    expect(errors).toEqual([expect.objectContaining({ path: '$.categories[1].id', code: 'duplicate_id', params: { id: 'b', firstPath: '$.categories[0].causes[0]' } })]);
  });

  it('F5: an id outside [A-Za-z0-9_-]{1,64} gives invalid_id', () => {
    const errors = errorsOf(file({ categories: [{ id: 'a b', text: 'A' }, { id: '', text: 'B' }, { id: 'x'.repeat(65), text: 'C' }] }));
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      ['$.categories[0].id', 'invalid_id'],
      ['$.categories[1].id', 'invalid_id'],
      ['$.categories[2].id', 'invalid_id'],
    ]);
  });
});
