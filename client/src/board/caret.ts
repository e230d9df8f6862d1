/**
 * Where a caret should go when someone else changes the text under it: characters inserted or
 * deleted before the caret shift it, changes after it do not. Pure; tested in Node.
 */
export function rebaseCaret(before: string, after: string, caret: number): number {
  if (before === after) return caret;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  if (caret <= start) return caret;
  const oldChangeEnd = before.length - end;
  if (caret >= oldChangeEnd) return Math.min(after.length, caret + (after.length - before.length));
  // Inside the replaced span: keep it at the end of what replaced it.
  return after.length - end;
}
