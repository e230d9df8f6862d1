import { NOTICE_MAP, readNotice, readTree, topCauses, voteTotals, VOTING_MAP } from '@causeway/shared';
import type { DiagramTree, Notice, RankedCause, VotingStatus } from '@causeway/shared';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { readPeers, sendOwnAwarenessOnly, throttle } from '../sync/presence.ts';

export interface PersonPresent {
  clientId: number;
  name: string;
  colour: string;
}

export interface GroupLive {
  tree: DiagramTree;
  /** The server's copy has arrived; before that `tree` is empty and the server's summary counts. */
  synced: boolean;
  people: PersonPresent[];
  /** When this page last saw the group change (ms), or null if not since it opened. */
  lastChangeAt: number | null;
  /** Goes up each time `tree` is re-read. */
  revision: number;
  /** The facilitator's timer and banner for this group (C-O2, C-O3). */
  notice: Notice;
  /** The voting session with progress that reveals no choice (C-O4). */
  voting: GroupVoting;
  /** After voting closed: the top three causes (C-O4); empty otherwise. */
  top: RankedCause[];
}

export interface GroupVoting extends VotingStatus {
  voters: number;
  votesCast: number;
}

export const EMPTY_NOTICE: Notice = { banner: null, bannerAt: null, timer: null };
export const IDLE_VOTING: GroupVoting = { state: 'idle', votesPerParticipant: 3, allowMultiple: false, visibility: 'hidden', voters: 0, votesCast: 0 };

/** The facilitation part of a group's state, read (never written) from its document. */
export function readFacilitation(doc: Y.Doc): Pick<GroupLive, 'notice' | 'voting' | 'top'> {
  const view = voteTotals(doc);
  const voting: GroupVoting = {
    state: view.state,
    votesPerParticipant: view.votesPerParticipant,
    allowMultiple: view.allowMultiple,
    visibility: view.visibility,
    voters: view.voters,
    votesCast: view.votesCast,
  };
  return { notice: readNotice(doc), voting, top: view.state === 'closed' ? topCauses(doc, {}, 3) : [] };
}

/** Re-reading the tree at most this often keeps a dozen busy groups cheap while staying well within a second. */
export const REDRAW_MS = 250;

export function countCauses(tree: DiagramTree): number {
  let count = 0;
  const visit = (nodes: DiagramTree['categories']) => {
    for (const node of nodes) {
      count += 1;
      visit(node.children);
    }
  };
  for (const category of tree.categories) visit(category.children);
  return count;
}

/**
 * Watches one group's room read-only: the stock y-websocket provider, no local copy, no presence of
 * its own (so the overview does not show up as a person on the boards). It never writes to the doc.
 * A class because it owns a socket and must be destroyed.
 */
export class GroupWatcher {
  private readonly doc = new Y.Doc();
  private readonly provider: WebsocketProvider;
  private state: GroupLive;
  private readonly listeners = new Set<() => void>();
  private readonly reread = throttle<null>(() => this.set({ tree: readTree(this.doc), revision: this.state.revision + 1, ...readFacilitation(this.doc) }), REDRAW_MS);

  constructor(workshopId: string, groupId: string, token: string, origin: { protocol: string; host: string } = location) {
    this.state = { tree: readTree(this.doc), synced: false, people: [], lastChangeAt: null, revision: 0, ...readFacilitation(this.doc) };
    const scheme = origin.protocol === 'https:' ? 'wss' : 'ws';
    this.provider = new WebsocketProvider(`${scheme}://${origin.host}/sync`, `${workshopId}/${groupId}`, this.doc, { params: { token }, maxBackoffTime: 2500 });
    sendOwnAwarenessOnly(this.provider);
    this.provider.awareness.setLocalState(null);
    const facilitatorOnly = new Set<unknown>([this.doc.getMap(NOTICE_MAP), this.doc.getMap(VOTING_MAP)]);
    this.doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.changed.size === 0) return;
      // The facilitator's own timer, banner or voting switch is not the group's activity; votes are.
      const groupActivity = [...tr.changed.keys()].some((type) => !facilitatorOnly.has(type));
      if (this.state.synced && groupActivity) this.state = { ...this.state, lastChangeAt: Date.now() };
      this.reread.push(null);
    });
    this.provider.on('sync', (synced: boolean) => {
      if (synced && !this.state.synced) {
        this.reread.cancel();
        this.set({ synced: true, tree: readTree(this.doc), revision: this.state.revision + 1, ...readFacilitation(this.doc) });
      }
    });
    const awareness = this.provider.awareness;
    // Every cursor move is a change; the card redraws only when who is there changed.
    awareness.on('change', () => {
      const people = readPeers(awareness.getStates(), awareness.clientID).map((p) => ({ clientId: p.clientId, name: p.user.name, colour: p.user.colour }));
      const was = this.state.people;
      const same = people.length === was.length && people.every((p, i) => p.clientId === was[i]!.clientId && p.name === was[i]!.name && p.colour === was[i]!.colour);
      if (!same) this.set({ people });
    });
  }

  getState = (): GroupLive => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  destroy(): void {
    this.reread.cancel();
    this.provider.destroy();
    this.doc.destroy();
    this.listeners.clear();
  }

  private set(patch: Partial<GroupLive>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
