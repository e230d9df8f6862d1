import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  actionPlan,
  addAction,
  addLink,
  castVote,
  closeVoting,
  deleteAction,
  readActions,
  readLinks,
  removeLink,
  resetVoting,
  retractVote,
  setPriority,
  startVoting,
  topCauses,
  updateAction,
  voteTotals,
  PRIORITY_MARKS,
} from '../../shared/src/facilitation/index.ts';
import type { ParticipantId } from '../../shared/src/facilitation/index.ts';
import { countedVotes, readVoting, snapshotOf, parseVoteKey, votesOf } from '../../shared/src/facilitation/store.ts';
import { REMOTE_ORIGIN, addCause, checkDocument, deleteNode, readTree, replaceDiagram } from '../../shared/src/model/index.ts';
import { walkTree } from '../../shared/src/model/read.ts';
import type { NodeId } from '../../shared/src/tree.ts';
import { sampleDoc } from './helpers.ts';

const SEED = Number(process.env.FACILITATION_SEED ?? 20261129);
const RUNS = Number(process.env.FACILITATION_RUNS ?? 150);
const PARTICIPANTS = ['p-anna', 'p-bela', 'p-cvet'] as ParticipantId[];
const KINDS = ['mark', 'link', 'unlink', 'addAction', 'updateAction', 'deleteAction', 'vote', 'vote', 'vote', 'retract', 'addCause', 'deleteNode', 'start', 'close', 'reset', 'replace'] as const;

type Step =
  | { t: 'op'; replica: number; kind: (typeof KINDS)[number]; a: number; b: number; c: number }
  | { t: 'deliver'; pick: number; keep: boolean }
  | { t: 'sync'; a: number; b: number };

const small = fc.nat({ max: 1000 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ t: fc.constant('op' as const), replica: small, kind: fc.constantFrom(...KINDS), a: small, b: small, c: small }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('deliver' as const), pick: small, keep: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('sync' as const), a: small, b: small }) },
);

function syncPair(x: Y.Doc, y: Y.Doc): void {
  Y.applyUpdate(y, Y.encodeStateAsUpdate(x, Y.encodeStateVector(y)), REMOTE_ORIGIN);
  Y.applyUpdate(x, Y.encodeStateAsUpdate(y, Y.encodeStateVector(x)), REMOTE_ORIGIN);
}

interface Outcome {
  overBudgetStored: boolean;
  counted: number;
}

