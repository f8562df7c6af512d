import { describe, expect, it } from 'vitest';
import type { PaperRecord } from '../../../src/store/db';
import { escapeTex, toBibtex } from '../../../src/store/export/bibtex';
import { asciiFold, baseCiteKey, citeKeys, splitName } from '../../../src/store/export/common';
import type { LibraryEntry } from '../../../src/store/query';
import { type Rng, seededRandom } from '../../helpers/random';

function paper(overrides: Partial<PaperRecord>): LibraryEntry {
  const record: PaperRecord = {
    id: 'arxiv:2407.21783',
    title: 'The Llama 3 Herd of Models',
    authors: ['Abhimanyu Dubey', 'Abhinav Jauhri'],
    arxivId: '2407.21783',
    url: 'https://arxiv.org/abs/2407.21783',
    codeLinks: [],
    source: 'arxiv',
    firstSeenAt: 1,
    lastSeenAt: 1,
    seenOn: [],
    createdAt: 1,
    updatedAt: 1,
    ...overrides,
  };
  for (const key of Object.keys(record) as Array<keyof PaperRecord>) if (record[key] === undefined) delete record[key];
  return { paper: record, annotation: { id: record.id, note: 'PRIVATE NOTE', tags: ['secret-tag'], status: 'read', createdAt: 1, updatedAt: 1 } };
}

/** Checks braces balance outside escapes: an unbalanced brace would swallow the rest of the file. */
function balanced(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '{') depth += 1;
    else if (text[i] === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

describe('escapeTex', () => {
  it('escapes every TeX special and folds line breaks', () => {
    expect(escapeTex('& % $ # _ { } ~ ^ \\')).toBe('\\& \\% \\$ \\# \\_ \\{ \\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{}');
    expect(escapeTex('$\\alpha$-Net:\n 50% of {x}')).toBe('\\$\\textbackslash{}alpha\\$-Net: 50\\% of \\{x\\}');
    expect(escapeTex('Müller 张伟 👩‍👩‍👧')).toBe('Müller 张伟 👩‍👩‍👧');
    // Control characters (a NUL from a page's JSON) become spaces: a BibTeX parser drops an entry holding one.
    expect(escapeTex('Null\u0000Title \u0007 bell\u001b[0m \u0085end')).toBe('Null Title bell [0m end');
  });
});

/** A random string of `pieces`, with now and then any UTF-16 code unit (lone surrogates included). */
function randomText(rng: Rng, pieces: readonly string[], maxLength = 10): string {
  let text = '';
  for (let n = rng.int(maxLength + 1); n > 0; n--) text += rng.chance(0.15) ? String.fromCharCode(rng.int(0x10000)) : rng.pick(pieces)!;
  return text;
}

// Everything the fast paths below decide on: each TeX special, each kind of white space, single and
// doubled spaces (at the ends too), Latin-1 and other letters, combining marks, CJK.
const HOSTILE = [
  ...'&%$#_{}~^\\',
  ' ', ' ', '  ', '\t', '\n', '\r\n', '\v', '\f', '\u00a0', '\u1680', '\u2003', '\u2028', '\u2029', '\u202f', '\u3000', '\ufeff', '\u200b',
  'a', 'Z', '0', '-', '.', ',', "'", 'and', 'van', 'Jr.', 'é', 'e\u0301', 'ß', 'Æ', 'Ł', 'ı', 'ÿ', '\u0080', '\u00ff', '\u0100', '张伟', '\ud83d\ude00', '\ud800', '\udc00', 'ﬁ', '\ufffe', '\ufdd0',
];

describe('escapeTex fast path', () => {
  // The escaping as it was before the fast path (with noncharacters left out): the reference the fast path must match.
  const specials: Record<string, string> = { '&': '\\&', '%': '\\%', $: '\\$', '#': '\\#', _: '\\_', '{': '\\{', '}': '\\}', '~': '\\textasciitilde{}', '^': '\\textasciicircum{}', '\\': '\\textbackslash{}' };
  const slow = (text: string) =>
    text
      .replace(/\p{Noncharacter_Code_Point}/gu, '')
      .replace(/\p{Cc}/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/[&%$#_{}~^\\]/g, (ch) => specials[ch]!);

  it('answers what the three-pass escaping answers, on 50 000 random strings', () => {
    const rng = seededRandom(20261123);
    let unchanged = 0;
    for (let i = 0; i < 50_000; i++) {
      const text = randomText(rng, HOSTILE);
      const expected = slow(text);
      if (escapeTex(text) !== expected) expect({ text, got: escapeTex(text) }).toEqual({ text, got: expected });
      if (expected === text) unchanged += 1;
    }
    // Both sides of the test were taken often: text the fast path returns as it is, and text it may not.
    expect(unchanged).toBeGreaterThan(2_000);
    expect(unchanged).toBeLessThan(48_000);
  });

  it('still folds white space that is only at an end or only one odd character', () => {
    for (const text of [' x', 'x ', 'x\ny', 'x\u00a0y', 'x\ufeff', '\u2028', ' ', 'a  b']) expect(escapeTex(text)).toBe(slow(text));
  });
});

describe('asciiFold fast path', () => {
  // The folding as it was before its ASCII fast path: the reference.
  const FOLD: Record<string, string> = { ß: 'ss', æ: 'ae', Æ: 'AE', ø: 'o', Ø: 'O', œ: 'oe', Œ: 'OE', đ: 'd', Đ: 'D', ł: 'l', Ł: 'L', þ: 'th', Þ: 'Th', ð: 'd', Ð: 'D', ı: 'i' };
  const slow = (text: string) =>
    text
      .replace(/[ßæÆøØœŒđĐłŁþÞðÐı]/g, (ch) => FOLD[ch] ?? ch)
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '');

  it('answers what the full folding answers, on 50 000 random ASCII and non-ASCII strings', () => {
    const rng = seededRandom(7);
    const ascii = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code));
    const mixed = [...ascii, ...HOSTILE];
    let asciiOnly = 0;
    for (let i = 0; i < 50_000; i++) {
      const text = randomText(rng, rng.chance(0.5) ? ascii : mixed);
      if (asciiFold(text) !== slow(text)) expect({ text, got: asciiFold(text) }).toEqual({ text, got: slow(text) });
      if ([...text].every((ch) => ch.charCodeAt(0) < 0x80)) asciiOnly += 1;
    }
    expect(asciiOnly).toBeGreaterThan(10_000);
    expect(asciiOnly).toBeLessThan(45_000);
    // Latin-1 letters are folded, not dropped: the fast path must not take them for ASCII.
    expect(asciiFold('Émile Ærø ß')).toBe('emileaeross');
  });
});

