import type { NodeId } from './tree.ts';

/** Ids in documents, rooms and URLs: DESIGN.md "Ids match [A-Za-z0-9_-]{1,64}". */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 22 base-62 characters carry about 131 random bits: collisions are not a practical concern. */
const ID_LENGTH = 22;

/** Fills the output from crypto.getRandomValues, rejecting bytes that would bias the alphabet. */
export function randomId(length: number = ID_LENGTH): string {
  let out = '';
  const bytes = new Uint8Array(length * 2);
  while (out.length < length) {
    crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      // 248 = 4 * 62: bytes above it would make the first characters more likely.
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export function newNodeId(): NodeId {
  return randomId() as NodeId;
}

/** 'root' is the parent marker of categories, so it can never be a node id. */
export function isNodeId(value: unknown): value is NodeId {
  return typeof value === 'string' && value !== 'root' && ID_PATTERN.test(value);
}
