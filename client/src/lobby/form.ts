/**
 * The create-a-workshop form as pure data: what the facilitator typed -> the request body (S14), or
 * the fields that need fixing. The server checks again; this gives people an answer before sending.
 */
import { isLocale, TEMPLATES } from '@causeway/shared';
import type { Locale, TemplateId } from '@causeway/shared';
import type { CreateWorkshopBody } from './api.ts';

export const MAX_TITLE = 200;
export const MAX_GROUPS = 100;
export const MAX_GROUP_NAME = 100;
export const MAX_PROBLEM = 1000;

export interface WorkshopForm {
  title: string;
  locale: string;
  template: string;
  /** The number of groups, as typed. Ignored when names are given. */
  count: string;
  /** Group names, one per line; blank lines are skipped. */
  names: string;
  problem: string;
}

export type FormField = 'title' | 'locale' | 'template' | 'count' | 'names' | 'problem';
export type FormProblem = 'required' | 'tooLong' | 'range' | 'nameTooLong' | 'unknown';
export interface FieldError {
  field: FormField;
  problem: FormProblem;
}

export function groupNames(names: string): string[] {
  return names
    .split(/\r?\n/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line.length > 0);
}

export function validateWorkshopForm(form: WorkshopForm): { ok: true; body: CreateWorkshopBody } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const title = form.title.trim();
  if (title.length === 0) errors.push({ field: 'title', problem: 'required' });
  else if (title.length > MAX_TITLE) errors.push({ field: 'title', problem: 'tooLong' });
  if (!isLocale(form.locale)) errors.push({ field: 'locale', problem: 'unknown' });
  if (!TEMPLATES.some((t) => t.id === form.template)) errors.push({ field: 'template', problem: 'unknown' });
  const names = groupNames(form.names);
  let groups: string[] | number = names;
  if (names.length > 0) {
    if (names.length > MAX_GROUPS) errors.push({ field: 'names', problem: 'range' });
    if (names.some((n) => n.length > MAX_GROUP_NAME)) errors.push({ field: 'names', problem: 'nameTooLong' });
  } else {
    const count = /^\s*\d+\s*$/.test(form.count) ? Number(form.count) : NaN;
    if (!Number.isInteger(count) || count < 1 || count > MAX_GROUPS) errors.push({ field: 'count', problem: 'range' });
    groups = count;
  }
  const problem = form.problem.trim();
  if (problem.length > MAX_PROBLEM) errors.push({ field: 'problem', problem: 'tooLong' });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    body: { title, locale: form.locale as Locale, template: form.template as TemplateId, groups, ...(problem ? { problem } : {}) },
  };
}

/** Maps the server's `details[].path` (S14) to a form field, so its answer shows at the right place. */
export function fieldOfPath(path: string): FormField | null {
  const m = /^\$\.(\w+)/.exec(path);
  switch (m?.[1]) {
    case 'title':
      return 'title';
    case 'locale':
      return 'locale';
    case 'template':
      return 'template';
    case 'groups':
      return 'names';
    case 'problem':
      return 'problem';
    default:
      return null;
  }
}
