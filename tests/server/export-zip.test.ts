/** The ZIP writer and reader of the workshop export (SPEC S-EX5). */
import { describe, expect, it } from 'vitest';
import { crc32, inflateRawSync } from 'node:zlib';
import { createZip, readZip } from '../../server/src/export/zip.ts';

const entries = [
  { name: 'index.html', data: '<!doctype html><p>' + 'Łódź '.repeat(200) },
  { name: '01-Група-София.svg', data: '<svg xmlns="http://www.w3.org/2000/svg"/>' },
  { name: 'dir/02-Ősz.png', data: new Uint8Array([137, 80, 78, 71, 0, 1, 2, 3]), compress: false },
  { name: 'empty.md', data: '' },
];

/** Walks the local headers from the start of the file, independently of the central directory. */
function localHeaders(zip: Buffer) {
  const out: { name: string; flags: number; method: number; crc: number; data: Buffer }[] = [];
  let at = 0;
  while (zip.readUInt32LE(at) === 0x04034b50) {
    const flags = zip.readUInt16LE(at + 6);
    const method = zip.readUInt16LE(at + 8);
    const crc = zip.readUInt32LE(at + 14);
    const size = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const extra = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const body = zip.subarray(at + 30 + nameLength + extra, at + 30 + nameLength + extra + size);
    out.push({ name, flags, method, crc, data: method === 8 ? inflateRawSync(body) : Buffer.from(body) });
    at += 30 + nameLength + extra + size;
  }
  return { entries: out, centralAt: at };
}

describe('S-EX5: ZIP', () => {
  it('S-EX5: entries round-trip with UTF-8 names (flag bit 11), CRC-32 of the uncompressed bytes, deflate where smaller', () => {
    const zip = createZip(entries, new Date(Date.UTC(2026, 10, 29, 10, 30, 20)));
    const read = readZip(zip);
    expect(read.map((e) => e.name)).toEqual(entries.map((e) => e.name));
    for (const [i, e] of read.entries()) {
      const original = entries[i]!.data;
      const bytes = typeof original === 'string' ? Buffer.from(original, 'utf8') : Buffer.from(original);
      expect(e.data.equals(bytes), e.name).toBe(true);
      expect(e.crc).toBe(crc32(bytes) >>> 0);
      expect(e.utf8).toBe(true);
    }
    expect(read[0]!.method).toBe(8); // repetitive text deflates
    expect(read[2]!.method).toBe(0); // compress: false stores

    // The local headers agree, read without the central directory.
    const local = localHeaders(zip);
    expect(local.entries.map((e) => [e.name, e.crc, e.flags & 0x0800])).toEqual(read.map((e) => [e.name, e.crc, 0x0800]));
    expect(zip.readUInt32LE(local.centralAt)).toBe(0x02014b50);
    // Made by Unix (so Info-ZIP does not recode names as code page 437), regular file rw-r--r--.
    expect(zip.readUInt16LE(local.centralAt + 4) >> 8).toBe(3);
    expect(zip.readUInt32LE(local.centralAt + 38) >>> 16).toBe(0o100644);
    // End record: entry count and central directory offset.
    const end = zip.length - 22;
    expect(zip.readUInt32LE(end)).toBe(0x06054b50);
    expect(zip.readUInt16LE(end + 10)).toBe(entries.length);
    expect(zip.readUInt32LE(end + 16)).toBe(local.centralAt);
    // DOS date and time of 2026-11-29 10:30:20 UTC.
    expect(zip.readUInt16LE(12)).toBe(((2026 - 1980) << 9) | (11 << 5) | 29);
    expect(zip.readUInt16LE(10)).toBe((10 << 11) | (30 << 5) | 10);
  });

  it('S-EX5: the reader catches a flipped byte (CRC) and a truncated archive', () => {
    const zip = createZip(entries);
    const local = localHeaders(zip);
    const broken = Buffer.from(zip);
    // Flip a byte inside the stored PNG entry's data.
    const pngAt = zip.indexOf(Buffer.from([137, 80, 78, 71, 0, 1, 2, 3]));
    expect(pngAt).toBeGreaterThan(0);
    broken[pngAt + 5]! ^= 0xff;
    expect(() => readZip(broken)).toThrow(/CRC mismatch for dir\/02-Ősz\.png/);
    expect(() => readZip(zip.subarray(0, local.centralAt + 10))).toThrow();
  });

  it('S-EX5: names that could escape the folder and duplicates are refused', () => {
    for (const name of ['../x', '/abs', 'a/../b', 'a\\b', '']) expect(() => createZip([{ name, data: 'x' }]), name).toThrow(/bad entry name/);
    expect(() => createZip([{ name: 'a', data: '1' }, { name: 'a', data: '2' }])).toThrow(/duplicate/);
  });
});
