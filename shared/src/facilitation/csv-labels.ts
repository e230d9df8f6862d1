/**
 * M-F13: the action plan CSV in the workshop's language — header texts, mark and status labels —
 * for the server's `actions.csv` and the workshop ZIP. Mark labels match the board's (`marks.*`).
 */
import type * as Y from 'yjs';
import { isLocale } from '../templates.ts';
import type { Locale } from '../templates.ts';
import { actionPlanCsv } from './csv.ts';
import type { ActionPlanCsvOptions, CsvColumn } from './csv.ts';
import { actionPlan } from './read.ts';
import type { ActionStatus, PriorityMark } from './types.ts';

export interface CsvLabels {
  headers: Readonly<Record<CsvColumn, string>>;
  priority: Readonly<Record<PriorityMark, string>>;
  status: Readonly<Record<ActionStatus, string>>;
}

export const CSV_LABELS: Readonly<Record<Locale, CsvLabels>> = {
  en: {
    headers: { cause: 'Cause', category: 'Category', priority: 'Priority', votes: 'Votes', what: 'Action', owner: 'Owner', due: 'Due', status: 'Status' },
    priority: { 'likely-root-cause': 'Likely root cause', 'needs-evidence': 'Needs evidence', confirmed: 'Confirmed', 'ruled-out': 'Ruled out' },
    status: { todo: 'To do', doing: 'In progress', done: 'Done' },
  },
  pl: {
    headers: { cause: 'Przyczyna', category: 'Kategoria', priority: 'Priorytet', votes: 'Głosy', what: 'Działanie', owner: 'Odpowiedzialny', due: 'Termin', status: 'Status' },
    priority: { 'likely-root-cause': 'Prawdopodobna przyczyna źródłowa', 'needs-evidence': 'Wymaga dowodów', confirmed: 'Potwierdzona', 'ruled-out': 'Wykluczona' },
    status: { todo: 'Do zrobienia', doing: 'W toku', done: 'Zrobione' },
  },
  bg: {
    headers: { cause: 'Причина', category: 'Категория', priority: 'Приоритет', votes: 'Гласове', what: 'Действие', owner: 'Отговорник', due: 'Срок', status: 'Състояние' },
    priority: { 'likely-root-cause': 'Вероятна коренна причина', 'needs-evidence': 'Нужни са доказателства', confirmed: 'Потвърдена', 'ruled-out': 'Отхвърлена' },
    status: { todo: 'Предстои', doing: 'В процес', done: 'Готово' },
  },
  lv: {
    headers: { cause: 'Cēlonis', category: 'Kategorija', priority: 'Prioritāte', votes: 'Balsis', what: 'Darbība', owner: 'Atbildīgais', due: 'Termiņš', status: 'Statuss' },
    priority: { 'likely-root-cause': 'Iespējamais pamatcēlonis', 'needs-evidence': 'Vajag pierādījumus', confirmed: 'Apstiprināts', 'ruled-out': 'Izslēgts' },
    status: { todo: 'Jāizdara', doing: 'Procesā', done: 'Paveikts' },
  },
  hu: {
    headers: { cause: 'Ok', category: 'Kategória', priority: 'Prioritás', votes: 'Szavazatok', what: 'Intézkedés', owner: 'Felelős', due: 'Határidő', status: 'Állapot' },
    priority: { 'likely-root-cause': 'Valószínű gyökérok', 'needs-evidence': 'Bizonyíték kell', confirmed: 'Megerősítve', 'ruled-out': 'Kizárva' },
    status: { todo: 'Teendő', doing: 'Folyamatban', done: 'Kész' },
  },
};

/** Options for `actionPlanCsv` in a language (English for anything else), with a BOM for spreadsheet programs. */
export function localizedCsvOptions(locale: string): ActionPlanCsvOptions {
  const labels = CSV_LABELS[isLocale(locale) ? locale : 'en'];
  return { headers: labels.headers, priorityLabel: (mark) => labels.priority[mark], statusLabel: (status) => labels.status[status], bom: true };
}

/** A document's implementation plan (M-F10) as CSV in a language, with a BOM. */
export function localizedActionPlanCsv(doc: Y.Doc, locale: string): string {
  return actionPlanCsv(actionPlan(doc), localizedCsvOptions(locale));
}
