/**
 * The rooms held in memory: loaded on first use, stored and unloaded when nobody uses them,
 * pinged for liveness, and stored and closed on shutdown.
 */
import type { Logger } from 'pino';
import type { ServerConfig } from './config.ts';
import type { Metrics } from './metrics.ts';
import type { Persistence } from './store/types.ts';
import { HttpError } from './errors.ts';
import { CLOSE, type CloseCode } from './protocol.ts';
import { Room, type Connection } from './room.ts';

export const roomName = (workshopId: string, groupId: string) => `${workshopId}/${groupId}`;

export class Rooms {
  private readonly loaded = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly pingTimer: NodeJS.Timeout;
  private closing = false;
  /** Called with a stored room just before it is dropped from memory. */
  readonly beforeUnload = new Set<(room: Room) => void>();
  /** Called after a room was unloaded (tests wait on it). */
  readonly unloaded = new Set<(name: string) => void>();

  constructor(
    private readonly persistence: Persistence,
    private readonly config: ServerConfig,
    private readonly log: Logger,
    private readonly metrics: Metrics,
    /** Whether a group is locked, read when its room loads. */
    private readonly isLocked: (name: string) => Promise<boolean>,
  ) {
    this.pingTimer = setInterval(() => this.ping(), config.pingIntervalMs);
    this.pingTimer.unref();
  }

  get size(): number {
    return this.loaded.size;
  }

  get connectionCount(): number {
    let n = 0;
    for (const room of this.loaded.values()) n += room.connections.size;
    return n;
  }

  get(name: string): Room | undefined {
    return this.loaded.get(name);
  }

  /** Loads the room if needed and holds it until release(); the caller must release it. */
  async acquire(name: string): Promise<Room> {
    if (this.closing) throw new HttpError(503, 'shutting_down', 'Server is restarting');
    for (;;) {
      const unloading = this.unloading.get(name);
      if (unloading) {
        await unloading;
        continue;
      }
      const room = this.loaded.get(name) ?? (await this.load(name));
      if (room.failed || this.unloading.has(name)) continue;
      room.refs += 1;
      return room;
    }
  }

  release(room: Room): void {
    room.refs -= 1;
    this.maybeUnload(room);
  }

  private load(name: string): Promise<Room> {
    let pending = this.loading.get(name);
    if (!pending) {
      const log = this.log.child({ room: name });
      pending = this.isLocked(name)
        .then((locked) =>
          Room.load(name, {
            persistence: this.persistence,
            config: this.config,
            log,
            metrics: this.metrics,
            onFailed: (room) => this.evict(room),
          }, locked),
        )
        .then((room) => {
          this.loaded.set(name, room);
          log.debug('room loaded');
          return room;
        })
        .finally(() => this.loading.delete(name));
      this.loading.set(name, pending);
    }
    return pending;
  }

  private maybeUnload(room: Room): void {
    if (room.refs > 0 || room.connections.size > 0 || this.loaded.get(room.name) !== room) return;
    if (this.unloading.has(room.name)) return;
    const done = room
      .store()
      .catch((err: unknown) => this.log.error({ room: room.name, err: String(err) }, 'storing room on unload failed'))
      .then(() => {
        // Someone may have acquired it while it was being stored; a failed room is already gone.
        if (room.refs > 0 || room.connections.size > 0 || room.failed) return;
        for (const listener of this.beforeUnload) listener(room);
        this.loaded.delete(room.name);
        room.destroy();
        this.log.debug({ room: room.name }, 'room unloaded');
        for (const listener of this.unloaded) listener(room.name);
      })
      .finally(() => this.unloading.delete(room.name));
    this.unloading.set(room.name, done);
  }

  /** A failed room is dropped at once; the next user reloads it from the store. */
  private evict(room: Room): void {
    if (this.loaded.get(room.name) === room) this.loaded.delete(room.name);
    room.destroy();
  }

  /** Attaches a connection (the caller acquired the room for it; closing releases it). */
  attach(room: Room, conn: Connection): void {
    conn.ws.on('pong', () => {
      conn.alive = true;
    });
    conn.ws.on('message', (data, isBinary) => {
      try {
        room.handleFrame(conn, toBytes(data), isBinary);
      } catch (err) {
        this.metrics.errors.inc({ kind: 'internal' });
        conn.log.error({ err: String(err) }, 'frame handling failed');
        conn.close(CLOSE.INTERNAL_ERROR, 'Server error');
      }
    });
    conn.ws.on('error', (err) => {
      this.metrics.errors.inc({ kind: 'socket' });
      conn.log.warn({ err: err.message }, 'socket error');
    });
    conn.ws.on('close', (code) => {
      conn.closed = true;
      conn.log.info({ code }, 'connection closed');
      room.removeConnection(conn);
      this.release(room);
    });
    room.addConnection(conn);
  }

  setLocked(name: string, locked: boolean): void {
    this.loaded.get(name)?.setLocked(locked);
  }

  /** Closes every connection of a room (group deleted) and forgets it without storing. */
  async drop(name: string, code: CloseCode, reason: string): Promise<void> {
    await this.loading.get(name)?.catch(() => undefined);
    await this.unloading.get(name);
    const room = this.loaded.get(name);
    if (!room) return;
    room.closeAll(code, reason);
    await room.flush();
    this.evict(room);
  }

  private ping(): void {
    for (const room of this.loaded.values()) {
      for (const conn of room.connections) {
        if (!conn.alive) {
          conn.log.info('no answer to ping; closing');
          this.metrics.errors.inc({ kind: 'ping-timeout' });
          conn.closed = true;
          // Its awareness goes for everyone now, not when the socket finally reports closing.
          room.removeConnection(conn);
          conn.ws.terminate();
          continue;
        }
        conn.alive = false;
        if (conn.ws.readyState === conn.ws.OPEN) conn.ws.ping();
      }
    }
  }

  /** Stores every room, then closes every connection with 1001 (SPEC S3). */
  async shutdown(): Promise<void> {
    this.closing = true;
    clearInterval(this.pingTimer);
    await Promise.allSettled([...this.loading.values()]);
    const rooms = [...this.loaded.values()];
    await Promise.allSettled(rooms.map((room) => room.store()));
    for (const room of rooms) room.closeAll(CLOSE.GOING_AWAY, 'Server is restarting');
    await Promise.allSettled(rooms.map((room) => room.store()));
    await Promise.allSettled([...this.unloading.values()]);
    for (const room of rooms) if (this.loaded.get(room.name) === room) this.evict(room);
  }
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  // A copy: ws may hand out views into a pooled buffer.
  return new Uint8Array(data instanceof ArrayBuffer ? data.slice(0) : data);
}
