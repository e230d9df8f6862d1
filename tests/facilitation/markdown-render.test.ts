// The facilitation parts of a Markdown export, rendered by a real GitHub-flavoured renderer
// (marked 16): the outline stays one list, links are a list, actions a table whose cells hold
// exactly the texts (pipes, parentheses and Markdown characters included).
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { readActions } from '../../shared/src/facilitation/index.ts';
import { toMarkdown } from '../../shared/src/formats/index.ts';
import { readTree } from '../../shared/src/model/index.ts';
import { richDoc } from './formats-suite.ts';

const decode = (html: string) =>
  html
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');

describe('Markdown export with facilitation in a GFM renderer', () => {
  it('M-F18: three sections after one outline list; the actions table has one row per action with exact cells', () => {
    const { doc } = richDoc();
    const html = marked.parse(toMarkdown(readTree(doc)), { async: false, gfm: true });
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(Array.from(html.matchAll(/<h2>([^<]*)<\/h2>/g), (m) => m[1])).toEqual(['Links', 'Actions', 'Voting']);
    const table = /<table>[\s\S]*<\/table>/.exec(html)![0];
    const rows = Array.from(table.matchAll(/<tr>([\s\S]*?)<\/tr>/g), (m) => Array.from(m[1]!.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g), (c) => decode(c[1]!)));
    expect(rows[0]).toEqual(['Id', 'Cause', 'What', 'Owner', 'Due', 'Status']);
    const actions = readActions(doc);
    expect(rows.slice(1).map((r) => [r[0], r[2], r[3], r[4], r[5]])).toEqual(actions.map((a) => [a.id, a.what, a.owner, a.due, a.status]));
  });
});
