/** Round trips of facilitation data through JSON and Markdown (M-F17, M-F18), shared by the format test. */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addAction, addLink, castVote, closeVoting, setPriority, startVoting } from '../../shared/src/facilitation/index.ts';
import type { ParticipantId } from '../../shared/src/facilitation/index.ts';
import type { ParseResult } from '../../shared/src/formats/errors.ts';
import { addCause, checkDocument, readTree, replaceDiagram } from '../../shared/src/model/index.ts';
import type { DiagramTree, TreeNode } from '../../shared/src/tree.ts';
import { fixtures } from '../formats/fixtures.ts';
import { sampleDoc } from './helpers.ts';

export interface Formats {
  toJson: (tree: DiagramTree, options?: { ids?: boolean }) => string;
  parseJson: (text: string) => ParseResult;
  toMarkdown: (tree: DiagramTree) => string;
  parseMarkdown: (text: string) => ParseResult;
}

/** A voted, marked, linked diagram with actions, and labels that stress the Markdown syntax. */
export function richDoc() {
  const s = sampleDoc();
  const { doc, a, b, c, d } = s;
  const tricky = addCause(doc, s.people, 'Budget {#x} (see | note)');
  const empty = addCause(doc, s.process, '');
  const cyr = addCause(doc, s.process, 'Служители {priority=confirmed}');
  setPriority(doc, c, 'likely-root-cause');
  setPriority(doc, a, 'needs-evidence');
  setPriority(doc, b, 'ruled-out');
  setPriority(doc, d, 'confirmed');
  addLink(doc, a, c);
  addLink(doc, d, a);
  addLink(doc, empty, tricky);
  addAction(doc, c, { what: 'Online form | with (e-signature)', owner: 'IT (Anna)', due: '2027-01-15', status: 'doing' });
  addAction(doc, c, { what: 'Pilot in one office' });
  addAction(doc, empty, { what: 'Name this cause', owner: 'Ádám', status: 'done' });
  addAction(doc, d, { what: '\\ back|slash *bold* <br> 😀', owner: '' });
  startVoting(doc, { votesPerParticipant: 3, allowMultiple: true, visibility: 'hidden' });
  castVote(doc, 'anna-1' as ParticipantId, c);
  castVote(doc, 'anna-1' as ParticipantId, c);
  castVote(doc, 'bela-2' as ParticipantId, d);
  castVote(doc, 'bela-2' as ParticipantId, a);
  closeVoting(doc);
  return { ...s, tricky, empty, cyr };
}

function stripIds(tree: DiagramTree): unknown {
  const strip = (n: TreeNode): unknown => ({ text: n.text, priority: n.priority, votes: n.votes, children: n.children.map(strip) });
  return { problem: tree.problem, categories: tree.categories.map(strip) };
}

