/** The action plan CSV from the server (M-F13, through the lobby API's wrapper), saved as a file. */
import { isLocale } from '@causeway/shared';
import { downloadActionsCsv } from '../lobby/api.ts';

/** A name from the problem, letters of any script kept (as the board's exports are named, C14). */
export function planFileName(problem: string): string {
  const base = problem
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${base || 'causeway'}-actions.csv`;
}

/** Fetches the plan with the headers in the UI language (the workshop's when that is not one we have) and saves it. */
export async function downloadPlanCsv(workshopId: string, groupId: string, token: string, language: string, problem: string): Promise<void> {
  const lang = language.slice(0, 2);
  const blob = await downloadActionsCsv(workshopId, token, groupId, isLocale(lang) ? lang : undefined);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = planFileName(problem);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
