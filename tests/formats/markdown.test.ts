import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, MAX_TEXT_LENGTH, parseJson, parseMarkdown, toJson, toMarkdown } from '@causeway/shared';
import type { DiagramTree, FormatError, TreeNode } from '@causeway/shared';
import { fixtures } from './fixtures.ts';

const node = (text: string, ...children: TreeNode[]): TreeNode => ({ text, children });

function treeOf(text: string): DiagramTree {
  const result = parseMarkdown(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.tree;
}

function errorsOf(text: string): FormatError[] {
  const result = parseMarkdown(text);
  if (result.ok) throw new Error('expected parse errors');
  return result.errors;
}

const pathsAndCodes = (text: string) => errorsOf(text).map((e) => [e.path, e.code]);

describe('Markdown fixtures', () => {
  it.each(fixtures())('F7, F10: %s goes JSON -> Markdown -> JSON without change, and Markdown -> tree -> Markdown too', (_name, json) => {
    const parsed = parseJson(json);
    if (!parsed.ok) throw new Error('fixture does not parse');
    const markdown = toMarkdown(parsed.tree);
    const back = treeOf(markdown);
    expect(toJson(back)).toBe(json);
    expect(toMarkdown(back)).toBe(markdown);
  });
});

describe('Markdown export', () => {
  it('F10: writes the problem as a heading, a blank line, then bullets indented two spaces a level', () => {
    const tree: DiagramTree = { problem: 'Late decisions', categories: [node('People', node('Few staff', node('Low pay'))), node('Law')] };
    expect(toMarkdown(tree)).toBe('# Late decisions\n\n- People\n  - Few staff\n    - Low pay\n- Law\n');
  });

  it('F10: a diagram without categories is only the heading; an empty problem is a bare #', () => {
    expect(toMarkdown({ problem: 'P', categories: [] })).toBe('# P\n');
    expect(toMarkdown({ problem: '', categories: [] })).toBe('#\n');
  });

  it('F11: an empty label is written as a zero-width space (a bare - under a label would be a heading underline) and reads back empty', () => {
    const tree: DiagramTree = { problem: 'P', categories: [node('A', node(''), node('B')), node('')] };
    expect(toMarkdown(tree)).toBe('# P\n\n- A\n  - &#8203;\n  - B\n- &#8203;\n');
    expect(treeOf(toMarkdown(tree))).toEqual(tree);
    // A bare marker, as people write it by hand, is an empty label too; so is a lone zero-width space.
    expect(treeOf('#\n\n-\n- \u200B\n')).toEqual({ problem: '', categories: [node(''), node('')] });
  });

  it.each([
    ['# x', '\\# x'],
    ['- y', '\\- y'],
    ['+ y', '\\+ y'],
    ['* y', '\\* y'],
    ['> quote', '\\> quote'],
    ['1. first', '1\\. first'],
    ['2) second', '2\\) second'],
    ['[ ] task', '\\[ ] task'],
    ['see [a](b) and ![i](j)', 'see \\[a](b) and !\\[i](j)'],
    ['~~struck~~ a@b.com', '\\~\\~struck\\~\\~ a\\@b.com'],
    ['http://x.y and www.z.pl', 'http\\://x.y and www\\.z.pl'],
    ['tab\there', 'tab&#9;here'],
    ['a *b* _c_ `d`', 'a \\*b\\* \\_c\\_ \\`d\\`'],
    ['C:\\temp', 'C:\\\\temp'],
    ['line one\nline two', 'line one<br>line two'],
    ['literal <br> tag', 'literal \\<br> tag'],
    ['a < b & c', 'a < b & c'],
    ['&amp; stays', '\\&amp; stays'],
    ['  padded\t', '&#32;&#32;padded&#9;'],
    ['carriage\rreturn', 'carriage&#13;return'],
  ])('F11: label %j is written as %j and read back unchanged', (label, written) => {
    const text = toMarkdown({ problem: 'P', categories: [node(label)] });
    expect(text).toBe(`# P\n\n- ${written}\n`);
    expect(treeOf(text).categories[0]?.text).toBe(label);
  });

  it('F11: a problem ending in " #" keeps its "#" (not read as a closing sequence)', () => {
    for (const problem of ['Issue #', 'Issue ##', '#', '##', 'C#']) {
      const text = toMarkdown({ problem, categories: [] });
      expect(treeOf(text).problem).toBe(problem);
    }
    expect(toMarkdown({ problem: 'Issue #', categories: [] })).toBe('# Issue \\#\n');
  });
});

describe('Markdown import', () => {
  const expected: DiagramTree = { problem: 'P', categories: [node('A', node('B', node('C')), node('D')), node('E')] };

  it.each([
    ['two spaces', '# P\n- A\n  - B\n    - C\n  - D\n- E\n'],
    ['four spaces', '# P\n- A\n    - B\n        - C\n    - D\n- E\n'],
    ['tabs', '# P\n- A\n\t- B\n\t\t- C\n\t- D\n- E\n'],
    ['* and + bullets', '# P\n* A\n  + B\n    * C\n  - D\n+ E\n'],
    ['blank lines and CRLF', '\r\n# P\r\n\r\n- A\r\n\r\n  - B\r\n    - C\r\n\r\n  - D\r\n- E'],
    ['trailing spaces and a closing #', '# P ##  \n- A  \n  - B\n    - C\n  - D\t\n- E\n'],
  ])('F12: reads %s', (_name, text) => {
    expect(treeOf(text)).toEqual(expected);
  });

  it('F12: reads entity references, backslash escapes and <br> variants', () => {
    const tree = treeOf('# P &amp; Q\n- a&#32;b &#x41; &quot;q&quot; &unknown; \\* \\q<br/>c<BR />d\n');
    expect(tree.problem).toBe('P & Q');
    expect(tree.categories[0]?.text).toBe('a b A "q" &unknown; * \\q\nc\nd');
  });

  it('F13: a file with no heading at all gives missing_problem', () => {
    expect(pathsAndCodes('')).toEqual([['line 1', 'missing_problem']]);
    expect(pathsAndCodes('\n\n')).toEqual([['line 1', 'missing_problem']]);
  });

  it('F13: bullets before the heading give missing_problem at the first bullet', () => {
    expect(pathsAndCodes('\n- A\n- B\n# P\n')).toEqual([
      ['line 2', 'missing_problem'],
      ['line 4', 'unexpected_text'],
    ]);
  });

  it('F13: a second problem heading gives duplicate_problem', () => {
    expect(pathsAndCodes('# P\n# Q\n- A\n')).toEqual([['line 2', 'duplicate_problem']]);
  });

  it('F13: text outside the outline gives unexpected_text with its line, and every such line is reported', () => {
    const errors = errorsOf('# P\nSome intro.\n- A\n  continued text\n## Sub\n1. numbered\n---\n');
    expect(errors.map((e) => [e.path, e.code, e.params?.line])).toEqual([
      ['line 2', 'unexpected_text', 2],
      ['line 4', 'unexpected_text', 4],
      ['line 5', 'unexpected_text', 5],
      ['line 6', 'unexpected_text', 6],
      ['line 7', 'unexpected_text', 7],
    ]);
  });

  it('F13: mixing tabs and spaces, or a width that is not a whole number of levels, gives inconsistent_indent', () => {
    expect(pathsAndCodes('# P\n- A\n  - B\n\t- C\n   - D\n    - E\n')).toEqual([
      ['line 4', 'inconsistent_indent'],
      ['line 5', 'inconsistent_indent'],
    ]);
    expect(errorsOf('# P\n- A\n    - B\n  - C\n')).toEqual([
      expect.objectContaining({ path: 'line 4', code: 'inconsistent_indent', params: { line: 4, unitKind: 'spaces', unitSize: 4 } }),
    ]);
    expect(errorsOf('# P\n- A\n \t- B\n')).toEqual([
      expect.objectContaining({ path: 'line 3', code: 'inconsistent_indent', params: { line: 3, unitKind: 'none', unitSize: 0 } }),
    ]);
  });

  it('F13: a bullet more than one level deeper than the one before gives indent_jump', () => {
    expect(pathsAndCodes('# P\n  - A\n')).toEqual([['line 2', 'indent_jump']]);
    const errors = errorsOf('# P\n- A\n  - B\n      - C\n');
    expect(errors).toEqual([expect.objectContaining({ path: 'line 4', code: 'indent_jump', params: { line: 4, depth: 4, expected: 3 } })]);
  });

  it('F13: a label or problem over the length limit gives text_too_long', () => {
    const long = 'x'.repeat(MAX_TEXT_LENGTH + 1);
    expect(pathsAndCodes(`# ${long}\n- A\n- ${long}\n`)).toEqual([
      ['line 1', 'text_too_long'],
      ['line 3', 'text_too_long'],
    ]);
  });

  it('F13: nesting past the depth limit gives too_deep once, at the first line past it', () => {
    const lines = Array.from({ length: MAX_DEPTH + 3 }, (_, i) => `${'\t'.repeat(i)}- x`);
    const errors = errorsOf(`# P\n${lines.join('\n')}\n`);
    expect(errors).toEqual([expect.objectContaining({ path: `line ${MAX_DEPTH + 2}`, code: 'too_deep' })]);
    expect(parseMarkdown(`# P\n${lines.slice(0, MAX_DEPTH).join('\n')}\n`).ok).toBe(true);
  });

  it('F13: more than 10,000 bullets are refused with too_many_nodes', () => {
    const bullets = '- x\n'.repeat(MAX_NODES);
    expect(parseMarkdown(`# P\n${bullets}`).ok).toBe(true);
    expect(errorsOf(`# P\n${bullets}- y\n`)).toEqual([expect.objectContaining({ path: `line ${MAX_NODES + 2}`, code: 'too_many_nodes' })]);
  });

  it('F13: a file over 5 MB is refused with too_large', () => {
    expect(errorsOf(`# P\n- ${'x'.repeat(MAX_FILE_BYTES)}\n`)).toEqual([expect.objectContaining({ path: 'line 1', code: 'too_large', params: { limit: MAX_FILE_BYTES, line: 1 } })]);
  });
});
