import { describe, expect, it } from 'vitest';
import { hashToken, newToken, tokensEqual } from '../../server/src/store/tokens.ts';

describe('role tokens', () => {
  it('S-ST14: a new token is at least 32 random bytes in base64url, and tokens differ', () => {
    const tokens = Array.from({ length: 1000 }, () => newToken());
    for (const t of tokens.slice(0, 50)) {
      expect(t).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(t, 'base64url').length).toBeGreaterThanOrEqual(32);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('S-ST14: a token is stored as its SHA-256 in lowercase hex', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const t = newToken();
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t)).not.toContain(t);
    expect(hashToken(t)).toBe(hashToken(t));
  });

  it('S-ST14: tokensEqual accepts the same hash and refuses any other, including other lengths and empty ones', () => {
    const t = newToken();
    expect(tokensEqual(hashToken(t), hashToken(t))).toBe(true);
    expect(tokensEqual(hashToken(t), hashToken(newToken()))).toBe(false);
    const h = hashToken(t);
    const oneOff = h.slice(0, -1) + (h.endsWith('0') ? '1' : '0');
    expect(tokensEqual(h, oneOff)).toBe(false);
    expect(tokensEqual(h, h.slice(0, 63))).toBe(false);
    expect(tokensEqual(h, '')).toBe(false);
    expect(tokensEqual('', '')).toBe(false);
  });
});
