import { describe, expect, it } from 'vitest';
import type { PaperRecord } from '../../../src/store/db';
import { escapeTex, toBibtex } from '../../../src/store/export/bibtex';
import { citeKeys, splitName } from '../../../src/store/export/common';
import type { LibraryEntry } from '../../../src/store/query';

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

  it('uses @article for a journal DOI, the primaryClass of old ids, "and others" for partial author lists', () => {
    const journal = toBibtex([paper({ id: 'doi:10.1145/3366423.3380130', arxivId: undefined, doi: '10.1145/3366423.3380130', date: '2020-04-20', url: 'https://doi.org/10.1145/3366423.3380130' })]);
    expect(journal).toMatch(/^@article\{dubey2020llama,/);
    expect(journal).toContain('doi = {10.1145/3366423.3380130}');
    expect(journal).not.toContain('eprint');
    const old = toBibtex([paper({ id: 'arxiv:hep-th/9901001', arxivId: 'hep-th/9901001', authors: ['Juan Maldacena'], authorCount: 3, title: 'The Large N Limit' })]);
    expect(old).toContain('@misc{maldacena1999large,');
    expect(old).toContain('primaryClass = {hep-th}');
    expect(old).toContain('month = jan');
    expect(old).toContain('author = {Maldacena, Juan and others}');
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
      'arxiv:2401.00001': 'muller2024ubera',
      'arxiv:2401.00002': 'mueller2024uber',
      'arxiv:2401.00003': 'muller2024uberb',
      'title:x': 'anon',
      'arxiv:2402.00001': 'kaiser2024attention',
      'arxiv:2402.00002': 'berg2024proof',
    });
    expect(Object.fromEntries(citeKeys([...entries].reverse()))).toEqual(Object.fromEntries(keys));
    const bib = toBibtex(entries);
    const written = [...bib.matchAll(/^@\w+\{([^,]+),$/gm)].map((match) => match[1]);
    expect(new Set(written).size).toBe(entries.length);
    for (const key of written) expect(key).toMatch(/^[a-z0-9]+$/);
    expect(toBibtex(entries)).toBe(bib);
  });

  it('never lets a suffixed key take another paper’s plain key', () => {
    const entries = [
      paper({ id: 'arxiv:2401.00001', arxivId: '2401.00001', authors: ['A Smith'], title: 'X' }),
      paper({ id: 'arxiv:2401.00002', arxivId: '2401.00002', authors: ['A Smith'], title: 'X' }),
      paper({ id: 'arxiv:2401.00003', arxivId: '2401.00003', authors: ['A Smith'], title: 'Xa' }),
    ];
    expect([...citeKeys(entries).values()]).toEqual(['smith2024xb', 'smith2024xc', 'smith2024xa']);
  });

  it('answers an empty file for no papers', () => {
    expect(toBibtex([])).toBe('');
  });
});
