import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new role secret: 32 random bytes, base64url (43 characters, safe in a URL as is). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the store keeps instead of a token: its SHA-256, lowercase hex. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Compares two token hashes in constant time. Inputs of different length are unequal; that
 * reveals only the length, which for SHA-256 hex is public anyway. An empty hash never matches,
 * so a missing stored hash cannot be matched by a missing candidate.
 */
export function tokensEqual(hashA: string, hashB: string): boolean {
  const a = Buffer.from(hashA, 'utf8');
  const b = Buffer.from(hashB, 'utf8');
  if (a.length === 0 || a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}
