import { describe, expect, it } from 'vitest';
import { canonicalArxivId, canonicalPaperId, decodeEntities, findArxivId, findDoi, foldWhitespace, isoDay, makePaperId } from '../../src/shared/paper';
import { seededRandom } from '../helpers/random';

describe('findArxivId: one version-free id from every form', () => {
  it.each([
    ['https://arxiv.org/abs/2407.21783', '2407.21783'],
    ['https://arxiv.org/abs/2407.21783v3', '2407.21783'],
    ['http://arxiv.org/pdf/2407.21783v2', '2407.21783'],
    ['https://arxiv.org/pdf/2407.21783.pdf', '2407.21783'],
    ['https://arxiv.org/html/2407.21783v1', '2407.21783'],
    ['https://export.arxiv.org/abs/1501.00001', '1501.00001'],
    ['https://huggingface.co/papers/2509.24002', '2509.24002'],
    ['https://www.alphaxiv.org/abs/2509.24002v2', '2509.24002'],
    ['arXiv:2407.21783v2', '2407.21783'],
    ['see arXiv: 2407.21783 for details', '2407.21783'],
    ['2407.21783', '2407.21783'],
    ['0704.0001', '0704.0001'],
    ['https://arxiv.org/abs/hep-th/9901001v2', 'hep-th/9901001'],
    ['arXiv:math.GT/0309136', 'math.GT/0309136'],
    ['hep-th/9901001', 'hep-th/9901001'],
  ])('%s → %s', (text, id) => {
    expect(findArxivId(text)).toBe(id);
  });

  it.each([[''], [null], [undefined], ['https://example.com/papers/1234'], ['version 2.1 of the code'], ['https://doi.org/10.1145/3292500.3330701']])(
    '%j → no id',
    (text) => {
      expect(findArxivId(text)).toBeUndefined();
    },
  );
});

describe('paper ids', () => {
  it('prefers the arXiv id, then the DOI, then the normalised title', () => {
    expect(makePaperId({ arxivId: '2407.21783', doi: '10.1/x', title: 'T' })).toBe('arxiv:2407.21783');
    expect(makePaperId({ doi: '10.48550/ARXIV.2407.21783', title: 'T' })).toMatch(/^doi:10\.48550\/arxiv\.2407\.21783$/);
    expect(makePaperId({ title: '  Attention   Is All\nYou Need! ' })).toBe(makePaperId({ title: 'attention is all you need' }));
  });

  it('finds DOIs in text and doi.org URLs, lower-cased, without trailing punctuation', () => {
    expect(findDoi('https://doi.org/10.1145/3292500.3330701.')).toBe('10.1145/3292500.3330701');
    expect(findDoi('DOI: 10.48550/arXiv.2407.21783)')).toBe('10.48550/arxiv.2407.21783');
    expect(findDoi('no doi here')).toBeUndefined();
  });
});

describe('text clean-up', () => {
  it.each([
    ['Clean title', 'Clean title'],
    ['  Spaced \n  out\ttitle ', 'Spaced out title'],
    ['A TeX\\\\line break', 'A TeX line break'],
  ])('foldWhitespace(%j) → %j', (text, folded) => {
    expect(foldWhitespace(text)).toBe(folded);
  });

  it('folds exactly what the plain two replaces and a trim fold, on random text of every kind of space', () => {
    // Every ECMAScript white space and line terminator, near misses (\x1c, U+200B, U+180E), TeX and letters.
    const alphabet = [' ', '\t', '\n', '\v', '\f', '\r', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f',
      '\u205f', '\u3000', '\ufeff', '\x1c', '\u200b', '\u180e', '\\', 'a', 'b', '漢', '😀'];
    const { int: random } = seededRandom(7);
    for (let round = 0; round < 20_000; round++) {
      let text = '';
      for (let length = random(12); length > 0; length--) text += alphabet[random(alphabet.length)];
      expect(foldWhitespace(text), JSON.stringify(text)).toBe(text.replace(/\\\\/g, ' ').replace(/\s+/g, ' ').trim());
    }
  });

  it('decodes entities as text, never as markup', () => {
    expect(decodeEntities('D&#39;Mello &amp; &lt;b&gt;')).toBe("D'Mello & <b>");
  });

  it('reads ISO days from timestamps and refuses junk', () => {
    expect(isoDay('2024-07-31T13:45:00.000Z')).toBe('2024-07-31');
    expect(isoDay('yesterday')).toBeUndefined();
    expect(isoDay(42)).toBeUndefined();
  });
});

describe('canonicalArxivId', () => {
  it.each([
    ['Hep-th/9901001', 'hep-th/9901001'],
    ['math.gt/0309136', 'math.GT/0309136'],
    ['MATH.GT/0309136', 'math.GT/0309136'],
    ['2407.21783', '2407.21783'],
    ['not an id', 'not an id'],
  ])('%s → %s', (given, canonical) => {
    expect(canonicalArxivId(given)).toBe(canonical);
  });
});

describe('canonicalPaperId', () => {
  it.each([
    ['arxiv:2401.00001v2', 'arxiv:2401.00001'],
    ['arxiv:2401.00001', 'arxiv:2401.00001'],
    ['arxiv:math.gt/0309136v1', 'arxiv:math.GT/0309136'],
    ['arxiv:Hep-th/9901001', 'arxiv:hep-th/9901001'],
    ['doi:10.1000/ABC.Def', 'doi:10.1000/abc.def'],
    // Not an arXiv id after all: kept as given, as are title ids.
    ['arxiv:see 2401.00001', 'arxiv:see 2401.00001'],
    ['title:deep nets', 'title:deep nets'],
  ])('%s → %s', (given, canonical) => {
    expect(canonicalPaperId(given as never)).toBe(canonical);
  });
});
