/**
 * Fractional indexes: order keys are base-62 digit strings read as fractions (0.xyz), compared
 * as plain strings. A key never ends in '0', so there is always room between two keys.
 */

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE = DIGITS.length;

export const ORDER_KEY_PATTERN = /^[0-9A-Za-z]*[1-9A-Za-z]$/;

export function isOrderKey(value: unknown): value is string {
  return typeof value === 'string' && ORDER_KEY_PATTERN.test(value);
}

/** Plain code-unit comparison: the same on every peer, independent of locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function digitValue(char: string | undefined): number {
  const value = char === undefined ? -1 : DIGITS.indexOf(char);
  if (value < 0) throw new Error(`order key digit ${JSON.stringify(char)} is not base-62`);
  return value;
}

/** A key strictly between a (or 0) and b (or 1); a < b, b without a trailing '0'. */
function midpoint(a: string, b: string | null): string {
  if (b !== null) {
    let n = 0;
    while (n < b.length && (a[n] ?? '0') === b[n]) n++;
    if (n > 0) return b.slice(0, n) + midpoint(a.slice(n), b.slice(n));
  }
  const low = a.length > 0 ? digitValue(a[0]) : 0;
  const high = b !== null ? digitValue(b[0]) : BASE;
  if (high - low > 1) return DIGITS[Math.round((low + high) / 2)]!;
  if (b !== null && b.length > 1) return b.slice(0, 1);
  return DIGITS[low]! + midpoint(a.slice(1), null);
}

function randomSuffix(): string {
  const bytes = new Uint8Array(2);
  crypto.getRandomValues(bytes);
  // Last digit from 1..61 so the key keeps "no trailing zero".
  return DIGITS[bytes[0]! % BASE]! + DIGITS[1 + (bytes[1]! % (BASE - 1))]!;
}

/**
 * A key k with lower < k < upper (null means open end). Two random digits are appended when they
 * fit, so two peers inserting at the same place at the same time almost never produce equal keys.
 * Throws if the bounds are not valid keys or not in order.
 */
export function keyBetween(lower: string | null, upper: string | null, jitter = true): string {
  if (lower !== null && !/^[0-9A-Za-z]*$/.test(lower)) throw new Error(`invalid lower order key ${JSON.stringify(lower)}`);
  if (upper !== null && !isOrderKey(upper)) throw new Error(`invalid upper order key ${JSON.stringify(upper)}`);
  if (lower !== null && upper !== null && lower >= upper) throw new Error(`order keys out of order: ${lower} >= ${upper}`);
  const key = midpoint(lower ?? '', upper);
  if (!jitter) return key;
  const jittered = key + randomSuffix();
  return upper === null || jittered < upper ? jittered : key;
}

/** n increasing keys spread evenly over (0, 1), of equal length; deterministic. */
export function evenKeys(n: number): string[] {
  let width = 1;
  while (BASE ** width <= n) width++;
  const span = BASE ** width;
  const keys: string[] = [];
  for (let i = 1; i <= n; i++) {
    let value = Math.floor((i * span) / (n + 1));
    let key = '';
    for (let w = 0; w < width; w++) {
      key = DIGITS[value % BASE]! + key;
      value = Math.floor(value / BASE);
    }
    // A trailing zero would leave no room below the next key; 'V' keeps it between neighbours.
    keys.push(key.endsWith('0') ? key + 'V' : key);
  }
  return keys;
}
