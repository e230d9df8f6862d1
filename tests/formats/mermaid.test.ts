import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, MAX_TEXT_LENGTH, matchesStyleRule, parseJson, parseMarkdown, parseMermaid, toJson, toMarkdown, toMermaid } from '@causeway/shared';
import type { DiagramTree, FormatError, TreeNode } from '@causeway/shared';
import { fixtures } from './fixtures.ts';

const node = (text: string, ...children: TreeNode[]): TreeNode => ({ text, children });

function treeOf(text: string): DiagramTree {
  const result = parseMermaid(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.tree;
}

function errorsOf(text: string): FormatError[] {
  const result = parseMermaid(text);
  if (result.ok) throw new Error('expected parse errors');
  return result.errors;
}

const pathsAndCodes = (text: string) => errorsOf(text).map((e) => [e.path, e.code]);

describe('Mermaid fixtures', () => {
  it.each(fixtures())('F7, F20: %s goes JSON -> Mermaid -> JSON without change, and Mermaid -> tree -> Mermaid too', (_name, json) => {
    const parsed = parseJson(json);
    if (!parsed.ok) throw new Error('fixture does not parse');
    const mermaid = toMermaid(parsed.tree);
    const back = treeOf(mermaid);
    expect(toJson(back)).toBe(json);
    expect(toMermaid(back)).toBe(mermaid);
  });
});

describe('Mermaid export', () => {
  it('F20: writes the keyword, then the problem and categories four spaces in, causes four more a level', () => {
    const tree: DiagramTree = { problem: 'Late decisions', categories: [node('People', node('Few staff', node('Low pay'))), node('Law')] };
    expect(toMermaid(tree)).toBe('ishikawa-beta\n    Late decisions\n    People\n        Few staff\n            Low pay\n    Law\n');
  });

  it.each([
    ['%% not a comment', '%#37; not a comment'],
    ['50%%{init}', '50%#37;{init}'],
    ['100%', '100%'],
    ['%%%', '%#37;%'],
    ['line one\nline two', 'line one<br>line two'],
    ['R&D\nteam > 3', 'R#38;D<br>team #62; 3'],
    ['R&D > 3', 'R&D > 3'],
    ['a <b> tag', 'a #60;b> tag'],
    ['literal <br>', 'literal #60;br>'],
    ['Issue #12; again', 'Issue #35;12; again'],
    ['C# and #hash', 'C# and #hash'],
    ['  padded\t', '#32;#32;padded#9;'],
    ['\u00A0nbsp', '#160;nbsp'],
    ['Ishikawa training', '#73;shikawa training'],
    ['ISHIKAWA-beta', '#73;SHIKAWA-beta'],
    ['not ishikawa', 'not ishikawa'],
    ['lifestyle:#a;', 'life#115;tyle:#35;a;'],
    ['classDef x:#f;', '#99;lassDef x:#35;f;'],
    ['carriage\rreturn', 'carriage#13;return'],
    ['# - * + > 1. ` _', '# - * + > 1. ` _'],
    ['', '#8203;'],
  ])('F22: label %j is written as %j and read back unchanged', (label, written) => {
    const text = toMermaid({ problem: 'P', categories: [node(label)] });
    expect(text).toBe(`ishikawa-beta\n    P\n    ${written}\n`);
    expect(treeOf(text).categories[0]?.text).toBe(label);
  });

  it('F22: an empty problem is written as a zero-width space and read back empty; a lone zero-width space label reads back empty too', () => {
    const text = toMermaid({ problem: '', categories: [node('\u200B')] });
    expect(text).toBe('ishikawa-beta\n    #8203;\n    #8203;\n');
    expect(treeOf(text)).toEqual({ problem: '', categories: [node('')] });
  });
});

describe('Mermaid import', () => {
  it("F21: reads the example from Mermaid's documentation", () => {
    const text = [
      'ishikawa-beta',
      '    Blurry Photo',
      '    Process',
      '        Out of focus',
      '        Shutter speed too slow',
      '    User',
      '        Shaky hands',
      '    Equipment',
      '        LENS',
      '            Inappropriate lens',
      '            Dirty lens',
      '        SENSOR',
      '            Damaged sensor',
      '    Environment',
      '        Too dark',
    ].join('\n');
    expect(treeOf(text)).toEqual({
      problem: 'Blurry Photo',
      categories: [
        node('Process', node('Out of focus'), node('Shutter speed too slow')),
        node('User', node('Shaky hands')),
        node('Equipment', node('LENS', node('Inappropriate lens'), node('Dirty lens')), node('SENSOR', node('Damaged sensor'))),
        node('Environment', node('Too dark')),
      ],
    });
  });

  const simple: DiagramTree = { problem: 'Problem', categories: [node('Cause A', node('Subcause A1')), node('Cause B')] };

  it.each([
    ['the plain ishikawa keyword', 'ishikawa\n  Problem\n  Cause A\n    Subcause A1\n  Cause B\n'],
    ['the keyword in any case', 'Ishikawa-Beta\n  Problem\n  Cause A\n    Subcause A1\n  Cause B\n'],
    ['an unindented problem and causes', 'ishikawa-beta\nProblem\nCause A\n  Subcause A1\nCause B\n'],
    ['a problem indented more than the causes', 'ishikawa-beta\n    Problem\nCause A\n  Subcause A1\nCause B\n'],
    ['causes indented more than the first', 'ishikawa-beta\nProblem\n  Cause A\n     Subcause A1\n  Cause B'],
    ['a problem on the keyword line', 'ishikawa-beta Problem\n  Cause A\n    Subcause A1\n  Cause B\n'],
    ['comments, blank lines and CRLF', '%% top\r\n\r\nishikawa-beta\r\n  %% a comment\r\n  Problem\r\n\r\n  Cause A\r\n%%another\r\n    Subcause A1\r\n   \r\n  Cause B\r\n'],
    ['a comment after the keyword', 'ishikawa-beta %% comment\n  Problem\n  Cause A\n    Subcause A1\n  Cause B\n'],
    ['front matter and a directive', '---\ntitle: Fish\nconfig:\n  theme: dark\n---\n%%{init: {"theme": "forest"}}%%\nishikawa-beta\n  Problem\n  Cause A\n    Subcause A1\n  Cause B\n'],
    ['tabs (one character of indentation each, as Mermaid counts them)', 'ishikawa-beta\n\tProblem\n\tCause A\n\t\tSubcause A1\n\tCause B\n'],
    ['spaces around labels', 'ishikawa-beta\n  Problem   \n  Cause A\t\n    Subcause A1 \n  Cause B'],
  ])('F21: reads %s', (_name, text) => {
    expect(treeOf(text)).toEqual(simple);
  });

  it("F21: uneven indentation follows Mermaid's rule: the parent is the nearest line above indented less", () => {
    const text = 'ishikawa-beta\n  P\n  A\n      B\n    C\n        D\n   E\n F\n';
    expect(treeOf(text)).toEqual({ problem: 'P', categories: [node('A', node('B'), node('C', node('D')), node('E')), node('F')] });
  });

  it('F21: reads character references as Mermaid draws them; unknown names stay as written', () => {
    const tree = treeOf('ishikawa-beta\n  #quot;Q#quot; #9829; #35; #amp; #nope; #x41;\n  a<br/>b<BR />c<br>d\n');
    expect(tree.problem).toBe('"Q" \u2665 # & #nope; #x41;');
    expect(tree.categories[0]?.text).toBe('a\nb\nc\nd');
  });

  it('F23: text without the keyword gives missing_keyword at the first line that counts', () => {
    expect(pathsAndCodes('')).toEqual([['line 1', 'missing_keyword']]);
    expect(pathsAndCodes('%% c\n\ngraph TD\n  A --> B\n')).toEqual([['line 3', 'missing_keyword']]);
    expect(pathsAndCodes('ishikawaX\n  P\n')).toEqual([['line 1', 'missing_keyword']]);
  });

  it('F23: a keyword with nothing after it gives missing_problem', () => {
    expect(pathsAndCodes('ishikawa-beta\n\n  %% only a comment\n')).toEqual([['line 1', 'missing_problem']]);
  });

  it('F23: a label starting with the keyword (Mermaid fails to parse it) gives unexpected_text', () => {
    const errors = errorsOf('ishikawa-beta\n  P\n  ishikawa lessons\n  A\n  Ishikawa-beta\n');
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      ['line 3', 'unexpected_text'],
      ['line 5', 'unexpected_text'],
    ]);
  });

  it('F23: a label or problem over the length limit gives text_too_long', () => {
    const long = 'x'.repeat(MAX_TEXT_LENGTH + 1);
    expect(pathsAndCodes(`ishikawa-beta\n  ${long}\n  A\n    ${long}\n`)).toEqual([
      ['line 2', 'text_too_long'],
      ['line 4', 'text_too_long'],
    ]);
  });

  it('F23: nesting past the depth limit gives too_deep once, at the first line past it', () => {
    const lines = Array.from({ length: MAX_DEPTH + 3 }, (_, i) => `${' '.repeat(i + 1)}x`);
    expect(errorsOf(`ishikawa-beta\nP\n${lines.join('\n')}\n`)).toEqual([expect.objectContaining({ path: `line ${MAX_DEPTH + 3}`, code: 'too_deep' })]);
    expect(parseMermaid(`ishikawa-beta\nP\n${lines.slice(0, MAX_DEPTH).join('\n')}\n`).ok).toBe(true);
  });

  it('F23: more than 10,000 nodes are refused with too_many_nodes', () => {
    const causes = '  x\n'.repeat(MAX_NODES);
    expect(parseMermaid(`ishikawa-beta\n  P\n${causes}`).ok).toBe(true);
    expect(errorsOf(`ishikawa-beta\n  P\n${causes}  y\n`)).toEqual([expect.objectContaining({ path: `line ${MAX_NODES + 3}`, code: 'too_many_nodes' })]);
  });

  it('F23: a file over 5 MB is refused with too_large', () => {
    expect(errorsOf(`ishikawa-beta\n  ${'x'.repeat(MAX_FILE_BYTES)}\n`)).toEqual([expect.objectContaining({ path: 'line 1', code: 'too_large' })]);
  });
});

