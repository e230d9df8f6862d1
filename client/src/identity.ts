/** Who I am on this device: a display name (asked once, remembered), a colour and a participant id. */
import { isParticipantId, MAX_NAME_LENGTH } from '@causeway/shared';
import type { ParticipantId } from '@causeway/shared';

/** Calm, distinguishable colours with enough contrast for white text and for outlines on white. */
export const PRESENCE_COLOURS = [
  '#d1495b', '#00798c', '#edae49', '#6a4c93', '#2f9e44', '#e76f51', '#1d70a2', '#b5179e', '#8d6e63', '#3a86ff',
] as const;

const NAME_KEY = 'causeway.name';
const COLOUR_KEY = 'causeway.colour';
export const PARTICIPANT_KEY = 'causeway.participant';
export { MAX_NAME_LENGTH };

export interface Identity {
  name: string;
  colour: string;
}

interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function cleanName(raw: string): string {
  return raw.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_LENGTH);
}

/** A colour picked from a seed (any number), stable for that seed, skipping colours others already wear. */
export function colourFor(seed: number, taken: readonly string[] = []): string {
  const start = Math.abs(Math.floor(seed)) % PRESENCE_COLOURS.length;
  for (let i = 0; i < PRESENCE_COLOURS.length; i++) {
    const colour = PRESENCE_COLOURS[(start + i) % PRESENCE_COLOURS.length]!;
    if (!taken.includes(colour)) return colour;
  }
  return PRESENCE_COLOURS[start]!;
}

/** The stored identity, or null when this device has not been given a name yet. */
export function loadIdentity(store: KeyValueStore, seed: number, taken: readonly string[] = []): Identity | null {
  const name = cleanName(store.getItem(NAME_KEY) ?? '');
  if (!name) return null;
  let colour = store.getItem(COLOUR_KEY) ?? '';
  if (!(PRESENCE_COLOURS as readonly string[]).includes(colour)) {
    colour = colourFor(seed, taken);
    store.setItem(COLOUR_KEY, colour);
  }
  return { name, colour };
}

export function saveName(store: KeyValueStore, rawName: string, seed: number, taken: readonly string[] = []): Identity | null {
  const name = cleanName(rawName);
  if (!name) return null;
  store.setItem(NAME_KEY, name);
  return loadIdentity(store, seed, taken);
}

/** `p` and 22 characters of [A-Za-z0-9_-] (132 random bits): valid for `isParticipantId`, and never the same twice in practice. */
export function newParticipantId(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): ParticipantId {
  const bytes = random(new Uint8Array(22));
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
  let id = 'p';
  for (const byte of bytes) id += alphabet[byte & 63];
  return id as ParticipantId;
}

/**
 * M-F6: the id this device's votes are counted under, made once and kept, so a reload, a reconnect
 * or a second tab of the same person shares one vote budget. A stored value that is not a valid
 * id (edited by hand, or from an older version) is replaced.
 */
export function loadParticipantId(store: KeyValueStore, make: () => ParticipantId = () => newParticipantId()): ParticipantId {
  const stored = store.getItem(PARTICIPANT_KEY);
  if (isParticipantId(stored)) return stored;
  const id = make();
  store.setItem(PARTICIPANT_KEY, id);
  return id;
}
