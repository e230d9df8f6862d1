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
