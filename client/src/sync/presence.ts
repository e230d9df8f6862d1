/**
 * Presence lives in Yjs awareness only (STYLE.md 2): never stored, never in the document.
 * Remote states come from other people's browsers, so they are validated like any input.
 */
import { presenceName } from '@causeway/shared';
import type { WebsocketProvider } from 'y-websocket';

export type LabelId = string;

export interface PresenceState {
  user: { name: string; colour: string };
  /** Pointer position in diagram coordinates, or null when the pointer is off the board. */
  cursor: { x: number; y: number } | null;
  /** The selected node ('problem' for the head). */
  selection: LabelId | null;
  /** The node whose label is being edited. */
  editing: LabelId | null;
  /** A drag in progress: the dragged node. Written to the document only on drop. */
  dragging: LabelId | null;
}

export interface Peer extends PresenceState {
  clientId: number;
}

const COLOUR = /^#[0-9a-fA-F]{6}$/;
const MAX_ID = 64;

function finite(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n) && Math.abs(n) < 1e7;
}

function idOrNull(v: unknown): LabelId | null {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_ID ? v : null;
}

/** A remote awareness state made safe to draw, or null if it carries no user. */
export function readPeer(clientId: number, raw: unknown): Peer | null {
  const name = presenceName(raw);
  if (name === null) return null;
  const r = raw as Record<string, unknown>;
  const user = r.user as Record<string, unknown>;
  const colour = typeof user.colour === 'string' && COLOUR.test(user.colour) ? user.colour : '#888888';
  const c = r.cursor as Record<string, unknown> | null | undefined;
  const cursor = c && typeof c === 'object' && finite(c.x) && finite(c.y) ? { x: c.x, y: c.y } : null;
  return {
    clientId,
    user: { name, colour },
    cursor,
    selection: idOrNull(r.selection),
    editing: idOrNull(r.editing),
    dragging: idOrNull(r.dragging),
  };
}

/** Every other person with a name, in a stable order (by client id). */
export function readPeers(states: Map<number, unknown>, selfId: number): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, raw] of states) {
    if (clientId === selfId) continue;
    const peer = readPeer(clientId, raw);
    if (peer) peers.push(peer);
  }
  return peers.sort((a, b) => a.clientId - b.clientId);
}

/**
 * Calls `send` at most once per `interval` ms with the latest value (leading and trailing edge),
 * so cursor moves reach others smoothly without flooding the socket.
 */
export function throttle<T>(send: (value: T) => void, interval: number, now: () => number = Date.now): {
  push(value: T): void;
  flush(): void;
  cancel(): void;
} {
  let last = -Infinity;
  let pending: { value: T } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const fire = () => {
    timer = null;
    if (!pending) return;
    const { value } = pending;
    pending = null;
    last = now();
    send(value);
  };
  return {
    push(value) {
      pending = { value };
      const wait = last + interval - now();
      if (wait <= 0) {
        if (timer) clearTimeout(timer);
        fire();
      } else if (!timer) timer = setTimeout(fire, wait);
    },
    flush() {
      if (timer) clearTimeout(timer);
      fire();
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}

/**
 * The stock provider sends every awareness update it applies back to the server, its peers' too,
 * where they are dropped (S26): in a group of N moving cursors that is N - 1 messages up for each
 * one of one's own. After this call only this client's own changes leave.
 */
export function sendOwnAwarenessOnly(provider: WebsocketProvider): void {
  const send = provider._awarenessUpdateHandler;
  provider.awareness.off('update', send);
  // Kept in the provider's field, so that its destroy() removes this listener.
  provider._awarenessUpdateHandler = (changes, origin) => {
    if (origin !== provider) send(changes, origin);
  };
  provider.awareness.on('update', provider._awarenessUpdateHandler);
}
