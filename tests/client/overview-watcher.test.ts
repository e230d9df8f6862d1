import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCategory, addCause, castVote, closeVoting, createDiagram, DEFAULT_VOTING_SETTINGS, setBanner, startTimer, startVoting } from '@causeway/shared';
import type { ParticipantId } from '@causeway/shared';
import { EMPTY_NOTICE, IDLE_VOTING, readFacilitation } from '../../client/src/overview/watcher.ts';

const p = (id: string) => id as ParticipantId;

/** Counts the updates a doc emits while `read` runs: the overview's reading must write nothing. */
function writesDuring<T>(doc: Y.Doc, read: () => T): { value: T; writes: number } {
  let writes = 0;
  const count = () => (writes += 1);
  doc.on('update', count);
  try {
    return { value: read(), writes };
  } finally {
    doc.off('update', count);
  }
}

describe('C-O1, C-O4: what a card shows of its group, read from the document', () => {
  it('C-O1: a document without facilitation reads as no timer, no message, voting not started, with the default settings', () => {
    const doc = new Y.Doc();
    const { value, writes } = writesDuring(doc, () => readFacilitation(doc));
    expect(value).toEqual({ notice: EMPTY_NOTICE, voting: IDLE_VOTING, top: [] });
    expect(IDLE_VOTING).toMatchObject(DEFAULT_VOTING_SETTINGS);
    expect(writes).toBe(0);
  });

  it('C-O4: while voting is open a card gets progress only (voters, votes cast), no ranking; after close the top three with ranks', () => {
    const doc = new Y.Doc();
    createDiagram(doc, { template: 'blank', locale: 'en', problem: 'Permits take 40 days' });
    const people = addCategory(doc, 'People');
    const [a, b, c, d] = ['Forms scanned by hand', 'No deputy', 'Unclear law', 'Old IT'].map((text) => addCause(doc, people, text));
    startTimer(doc, 300, 1_000_000);
    setBanner(doc, 'Vote now', 1_000_000);
    startVoting(doc, { votesPerParticipant: 3, allowMultiple: true, visibility: 'hidden' });
    for (const [who, node] of [['p1', a], ['p1', a], ['p1', b], ['p2', c], ['p2', b], ['p3', d], ['p3', a]] as const) {
      expect(castVote(doc, p(who), node!).ok).toBe(true);
    }
    const open = writesDuring(doc, () => readFacilitation(doc));
    expect(open.writes).toBe(0);
    expect(open.value.notice).toEqual({ banner: 'Vote now', bannerAt: 1_000_000, timer: { endsAt: 1_300_000, seconds: 300 } });
    expect(open.value.voting).toEqual({ state: 'open', votesPerParticipant: 3, allowMultiple: true, visibility: 'hidden', voters: 3, votesCast: 7 });
    expect(open.value.top).toEqual([]);

    closeVoting(doc);
    const closed = readFacilitation(doc);
    expect(closed.voting.state).toBe('closed');
    // a: 3, b: 2, then c and d tie with 1 each; only three are shown, ties in document order.
    expect(closed.top.map(({ text, votes, rank }) => [text, votes, rank])).toEqual([
      ['Forms scanned by hand', 3, 1],
      ['No deputy', 2, 2],
      ['Unclear law', 1, 3],
    ]);
  });
});
