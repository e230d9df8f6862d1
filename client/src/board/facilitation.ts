/**
 * The board's facilitation state (votes, notice) and the pure rules its UI follows (C-F rules in
 * SPEC section 5). Hooks here subscribe to the document so that typing, which changes only label
 * texts, never recomputes votes or redraws the voting bar.
 */
import { useEffect, useMemo, useState } from 'react';
import * as Y from 'yjs';
import { readNotice, voteTotals, NOTICE_MAP } from '@causeway/shared';
import type { Notice, NoticeTimer, ParticipantId, PriorityMark, VoteResult, VoteView } from '@causeway/shared';

export interface Countdown {
  /** Whole seconds left, rounded up (0 once the time is up). */
  seconds: number;
  /** `m:ss` (minutes not padded beyond two digits), or `h:mm:ss` from an hour on. */
  text: string;
  phase: 'running' | 'lastMinute' | 'up';
}

export function formatSeconds(total: number): string {
  const s = Math.max(0, Math.floor(total));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`;
}

/** C-F7: what the countdown shows at `serverNow` (this device's clock plus the offset). */
export function countdown(timer: NoticeTimer, serverNow: number): Countdown {
  // Never more than was set: a clock offset a little off would otherwise show 2:06 for 2:05.
  const seconds = Math.min(timer.seconds, Math.max(0, Math.ceil((timer.endsAt - serverNow) / 1000)));
  return { seconds, text: formatSeconds(seconds), phase: seconds === 0 ? 'up' : seconds <= 60 ? 'lastMinute' : 'running' };
}

/**
 * C-F7: what screen readers are told when the phase changes: the last minute and the end, once
 * each; nothing when a page opens in the middle of a phase (`previous` undefined).
 */
export function timerAnnouncement(previous: Countdown['phase'] | undefined, next: Countdown['phase']): 'oneMinute' | 'timeUp' | null {
  if (previous === undefined || previous === next) return null;
  if (next === 'lastMinute' && previous === 'running') return 'oneMinute';
  if (next === 'up') return 'timeUp';
  return null;
}

/** C-F7: the banner shows unless this person dismissed this very banner (its send time). */
export function bannerVisible(notice: Notice, dismissedAt: number | null): boolean {
  return notice.banner !== null && (notice.bannerAt === null || notice.bannerAt !== dismissedAt);
}

const dismissKey = (room: string) => `causeway.bannerDismissed:${room}`;

export function readDismissed(room: string): number | null {
  try {
    const raw = Number(localStorage.getItem(dismissKey(room)));
    return Number.isFinite(raw) && raw > 0 ? raw : null;
  } catch {
    return null;
  }
}

export function writeDismissed(room: string, at: number): void {
  try {
    localStorage.setItem(dismissKey(room), String(at));
  } catch {
    // Private mode: dismissed for this page only.
  }
}

/** Translation keys for the refusals a vote can meet (C-F2). */
export const VOTE_REFUSAL_KEYS: Record<Extract<VoteResult, { ok: false }>['reason'], string> = {
  'not-open': 'voting.notOpen',
  'unknown-node': 'voting.selectCause',
  'no-votes-left': 'voting.noVotesLeft',
  'one-per-cause': 'voting.onePerCause',
};

/** Translation keys of the four marks, in menu order, and "no mark". */
export const MARK_KEYS: Record<PriorityMark, string> = {
  'likely-root-cause': 'marks.likelyRootCause',
  'needs-evidence': 'marks.needsEvidence',
  confirmed: 'marks.confirmed',
  'ruled-out': 'marks.ruledOut',
};

/**
 * True when a transaction changed more than label texts: typing changes only `Y.Text`s, and is
 * the one thing that happens many times a second, so it never recomputes votes (issue 4).
 */
export function changesMoreThanText(transaction: Y.Transaction): boolean {
  for (const type of transaction.changed.keys()) if (!(type instanceof Y.Text)) return true;
  return false;
}

/** A number that grows whenever the document changes in more than label texts. */
export function useStructureVersion(doc: Y.Doc): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const onTransaction = (transaction: Y.Transaction) => {
      if (changesMoreThanText(transaction)) setVersion((v) => v + 1);
    };
    doc.on('afterTransaction', onTransaction);
    setVersion((v) => v + 1);
    return () => doc.off('afterTransaction', onTransaction);
  }, [doc]);
  return version;
}

/** C-F2: what this person may see of the votes, recomputed only when votes, voting or the structure change. */
export function useVoteView(doc: Y.Doc, participantId: ParticipantId, version: number): VoteView {
  // `version` is the dependency that says the document's votes may have changed.
  return useMemo(() => voteTotals(doc, { participantId }), [doc, participantId, version]);
}

/** The facilitator's notice (timer and banner), re-read when the `notice` map changes. */
export function useNotice(doc: Y.Doc): Notice {
  const [notice, setNotice] = useState<Notice>(() => readNotice(doc));
  useEffect(() => {
    const map = doc.getMap(NOTICE_MAP);
    const update = () => setNotice(readNotice(doc));
    map.observe(update);
    update();
    return () => map.unobserve(update);
  }, [doc]);
  return notice;
}

/** For window.causeway (tests): a vote view with plain objects instead of maps. */
export function plainVoteView(view: VoteView) {
  return {
    state: view.state,
    revealed: view.revealed,
    visibility: view.visibility,
    votesPerParticipant: view.votesPerParticipant,
    allowMultiple: view.allowMultiple,
    totals: Object.fromEntries(view.totals),
    mine: Object.fromEntries(view.mine),
    left: view.left,
    voters: view.voters,
    votesCast: view.votesCast,
  };
}
