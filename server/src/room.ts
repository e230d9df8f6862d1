/**
 * One group's live document: its Y.Doc, awareness and connections. Every update is applied,
 * appended to the store, and only then relayed, in the order it was applied (SPEC S10).
 */
import * as Y from 'yjs';
import { SERVER_ORIGIN, migrateDocument, presenceName } from '@causeway/shared';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { ServerConfig } from './config.ts';
import { FacilitatorOnlyMaps } from './facilitator-only.ts';
import type { Metrics } from './metrics.ts';
import type { Persistence, Role } from './store/types.ts';
import {
  CLOSE,
  DENIED,
  ProtocolError,
  decodeAwareness,
  decodeMessage,
  encodeAwareness,
  encodeAwarenessMessage,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  sharedFrame,
  sharedUpdateFrame,
  type CloseCode,
  type SharedFrame,
} from './protocol.ts';

/** Token bucket: `take()` is false once the connection sends faster than allowed. */
class RateLimit {
  private tokens: number;
  private last = performance.now();
  constructor(private readonly rate: { perSecond: number; burst: number }) {
    this.tokens = rate.burst;
  }
  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.rate.burst, this.tokens + ((now - this.last) / 1000) * this.rate.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

let nextConnectionId = 1;

interface RawSocket {
  cork(): void;
  uncork(): void;
  write(chunk: Uint8Array): boolean;
}

/** The parts of `ws` internals a shared frame may bypass only while they hold nothing back. */
interface WsInternals {
  _socket?: RawSocket;
  _sender?: { _state: number; _queue: unknown[] };
}

const corked = new Set<RawSocket>();
const uncorkAll = () => {
  for (const socket of corked) socket.uncork();
  corked.clear();
};

/**
 * Every frame a connection gets within one turn of the event loop leaves in one `writev` instead
 * of one syscall per frame (y-websocket needs one message per frame, so frames cannot be merged).
 * A relay burst in a 30-person room otherwise costs a syscall per receiver per update, and
 * relaying fell behind the reference server at 20 rooms x 30 clients (BENCHMARKS.md).
 * `ws` keeps the TCP socket in `_socket`; it has no public cork.
 */
function corkUntilNextTick(socket: RawSocket): void {
  if (corked.has(socket)) return;
  socket.cork();
  corked.add(socket);
  if (corked.size === 1) process.nextTick(uncorkAll);
}

/** Connections with shared frames queued in this tick, in the order they got their first. */
let waiting: Connection[] = [];
const flushWaiting = () => {
  const connections = waiting;
  waiting = [];
  for (const conn of connections) conn.flushShared();
};

/** Longest awareness state (JSON characters) one client may announce. */
export const MAX_AWARENESS_STATE = 64 * 1024;

/** One WebSocket in a room (lasting state, hence a class). */
export class Connection {
  readonly id = nextConnectionId++;
  /** Awareness client ids this connection announced; removed for everyone when it goes. */
  readonly awarenessClients = new Set<number>();
  /** Whether it answered the last ping. */
  alive = true;
  /** Whether it has been told, since it became read-only, that its writes are refused. */
  toldReadOnly = false;
  closed = false;
  readonly updateLimit: RateLimit;
  readonly awarenessLimit: RateLimit;
  /**
   * Awareness messages this connection may send back without counting against its limit: the
   * stock provider sends back every awareness update it receives (S26), so each one sent to it
   * allows one, up to a burst's worth.
   */
  private echoes = 0;
  private readonly maxEchoes: number;
  readonly log: Logger;
  /** Whether no WebSocket extension (compression) was negotiated, so frames go out as built. */
  private readonly plain: boolean;

  constructor(
    readonly ws: WebSocket,
    readonly role: Role,
    roomLog: Logger,
    config: ServerConfig,
  ) {
    this.log = roomLog.child({ conn: this.id, role });
    this.plain = ws.extensions === '';
    this.updateLimit = new RateLimit(config.updateRate);
    this.awarenessLimit = new RateLimit(config.awarenessRate);
    this.maxEchoes = config.awarenessRate.burst;
  }

  /** Counts an awareness message sent to this connection: the stock provider will send it back. */
  expectEcho(): void {
    this.echoes = Math.min(this.echoes + 1, this.maxEchoes);
  }

