import { useEffect, useRef, useState } from 'react';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as authProtocol from 'y-protocols/auth';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { sendOwnAwarenessOnly } from './presence.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface ConnectionState {
  status: ConnectionStatus;
  /** The server's copy has been received at least once since the page opened. */
  synced: boolean;
  /** The copy kept on this device (IndexedDB) has been loaded. */
  localLoaded: boolean;
  /** The server said this connection may not write: a viewer link, or the group is locked. */
  denied: 'viewer' | 'locked' | null;
  /** The server refused the connection for good (close code 4400-4499). */
  refused: boolean;
}

/** y-protocols' message numbers (STYLE.md 7). */
const MESSAGE_SYNC = 0;
const MESSAGE_AUTH = 2;
const SYNC_STEP1 = 0;
/** How long the socket waits at most for this device's copy of the document (IndexedDB). */
const LOCAL_WAIT_MS = 1000;

/** The server's refusal reason starts with a word for programs: 'viewer' or 'locked'. */
export function deniedKind(reason: string): 'viewer' | 'locked' {
  return reason.trim().toLowerCase().startsWith('locked') ? 'locked' : 'viewer';
}

/**
 * Runs `fn` once, right after the next animation frame, or as soon as the page is hidden if that
 * comes first: a hidden page draws no frames, so the frame might not come until it is shown again.
 */
function afterNextFrame(fn: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    document.removeEventListener('visibilitychange', onHidden);
    fn();
  };
  const onHidden = () => {
    if (document.visibilityState === 'hidden') run();
  };
  document.addEventListener('visibilitychange', onHidden);
  requestAnimationFrame(() => window.setTimeout(run));
}

/**
 * One group's live document: the Y.Doc, the stock y-websocket provider (room `<w>/<g>`, the
 * token as a URL parameter), and an IndexedDB copy so that offline edits survive a reload.
 * A class because it owns lasting state (sockets, storage) and must be destroyed.
 */
export class BoardConnection {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly awareness: Awareness;
  private readonly local: IndexeddbPersistence;
  private state: ConnectionState = { status: 'connecting', synced: false, localLoaded: false, denied: null, refused: false };
  private readonly listeners = new Set<() => void>();
  private everConnected = false;
  private asked = false;
  private destroyed = false;
  private askTimer = 0;
  private readonly onOnline = () => {
    this.asked = true;
    this.provider.connect();
  };
  private readonly onOffline = () => {
    // The browser knows the network is gone before the socket does; do not wait for the watchdog.
    // It reconnects on the 'online' event.
    this.provider.disconnect();
    this.set({ status: 'offline' });
  };

