import type * as Y from 'yjs';

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * Turns `text` into `next` by deleting and inserting only the changed middle (common prefix and
 * suffix kept), so characters another peer typed elsewhere in the label survive (M7). Never cuts
 * a surrogate pair in half. Returns false when nothing changed.
 */
export function applyTextDiff(text: Y.Text, next: string): boolean {
  const previous = text.toString();
  if (previous === next) return false;
  const max = Math.min(previous.length, next.length);
  let start = 0;
  while (start < max && previous.charCodeAt(start) === next.charCodeAt(start)) start++;
  if (start > 0 && isHigh(previous.charCodeAt(start - 1))) start--;
  let end = 0;
  while (end < max - start && previous.charCodeAt(previous.length - 1 - end) === next.charCodeAt(next.length - 1 - end)) end++;
  if (end > 0 && isLow(previous.charCodeAt(previous.length - end))) end--;
  const removed = previous.length - start - end;
  if (removed > 0) text.delete(start, removed);
  const inserted = next.slice(start, next.length - end);
  if (inserted.length > 0) text.insert(start, inserted);
  return true;
}
