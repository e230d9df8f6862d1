/** A due date (`YYYY-MM-DD`) as the reader's language writes dates; the ISO text if it cannot. */
export function formatDue(due: string, language: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(due);
  if (!m) return due;
  try {
    return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  } catch {
    return due;
  }
}

/**
 * The locale to write dates in: the browser's own variant of the UI language when it has one
 * (en-GB writes 31 Dec 2026, en-US Dec 31, 2026), else the UI language.
 */
export function dateLocale(language: string, browserLanguages: readonly string[]): string {
  const base = language.split('-')[0]!.toLowerCase();
  return browserLanguages.find((l) => l.split('-')[0]!.toLowerCase() === base) ?? language;
}