describe('splitName', () => {
  it('keeps particles with the family name and recognises suffixes', () => {
    expect(splitName('Ludwig van Beethoven')).toEqual({ given: 'Ludwig', family: 'van Beethoven', core: 'Beethoven' });
    expect(splitName('Jan van der Berg')).toEqual({ given: 'Jan', family: 'van der Berg', core: 'Berg' });
    expect(splitName('Martin Luther King Jr.')).toEqual({ given: 'Martin Luther', family: 'King', core: 'King', suffix: 'Jr.' });
    expect(splitName('Jean-Claude Van Damme')).toEqual({ given: 'Jean-Claude Van', family: 'Damme', core: 'Damme' });
    expect(splitName('Lovelace, Ada')).toEqual({ given: 'Ada', family: 'Lovelace', core: 'Lovelace' });
    expect(splitName('Prince')).toEqual({ literal: 'Prince' });
    expect(splitName('张伟')).toEqual({ literal: '张伟' });
  });
});

describe('toBibtex', () => {
  it('writes an arXiv preprint as @misc with eprint, archivePrefix and the arXiv DOI, and no private data', () => {
    expect(toBibtex([paper({ date: '2024-07-31' })])).toBe(
      [
        '@misc{dubey2024llama,',
        '  title = {The Llama 3 Herd of Models},',
        '  author = {Dubey, Abhimanyu and Jauhri, Abhinav},',
        '  year = {2024},',
        '  month = jul,',
        '  eprint = {2407.21783},',
        '  archivePrefix = {arXiv},',
        '  doi = {10.48550/arXiv.2407.21783},',
        '  url = {https://arxiv.org/abs/2407.21783},',
        '}',
        '',
      ].join('\n'),
    );
    expect(toBibtex([paper({})])).not.toMatch(/PRIVATE|secret|read/);
  });

  it('writes @misc, never an @article without its mandatory journal; the primaryClass of old ids, "and others" for partial author lists', () => {
    const journal = toBibtex([paper({ id: 'doi:10.1145/3366423.3380130', arxivId: undefined, doi: '10.1145/3366423.3380130', date: '2020-04-20', url: 'https://doi.org/10.1145/3366423.3380130' })]);
    expect(journal).toMatch(/^@misc\{dubey2020llama,/);
    expect(journal).toContain('doi = {10.1145/3366423.3380130}');
    expect(journal).not.toContain('eprint');
    // An arXiv paper published with a journal DOI: the library knows no journal name (biber warned
    // "Missing mandatory field 'journaltitle'" for the @article this was).
    const published = toBibtex([paper({ doi: '10.1145/3366423.3380130', date: '2024-07-31' })]);
    expect(published).toMatch(/^@misc\{dubey2024llama,/);
    expect(published).toContain('eprint = {2407.21783},\n  archivePrefix = {arXiv},\n  doi = {10.1145/3366423.3380130},');
    const old = toBibtex([paper({ id: 'arxiv:hep-th/9901001', arxivId: 'hep-th/9901001', authors: ['Juan Maldacena'], authorCount: 3, title: 'The Large N Limit' })]);
    expect(old).toContain('@misc{maldacena1999large,');
    expect(old).toContain('primaryClass = {hep-th}');
    expect(old).toContain('month = jan');
    expect(old).toContain('author = {Maldacena, Juan and others}');
  });

  it('writes as much of a date as the paper has: a year alone, or a year and a month', () => {
    const year = toBibtex([paper({ id: 'title:a year alone', arxivId: undefined, title: 'A year alone', date: '2019', url: 'https://example.org/y' })]);
    expect(year).toContain('year = {2019}');
    expect(year).not.toContain('month');
    expect(toBibtex([paper({ date: '2019-07' })])).toMatch(/year = \{2019\},\n {2}month = jul,/);
  });

  it('leaves out noncharacters, for which biber refuses the whole file', () => {
    const bib = toBibtex([paper({ title: 'Odd\ufffe title\ufdd0', authors: ['Ann\u{1fffe} Lee'], url: 'https://example.org/a\uffff' })]);
    expect(bib).not.toMatch(/\p{Noncharacter_Code_Point}/u);
    expect(bib).toContain('title = {Odd title}');
    expect(bib).toContain('author = {Lee, Ann}');
  });

  it('escapes specials in every text field and keeps braces balanced and verbatim fields intact', () => {
    const bib = toBibtex([
      paper({
        title: '100% {Unbalanced $\\alpha$ & #1 C_4 ~ ^ \\',
        authors: ['Ludwig van Beethoven', 'Tom and Jerry', 'Prince', 'Martin Luther King Jr.', 'A}B {C'],
        url: 'https://example.org/a_b%20c#frag{x}',
      }),
    ]);
    expect(bib).toContain('title = {100\\% \\{Unbalanced \\$\\textbackslash{}alpha\\$ \\& \\#1 C\\_4 \\textasciitilde{} \\textasciicircum{} \\textbackslash{}},');
    expect(bib).toContain('author = {van Beethoven, Ludwig and Jerry, {Tom and} and {Prince} and King, Jr., Martin Luther and \\{C, A\\}B},');
    expect(bib).toContain('url = {https://example.org/a_b%20c#frag%7Bx%7D},');
    expect(balanced(bib)).toBe(true);
  });

  it('makes stable, unique, ASCII citation keys', () => {
    const entries = [
      paper({ id: 'arxiv:2401.00003', arxivId: '2401.00003', authors: ['José Müller'], title: 'Über alles' }),
      paper({ id: 'arxiv:2401.00001', arxivId: '2401.00001', authors: ['Jose Muller'], title: 'Uber Alles' }),
      paper({ id: 'arxiv:2401.00002', arxivId: '2401.00002', authors: ['Jose Mueller'], title: 'The uber' }),
      paper({ id: 'title:x', arxivId: undefined, authors: [], title: '深度学习' }),
      paper({ id: 'arxiv:2402.00001', arxivId: '2402.00001', authors: ['Łukasz Kaiser'], title: 'Attention: is all' }),
      paper({ id: 'arxiv:2402.00002', arxivId: '2402.00002', authors: ['Jan van der Berg'], title: 'On the Proof' }),
    ];
    const keys = citeKeys(entries);
    expect(Object.fromEntries(keys)).toEqual({
      'arxiv:2401.00001': 'muller2024uber-lpb',
      'arxiv:2401.00002': 'mueller2024uber',
      'arxiv:2401.00003': 'muller2024uber-jrx',
      'title:x': 'anon',
      'arxiv:2402.00001': 'kaiser2024attention',
      'arxiv:2402.00002': 'berg2024proof',
    });
    expect(Object.fromEntries(citeKeys([...entries].reverse()))).toEqual(Object.fromEntries(keys));
    const bib = toBibtex(entries);
    const written = [...bib.matchAll(/^@\w+\{([^,]+),$/gm)].map((match) => match[1]);
    expect(new Set(written).size).toBe(entries.length);
    for (const key of written) expect(key).toMatch(/^[a-z0-9]+(-[a-z]{3})?$/);
    expect(toBibtex(entries)).toBe(bib);
  });

  it('never lets a suffixed key be another paper’s plain key, in this export or a later one', () => {
    const entries = [
      paper({ id: 'arxiv:2401.00001', arxivId: '2401.00001', authors: ['A Smith'], title: 'X' }),
      paper({ id: 'arxiv:2401.00002', arxivId: '2401.00002', authors: ['A Smith'], title: 'X' }),
      // Plain, this one's key is the first one's base and letters run together.
      paper({ id: 'arxiv:2401.00003', arxivId: '2401.00003', authors: ['A Smith'], title: 'Xlpb' }),
    ];
    const before = citeKeys(entries.slice(0, 2));
    const after = citeKeys(entries);
    expect([...after.values()]).toEqual(['smith2024x-lpb', 'smith2024x-isi', 'smith2024xlpb']);
    expect(after.get(entries[0]!.paper.id)).toBe(before.get(entries[0]!.paper.id));
  });

  it('keeps a key on its paper whatever else an export holds: a key cited in a manuscript never names another paper', () => {
    const smith = (n: number) => paper({ id: `arxiv:2401.0000${n}`, arxivId: `2401.0000${n}`, authors: ['A Smith'], title: 'Deep' });
    const [first, second, third] = [smith(1), smith(3), smith(2)];
    // A page's export, then the whole library's with a paper noted since that sorts between them.
    const before = citeKeys([first!, second!]);
    const after = citeKeys([first!, second!, third!]);
    expect(after.get(first!.paper.id)).toBe(before.get(first!.paper.id));
    expect(after.get(second!.paper.id)).toBe(before.get(second!.paper.id));
    expect(new Set(after.values()).size).toBe(3);
    // Alone, a paper has its plain key, which no clash gives to any paper.
    expect(citeKeys([third!]).get(third!.paper.id)).toBe('smith2024deep');
    expect([...after.values()]).not.toContain('smith2024deep');
  });

  it('writes each paper as it would alone, however often its authors recur in the library', () => {
    // toBibtex and citeKeys split each distinct name once per export; an entry must not depend on
    // which paper brought a name first.
    const rng = seededRandom(99);
    const people = ['Ada Lovelace', 'Ada  Lovelace', ' Ada Lovelace', 'Lovelace, Ada', 'Jan van der Berg', 'van der Berg, Jr., Jan', 'Martin Luther King Jr.', 'Tom and Jerry', 'Prince', '张伟', 'José Müller', 'A}B {C', '', ' '];
    const entries = Array.from({ length: 300 }, (_, i) => {
      const authors = Array.from({ length: rng.int(5) }, () => (rng.chance(0.7) ? rng.pick(people)! : randomText(rng, HOSTILE, 6)));
      const arxivId = `2401.${String(i).padStart(5, '0')}`;
      // A title word of its own, so that no two papers share a citation key.
      return paper({ id: `arxiv:${arxivId}`, arxivId, authors, authorCount: authors.length + rng.int(2), title: `w${i} ${randomText(rng, HOSTILE, 4)}` });
    });
    const keys = citeKeys(entries);
    expect(new Set(keys.values()).size).toBe(entries.length);
    for (const entry of entries) expect(keys.get(entry.paper.id)).toBe(baseCiteKey(entry.paper));
    const alone = entries.map((entry) => toBibtex([entry]));
    expect(toBibtex([...entries].reverse())).toBe(alone.join('\n'));
  });

  it('keys a part of the library as the whole library is keyed, given its noted papers (a page, a tag, one copied citation)', () => {
    const smith = (n: number) => paper({ id: `arxiv:2401.0000${n}`, arxivId: `2401.0000${n}`, authors: ['A Smith'], title: 'Deep' });
    const library = [smith(1), smith(2), paper({})];
    const whole = toBibtex(library);
    for (const entry of library) {
      const one = toBibtex([entry], library);
      expect(one.match(/^@/gm)).toHaveLength(1);
      // The very entry the library's file holds, key included.
      expect(whole.split('\n\n').map((text) => text.trimEnd())).toContain(one.trimEnd());
    }
    // Alone, the same paper would have its plain key, which the library's file gives to none.
    expect(toBibtex([smith(2)])).toMatch(/^@misc\{smith2024deep,$/m);
    expect(toBibtex([smith(2)], library)).toMatch(/^@misc\{smith2024deep-[a-z]{3},$/m);
    // A paper outside the library (not noted) is keyed among it too, and changes no key of it.
    const outside = smith(3);
    const keys = citeKeys([...library, outside]);
    expect(toBibtex([outside], library)).toContain(`@misc{${keys.get(outside.paper.id)},`);
  });

  it('answers an empty file for no papers', () => {
    expect(toBibtex([])).toBe('');
  });
});