describe('Mermaid style-rule pattern', () => {
  const cases = ['style:#a;', 'lifestyle: #a;', 'style x:y#a;', 'style:#a', 'style :#;', 'xstyle:a:#b c;', 'style:a b:#c;', 'style::#;', 'a:#b; style', 'style: a:b #c;', 'style:ab#', 'style:#;;', ':style:#x;', 'style:::: #x;'];
  it.each(cases)('F22: matchesStyleRule(%j) agrees with the regular expression Mermaid uses', (line) => {
    expect(matchesStyleRule(line, 'style')).toBe(/style.*:\S*#.*;/.test(line));
  });

  it('F22: agrees with the regular expression on random lines', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('style', ':', '#', ';', ' ', 'a', '\t'), { maxLength: 14 }).map((parts) => parts.join('')), (line) => {
        expect(matchesStyleRule(line, 'style')).toBe(/style.*:\S*#.*;/.test(line));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Mermaid and Markdown reading time', () => {
  it('F13, F23: long runs of spaces or colons inside a line are read and written without quadratic slow-downs', () => {
    const spaces = ' '.repeat(300_000);
    expect(parseMarkdown(`# a${spaces}b\n- a${spaces}b\n`).ok).toBe(false); // too long, but answered
    expect(parseMermaid(`ishikawa\n  a${spaces}b\n`).ok).toBe(false);
    const label = `style${':'.repeat(100_000)}${'style: '.repeat(20_000)}`;
    expect(toMermaid({ problem: label, categories: [] }).length).toBeGreaterThan(label.length);
    expect(toMarkdown({ problem: `a${' '.repeat(100_000)}${'#'.repeat(100_000)}x`, categories: [] }).length).toBeGreaterThan(200_000);
  });
});
