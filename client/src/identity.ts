/** Who I am on this device: a display name (asked once, remembered) and a colour. */

/** Calm, distinguishable colours with enough contrast for white text and for outlines on white. */
export const PRESENCE_COLOURS = [
  '#d1495b', '#00798c', '#edae49', '#6a4c93', '#2f9e44', '#e76f51', '#1d70a2', '#b5179e', '#8d6e63', '#3a86ff',
] as const;

const NAME_KEY = 'causeway.name';
const COLOUR_KEY = 'causeway.colour';
export const MAX_NAME_LENGTH = 40;

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
