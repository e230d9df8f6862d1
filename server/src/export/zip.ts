/**
 * A small ZIP writer and reader (PKWARE APPNOTE 6.3: local headers, central directory, end record;
 * no ZIP64, so under 65,535 entries and 4 GiB). Names are UTF-8 with flag bit 11 set, so names in
 * any script open right in every current unzip tool. Entries are stored or deflated, whichever is
 * smaller.
 */
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  /** Path inside the archive, '/' separated. */
  name: string;
  data: Uint8Array | string;
  /** Default true; false stores the bytes as they are (e.g. PNG, already compressed). */
  compress?: boolean;
}

const UTF8_FLAG = 0x0800;
const STORE = 0;
const DEFLATE = 8;
const VERSION = 20;
/** Version made by: Unix (3) and 2.0; with MS-DOS (0) Info-ZIP unzip recodes names as if they were code page 437. */
const MADE_BY = (3 << 8) | VERSION;
/** External attributes for a Unix host: a regular file, rw-r--r--. */
const FILE_MODE = (0o100644 << 16) >>> 0;
const MAX_U32 = 0xffffffff;

/** MS-DOS date and time (local fields of `date`, 2-second resolution, 1980 at the earliest). */
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.max(1980, date.getUTCFullYear());
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

function checkName(name: string): void {
  if (name === '' || name.startsWith('/') || name.includes('\\') || name.split('/').some((part) => part === '..' || part === '.')) {
    throw new Error(`zip: bad entry name ${JSON.stringify(name)}`);
  }
}

/** Builds a ZIP archive; `modified` is stamped on every entry (UTC fields). */
export function createZip(entries: readonly ZipEntry[], modified = new Date()): Buffer {
  if (entries.length > 0xffff) throw new Error('zip: too many entries');
  const stamp = dosDateTime(modified);
  const seen = new Set<string>();
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    checkName(entry.name);
    if (seen.has(entry.name)) throw new Error(`zip: duplicate entry ${entry.name}`);
    seen.add(entry.name);
    const name = Buffer.from(entry.name, 'utf8');
    const raw = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength);
    const crc = crc32(raw) >>> 0;
    let method = STORE;
    let body = raw;
    if (entry.compress !== false && raw.length > 0) {
      const deflated = deflateRawSync(raw);
      if (deflated.length < raw.length) {
        method = DEFLATE;
        body = deflated;
      }
    }
    if (raw.length > MAX_U32 || offset + 30 + name.length + body.length > MAX_U32) throw new Error('zip: archive over 4 GiB');

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(VERSION, 4);
    local.writeUInt16LE(UTF8_FLAG, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(stamp.time, 10);
    local.writeUInt16LE(stamp.date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);

    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(MADE_BY, 4);
    header.writeUInt16LE(VERSION, 6);
    header.writeUInt16LE(UTF8_FLAG, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt16LE(stamp.time, 12);
    header.writeUInt16LE(stamp.date, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(body.length, 20);
    header.writeUInt32LE(raw.length, 24);
    header.writeUInt16LE(name.length, 28);
    // extra length, comment length, disk number, internal attributes: all 0
    header.writeUInt32LE(FILE_MODE, 38);
    header.writeUInt32LE(offset, 42);

    chunks.push(local, name, body);
    central.push(header, name);
    offset += local.length + name.length + body.length;
  }
  const centralSize = central.reduce((sum, b) => sum + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

export interface ReadEntry {
  name: string;
  data: Buffer;
  crc: number;
  method: number;
  utf8: boolean;
}

/**
 * Reads an archive written by createZip (or any non-ZIP64, unencrypted store/deflate archive),
 * checking every entry's sizes and CRC-32; throws on the first problem.
 */
export function readZip(zip: Uint8Array): ReadEntry[] {
  const buf = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  let endAt = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      endAt = i;
      break;
    }
  }
  if (endAt < 0) throw new Error('zip: no end of central directory');
  const count = buf.readUInt16LE(endAt + 10);
  let at = buf.readUInt32LE(endAt + 16);
  const out: ReadEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`zip: bad central header ${i}`);
    const flags = buf.readUInt16LE(at + 8);
    const method = buf.readUInt16LE(at + 10);
    const crc = buf.readUInt32LE(at + 16);
    const size = buf.readUInt32LE(at + 20);
    const rawSize = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const skip = buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    const localAt = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLength).toString(flags & UTF8_FLAG ? 'utf8' : 'latin1');
    at += 46 + nameLength + skip;

    if (buf.readUInt32LE(localAt) !== 0x04034b50) throw new Error(`zip: bad local header for ${name}`);
    if (buf.readUInt32LE(localAt + 14) !== crc) throw new Error(`zip: local and central CRC differ for ${name}`);
    const dataAt = localAt + 30 + buf.readUInt16LE(localAt + 26) + buf.readUInt16LE(localAt + 28);
    const body = buf.subarray(dataAt, dataAt + size);
    if (body.length !== size) throw new Error(`zip: ${name} is truncated`);
    const data = method === STORE ? Buffer.from(body) : method === DEFLATE ? inflateRawSync(body) : null;
    if (!data) throw new Error(`zip: ${name} uses method ${method}`);
    if (data.length !== rawSize) throw new Error(`zip: ${name} has ${data.length} bytes, header says ${rawSize}`);
    if (crc32(data) >>> 0 !== crc) throw new Error(`zip: CRC mismatch for ${name}`);
    out.push({ name, data, crc, method, utf8: (flags & UTF8_FLAG) !== 0 });
  }
  return out;
}
