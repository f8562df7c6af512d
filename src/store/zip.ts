/**
 * A minimal ZIP writer (PKWARE APPNOTE 6.3): stored entries only, no compression; ZIP64's end records
 * only when 65,535 files or more need them (a Markdown export of a large library).
 * Pure: it runs in the service worker and in extension pages, and the same files give the same
 * bytes, because every entry carries one fixed timestamp.
 */

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
  if (!name || name.startsWith('/') || name.includes('\\') || name.split('/').some((part) => part === '..' || part === '')) {
    throw new Error(`Cannot put "${name}" in a ZIP archive: names must be relative paths without ".." or empty parts.`);
  }
  if (seen.has(name)) throw new Error(`The ZIP archive would hold "${name}" twice.`);
  seen.add(name);
}

/**
 * Builds a ZIP archive of the files, in the order given. Throws when sizes would need ZIP64's
 * per-file fields (a file or the archive over 4 GiB), which a browser's memory never holds anyway.
 */
export function createZip(files: readonly ZipFile[]): Uint8Array {
  const encoder = new TextEncoder();
  const seen = new Set<string>();
  const entries = files.map((file) => {
    checkName(file.name, seen);
    const name = encoder.encode(file.name);
    const data = typeof file.data === 'string' ? encoder.encode(file.data) : file.data;
    if (data.length > MAX_SIZE) throw new Error(`"${file.name}" is too large for a ZIP archive without ZIP64.`);
    return { name, data, crc: crc32(data), offset: 0 };
  });
  let localSize = 0;
  let centralSize = 0;
  for (const entry of entries) {
    entry.offset = localSize;
    localSize += 30 + entry.name.length + entry.data.length;
    centralSize += 46 + entry.name.length;
  }
  if (localSize + centralSize > MAX_SIZE) throw new Error('The ZIP archive would be larger than 4 GiB.');
  // At exactly 65,535 too: readers take 0xffff in the classic record to mean "see ZIP64's".
  const zip64 = entries.length >= MAX_ENTRIES;
  const out = new Uint8Array(localSize + centralSize + (zip64 ? 56 + 20 : 0) + 22);
  const view = new DataView(out.buffer);
  let at = 0;
  const u16 = (value: number) => {
    view.setUint16(at, value, true);
    at += 2;
  };
  const u32 = (value: number) => {
    view.setUint32(at, value >>> 0, true);
    at += 4;
  };
  for (const entry of entries) {
    u32(0x04034b50);
    u16(VERSION);
    u16(FLAG_UTF8);
    u16(0); // method 0: stored
    u16(DOS_TIME);
    u16(DOS_DATE);
    u32(entry.crc);
    u32(entry.data.length);
    u32(entry.data.length);
    u16(entry.name.length);
    u16(0);
    out.set(entry.name, at);
    at += entry.name.length;
    out.set(entry.data, at);
    at += entry.data.length;
  }
  const centralStart = at;
  for (const entry of entries) {
    u32(0x02014b50);
    // Made by a Unix host: Info-ZIP applies a CP437 conversion to names from MS-DOS hosts, UTF-8 flag or not.
    u16(MADE_BY_UNIX);
    u16(VERSION);
    u16(FLAG_UTF8);
    u16(0);
    u16(DOS_TIME);
    u16(DOS_DATE);
    u32(entry.crc);
    u32(entry.data.length);
    u32(entry.data.length);
    u16(entry.name.length);
    u16(0);
    u16(0);
    u16(0);
    u16(0);
    u32(FILE_MODE);
    u32(entry.offset);
    out.set(entry.name, at);
    at += entry.name.length;
  }
  const centralLength = at - centralStart;
  // Sizes and offsets fit in 32 bits (checked above): the high halves of ZIP64's 8-byte fields are 0.
  const u64 = (value: number) => {
    u32(value);
    u32(0);
  };
  if (zip64) {
    const recordStart = at;
    u32(0x06064b50); // ZIP64 end of central directory record
    u64(44); // its size after this field
    u16(MADE_BY_UNIX);
    u16(45); // version needed: ZIP64
    u32(0);
    u32(0);
    u64(entries.length);
    u64(entries.length);
    u64(centralLength);
    u64(centralStart);
    u32(0x07064b50); // its locator
    u32(0);
    u64(recordStart);
    u32(1);
  }
  // With ZIP64, the classic record's counts say "see ZIP64's" (0xffff); its sizes still fit.
  const count = Math.min(entries.length, MAX_ENTRIES);
  u32(0x06054b50);
  u16(0);
  u16(0);
  u16(count);
  u16(count);
  u32(centralLength);
  u32(centralStart);
  u16(0);
  return out;
}
