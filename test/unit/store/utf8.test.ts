import { describe, expect, it } from 'vitest';
import { utf8 } from '../../../src/store/utf8';

const joined = (pieces: string[]) => new TextEncoder().encode(pieces.join(''));

describe('utf8', () => {
  it('gives the bytes of the joined text', () => {
    const pieces = ['[\n', 'Müller', ' 张伟 ', '👩‍👩‍👧', '', '\r\n', 'plain ASCII'];
    expect(utf8(pieces)).toEqual(joined(pieces));
    expect(utf8([])).toEqual(new Uint8Array(0));
  });

  it('keeps a surrogate pair cut between pieces one character', () => {
    const [high, low] = ['😀'.charAt(0), '😀'.charAt(1)];
    const pieces = [`a${high}`, `${low}b`, high, low, `${high}`, '', `${low}`];
    expect(utf8(pieces)).toEqual(joined(pieces));
    expect(Array.from(utf8([`x${high}`, `${low}`]))).toEqual([0x78, 0xf0, 0x9f, 0x98, 0x80]);
  });

  it('makes room for text of 3 and 4 bytes a character', () => {
    const pieces = ['张伟'.repeat(1000), 'a', '😀'.repeat(500), '\ud800'.repeat(300)];
    expect(utf8(pieces)).toEqual(joined(pieces));
  });

  it('writes lone surrogates as U+FFFD, as TextEncoder does', () => {
    const pieces = ['\ud800', 'x', '\udc00', '\ud800\ud800', '\udc00'];
    expect(utf8(pieces)).toEqual(joined(pieces));
  });
});
