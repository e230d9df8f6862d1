import type { PlanEntry } from './read.ts';
import type { ActionStatus, PriorityMark } from './types.ts';

export const CSV_COLUMNS = ['cause', 'category', 'priority', 'votes', 'what', 'owner', 'due', 'status'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

export const DEFAULT_CSV_HEADERS: Readonly<Record<CsvColumn, string>> = {
  cause: 'Cause',
  category: 'Category',
  priority: 'Priority',
  votes: 'Votes',
  what: 'Action',
  owner: 'Owner',
  due: 'Due',
  status: 'Status',
};

export interface ActionPlanCsvOptions {
  /** Header texts (the UI passes translated ones); English by default. */
  headers?: Partial<Record<CsvColumn, string>>;
  /** How a mark or status is written; the stable value (`likely-root-cause`, `todo`) by default. */
  priorityLabel?: (mark: PriorityMark) => string;
  statusLabel?: (status: ActionStatus) => string;
  /** Start with a UTF-8 byte order mark, which spreadsheet programs need to detect UTF-8 (default false). */
  bom?: boolean;
}

/** RFC 4180: a field with a comma, quote, CR or LF is quoted and its quotes doubled. */
function field(value: string): string {
  // A spreadsheet runs a cell starting with = + - @ (or a tab/CR) as a formula: write it as text.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * M-F13: the implementation plan as CSV (RFC 4180): a header row, then one row per action in
 * plan order; CRLF line ends, including after the last row.
 */
export function actionPlanCsv(plan: readonly PlanEntry[], options: ActionPlanCsvOptions = {}): string {
  const headers = { ...DEFAULT_CSV_HEADERS, ...options.headers };
  const priority = options.priorityLabel ?? ((mark: PriorityMark) => mark);
  const status = options.statusLabel ?? ((s: ActionStatus) => s);
  const rows: string[][] = [CSV_COLUMNS.map((c) => headers[c])];
  for (const entry of plan) {
    for (const action of entry.actions) {
      rows.push([
        entry.text,
        entry.category,
        entry.priority === null ? '' : priority(entry.priority),
        String(entry.votes),
        action.what,
        action.owner,
        action.due,
        status(action.status),
      ]);
    }
  }
  return (options.bom ? '\uFEFF' : '') + rows.map((row) => row.map(field).join(',') + '\r\n').join('');
}