  /** Whether a message carrying only others' awareness states is the echo of one sent here. */
  takeEcho(): boolean {
    if (this.echoes === 0) return false;
    this.echoes--;
    return true;
  }

  send(frame: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    // Shared frames queued before this one leave before it.
    if (this.queued !== null) this.flushShared();
    const socket = (this.ws as unknown as WsInternals)._socket;
    if (socket) corkUntilNextTick(socket);
    // No callback: a failed send surfaces as the socket's 'error' and 'close' events.
    this.ws.send(frame);
  }

  /** Shared frames waiting for the end of this tick (one, or several in order). */
  private queued: SharedFrame | SharedFrame[] | null = null;

  /**
   * Sends a frame encoded once for every receiver. Frames wait until the end of the tick, then
   * leave in one socket write (several in one `writev`): their ready WebSocket bytes go straight
   * onto the TCP socket, skipping what `ws.send` does per call (options objects, a header buffer,
   * two buffered chunks, cork and uncork).
   */
  sendShared(frame: SharedFrame): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    const queued = this.queued;
    if (queued === null) {
      this.queued = frame;
      waiting.push(this);
      if (waiting.length === 1) process.nextTick(flushWaiting);
    } else if (Array.isArray(queued)) {
      queued.push(frame);
    } else {
      this.queued = [queued, frame];
    }
  }

  /**
   * Writes the queued shared frames. Straight to the socket only while `ws` holds nothing back
   * (no compression negotiated, nothing queued in its sender), so frames leave whole and in the
   * order sent; else through `ws.send`.
   */
  flushShared(): void {
    const queued = this.queued;
    if (queued === null) return;
    this.queued = null;
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    const { _socket: socket, _sender: sender } = this.ws as unknown as WsInternals;
    const frames = Array.isArray(queued) ? queued : [queued];
    if (!socket || !this.plain || !sender || sender._state !== 0 || sender._queue.length !== 0) {
      for (const frame of frames) this.ws.send(frame.message);
      return;
    }
    if (frames.length === 1) {
      socket.write(frames[0]!.wire);
      return;
    }
    socket.cork();
    for (const frame of frames) socket.write(frame.wire);
    socket.uncork();
  }

  close(code: CloseCode, reason: string): void {
    if (this.closed) return;
    // What was relayed before the close still arrives before it.
    this.flushShared();
    this.closed = true;
    this.log.info({ code, reason }, 'closing connection');
    this.ws.close(code, reason);
    // A peer that never answers the close handshake is cut off.
    setTimeout(() => this.ws.terminate(), 2000).unref();
  }
}

export interface RoomContext {
  persistence: Persistence;
  config: ServerConfig;
  log: Logger;
  metrics: Metrics;
  /** Called when the room cannot continue (store failure, damaged document). */
  onFailed(room: Room): void;
}

