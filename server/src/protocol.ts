/**
 * The wire protocol of /sync: y-websocket's framing with y-protocols' message numbers, decoded
 * defensively. Every frame is one message; anything malformed is reported as a ProtocolError
 * carrying the close code to use, never thrown past this file.
 */
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

/** y-protocols/auth: the only auth message type. */
export const AUTH_PERMISSION_DENIED = 0;

/** WebSocket close codes used by the server (RFC 6455 and the 4xxx private range). */
export const CLOSE = {
  /** Server shutting down; the provider reconnects. */
  GOING_AWAY: 1001,
  /** Text frame or unknown message type. */
  UNSUPPORTED_DATA: 1003,
  /** Message or Yjs update that cannot be decoded. */
  INVALID_PAYLOAD: 1007,
  /** Rate limit exceeded; the provider reconnects with backoff. */
  POLICY_VIOLATION: 1008,
  /** Frame over the size limit (sent by the ws library). */
  MESSAGE_TOO_BIG: 1009,
  /** Unexpected server failure (e.g. the store refused a write); the provider reconnects. */
  INTERNAL_ERROR: 1011,
  /** Room has too many connections; the provider retries later. */
  TRY_AGAIN_LATER: 1013,
  /** The group was deleted; 44xx tells the stock provider not to reconnect. */
  GROUP_DELETED: 4404,
  /** The document reached its size limit; further growth is refused. */
  DOCUMENT_TOO_LARGE: 4413,
} as const;

/**
 * Reasons sent with auth permission-denied. The word before the colon is for programs
 * ('viewer' or 'locked'); the rest is for developers (the client shows its own translated text).
 */
export const DENIED = {
  VIEWER: 'viewer: this link is read-only; changes are not saved',
  LOCKED: 'locked: the group is locked; changes are not saved',
} as const;

export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];

export type Message =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2'; update: Uint8Array }
  | { type: 'sync-update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'auth'; reason: string }
  | { type: 'query-awareness' };

export class ProtocolError extends Error {
  constructor(
    readonly code: CloseCode,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a length-prefixed byte array, copied, refusing lengths past the end of this message. */
function readBytes(decoder: decoding.Decoder): Uint8Array {
  const len = decoding.readVarUint(decoder);
  if (len > decoder.arr.length - decoder.pos) throw new ProtocolError(CLOSE.INVALID_PAYLOAD, 'length past end of message');
  // A copy, so nothing later reads past this message into a pooled socket buffer.
  const bytes = new Uint8Array(decoder.arr.subarray(decoder.pos, decoder.pos + len));
  decoder.pos += len;
  return bytes;
}

/** Decodes one frame. Throws ProtocolError (with the close code) for anything malformed. */
export function decodeMessage(frame: Uint8Array): Message {
  const decoder = decoding.createDecoder(frame);
  try {
    const message = readMessage(decoder);
    if (decoder.pos !== frame.length) throw new ProtocolError(CLOSE.INVALID_PAYLOAD, 'trailing bytes after message');
    return message;
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    throw new ProtocolError(CLOSE.INVALID_PAYLOAD, `malformed message: ${(err as Error).message}`);
  }
}

function readMessage(decoder: decoding.Decoder): Message {
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MESSAGE_SYNC: {
      const step = decoding.readVarUint(decoder);
      if (step === SYNC_STEP1) return { type: 'sync-step1', stateVector: readBytes(decoder) };
      if (step === SYNC_STEP2) return { type: 'sync-step2', update: readBytes(decoder) };
      if (step === SYNC_UPDATE) return { type: 'sync-update', update: readBytes(decoder) };
      throw new ProtocolError(CLOSE.UNSUPPORTED_DATA, `unknown sync message type ${step}`);
    }
    case MESSAGE_AWARENESS:
      return { type: 'awareness', update: readBytes(decoder) };
    case MESSAGE_AUTH: {
      const authType = decoding.readVarUint(decoder);
      if (authType !== AUTH_PERMISSION_DENIED) throw new ProtocolError(CLOSE.UNSUPPORTED_DATA, `unknown auth message type ${authType}`);
      return { type: 'auth', reason: new TextDecoder('utf-8', { fatal: true }).decode(readBytes(decoder)) };
    }
    case MESSAGE_QUERY_AWARENESS:
      return { type: 'query-awareness' };
    default:
      throw new ProtocolError(CLOSE.UNSUPPORTED_DATA, `unknown message type ${type}`);
  }
}

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** JSON text of the state; 'null' when the client left. */
  state: string;
}

/** Decodes an awareness update (y-protocols/awareness encoding), validating the JSON states. */
export function decodeAwareness(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  try {
    const count = decoding.readVarUint(decoder);
    if (count > update.length) throw new ProtocolError(CLOSE.INVALID_PAYLOAD, 'awareness count past end of message');
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      if (clientId > 0xffffffff || clock > 0xffffffff) throw new ProtocolError(CLOSE.INVALID_PAYLOAD, 'awareness number out of range');
      const state = new TextDecoder('utf-8', { fatal: true }).decode(readBytes(decoder));
      JSON.parse(state);
      entries.push({ clientId, clock, state });
    }
    if (decoder.pos !== update.length) throw new ProtocolError(CLOSE.INVALID_PAYLOAD, 'trailing bytes after awareness update');
    return entries;
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    throw new ProtocolError(CLOSE.INVALID_PAYLOAD, `malformed awareness update: ${(err as Error).message}`);
  }
}

