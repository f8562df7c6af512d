import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32, createZip } from '../../../src/store/zip';

/** True when `command args` runs here: the readers the archives are checked with may be missing. */
function runs(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const hasUnzip = runs('unzip', ['-v']);
const hasPython = runs('python3', ['-c', 'import zipfile']);

interface Entry {
  name: string;
  data: Uint8Array;
  crc: number;
  flags: number;
  time: number;
  date: number;
}

/** Reads an archive the way unzip does: end record, central directory, then each local header. */
function readZip(zip: Uint8Array): Entry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  let count = view.getUint16(end + 10, true);
  const centralSize = view.getUint32(end + 12, true);
  let at = view.getUint32(end + 16, true);
  if (count === 0xffff) {
    // ZIP64: its locator just before the classic record points to its record, which holds the count.
    expect(view.getUint32(end - 20, true)).toBe(0x07064b50);
    const record = Number(view.getBigUint64(end - 12, true));
    expect(view.getUint32(record, true)).toBe(0x06064b50);
    count = Number(view.getBigUint64(record + 32, true));
    expect(Number(view.getBigUint64(record + 40, true))).toBe(centralSize);
    expect(Number(view.getBigUint64(record + 48, true))).toBe(at);
    expect(at + centralSize).toBe(record);
  } else {
    expect(at + centralSize).toBe(end);
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const flags = view.getUint16(at + 8, true);
    expect(view.getUint16(at + 10, true)).toBe(0);
    const crc = view.getUint32(at + 16, true);
    const size = view.getUint32(at + 20, true);
    expect(view.getUint32(at + 24, true)).toBe(size);
    const nameLength = view.getUint16(at + 28, true);
    const offset = view.getUint32(at + 42, true);
    const name = decoder.decode(zip.subarray(at + 46, at + 46 + nameLength));
    expect(view.getUint32(offset, true)).toBe(0x04034b50);
    expect(view.getUint32(offset + 14, true)).toBe(crc);
    expect(view.getUint16(offset + 26, true)).toBe(nameLength);
    const dataStart = offset + 30 + nameLength + view.getUint16(offset + 28, true);
    const data = zip.subarray(dataStart, dataStart + size);
    expect(crc32(data)).toBe(crc);
    entries.push({ name, data, crc, flags, time: view.getUint16(at + 12, true), date: view.getUint16(at + 14, true) });
    at += 46 + nameLength;
  }
  return entries;
}

const files = [
  { name: 'a.md', data: 'hello\n' },
  { name: '2407.21783 Llama — 羊驼 🦙.md', data: 'UTF-8 name and text: 日本語 עברית 👩‍👩‍👧\n' },
  { name: 'dir/empty.txt', data: '' },
  { name: 'bytes.bin', data: new Uint8Array([0, 255, 1, 254]) },
];

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it('gives what the byte-at-a-time algorithm gives, for every length and offset', () => {
    const simple = (bytes: Uint8Array) => {
      let crc = 0xffffffff;
      for (const byte of bytes) {
        crc ^= byte;
        for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
      }
      return (crc ^ 0xffffffff) >>> 0;
    };
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 193 + 71) & 0xff);
    for (let start = 0; start < 5; start++) {
      for (let length = 0; length <= 260; length++) {
        const slice = bytes.subarray(start, start + length);
        expect(crc32(slice), `${start}+${length}`).toBe(simple(slice));
      }
    }
  });
});

describe('createZip', () => {
  it('writes stored entries with UTF-8 names, CRCs and a fixed 1980-01-01 timestamp', () => {
    const entries = readZip(createZip(files));
    expect(entries.map((entry) => entry.name)).toEqual(files.map((file) => file.name));
    expect(new TextDecoder().decode(entries[1]!.data)).toBe(files[1]!.data);
    expect([...entries[3]!.data]).toEqual([0, 255, 1, 254]);
    for (const entry of entries) {
      expect(entry.flags & 0x0800).toBe(0x0800);
      expect(entry.time).toBe(0);
      expect(entry.date).toBe(0x21);
    }
  });

  it('gives the same bytes for the same files', () => {
    expect(createZip(files)).toEqual(createZip(files));
  });

  it('writes a valid empty archive', () => {
    expect(readZip(createZip([]))).toEqual([]);
  });

  it('refuses unsafe and repeated names', () => {
    expect(() => createZip([{ name: '../evil', data: '' }])).toThrow('relative');
    expect(() => createZip([{ name: '/etc/passwd', data: '' }])).toThrow('relative');
    expect(() => createZip([{ name: 'a\\b', data: '' }])).toThrow('relative');
    expect(() => createZip([{ name: 'a', data: '' }, { name: 'a', data: '' }])).toThrow('twice');
  });

  it('holds more than 65,535 files (a large library in Markdown) with ZIP64, read by unzip and Python too', () => {
    const many = Array.from({ length: 70_000 }, (_, i) => ({ name: `papers/${i}.md`, data: `# Paper ${i}\n` }));
    const zip = createZip(many);
    const read = readZip(zip);
    expect(read).toHaveLength(70_000);
    expect(read[69_999]!.name).toBe('papers/69999.md');
    expect(new TextDecoder().decode(read[69_999]!.data)).toBe('# Paper 69999\n');
    // One short of the classic record's 0xffff: no ZIP64 record.
    const fewer = createZip(many.slice(0, 65_534));
    expect(new DataView(fewer.buffer).getUint32(fewer.length - 42, true)).not.toBe(0x07064b50);
    expect(readZip(fewer)).toHaveLength(65_534);
    const dir = mkdtempSync(join(tmpdir(), 'pm-zip64-'));
    try {
      const path = join(dir, 'many.zip');
      writeFileSync(path, zip);
      if (hasUnzip) expect(execFileSync('unzip', ['-t', path], { encoding: 'utf8', maxBuffer: 64 << 20 })).toContain('No errors detected');
      if (hasPython) {
        const script = 'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(len(z.namelist()), z.read("papers/69999.md").decode())';
        expect(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' })).toBe('70000 # Paper 69999\n\n');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it.skipIf(!hasUnzip)('is read by Info-ZIP unzip: listing, content and integrity test', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pm-zip-'));
    try {
      const path = join(dir, 'test.zip');
      writeFileSync(path, createZip(files));
      const test = execFileSync('unzip', ['-t', path], { encoding: 'utf8' });
      expect(test).toContain('No errors detected');
      const list = execFileSync('unzip', ['-Z1', path], { encoding: 'utf8' });
      expect(list.trim().split('\n')).toEqual(files.map((file) => file.name));
      expect(execFileSync('unzip', ['-p', path, 'a.md'], { encoding: 'utf8' })).toBe('hello\n');
      expect(execFileSync('unzip', ['-p', path, files[1]!.name], { encoding: 'utf8' })).toBe(files[1]!.data);
      expect(execFileSync('unzip', ['-l', path], { encoding: 'utf8' })).toMatch(/1980-01-01 00:00|01-01-1980 00:00/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