export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Set<Connection>();
  /** Connections plus API calls currently using the room. */
  refs = 0;
  locked = false;
  lastEditAt: number | null = null;
  /** Updates applied since the room loaded. */
  edits = 0;
  failed = false;
  private storedBytes = 0;
  /** Whether storedBytes was measured from the document rather than summed from the log. */
  private sizeExact = false;
  private logLength = 0;
  private lastSeq = 0;
  /** Appends and relays run through this chain so that relay order is apply order. */
  private chain: Promise<void> = Promise.resolve();
  /** While a client's update is applied, what Yjs emits waits here until the apply succeeded. */
  private applying: { origin: Connection; updates: Uint8Array[] } | null = null;
  private readonly awarenessOwners = new Map<number, Connection>();
  /** S32: a participant's change to `voting` or `notice` is put back right after it is applied. */
  private readonly facilitatorOnly = new FacilitatorOnlyMaps(this.doc, (origin) => origin instanceof Connection && origin.role !== 'facilitator');

  private constructor(
    readonly name: string,
    private readonly ctx: RoomContext,
  ) {
    this.awareness.setLocalState(null);
  }

  /** Loads the stored state; the room answers nobody before this resolves (SPEC S8). */
  static async load(name: string, ctx: RoomContext, locked: boolean): Promise<Room> {
    const room = new Room(name, ctx);
    room.locked = locked;
    const stored = await ctx.persistence.load(name);
    for (const update of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) {
      try {
        Y.applyUpdate(room.doc, update, 'load');
      } catch (err) {
        // Bytes at rest that Yjs cannot read are skipped, not allowed to make the room unusable.
        ctx.metrics.errors.inc({ kind: 'stored-update' });
        ctx.log.error({ err: String(err) }, 'a stored update cannot be applied; skipped');
      }
    }
    room.storedBytes = (stored.snapshot?.length ?? 0) + stored.updates.reduce((n, u) => n + u.length, 0);
    room.logLength = stored.updates.length;
    room.lastSeq = stored.lastSeq;
    room.doc.on('update', room.onDocUpdate);
    room.awareness.on('update', room.onAwarenessUpdate);
    // Stored documents of an older schema move forward once, as a stored update like any other.
    const migrated = migrateDocument(room.doc);
    if (!migrated.ok) ctx.log.warn({ errors: migrated.errors }, 'document cannot be migrated; served as stored');
    else if (migrated.applied.length > 0) ctx.log.info({ from: migrated.fromVersion, to: migrated.toVersion }, 'document migrated');
    return room;
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown) => {
    if (this.applying) this.applying.updates.push(update);
    else this.persistAndRelay(update, origin);
  };

  private persistAndRelay(update: Uint8Array, origin: unknown): void {
    const { persistence, metrics } = this.ctx;
    metrics.updatesReceived.inc();
    this.storedBytes += update.length;
    this.lastEditAt = Date.now();
    this.edits++;
    const started = performance.now();
    // Started at once so a store may batch appends; relays still go out in order.
    const appended = persistence.append(this.name, update);
    appended.catch(() => {});
    const frame = sharedUpdateFrame(update);
    this.chain = this.chain
      .then(() => appended)
      .then((seq) => {
        metrics.storeLatency.observe((performance.now() - started) / 1000);
        this.lastSeq = Math.max(this.lastSeq, seq);
        this.logLength += 1;
        let relayed = 0;
        for (const conn of this.connections) {
          if (conn === origin) continue;
          conn.sendShared(frame);
          relayed++;
        }
        if (relayed > 0) metrics.updatesRelayed.inc(undefined, relayed);
        const { compactAfterUpdates, compactMaxUpdates } = this.ctx.config;
        if (this.logLength >= compactMaxUpdates) return this.compact();
        if (this.logLength >= compactAfterUpdates) this.compactWhenQuiet();
      })
      .catch((err: unknown) => this.fail('store', err));
  }

  /** Resolves once everything applied so far is stored and relayed. */
  flush(): Promise<void> {
    return this.chain;
  }

  private quietTimer: NodeJS.Timeout | null = null;

  /** S11: (re)starts the wait for a quiet moment; each update pushes the compaction back. */
  private compactWhenQuiet(): void {
    if (this.quietTimer) {
      this.quietTimer.refresh();
      return;
    }
    this.quietTimer = setTimeout(() => {
      this.quietTimer = null;
      this.chain = this.chain.then(() => this.compact()).catch((err: unknown) => this.fail('store', err));
    }, this.ctx.config.compactIdleMs);
    this.quietTimer.unref();
  }

  /** Merges the log into one snapshot (S11: at a quiet moment after N updates, at the cap, on unload). */
  private async compact(): Promise<void> {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = null;
    if (this.logLength === 0 || this.failed || this.destroyed) return;
    const snapshot = Y.encodeStateAsUpdate(this.doc);
    await this.ctx.persistence.compact(this.name, snapshot, this.lastSeq);
    this.storedBytes = snapshot.length;
    this.sizeExact = true;
    this.logLength = 0;
  }

  /** Stores everything and merges the log; used on unload and shutdown. */
  async store(): Promise<void> {
    this.chain = this.chain.then(() => this.compact()).catch((err: unknown) => this.fail('store', err));
    await this.chain;
  }

  private destroyed = false;

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = null;
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.off('update', this.onDocUpdate);
    this.facilitatorOnly.destroy();
    this.doc.destroy();
  }

  private fail(kind: string, err: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.ctx.metrics.errors.inc({ kind });
    this.ctx.log.error({ err: String(err) }, 'room failed; closing its connections');
    for (const conn of this.connections) conn.close(CLOSE.INTERNAL_ERROR, 'Server error; reconnecting');
    this.ctx.onFailed(this);
  }

  canWrite(conn: Connection): boolean {
    if (conn.role === 'viewer') return false;
    return !(this.locked && conn.role === 'participant');
  }

  private tellReadOnly(conn: Connection): void {
    if (conn.toldReadOnly) return;
    conn.toldReadOnly = true;
    conn.send(encodePermissionDenied(conn.role === 'viewer' ? DENIED.VIEWER : DENIED.LOCKED));
  }

  /** Lock and unlock act on open connections at once (SPEC S19). */
  setLocked(locked: boolean): void {
    if (this.locked === locked) return;
    this.locked = locked;
    for (const conn of this.connections) {
      if (conn.role !== 'participant') continue;
      if (locked) {
        this.tellReadOnly(conn);
      } else {
        conn.toldReadOnly = false;
        // Ask for what the client has that we refused, so its next edits do not wait on it.
        conn.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
      }
    }
  }

  addConnection(conn: Connection): void {
    if (this.connections.size >= this.ctx.config.maxConnectionsPerRoom) {
      this.ctx.metrics.connectionsRefused.inc({ reason: 'room-full' });
      conn.close(CLOSE.TRY_AGAIN_LATER, `Room is full (${this.ctx.config.maxConnectionsPerRoom} connections)`);
      return;
    }
    this.connections.add(conn);
    conn.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    this.sendAllAwareness(conn);
    if (!this.canWrite(conn)) this.tellReadOnly(conn);
  }

  removeConnection(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    const clients = [...conn.awarenessClients].filter((id) => this.awarenessOwners.get(id) === conn);
    for (const id of clients) this.awarenessOwners.delete(id);
    if (clients.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, clients, 'disconnect');
  }

  /** People on the board now: awareness states with a name (S16), as the board counts them. */
  people(): number {
    let n = 0;
    for (const state of this.awareness.getStates().values()) if (presenceName(state) !== null) n++;
    return n;
  }

  closeAll(code: CloseCode, reason: string): void {
    for (const conn of this.connections) conn.close(code, reason);
  }

  /** Handles one frame; a frame that breaks the protocol closes only its own connection. */
  handleFrame(conn: Connection, data: Uint8Array, isBinary: boolean): void {
    if (conn.closed || this.failed) return;
    if (!isBinary) return this.reject(conn, new ProtocolError(CLOSE.UNSUPPORTED_DATA, 'text frames are not supported'));
    try {
      const message = decodeMessage(data);
      switch (message.type) {
        case 'sync-step1': {
          if (!conn.updateLimit.take()) return this.rateLimited(conn);
          let diff: Uint8Array;
          try {
            diff = Y.encodeStateAsUpdate(this.doc, message.stateVector);
          } catch {
            throw new ProtocolError(CLOSE.INVALID_PAYLOAD, 'state vector cannot be decoded');
          }
          // Sent once everything in it is stored, like a relay (S10).
          const reply = encodeSyncStep2(diff);
          this.chain = this.chain.then(() => conn.send(reply));
          return;
        }
        case 'sync-step2':
        case 'sync-update':
          if (!conn.updateLimit.take()) return this.rateLimited(conn);
          if (!this.canWrite(conn)) return this.tellReadOnly(conn);
          return this.applyClientUpdate(conn, message.update);
        case 'awareness':
          return this.applyAwareness(conn, message.update);
        case 'query-awareness':
          if (!conn.awarenessLimit.take()) return this.rateLimited(conn);
          return this.sendAllAwareness(conn);
        case 'auth':
          return; // Clients have nothing to say on this channel; ignored.
      }
    } catch (err) {
      if (err instanceof ProtocolError) return this.reject(conn, err);
      throw err;
    }
  }

  private reject(conn: Connection, err: ProtocolError): void {
    this.ctx.metrics.errors.inc({ kind: 'protocol' });
    conn.log.warn({ code: err.code, reason: err.message }, 'bad frame');
    conn.close(err.code, err.message);
  }

  private rateLimited(conn: Connection): void {
    this.ctx.metrics.errors.inc({ kind: 'rate-limit' });
    conn.close(CLOSE.POLICY_VIOLATION, 'Rate limit exceeded; slow down');
  }

  private applyClientUpdate(conn: Connection, update: Uint8Array): void {
    try {
      Y.decodeUpdate(update);
    } catch {
      throw new ProtocolError(CLOSE.INVALID_PAYLOAD, 'update cannot be decoded');
    }
    if (!this.hasRoomFor(update.length)) {
      this.ctx.metrics.errors.inc({ kind: 'document-too-large' });
      const mb = Math.round(this.ctx.config.maxDocBytes / (1024 * 1024));
      conn.close(CLOSE.DOCUMENT_TOO_LARGE, `Diagram is too large (limit ${mb} MB); change refused`);
      return;
    }
    this.applyUpdate(update, conn);
  }

  /** Applies an update; if Yjs throws half-way, nothing of it is stored or relayed. */
  applyUpdate(update: Uint8Array, origin: Connection): void {
    this.applying = { origin, updates: [] };
    let emitted: Uint8Array[];
    try {
      Y.applyUpdate(this.doc, update, origin);
      emitted = this.applying.updates;
    } catch (err) {
      this.applying = null;
      this.facilitatorOnly.clear();
      this.reject(origin, new ProtocolError(CLOSE.INVALID_PAYLOAD, 'update cannot be applied'));
      // The in-memory document may hold part of it: drop the room so it reloads from the store.
      this.fail('damaged-update', err);
      return;
    }
    this.applying = null;
    for (const u of emitted) this.persistAndRelay(u, origin);
    // S32: stored and relayed like any update, to every connection (the sender included).
    const reverted = this.facilitatorOnly.revert(this.doc, SERVER_ORIGIN);
    if (reverted) {
      this.ctx.metrics.errors.inc({ kind: 'facilitator-only' });
      origin.log.warn({ keys: reverted }, 'only the facilitator may change voting or the notice; change reverted');
    }
  }

  /** Whether the document may grow by `bytes` (SPEC S28). */
  hasRoomFor(bytes: number): boolean {
    const limit = this.ctx.config.maxDocBytes;
    if (this.storedBytes + bytes <= limit) return true;
    if (!this.sizeExact) {
      this.storedBytes = Y.encodeStateAsUpdate(this.doc).length;
      this.sizeExact = true;
    }
    return this.storedBytes + bytes <= limit;
  }

  /** Sends every awareness state (on open, and to answer a query). */
  private sendAllAwareness(conn: Connection): void {
    const ids = [...this.awareness.getStates().keys()];
    if (ids.length === 0) return;
    conn.send(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)));
    conn.expectEcho();
  }

  private applyAwareness(conn: Connection, update: Uint8Array): void {
    const entries = decodeAwareness(update);
    // Presence is a name, a colour and a cursor; a large state would only be copied to everyone.
    if (entries.some((e) => e.state.length > MAX_AWARENESS_STATE)) {
      throw new ProtocolError(CLOSE.MESSAGE_TOO_BIG, `awareness state over ${MAX_AWARENESS_STATE} characters`);
    }
    // A connection speaks only for the awareness clients it introduced.
    const own = entries.filter((e) => {
      const owner = this.awarenessOwners.get(e.clientId);
      return owner === undefined || owner === conn;
    });
    // Echoes are dropped, and paid for by what was sent (S26): in a busy room they outnumber a
    // person's own messages many times, and counting them closed everyone who moved a cursor.
    if (own.length === 0 && conn.takeEcho()) return;
    if (!conn.awarenessLimit.take()) return this.rateLimited(conn);
    if (own.length === 0) return;
    for (const e of own) {
      if (e.state === 'null') continue;
      this.awarenessOwners.set(e.clientId, conn);
      conn.awarenessClients.add(e.clientId);
    }
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwareness(own), conn);
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    for (const id of removed) {
      const owner = this.awarenessOwners.get(id);
      if (owner) owner.awarenessClients.delete(id);
      this.awarenessOwners.delete(id);
    }
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    const frame = sharedFrame(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)));
    for (const conn of this.connections) {
      if (conn === origin) continue;
      conn.sendShared(frame);
      conn.expectEcho();
    }
  };

  /** Runs a server-side change (HTTP import) as one transaction and waits until it is stored. */
  async change(fn: (doc: Y.Doc) => void, origin: unknown): Promise<void> {
    this.doc.transact(() => fn(this.doc), origin);
    await this.flush();
    if (this.failed) throw new Error('room failed while storing the change');
  }
}
