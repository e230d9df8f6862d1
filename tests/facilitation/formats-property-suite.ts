/** Seeded random trees with random facilitation through JSON and Markdown (M-F17, M-F18). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTION_STATUSES, PRIORITY_MARKS, VOTE_VISIBILITIES, VOTING_STATES } from '../../shared/src/facilitation/index.ts';
import type { TreeAction, TreeLink } from '../../shared/src/facilitation/index.ts';
import type { ParseResult } from '../../shared/src/formats/errors.ts';
import type { DiagramTree, NodeId, TreeNode } from '../../shared/src/tree.ts';
import type { Formats } from './formats-suite.ts';

const PIECES = [
  'People', 'Ludzie', 'żółć', 'Хора', 'Щъркел', 'Cilvēki', 'ģērbtuve', 'őrültség', 'Űrlap', '🐟',
  ' {#x}', ' {#a b}', '{priority=confirmed}', ' {votes=a:1}', ' {', '}', '{}', ' (#n1)', '(#', ')', '|', '\\|', '→', ' → ',
  '#', '-', '*', '\\', '<br>', '&amp;', ' ', '\t', '\n', '## Links', '| Id |', '`',
];
const label = fc.array(fc.constantFrom(...PIECES), { maxLength: 6 }).map((parts) => parts.join(''));

interface Shape {
  text: string;
  children: Shape[];
}
const shapeArb = fc.letrec<{ node: Shape }>((tie) => ({
  node: fc.record({ text: label, children: fc.oneof({ depthSize: 'small' }, fc.constant<Shape[]>([]), fc.array(tie('node'), { maxLength: 3 })) }),
})).node;

const extrasArb = fc.record({
  marks: fc.array(fc.option(fc.constantFrom(...PRIORITY_MARKS), { nil: undefined }), { maxLength: 30 }),
  votes: fc.array(fc.dictionary(fc.constantFrom('anna', 'bela-2', 'c_3'), fc.integer({ min: 1, max: 5 }), { maxKeys: 3 }), { maxLength: 30 }),
  links: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 }),
  actions: fc.array(fc.record({ at: fc.nat(), what: label, owner: label, due: fc.constantFrom('', '2026-12-01', '2028-02-29'), status: fc.constantFrom(...ACTION_STATUSES) }), { maxLength: 6 }),
  voting: fc.option(fc.record({ state: fc.constantFrom(...VOTING_STATES), votesPerParticipant: fc.integer({ min: 1, max: 100 }), allowMultiple: fc.boolean(), visibility: fc.constantFrom(...VOTE_VISIBILITIES) }), { nil: undefined }),
});

/** A tree with ids on every node and facilitation spread over its nodes. */
type Extras = typeof extrasArb extends fc.Arbitrary<infer T> ? T : never;

function build(problem: string, shapes: Shape[], extras: Extras): DiagramTree {
  let next = 0;
  const all: TreeNode[] = [];
  const visit = (shape: Shape): TreeNode => {
    const node: TreeNode = { id: `n${next++}` as NodeId, text: shape.text, children: [] };
    const i = all.length;
    all.push(node);
    const mark = extras.marks[i];
    if (mark !== undefined) node.priority = mark;
    const votes = extras.votes[i];
    if (votes && Object.keys(votes).length > 0) node.votes = Object.fromEntries(Object.entries(votes).sort((a, b) => (a[0] < b[0] ? -1 : 1))) as Record<string, number>;
    node.children = shape.children.map(visit);
    return node;
  };
  const tree: DiagramTree = { problem, categories: shapes.map(visit) };
  if (all.length === 0) return tree;
  const links: TreeLink[] = [];
  for (const [x, y] of extras.links) {
    const from = all[x % all.length]!.id!;
    const to = all[y % all.length]!.id!;
    if (from !== to && !links.some((l) => l.from === from && l.to === to)) links.push({ from, to });
  }
  if (links.length > 0) tree.links = links;
  const actions: TreeAction[] = extras.actions.map((a, i) => ({ id: `act${i}`, cause: all[a.at % all.length]!.id!, what: a.what, owner: a.owner, due: a.due, status: a.status }));
  if (actions.length > 0) tree.actions = actions;
  const anyVotes = all.some((n) => n.votes);
  if (extras.voting) tree.voting = extras.voting;
  else if (anyVotes) tree.voting = { state: 'closed', votesPerParticipant: 3, allowMultiple: false, visibility: 'hidden' };
  return tree;
}

function treeOf(result: ParseResult): DiagramTree {
  if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
  return result.tree;
}

/** The tree as Markdown can carry it: ids only on nodes that carry something or are named. */
function markdownView(tree: DiagramTree): DiagramTree {
  const named = new Set<string>([...(tree.links ?? []).flatMap((l) => [l.from, l.to]), ...(tree.actions ?? []).map((a) => a.cause)]);
  const visit = (node: TreeNode): TreeNode => {
    const keep = node.priority !== undefined || node.votes !== undefined || named.has(node.id!);
    const out: TreeNode = keep ? { id: node.id!, text: node.text, children: [] } : { text: node.text, children: [] };
    if (node.priority !== undefined) out.priority = node.priority;
    if (node.votes !== undefined) out.votes = node.votes;
    out.children = node.children.map(visit);
    return out;
  };
  const out: DiagramTree = { ...tree, categories: tree.categories.map(visit) };
  return out;
}

export function defineFormatProperties(f: Formats, runs = 200): void {
  describe('random trees with facilitation', () => {
    it(`M-F17: JSON keeps everything exactly (${runs} seeded runs)`, () => {
      fc.assert(
        fc.property(label, fc.array(shapeArb, { maxLength: 4 }), extrasArb, (problem, shapes, extras) => {
          const tree = build(problem, shapes, extras);
          const text = f.toJson(tree);
          const back = treeOf(f.parseJson(text));
          expect(back).toEqual(tree);
          expect(f.toJson(back)).toBe(text);
        }),
        { seed: 20261129, numRuns: runs },
      );
    });

    it(`M-F18: Markdown keeps labels, marks, votes, links, actions and voting; Markdown -> tree -> Markdown is identical (${runs} seeded runs)`, () => {
      fc.assert(
        fc.property(label, fc.array(shapeArb, { maxLength: 4 }), extrasArb, (problem, shapes, extras) => {
          const tree = build(problem, shapes, extras);
          const md = f.toMarkdown(tree);
          const back = treeOf(f.parseMarkdown(md));
          expect(back).toEqual(markdownView(tree));
          expect(f.toMarkdown(back)).toBe(md);
        }),
        { seed: 20261129, numRuns: runs },
      );
    });
  });
}