export function encodeAwareness(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.state);
  }
  return encoding.toUint8Array(encoder);
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export const encodeSyncStep1 = (stateVector: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_STEP1);
    encoding.writeVarUint8Array(e, stateVector);
  });

export const encodeSyncStep2 = (update: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_STEP2);
    encoding.writeVarUint8Array(e, update);
  });

export const encodeUpdate = (update: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_UPDATE);
    encoding.writeVarUint8Array(e, update);
  });

/**
 * A message relayed to many connections, encoded once: `message` is the y-websocket message and
 * `wire` the same bytes already wrapped as one whole, unmasked, final binary WebSocket frame
 * (RFC 6455 section 5.2), so each receiver costs one buffered socket write and nothing else.
 * `message` is a view into `wire`.
 */
export interface SharedFrame {
  readonly message: Uint8Array;
  readonly wire: Uint8Array;
}

/** Bytes of a server-to-client frame header for a payload of `length` bytes. */
const wsHeaderLength = (length: number) => (length < 126 ? 2 : length < 65536 ? 4 : 10);

/** Writes a final binary frame's header (FIN, opcode 2, no mask) for `length` payload bytes. */
function writeWsHeader(wire: Uint8Array, length: number): void {
  wire[0] = 0x82;
  if (length < 126) {
    wire[1] = length;
  } else if (length < 65536) {
    wire[1] = 126;
    wire[2] = length >>> 8;
    wire[3] = length & 0xff;
  } else {
    wire[1] = 127;
    // Frames are limited far below 2^32 bytes, so the upper four length bytes are zero.
    new DataView(wire.buffer, wire.byteOffset, wire.byteLength).setUint32(2, 0);
    new DataView(wire.buffer, wire.byteOffset, wire.byteLength).setUint32(6, length);
  }
}

/** Wraps an encoded message as a SharedFrame (one copy). */
export function sharedFrame(message: Uint8Array): SharedFrame {
  const header = wsHeaderLength(message.length);
  const wire = Buffer.allocUnsafe(header + message.length);
  writeWsHeader(wire, message.length);
  wire.set(message, header);
  return { message: wire.subarray(header), wire };
}

const varUintLength = (n: number) => {
  let bytes = 1;
  while (n > 0x7f) {
    n = Math.floor(n / 128);
    bytes++;
  }
  return bytes;
};

/** `encodeUpdate(update)` as a SharedFrame, written straight into the frame (the relay path). */
export function sharedUpdateFrame(update: Uint8Array): SharedFrame {
  const length = 2 + varUintLength(update.length) + update.length;
  const header = wsHeaderLength(length);
  // Off the V8 heap (Node's pool), so handing it to the socket moves nothing.
  const wire = Buffer.allocUnsafe(header + length);
  writeWsHeader(wire, length);
  let pos = header;
  wire[pos++] = MESSAGE_SYNC;
  wire[pos++] = SYNC_UPDATE;
  let n = update.length;
  while (n > 0x7f) {
    wire[pos++] = 0x80 | (n & 0x7f);
    n = Math.floor(n / 128);
  }
  wire[pos++] = n;
  wire.set(update, pos);
  return { message: wire.subarray(header), wire };
}

export const encodeAwarenessMessage = (update: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, update);
  });

export const encodePermissionDenied = (reason: string) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AUTH);
    encoding.writeVarUint(e, AUTH_PERMISSION_DENIED);
    encoding.writeVarString(e, reason);
  });

export const encodeQueryAwareness = () => frame((e) => encoding.writeVarUint(e, MESSAGE_QUERY_AWARENESS));