/** Three replicas of one diagram; updates are delivered late, in random order and duplicated. */
function run(steps: Step[], budget: number, allowMultiple: boolean): Outcome {
  const { doc: first } = sampleDoc();
  startVoting(first, { votesPerParticipant: budget, allowMultiple });
  const docs = [first, new Y.Doc(), new Y.Doc()];
  for (const doc of docs.slice(1)) Y.applyUpdate(doc, Y.encodeStateAsUpdate(first), REMOTE_ORIGIN);
  const queue: Array<{ to: number; update: Uint8Array }> = [];
  docs.forEach((doc, from) =>
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE_ORIGIN) return;
      docs.forEach((_, to) => to !== from && queue.push({ to, update }));
    }),
  );
  let overBudgetStored = false;
  // Over budget in storage: only concurrent votes by one participant on two replicas do this.
  const overBudgetIn = (doc: Y.Doc): boolean => {
    const voting = readVoting(doc);
    const raw = new Map<string, number>();
    votesOf(doc).forEach((count, key) => {
      const vote = parseVoteKey(key);
      if (vote && vote.session === voting.session && typeof count === 'number') raw.set(vote.participant, (raw.get(vote.participant) ?? 0) + count);
    });
    return Array.from(raw.values()).some((total) => total > voting.votesPerParticipant);
  };


  for (const s of steps) {
    if (docs.some(overBudgetIn)) overBudgetStored = true;
    if (s.t === 'deliver') {
      if (queue.length === 0) continue;
      const i = s.pick % queue.length;
      const item = queue[i]!;
      if (!s.keep) queue.splice(i, 1);
      Y.applyUpdate(docs[item.to]!, item.update, REMOTE_ORIGIN);
      continue;
    }
    if (s.t === 'sync') {
      const a = s.a % 3;
      const b = s.b % 3;
      if (a !== b) syncPair(docs[a]!, docs[b]!);
      continue;
    }
    const doc = docs[s.replica % 3]!;
    const ids = walkTree(readTree(doc)).map((e) => e.node.id!) as NodeId[];
    const pick = (n: number) => ids[n % Math.max(1, ids.length)];
    const x = pick(s.a);
    const y = pick(s.b);
    const participant = PARTICIPANTS[s.c % PARTICIPANTS.length]!;
    switch (s.kind) {
      case 'mark':
        if (x) setPriority(doc, x, s.c % 5 === 4 ? null : PRIORITY_MARKS[s.c % 4]!);
        break;
      case 'link':
        if (x && y) addLink(doc, x, y);
        break;
      case 'unlink': {
        const links = readLinks(doc);
        const link = links[s.a % Math.max(1, links.length)];
        if (link) removeLink(doc, link.from, link.to);
        break;
      }
      case 'addAction':
        if (x) addAction(doc, x, { what: `do ${s.b}`, owner: s.c % 2 ? 'Anna' : '' });
        break;
      case 'updateAction': {
        const actions = readActions(doc);
        const action = actions[s.a % Math.max(1, actions.length)];
        if (action) updateAction(doc, action.id, { status: (['todo', 'doing', 'done'] as const)[s.b % 3], what: `did ${s.c}` });
        break;
      }
      case 'deleteAction': {
        const actions = readActions(doc);
        const action = actions[s.a % Math.max(1, actions.length)];
        if (action) deleteAction(doc, action.id);
        break;
      }
      case 'vote':
        if (x) castVote(doc, participant, x);
        break;
      case 'retract':
        if (x) retractVote(doc, participant, x);
        break;
      case 'addCause':
        if (x) addCause(doc, x, `new ${s.b}`);
        break;
      case 'deleteNode':
        // Rarely, so there is something left to vote on.
        if (x && s.c % 4 === 0 && ids.length > 3) deleteNode(doc, x);
        break;
      case 'start':
        if (s.c % 3 === 0) startVoting(doc);
        break;
      case 'close':
        if (s.c % 3 === 0) closeVoting(doc);
        break;
      case 'replace': {
        // An import of the diagram as it is, minus one link and one action, racing everything else.
        const tree = readTree(doc);
        if (tree.links) tree.links = tree.links.slice(1);
        if (tree.actions) tree.actions = tree.actions.slice(0, -1);
        replaceDiagram(doc, tree);
        break;
      }
      case 'reset':
        if (s.c % 10 === 0) {
          resetVoting(doc);
          startVoting(doc);
        }
        break;
    }
  }

  for (const item of queue) Y.applyUpdate(docs[item.to]!, item.update, REMOTE_ORIGIN);
  syncPair(docs[0]!, docs[1]!);
  syncPair(docs[1]!, docs[2]!);
  syncPair(docs[0]!, docs[1]!);

  if (docs.some(overBudgetIn)) overBudgetStored = true;
  const reference = readTree(docs[0]!);
  for (const doc of docs) {
    expect(readTree(doc)).toEqual(reference);
    expect(voteTotals(doc)).toEqual(voteTotals(docs[0]!));
    expect(topCauses(doc)).toEqual(topCauses(docs[0]!));
    expect(actionPlan(doc)).toEqual(actionPlan(docs[0]!));
    expect(checkDocument(doc)).toEqual({ ok: true });
  }
  // Counted votes stay within every participant's budget and the one-per-cause rule.
  const voting = readVoting(docs[0]!);
  let counted = 0;
  for (const votes of countedVotes(docs[0]!, snapshotOf(docs[0]!), voting).values()) {
    let used = 0;
    for (const count of votes.values()) {
      used += count;
      if (!voting.allowMultiple) expect(count).toBe(1);
    }
    expect(used).toBeLessThanOrEqual(voting.votesPerParticipant);
    counted += used;
  }
  return { overBudgetStored, counted };
}

describe('facilitation convergence', () => {
  it(`M-F16: ${RUNS} seeded runs on 3 replicas: marks, links, actions, votes and imports converge; counted votes stay within budget`, () => {
    let overBudget = 0;
    let withVotes = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 10, maxLength: 80, size: 'max' }), fc.integer({ min: 1, max: 4 }), fc.boolean(), (steps, budget, multiple) => {
        const outcome = run(steps, budget, multiple);
        if (outcome.overBudgetStored) overBudget++;
        if (outcome.counted > 0) withVotes++;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The runs must reach the interesting case: one participant over budget through two replicas.
    expect(overBudget).toBeGreaterThan(0);
    expect(withVotes).toBeGreaterThan(RUNS / 4);
  });
});
