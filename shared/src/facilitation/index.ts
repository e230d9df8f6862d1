export { ACTION_STATUSES, PRIORITY_MARKS, VOTE_VISIBILITIES, VOTING_STATES } from './types.ts';
export type {
  ActionFields,
  ActionId,
  ActionStatus,
  ParticipantId,
  PriorityMark,
  TreeAction,
  TreeLink,
  TreeVoting,
  VoteVisibility,
  VotingSettings,
  VotingState,
} from './types.ts';
export {
  ACTIONS_MAP,
  DEFAULT_VOTING_SETTINGS,
  LINKS_MAP,
  MAX_ACTION_TEXT,
  MAX_VOTES_PER_PARTICIPANT,
  PRIORITY_FIELD,
  VOTES_MAP,
  VOTING_MAP,
  isActionStatus,
  isDueDate,
  isParticipantId,
  isPriorityMark,
} from './store.ts';
export {
  addAction,
  addLink,
  castVote,
  closeVoting,
  deleteAction,
  removeLink,
  resetVoting,
  retractVote,
  setPriority,
  startVoting,
  updateAction,
} from './operations.ts';
export type { ActionInput, VoteResult } from './operations.ts';
export {
  PLAN_MARK_ORDER,
  actionPlan,
  actionsOf,
  linksOfNode,
  priorityOf,
  readActions,
  readLinks,
  readPriorities,
  topCauses,
  voteTotals,
  votingStatus,
} from './read.ts';
export type { Action, Link, PlanEntry, RankedCause, VoteView, VoteViewer, VotingStatus } from './read.ts';
export { MAX_BANNER_LENGTH, MAX_TIMER_SECONDS, NOTICE_MAP, readNotice, setBanner, startTimer, stopTimer } from './notice.ts';
export type { Notice, NoticeTimer } from './notice.ts';
export { CSV_COLUMNS, DEFAULT_CSV_HEADERS, actionPlanCsv } from './csv.ts';
export type { ActionPlanCsvOptions, CsvColumn } from './csv.ts';
export { CSV_LABELS, localizedActionPlanCsv, localizedCsvOptions } from './csv-labels.ts';
export type { CsvLabels } from './csv-labels.ts';
