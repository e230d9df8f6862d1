import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CSV_LABELS, addCategory, addCause, readTree, setPriority } from '@causeway/shared';
import type { DiagramTree, NodeId, TreeNode } from '@causeway/shared';
import { bg } from '../../client/src/i18n/bg.ts';
import { en } from '../../client/src/i18n/en.ts';
import { hu } from '../../client/src/i18n/hu.ts';
import { lv } from '../../client/src/i18n/lv.ts';
import { pl } from '../../client/src/i18n/pl.ts';
import { filterByMark } from '../../client/src/outline/filter.ts';
import { causeChoices, foldText, searchCauses } from '../../client/src/plan/causes.ts';
import { dateLocale, formatDue } from '../../client/src/plan/dates.ts';
import { planFileName } from '../../client/src/plan/download.ts';

const id = (s: string) => s as NodeId;
const node = (key: string, text: string, children: TreeNode[] = [], priority?: TreeNode['priority']): TreeNode => ({ id: id(key), text, children, ...(priority ? { priority } : {}) });

const tree: DiagramTree = {
  problem: 'Applications wait 40 days',
  categories: [
    node('people', 'People', [node('staff', 'Staff shortage', [node('sick', 'Sick leave', [], 'confirmed')], 'likely-root-cause'), node('training', 'No training')]),
    node('process', 'Processes', [node('paper', 'Paper forms', [], 'ruled-out')], 'needs-evidence'),
    node('law', 'Law', [node('źródła', 'Źródła prawa niejasne'), node('lv', 'Lēmumi kavējas')]),
  ],
};

const ids = (nodes: readonly TreeNode[]): string[] => nodes.flatMap((n) => [n.id!, ...ids(n.children)]);

describe('C-OL1: the outline filters by priority mark', () => {
  it('C-OL1: "all" is the tree itself, with no match set', () => {
    const result = filterByMark(tree, 'all');
    expect(result.tree).toBe(tree);
    expect(result.matches).toBeNull();
  });

  it('C-OL1: a mark keeps the nodes with that mark and their ancestors, nothing else', () => {
    const confirmed = filterByMark(tree, 'confirmed');
    expect(ids(confirmed.tree.categories)).toEqual(['people', 'staff', 'sick']);
    expect([...confirmed.matches!]).toEqual(['sick']);
    // An ancestor kept for context keeps only the kept children.
    expect(confirmed.tree.categories[0]!.children.map((c) => c.id)).toEqual(['staff']);

    const likely = filterByMark(tree, 'likely-root-cause');
    expect(ids(likely.tree.categories)).toEqual(['people', 'staff']);
    expect(likely.tree.categories[0]!.children[0]!.children).toEqual([]);
  });

  it('C-OL1: a marked category matches; the problem and other tree fields are kept', () => {
    const evidence = filterByMark(tree, 'needs-evidence');
    expect(ids(evidence.tree.categories)).toEqual(['process']);
    expect([...evidence.matches!]).toEqual(['process']);
    expect(evidence.tree.problem).toBe(tree.problem);
    const ruled = filterByMark(tree, 'ruled-out');
    expect(ids(ruled.tree.categories)).toEqual(['process', 'paper']);
  });

  it('C-OL1: "unmarked" lists causes without a mark (categories only as their ancestors)', () => {
    const none = filterByMark(tree, 'none');
    expect(ids(none.tree.categories)).toEqual(['people', 'training', 'law', 'źródła', 'lv']);
    expect([...none.matches!].sort()).toEqual(['lv', 'training', 'źródła']);
  });

  it('C-OL1: no match leaves no category, and the input tree is not changed', () => {
    const copy = structuredClone(tree);
    const empty = filterByMark({ problem: 'x', categories: [node('a', 'A', [node('b', 'B')])] }, 'confirmed');
    expect(empty.tree.categories).toEqual([]);
    expect(empty.matches!.size).toBe(0);
    filterByMark(tree, 'none');
    expect(tree).toEqual(copy);
  });

  it('C-OL1: pinned nodes (selection, a label being edited) stay as context, with their ancestors', () => {
    const pinned = filterByMark(tree, 'confirmed', new Set([id('lv'), id('training')]));
    expect(ids(pinned.tree.categories)).toEqual(['people', 'staff', 'sick', 'training', 'law', 'lv']);
    expect([...pinned.matches!]).toEqual(['sick']);
    // A pinned node keeps only its kept children.
    expect(filterByMark(tree, 'ruled-out', new Set([id('people')])).tree.categories.map((c) => [c.id, c.children.length])).toEqual([
      ['people', 0],
      ['process', 1],
    ]);
  });

  it('C-OL1: works on a tree read from a document (marks set by setPriority)', () => {
    const doc = new Y.Doc();
    const people = addCategory(doc, 'People');
    const a = addCause(doc, people, 'A');
    const b = addCause(doc, a, 'B');
    addCause(doc, people, 'C');
    setPriority(doc, b, 'confirmed');
    const filtered = filterByMark(readTree(doc), 'confirmed');
    expect(ids(filtered.tree.categories)).toEqual([people, a, b]);
  });
});