  constructor(readonly workshopId: string, readonly groupId: string, readonly token: string, origin = location) {
    const scheme = origin.protocol === 'https:' ? 'wss' : 'ws';
    const room = `${workshopId}/${groupId}`;
    this.local = new IndexeddbPersistence(`causeway:${room}`, this.doc);
    void this.local.whenSynced.then(() => {
      performance.mark('causeway:local-loaded');
      this.set({ localLoaded: true });
    });
    this.provider = new WebsocketProvider(`${scheme}://${origin.host}/sync`, room, this.doc, {
      params: { token },
      // Connected once this device's copy is loaded (below): asked with an empty state, the server
      // sends the whole document, which then arrives twice and is stored in IndexedDB again.
      connect: false,
      maxBackoffTime: 2500,
      // Tabs of one board keep in step through the server. The provider's BroadcastChannel would
      // encode the whole document for other tabs as it connects (~40 ms at 500 causes, before the first frame).
      disableBc: true,
    });
    sendOwnAwarenessOnly(this.provider);
    const connect = () => {
      if (!this.destroyed && (typeof navigator === 'undefined' || navigator.onLine !== false)) this.provider.connect();
    };
    const ask = () => {
      if (this.asked || this.destroyed) return;
      this.asked = true;
      window.clearTimeout(this.askTimer);
      // With a copy on this device, the board draws it first and the socket opens right after that
      // frame: opening it, the server's replies and the presence they bring otherwise ran before
      // the first frame of a large diagram and delayed it (by ~65 ms at 500 causes, BENCHMARKS.md).
      // A hidden tab draws no frames, and an empty copy has nothing to draw: they connect at once.
      if (this.doc.store.clients.size > 0 && document.visibilityState === 'visible') afterNextFrame(connect);
      else connect();
    };
    void this.local.whenSynced.then(ask);
    // A slow or broken IndexedDB (private mode) never holds the connection back for long.
    this.askTimer = window.setTimeout(ask, LOCAL_WAIT_MS);
    this.awareness = this.provider.awareness;
    this.provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => {
      authProtocol.readAuthMessage(decoder, this.doc, (_doc, reason) => this.set({ denied: deniedKind(reason) }));
    };
    // The server answers an unlock by asking for our state again (sync step 1); on a new
    // connection it sends step 1 first and the refusal after it, so this also resets correctly.
    const handleSync = this.provider.messageHandlers[MESSAGE_SYNC]!;
    this.provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, provider, emitSynced, messageType) => {
      const step = decoder.arr[decoder.pos];
      if (step === SYNC_STEP1 && this.state.denied === 'locked') this.set({ denied: null });
      handleSync(encoder, decoder, provider, emitSynced, messageType);
    };
    this.provider.on('status', ({ status }) => {
      if (status === 'connected') {
        performance.mark('causeway:connected');
        this.everConnected = true;
        this.set({ status: 'connected' });
      } else if (!navigator.onLine) this.set({ status: 'offline' });
      else this.set({ status: this.everConnected ? 'reconnecting' : 'connecting' });
    });
    this.provider.on('sync', (synced: boolean) => {
      if (synced) {
        performance.mark('causeway:synced');
        this.set({ synced: true });
      }
    });
    this.provider.on('closed', () => this.set({ refused: true }));
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    if (!navigator.onLine) this.set({ status: 'offline' });
  }

  getState = (): ConnectionState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  destroy(): void {
    this.destroyed = true;
    window.clearTimeout(this.askTimer);
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    this.provider.destroy();
    void this.local.destroy();
    this.doc.destroy();
  }

  private set(patch: Partial<ConnectionState>): void {
    const next = { ...this.state, ...patch };
    if (Object.keys(patch).every((k) => next[k as keyof ConnectionState] === this.state[k as keyof ConnectionState])) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}

/** A connection opened before React started (connectEarly), waiting for its board. */
let early: BoardConnection | null = null;

/**
 * Opens a group's connection at once, while the rest of the page starts: the copy on this device
 * (IndexedDB) and the socket load in parallel with the language and the first render, which is
 * what the first drawn frame waits for. The board's useGroupConnection takes it over.
 */
export function connectEarly(workshopId: string, groupId: string, token: string): void {
  early?.destroy();
  early = new BoardConnection(workshopId, groupId, token);
}

function isFor(conn: BoardConnection | null, workshopId: string, groupId: string, token: string | null): conn is BoardConnection {
  return conn !== null && conn.workshopId === workshopId && conn.groupId === groupId && conn.token === token;
}

function takeEarly(workshopId: string, groupId: string, token: string | null): BoardConnection | null {
  const conn = early;
  if (!isFor(conn, workshopId, groupId, token)) return null;
  early = null;
  return conn;
}

/**
 * The group's connection while the link is not known to be wrong: opened at once, in parallel with
 * the link check (the first paint waits for neither alone), closed on unmount or a change of group.
 * The first one may have been opened before React started (connectEarly).
 */
export function useGroupConnection(workshopId: string, groupId: string, token: string | null, wrong: boolean): BoardConnection | null {
  const [connection, setConnection] = useState<BoardConnection | null>(() => (wrong ? null : takeEarly(workshopId, groupId, token)));
  const opened = useRef(connection);
  useEffect(() => {
    if (!token || wrong) return;
    // Used once: after a cleanup (another group, a wrong link, StrictMode's second run) a new one.
    const taken = opened.current;
    opened.current = null;
    const conn = isFor(taken, workshopId, groupId, token) ? taken : new BoardConnection(workshopId, groupId, token);
    if (taken && conn !== taken) taken.destroy();
    setConnection(conn);
    return () => {
      conn.destroy();
      setConnection(null);
    };
  }, [workshopId, groupId, token, wrong]);
  return connection;
}
