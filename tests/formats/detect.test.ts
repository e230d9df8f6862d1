import { describe, expect, it } from 'vitest';
import { FORMATS, detectFormat, parseDiagram, parseJson, serializeDiagram } from '@causeway/shared';
import type { FormatName } from '@causeway/shared';
import { fixtures } from './fixtures.ts';

describe('format detection', () => {
  it.each([
    ['{"format": "causeway"}', 'json'],
    ['\uFEFF  \n[1]', 'json'],
    ['# Problem\n- A', 'markdown'],
    ['\n\n- A\n', 'markdown'],
    ['* A', 'markdown'],
    ['ishikawa-beta\n  P', 'mermaid'],
    ['%% comment\nISHIKAWA\n  P', 'mermaid'],
    ['---\ntitle: x\n---\nishikawa-beta\n  P\n', 'mermaid'],
    ['graph TD\n A-->B', undefined],
    ['', undefined],
    ['#hashtag', undefined],
  ] as [string, FormatName | undefined][])('F8: detects %j as %s', (text, format) => {
    expect(detectFormat(text)).toBe(format);
  });

  it('F8: a known file extension wins over the content', () => {
    expect(detectFormat('# P', 'diagram.JSON')).toBe('json');
    expect(detectFormat('{', 'notes.md')).toBe('markdown');
    expect(detectFormat('', 'fish.markdown')).toBe('markdown');
    expect(detectFormat('# P', 'fish.mmd')).toBe('mermaid');
    expect(detectFormat('ishikawa', 'fish.mermaid')).toBe('mermaid');
    expect(detectFormat('ishikawa\n  P', 'fish.txt')).toBe('mermaid');
  });

  it('F8: every format reads back what serializeDiagram writes, found by detection and by extension', () => {
    for (const [name, json] of fixtures()) {
      const parsed = parseJson(json);
      if (!parsed.ok) throw new Error(name);
      for (const format of Object.keys(FORMATS) as FormatName[]) {
        const text = serializeDiagram(parsed.tree, format);
        expect(detectFormat(text), `${name} as ${format}`).toBe(format);
        expect(parseDiagram(text)).toEqual({ ok: true, tree: parsed.tree });
        expect(parseDiagram(text, undefined, `x${FORMATS[format].extensions[0]}`)).toEqual({ ok: true, tree: parsed.tree });
      }
    }
  });

  it('F8: text in no known format gives unknown_format at line 1; a given format is used as is', () => {
    expect(parseDiagram('graph TD\n A-->B')).toEqual({ ok: false, errors: [expect.objectContaining({ path: 'line 1', code: 'unknown_format', params: { line: 1 } })] });
    expect(parseDiagram('# P\n- A\n', 'mermaid')).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'missing_keyword' })] });
  });
});
