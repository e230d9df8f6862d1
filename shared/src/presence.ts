/** Longest display name (C2), in characters. */
export const MAX_NAME_LENGTH = 40;

/**
 * The display name an awareness state announces (trimmed, at most MAX_NAME_LENGTH characters), or
 * null. A state without a name is not a person: the overview's and the projector's connections
 * announce none, so they are neither drawn as peers nor counted as people in a group.
 */
export function presenceName(state: unknown): string | null {
  if (typeof state !== 'object' || state === null) return null;
  const user = (state as Record<string, unknown>).user as Record<string, unknown> | undefined;
  if (typeof user !== 'object' || user === null || typeof user.name !== 'string') return null;
  return user.name.trim().slice(0, MAX_NAME_LENGTH) || null;
}
