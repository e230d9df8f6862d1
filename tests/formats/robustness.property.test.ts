import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJson, parseMarkdown, parseMermaid, toJson } from '@causeway/shared';
import type { DiagramTree, FormatError, ParseResult, TreeNode } from '@causeway/shared';

const CODES = new Set([
  'too_large', 'invalid_json', 'wrong_type', 'missing_field', 'unknown_format', 'unsupported_version', 'too_many_nodes', 'too_deep',
  'duplicate_id', 'invalid_id', 'text_too_long', 'missing_problem', 'duplicate_problem', 'unexpected_text', 'inconsistent_indent',
  'indent_jump', 'missing_keyword',
]);

function checkShape(result: ParseResult, pathPattern: RegExp): FormatError[] {
  if (result.ok) return [];
  expect(result.errors.length).toBeGreaterThan(0);
  for (const error of result.errors) {
    expect(error.path).toMatch(pathPattern);
    expect(CODES.has(error.code)).toBe(true);
    expect(error.message.length).toBeGreaterThan(0);
  }
  return result.errors;
}

// Text that looks a little like each format, so the readers get past their first checks.
const lineText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('# P', '- a', '  - b', '\t- c', '    - d', '* e', '## x', 'ishikawa-beta', 'ishikawa', '  P', '    cause', '%% c', '---', '#35;', '<br>', '\\', '&#32;'),
);
const fuzzText = fc.array(lineText, { maxLength: 30 }).map((lines) => lines.join('\n'));

describe('readers never throw and always explain (F6)', () => {
  it('F6: parseMarkdown and parseMermaid return results or line-numbered errors for any text', () => {
    fc.assert(
      fc.property(fuzzText, (text) => {
        const lines = text.split(/\r\n|\r|\n/).length;
        for (const result of [parseMarkdown(text), parseMermaid(text)]) {
          for (const error of checkShape(result, /^line \d+$/)) {
            expect(error.params?.line).toBe(Number(error.path.slice(5)));
            expect(Number(error.path.slice(5))).toBeLessThanOrEqual(Math.max(1, lines));
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('F6: parseJson returns a result or $-paths for any text and any JSON value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fuzzText), (text) => {
        checkShape(parseJson(text), /^\$/);
      }),
      { numRuns: 500 },
    );
  });
});

// A small valid file, then one corruption at a random node: the error names exactly that place.
const textArb = fc.string({ maxLength: 6 });
const nodeArb = fc.letrec<{ node: TreeNode }>((tie) => ({
  node: fc.record({ text: textArb, children: fc.oneof({ depthSize: 'small' }, fc.constant<TreeNode[]>([]), fc.array(tie('node'), { maxLength: 3 })) }),
})).node;
const treeArb: fc.Arbitrary<DiagramTree> = fc.record({ problem: textArb, categories: fc.array(nodeArb, { minLength: 1, maxLength: 4 }) });

type JsonNode = { text?: unknown; causes?: unknown[]; id?: unknown };

function nodesWithPaths(file: { categories: JsonNode[] }): [JsonNode, string][] {
  const out: [JsonNode, string][] = [];
  const visit = (list: JsonNode[], base: string) =>
    list.forEach((node, i) => {
      out.push([node, `${base}[${i}]`]);
      visit((node.causes ?? []) as JsonNode[], `${base}[${i}].causes`);
    });
  visit(file.categories, '$.categories');
  return out;
}

const corruptions: [string, (node: JsonNode) => void, (path: string, causesBefore: number) => [string, string]][] = [
  ['text as a number', (n) => (n.text = 42), (p) => [`${p}.text`, 'wrong_type']],
  ['text missing', (n) => delete n.text, (p) => [`${p}.text`, 'missing_field']],
  ['causes as a string', (n) => (n.causes = 'x' as unknown as unknown[]), (p) => [`${p}.causes`, 'wrong_type']],
  ['a cause that is null', (n) => (n.causes = [...(n.causes ?? []), null]), (p, before) => [`${p}.causes[${before}]`, 'wrong_type']],
  ['an id with a space', (n) => (n.id = 'a b'), (p) => [`${p}.id`, 'invalid_id']],
  ['a label too long', (n) => (n.text = 'x'.repeat(2001)), (p) => [`${p}.text`, 'text_too_long']],
];

describe('JSON errors name their place (F3)', () => {
  it("F3: one corruption at a random node gives exactly one error, at that node's path", () => {
    fc.assert(
      fc.property(treeArb, fc.nat(), fc.nat({ max: corruptions.length - 1 }), (tree, pick, which) => {
        const file = JSON.parse(toJson(tree)) as { categories: JsonNode[] };
        const nodes = nodesWithPaths(file);
        const [node, path] = nodes[pick % nodes.length]!;
        const [, corrupt, expected] = corruptions[which]!;
        const before = (node.causes ?? []).length;
        corrupt(node);
        const [expectedPath, code] = expected(path, before);
        const result = parseJson(JSON.stringify(file));
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.errors.map((e) => [e.path, e.code])).toEqual([[expectedPath, code]]);
      }),
      { numRuns: 300 },
    );
  });
});
