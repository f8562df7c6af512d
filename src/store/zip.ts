/**
 * A minimal ZIP writer (PKWARE APPNOTE 6.3): stored entries only, no compression; ZIP64's end records
 * only when 65,535 files or more need them (a Markdown export of a large library).
 * Pure: it runs in the service worker and in extension pages, and the same files give the same
 * bytes, because every entry carries one fixed timestamp.
 */

import { ByteWriter } from './utf8';

/** One file to put in an archive. Text is written as UTF-8. */
export interface ZipFile {
  /** Path inside the archive, `/`-separated, relative, without `..` segments. */
  name: string;
  data: string | Uint8Array;
}

// 1980-01-01 00:00:00, the earliest DOS date: an export made today and tomorrow must be identical.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
// Bit 11: names are UTF-8 (APPNOTE 4.4.4), so CJK and emoji titles survive unzip and Explorer.
const FLAG_UTF8 = 0x0800;
const VERSION = 20;
const MADE_BY_UNIX = (3 << 8) | VERSION;
// A regular file, rw-r--r--, in the high half of the external attributes (Unix convention).
const FILE_MODE = (0o100644 << 16) >>> 0;
// The most files the classic end record counts; more are counted in ZIP64's (APPNOTE 4.3.14).
const MAX_ENTRIES = 0xffff;
const MAX_SIZE = 0xffffffff;

// Four tables for slicing-by-4: four bytes per step, about three times faster than a byte at a
// time over the 15 MB of a 10 000-paper Markdown export.
let crcTables: Uint32Array | undefined;

function tables(): Uint32Array {
  if (crcTables) return crcTables;
  crcTables = new Uint32Array(4 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crcTables[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 4; k++) {
      const previous = crcTables[(k - 1) * 256 + n]!;
      crcTables[k * 256 + n] = (crcTables[previous & 0xff]! ^ (previous >>> 8)) >>> 0;
    }
  }
  return crcTables;
}