describe('C-PL2: the plan panel finds causes by name', () => {
  const choices = causeChoices(tree);

  it('C-PL2: every category and cause, in outline order, with its path', () => {
    expect(choices.map((c) => c.id)).toEqual(['people', 'staff', 'sick', 'training', 'process', 'paper', 'law', 'źródła', 'lv']);
    expect(choices.find((c) => c.id === 'sick')!.path).toEqual(['People', 'Staff shortage']);
    expect(choices[0]!.path).toEqual([]);
  });

  it('C-PL2: search ignores case and diacritics, labels starting with the query first', () => {
    expect(foldText('Źródła ŁÓDŹ Lēmumi')).toBe('zrodla lodz lemumi');
    expect(searchCauses(choices, 'zrodla').map((c) => c.id)).toEqual(['źródła']);
    expect(searchCauses(choices, 'LEMUMI').map((c) => c.id)).toEqual(['lv']);
    // "s": Staff, Sick start with it; Processes, Paper forms... only contain it.
    const s = searchCauses(choices, 's').map((c) => c.id);
    expect(s.slice(0, 2)).toEqual(['staff', 'sick']);
    expect(s).toContain('process');
  });

  it('C-PL2: every word must match, in the label or its category path', () => {
    expect(searchCauses(choices, 'people leave').map((c) => c.id)).toEqual(['sick']);
    expect(searchCauses(choices, 'forms paper').map((c) => c.id)).toEqual(['paper']);
    expect(searchCauses(choices, 'nothing like this')).toEqual([]);
    expect(searchCauses(choices, '   ')).toHaveLength(choices.length);
  });
});

describe('C-PL3: the CSV file name', () => {
  it('C-PL3: made from the problem like the board exports, letters of any script kept', () => {
    expect(planFileName('Заявленията чакат 40 дни!')).toBe('Заявленията-чакат-40-дни-actions.csv');
    expect(planFileName('Wnioski czekają: 40 dni / miesiąc')).toBe('Wnioski-czekają-40-dni-miesiąc-actions.csv');
    expect(planFileName('  ')).toBe('causeway-actions.csv');
  });
});

describe('C-PL1: due dates read in the reader’s language', () => {
  it('C-PL1: a YYYY-MM-DD date is written as the language writes dates, whatever the time zone', () => {
    expect(formatDue('2026-12-31', 'en-GB')).toBe('31 Dec 2026');
    expect(formatDue('2026-01-01', 'en')).toBe('Jan 1, 2026');
    expect(formatDue('2026-03-05', 'pl')).toMatch(/5 mar 2026/);
    expect(formatDue('', 'en')).toBe('');
    expect(formatDue('soon', 'en')).toBe('soon');
  });

  it('C-PL1: dates follow the browser’s variant of the UI language', () => {
    expect(dateLocale('en', ['en-GB', 'pl'])).toBe('en-GB');
    expect(dateLocale('pl', ['en-GB', 'pl-PL'])).toBe('pl-PL');
    expect(dateLocale('hu', ['en-GB'])).toBe('hu');
  });
});

describe('C-PL3: the panel and the CSV name statuses alike', () => {
  it('C-PL3: each language’s status names in the panel are the CSV file’s', () => {
    for (const [lang, catalog] of Object.entries({ en, pl, bg, lv, hu })) {
      const labels = CSV_LABELS[lang as keyof typeof CSV_LABELS];
      expect([catalog.plan.statusTodo, catalog.plan.statusDoing, catalog.plan.statusDone], lang).toEqual([labels.status.todo, labels.status.doing, labels.status.done]);
    }
  });
});
