/**
 * Facilitation data (SPEC.md section 1, "Facilitation data", M-F rules): priority marks, dot
 * voting, links between causes and the action plan. Types only, shared by the model and formats.
 */
import type { NodeId } from '../tree.ts';

export const PRIORITY_MARKS = ['likely-root-cause', 'needs-evidence', 'confirmed', 'ruled-out'] as const;
export type PriorityMark = (typeof PRIORITY_MARKS)[number];

export const ACTION_STATUSES = ['todo', 'doing', 'done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const VOTING_STATES = ['idle', 'open', 'closed'] as const;
export type VotingState = (typeof VOTING_STATES)[number];

export const VOTE_VISIBILITIES = ['hidden', 'live'] as const;
export type VoteVisibility = (typeof VOTE_VISIBILITIES)[number];

/** A stable id the client keeps for one person (not the Yjs clientID), `[A-Za-z0-9_-]{1,64}`. */
export type ParticipantId = string & { readonly __brand: 'ParticipantId' };
export type ActionId = string & { readonly __brand: 'ActionId' };

export interface VotingSettings {
  /** Votes each participant may cast, 1..100 (default 3). */
  votesPerParticipant: number;
  /** May a participant put more than one vote on one cause (default false). */
  allowMultiple: boolean;
  /** 'hidden': totals are shown only once the session is closed (default); 'live': always. */
  visibility: VoteVisibility;
}

/** A link between causes: `from` contributes to `to`. */
export interface TreeLink {
  from: NodeId;
  to: NodeId;
}

export interface ActionFields {
  what: string;
  owner: string;
  /** ISO calendar date `YYYY-MM-DD`, or '' when there is none. */
  due: string;
  status: ActionStatus;
}

/** An action item for a cause, as carried by a DiagramTree and the file formats. */
export interface TreeAction extends ActionFields {
  /** Absent only in hand-made files; a new id is made on import. */
  id?: string;
  cause: NodeId;
}

/** The voting session as carried by a DiagramTree and the file formats. */
export interface TreeVoting extends VotingSettings {
  state: VotingState;
}