/** CRC-32 (IEEE 802.3, the polynomial ZIP and PNG use) of some bytes. */
export function crc32(bytes: Uint8Array): number {
  const t = tables();
  let crc = 0xffffffff;
  let i = 0;
  for (const end = bytes.length - 3; i < end; i += 4) {
    crc ^= bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    crc = t[768 + (crc & 0xff)]! ^ t[512 + ((crc >>> 8) & 0xff)]! ^ t[256 + ((crc >>> 16) & 0xff)]! ^ t[crc >>> 24]!;
  }
  for (; i < bytes.length; i++) crc = t[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function checkName(name: string, seen: Set<string>): void {
  // Most names hold no folder: splitting them was a third of the check.
  const unsafe = (part: string) => part === '..' || part === '';
  if (name.startsWith('/') || name.includes('\\') || (name.includes('/') ? name.split('/').some(unsafe) : unsafe(name))) {
    throw new Error(`Cannot put "${name}" in a ZIP archive: names must be relative paths without ".." or empty parts.`);
  }
  if (seen.has(name)) throw new Error(`The ZIP archive would hold "${name}" twice.`);
  seen.add(name);
}

/**
 * The archive's bytes as they are written, in one buffer that grows when full. Names and texts are
 * encoded straight into it: a TextEncoder.encode for each name and text of 10 000 Markdown notes,
 * each a new buffer, was over a third of making their archive.
 */
class Output extends ByteWriter {
  view: DataView;

  constructor(capacity: number) {
    super(capacity);
    this.view = new DataView(this.bytes.buffer);
  }

  override reserve(more: number): void {
    if (this.length + more <= this.bytes.length) return;
    super.reserve(more);
    this.view = new DataView(this.bytes.buffer);
  }

  u16(value: number): void {
    this.reserve(2);
    this.view.setUint16(this.length, value, true);
    this.length += 2;
  }

  u32(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, value >>> 0, true);
    this.length += 4;
  }

  /** Sizes and offsets fit in 32 bits (checked as written): the high halves of ZIP64's 8-byte fields are 0. */
  u64(value: number): void {
    this.u32(value);
    this.u32(0);
  }

  /** Writes text as UTF-8 or bytes as they are; answers how many bytes that was. */
  data(data: string | Uint8Array): number {
    if (typeof data === 'string') return this.text(data);
    this.reserve(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
    return data.length;
  }
}

/** The local header of a file written at `offset`, once its name, size and CRC are known. */
function writeLocalHeader(out: Output, offset: number, nameLength: number, size: number, crc: number): void {
  const view = out.view;
  view.setUint32(offset, 0x04034b50, true);
  view.setUint16(offset + 4, VERSION, true);
  view.setUint16(offset + 6, FLAG_UTF8, true);
  view.setUint16(offset + 8, 0, true); // method 0: stored
  view.setUint16(offset + 10, DOS_TIME, true);
  view.setUint16(offset + 12, DOS_DATE, true);
  view.setUint32(offset + 14, crc, true);
  view.setUint32(offset + 18, size, true);
  view.setUint32(offset + 22, size, true);
  view.setUint16(offset + 26, nameLength, true);
  view.setUint16(offset + 28, 0, true);
}

/**
 * Builds a ZIP archive of the files, in the order given. Throws when sizes would need ZIP64's
 * per-file fields (a file or the archive over 4 GiB), which a browser's memory never holds anyway.
 */
export function createZip(files: readonly ZipFile[]): Uint8Array {
  const seen = new Set<string>();
  let capacity = 22;
  // Most text is ASCII, a byte a character: the buffer grows for the rest.
  for (const file of files) capacity += 76 + 2 * file.name.length + Math.ceil(file.data.length * (typeof file.data === 'string' ? 1.25 : 1));
  const out = new Output(capacity);
  const entries = files.map((file) => {
    checkName(file.name, seen);
    const offset = out.length;
    out.reserve(30);
    out.length += 30;
    const nameLength = out.data(file.name);
    const size = out.data(file.data);
    if (size > MAX_SIZE) throw new Error(`"${file.name}" is too large for a ZIP archive without ZIP64.`);
    if (out.length > MAX_SIZE) throw new Error('The ZIP archive would be larger than 4 GiB.');
    const crc = crc32(out.bytes.subarray(out.length - size, out.length));
    writeLocalHeader(out, offset, nameLength, size, crc);
    return { offset, nameLength, size, crc };
  });
  // At exactly 65,535 too: readers take 0xffff in the classic record to mean "see ZIP64's".
  const zip64 = entries.length >= MAX_ENTRIES;
  const centralStart = out.length;
  for (const entry of entries) {
    out.u32(0x02014b50);
    // Made by a Unix host: Info-ZIP applies a CP437 conversion to names from MS-DOS hosts, UTF-8 flag or not.
    out.u16(MADE_BY_UNIX);
    out.u16(VERSION);
    out.u16(FLAG_UTF8);
    out.u16(0);
    out.u16(DOS_TIME);
    out.u16(DOS_DATE);
    out.u32(entry.crc);
    out.u32(entry.size);
    out.u32(entry.size);
    out.u16(entry.nameLength);
    out.u16(0);
    out.u16(0);
    out.u16(0);
    out.u16(0);
    out.u32(FILE_MODE);
    out.u32(entry.offset);
    // The name as the local header holds it.
    out.reserve(entry.nameLength);
    out.bytes.copyWithin(out.length, entry.offset + 30, entry.offset + 30 + entry.nameLength);
    out.length += entry.nameLength;
  }
  const centralLength = out.length - centralStart;
  if (out.length > MAX_SIZE) throw new Error('The ZIP archive would be larger than 4 GiB.');
  if (zip64) {
    const recordStart = out.length;
    out.u32(0x06064b50); // ZIP64 end of central directory record
    out.u64(44); // its size after this field
    out.u16(MADE_BY_UNIX);
    out.u16(45); // version needed: ZIP64
    out.u32(0);
    out.u32(0);
    out.u64(entries.length);
    out.u64(entries.length);
    out.u64(centralLength);
    out.u64(centralStart);
    out.u32(0x07064b50); // its locator
    out.u32(0);
    out.u64(recordStart);
    out.u32(1);
  }
  // With ZIP64, the classic record's counts say "see ZIP64's" (0xffff); its sizes still fit.
  const count = Math.min(entries.length, MAX_ENTRIES);
  out.u32(0x06054b50);
  out.u16(0);
  out.u16(0);
  out.u16(count);
  out.u16(count);
  out.u32(centralLength);
  out.u32(centralStart);
  out.u16(0);
  return out.written();
}
