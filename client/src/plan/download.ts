/** The action plan CSV from the server (H1's endpoint, M-F13), saved as a file. */
import { isLocale } from '@causeway/shared';

/** The file name from Content-Disposition (`filename*=UTF-8''…` first, then `filename="…"`). */
export function fileNameFrom(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1]!.trim() : null;
}

/** A name from the problem, letters of any script kept (as the board's exports name files). */
export function planFileName(problem: string): string {
  const base = problem
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${base || 'causeway'}-actions.csv`;
}

export async function downloadPlanCsv(workshopId: string, groupId: string, token: string, language: string, problem: string): Promise<void> {
  const lang = language.slice(0, 2);
  const query = isLocale(lang) ? `?lang=${lang}` : '';
  const res = await fetch(`/api/workshops/${encodeURIComponent(workshopId)}/groups/${encodeURIComponent(groupId)}/actions.csv${query}`, {
    headers: { authorization: `Bearer ${token}` },
    cache: 'no-store',
  });
  if (!res.ok) throw new Error(`GET actions.csv: ${res.status} ${res.statusText}`);
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileNameFrom(res.headers.get('content-disposition')) ?? planFileName(problem);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