export function defineFormatTests(f: Formats): void {
  describe('JSON', () => {
    it('M-F17: export -> import -> export is identical and import restores every mark, vote, link and action', () => {
      const { doc } = richDoc();
      const tree = readTree(doc);
      const text = f.toJson(tree);
      const parsed = f.parseJson(text);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(parsed.tree).toEqual(tree);
      expect(f.toJson(parsed.tree)).toBe(text);
      const copy = new Y.Doc();
      replaceDiagram(copy, parsed.tree);
      expect(readTree(copy)).toEqual(tree);
      expect(f.toJson(readTree(copy))).toBe(text);
      expect(checkDocument(copy)).toEqual({ ok: true });
      const data = JSON.parse(text);
      expect(Object.keys(data)).toEqual(['format', 'version', 'problem', 'categories', 'links', 'actions', 'voting']);
      expect(Object.keys(data.categories[1].causes[0])).toEqual(['id', 'text', 'priority', 'votes', 'causes']);
      expect(data.voting).toEqual({ state: 'closed', votesPerParticipant: 3, allowMultiple: true, visibility: 'hidden' });
    });

    it('M-F17: ids: false leaves links and actions out; votes without voting read as a closed session', () => {
      const { doc } = richDoc();
      const data = JSON.parse(f.toJson(readTree(doc), { ids: false }));
      expect(data.links).toBeUndefined();
      expect(data.actions).toBeUndefined();
      delete data.voting;
      const parsed = f.parseJson(JSON.stringify(data));
      expect(parsed.ok && parsed.tree.voting).toEqual({ state: 'closed', votesPerParticipant: 3, allowMultiple: false, visibility: 'hidden' });
    });

    it('M-F17: facilitation values without the documented shape are ignored (F4), only F2 limits are errors', () => {
      const file = {
        format: 'causeway',
        version: 1,
        problem: 'P',
        categories: [
          { id: 'cat', text: 'C', priority: 'urgent', votes: 3, causes: [{ id: 'c1', text: 'x', priority: 'confirmed', votes: { 'bad id': 1, ok: 0, anna: 2 }, causes: [] }] },
        ],
        links: [{ from: 'cat', to: 'nope' }, { from: 'c1', to: 'c1' }, { from: 'cat' }, 'x', { from: 'cat', to: 'c1' }, { from: 'cat', to: 'c1' }],
        actions: [
          { id: 'a1', cause: 'c1', what: 'w', due: '2026-13-01', status: 'later' },
          { id: 'a1', cause: 'c1', what: 'w2', owner: 3 },
          { cause: 'zzz', what: 'gone' },
          { cause: 'c1' },
        ],
        voting: { state: 'paused', votesPerParticipant: 0 },
      };
      const result = f.parseJson(JSON.stringify(file));
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.tree.categories[0]).toEqual({ id: 'cat', text: 'C', children: [{ id: 'c1', text: 'x', priority: 'confirmed', votes: { anna: 2 }, children: [] }] });
      expect(result.tree.links).toEqual([{ from: 'cat', to: 'c1' }]);
      expect(result.tree.actions).toEqual([
        { id: 'a1', cause: 'c1', what: 'w', owner: '', due: '', status: 'todo' },
        { cause: 'c1', what: 'w2', owner: '', due: '', status: 'todo' },
      ]);
      expect(result.tree.voting).toEqual({ state: 'closed', votesPerParticipant: 3, allowMultiple: false, visibility: 'hidden' });
      const long = f.parseJson(JSON.stringify({ ...file, actions: [{ cause: 'c1', what: 'x'.repeat(2001) }] }));
      expect(long.ok ? [] : long.errors.map((e) => [e.path, e.code])).toEqual([['$.actions[0].what', 'text_too_long']]);
    });

    it('M-F17: the five fixtures still round-trip unchanged and carry no facilitation', () => {
      for (const [name, text] of fixtures()) {
        const parsed = f.parseJson(text);
        expect(parsed.ok, name).toBe(true);
        if (!parsed.ok) continue;
        expect(f.toJson(parsed.tree), name).toBe(text);
        expect(Object.keys(parsed.tree), name).toEqual(['problem', 'categories']);
        const doc = new Y.Doc();
        replaceDiagram(doc, parsed.tree);
        expect(f.toJson(readTree(doc), { ids: false }), name).toBe(text);
        const md = f.toMarkdown(parsed.tree);
        expect(md, name).not.toMatch(/ \{#|^## /m);
        const back = f.parseMarkdown(md);
        expect(back.ok && f.toMarkdown(back.tree), name).toBe(md);
        expect(back.ok && f.toJson(back.tree), name).toBe(text);
      }
    });
  });

  describe('Markdown', () => {
    it('M-F18: marks, votes and ids on bullets; links, actions and voting in sections', () => {
      const { doc, a, c, tricky } = richDoc();
      const md = f.toMarkdown(readTree(doc));
      const lines = md.split('\n');
      expect(lines).toContain(`  - Untrained staff {#${a} priority=needs-evidence votes=bela-2:1}`);
      expect(lines).toContain(`  - Paper forms {#${c} priority=likely-root-cause votes=anna-1:2}`);
      expect(lines).toContain(`  - Budget {#x} (see | note) {#${tricky}}`);
      // A label ending like a suffix, on a node without one, gets its brace escaped.
      expect(lines).toContain('  - Служители \\{priority=confirmed}');
      expect(lines).toContain('## Links');
      expect(lines).toContain(`- Untrained staff (#${a}) → Paper forms (#${c})`);
      expect(lines).toContain('| Id | Cause | What | Owner | Due | Status |');
      expect(md).toContain(`| Paper forms (#${c}) | Online form \\| with (e-signature) | IT (Anna) | 2027-01-15 | doing |`);
      expect(md.endsWith('## Voting\n\n- State: closed\n- Votes per participant: 3\n- Several votes per cause: yes\n- Visibility: hidden\n')).toBe(true);
    });

    it('M-F18: Markdown -> tree -> Markdown is identical; import restores facilitation on the named nodes', () => {
      const { doc } = richDoc();
      const tree = readTree(doc);
      const md = f.toMarkdown(tree);
      const parsed = f.parseMarkdown(md);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(f.toMarkdown(parsed.tree)).toBe(md);
      expect(stripIds(parsed.tree)).toEqual(stripIds(tree));
      expect(parsed.tree.links).toEqual(tree.links);
      expect(parsed.tree.actions).toEqual(tree.actions);
      expect(parsed.tree.voting).toEqual(tree.voting);
      // Into the same document: unnamed nodes are replaced, everything facilitated survives.
      replaceDiagram(doc, parsed.tree);
      expect(f.toMarkdown(readTree(doc))).toBe(md);
      expect(readTree(doc).links).toEqual(tree.links);
      // Into a new document, and out again as Markdown and as JSON -> Markdown.
      const copy = new Y.Doc();
      replaceDiagram(copy, parsed.tree);
      expect(f.toMarkdown(readTree(copy))).toBe(md);
      const json = f.parseJson(f.toJson(readTree(copy)));
      expect(json.ok && f.toMarkdown(json.tree)).toBe(md);
    });

    it('M-F18: errors in the sections are reported at their lines', () => {
      const md = [
        '# P',
        '',
        '- C {#cat}',
        '  - x {#c1 priority=urgent votes=anna:0}',
        '',
        '## Links',
        '',
        '- C (#cat) → nothing (#zzz)',
        '- C (#cat) → C (#cat)',
        'stray text',
        '',
        '## Actions',
        '',
        '| Id | Cause | What | Owner | Due | Status |',
        '| --- | --- | --- | --- | --- | --- |',
        '| a1 | x (#c1) | w | | 2026-02-30 | todo |',
        '| a2 | x (#c1) | w | | | someday |',
        '| a3 | x (#c1) | too few |',
        '',
        '## Voting',
        '',
        '- State: running',
      ].join('\n');
      const result = f.parseMarkdown(md);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors.map((e) => [e.path, e.code])).toEqual([
        ['line 4', 'wrong_type'],
        ['line 4', 'wrong_type'],
        ['line 8', 'invalid_id'],
        ['line 9', 'invalid_id'],
        ['line 10', 'unexpected_text'],
        ['line 16', 'wrong_type'],
        ['line 17', 'wrong_type'],
        ['line 18', 'unexpected_text'],
        ['line 22', 'unexpected_text'],
      ]);
    });

    it('M-F18: many links (duplicates included) read in linear time, kept once', () => {
      const many = Array.from({ length: 60_000 }, (_, i) => `- a (#a) → b (#${i % 2 ? 'b' : 'c'})`).join('\n');
      const result = f.parseMarkdown(`# P\n\n- a {#a}\n- b {#b}\n- c {#c}\n\n## Links\n\n${many}\n`);
      expect(result.ok && result.tree.links).toEqual([{ from: 'a', to: 'c' }, { from: 'a', to: 'b' }]);
      const json = f.parseJson(JSON.stringify({ format: 'causeway', version: 1, problem: 'P', categories: [{ id: 'a', text: 'a' }, { id: 'b', text: 'b' }], links: Array.from({ length: 60_000 }, () => ({ from: 'a', to: 'b' })) }));
      expect(json.ok && json.tree.links).toEqual([{ from: 'a', to: 'b' }]);
    });

    it('M-F18: a hand-written outline with facilitation reads; outline errors keep their lines', () => {
      const ok = f.parseMarkdown('# P\n\n- People {#p}\n  - Clerks {#k priority=confirmed votes=a:1}\n\n## Links\n\n- Clerks (#k) → People (#p)\n');
      expect(ok.ok).toBe(true);
      if (ok.ok) {
        expect(ok.tree.categories[0]!.children[0]).toEqual({ id: 'k', text: 'Clerks', priority: 'confirmed', votes: { a: 1 }, children: [] });
        expect(ok.tree.links).toEqual([{ from: 'k', to: 'p' }]);
        expect(ok.tree.voting?.state).toBe('closed');
      }
      const bad = f.parseMarkdown('- People {#p}\n    - deep {#q}\n\n## Links\n\n- x (#p) → y (#r)\n');
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.errors.map((e) => [e.path, e.code])).toEqual([['line 1', 'missing_problem'], ['line 6', 'invalid_id']]);
    });
  });
}
