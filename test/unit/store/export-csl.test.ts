import { describe, expect, it } from 'vitest';
import { parseCslJson } from '../../../src/store/backup';
import type { PaperRecord } from '../../../src/store/db';
import { toCslJson } from '../../../src/store/export/csl';
import type { LibraryEntry } from '../../../src/store/query';

function paper(overrides: Partial<PaperRecord>): LibraryEntry {
  const record: PaperRecord = {
    id: 'arxiv:2407.21783',
    title: 'The Llama 3 Herd of Models',
    authors: ['Abhimanyu Dubey', 'Ludwig van Beethoven', 'Martin Luther King Jr.', '张伟'],
    arxivId: '2407.21783',
    abstract: 'We present Llama 3.',
    url: 'https://arxiv.org/abs/2407.21783',
    codeLinks: [],
    source: 'arxiv',
    date: '2024-07-31',
    firstSeenAt: 1,
    lastSeenAt: 1,
    seenOn: [],
    createdAt: 1,
    updatedAt: 1,
    ...overrides,
  };
  for (const key of Object.keys(record) as Array<keyof PaperRecord>) if (record[key] === undefined) delete record[key];
  return { paper: record, annotation: { id: record.id, note: 'PRIVATE', tags: ['secret'], status: 'read', createdAt: 1, updatedAt: 1 } };
}

// From citation-style-language/schema, schemas/input/csl-data.json: the item properties this
// export may use, the allowed types, and the name and date shapes (additionalProperties: false).
const ITEM_KEYS = new Set(['id', 'type', 'title', 'author', 'issued', 'abstract', 'URL', 'DOI', 'number', 'publisher']);
const TYPES = new Set(['article', 'article-journal', 'paper-conference', 'report', 'webpage']);
const NAME_KEYS = new Set(['family', 'given', 'dropping-particle', 'non-dropping-particle', 'suffix', 'comma-suffix', 'static-ordering', 'literal', 'parse-names']);

function validateCsl(items: unknown): void {
  expect(Array.isArray(items)).toBe(true);
  for (const item of items as Array<Record<string, unknown>>) {
    expect(typeof item.id === 'string' || typeof item.id === 'number').toBe(true);
    expect(TYPES.has(item.type as string)).toBe(true);
    for (const key of Object.keys(item)) expect(ITEM_KEYS.has(key), key).toBe(true);
    for (const key of ['title', 'abstract', 'URL', 'DOI', 'publisher']) if (key in item) expect(typeof item[key]).toBe('string');
    if ('number' in item) expect(['string', 'number']).toContain(typeof item.number);
    for (const name of (item.author as Array<Record<string, unknown>> | undefined) ?? []) {
      for (const [key, value] of Object.entries(name)) {
        expect(NAME_KEYS.has(key)).toBe(true);
        expect(typeof value).toBe('string');
      }
    }
    if (item.issued) {
      const parts = (item.issued as { 'date-parts': unknown[][] })['date-parts'];
      expect(Object.keys(item.issued as object)).toEqual(['date-parts']);
      expect(parts.length).toBeGreaterThanOrEqual(1);
      expect(parts.length).toBeLessThanOrEqual(2);
      for (const part of parts) {
        expect(part.length).toBeGreaterThanOrEqual(1);
        expect(part.length).toBeLessThanOrEqual(3);
        for (const n of part) expect(Number.isInteger(n)).toBe(true);
      }
    }
  }
}

describe('toCslJson', () => {
  it('writes arXiv preprints the way Zotero does, with names split and no private data', () => {
    const text = toCslJson([paper({})]);
    const items = JSON.parse(text) as unknown[];
    validateCsl(items);
    expect(items).toEqual([
      {
        id: 'dubey2024llama',
        type: 'article',
        title: 'The Llama 3 Herd of Models',
        author: [
          { family: 'Dubey', given: 'Abhimanyu' },
          { family: 'van Beethoven', given: 'Ludwig' },
          { family: 'King', given: 'Martin Luther', suffix: 'Jr.' },
          { literal: '张伟' },
        ],
        issued: { 'date-parts': [[2024, 7, 31]] },
        abstract: 'We present Llama 3.',
        URL: 'https://arxiv.org/abs/2407.21783',
        DOI: '10.48550/arXiv.2407.21783',
        number: 'arXiv:2407.21783',
        publisher: 'arXiv',
      },
    ]);
    expect(text).not.toMatch(/PRIVATE|secret/);
    expect(text.endsWith(']\n')).toBe(true);
  });

  it('writes journal papers as article-journal, dates from the arXiv id when unknown, sorted by id', () => {
    const items = JSON.parse(
      toCslJson([
        paper({ id: 'doi:10.1145/1', arxivId: undefined, doi: '10.1145/1', date: undefined, url: 'javascript:x', authors: [] }),
        paper({ id: 'arxiv:2301.00001', arxivId: '2301.00001', date: undefined }),
      ]),
    ) as Array<Record<string, unknown>>;
    validateCsl(items);
    expect(items.map((item) => [item.type, item.DOI, item.issued, item.URL, item.publisher])).toEqual([
      ['article', '10.48550/arXiv.2301.00001', { 'date-parts': [[2023, 1]] }, 'https://arxiv.org/abs/2407.21783', 'arXiv'],
      ['article-journal', '10.1145/1', undefined, undefined, undefined],
    ]);
  });

  it('writes an arXiv paper with a journal DOI as a preprint, so that its arXiv id is not read as a journal article number', () => {
    const [item] = JSON.parse(toCslJson([paper({ doi: '10.1145/3366423.3380130' })])) as Array<Record<string, unknown>>;
    validateCsl([item]);
    expect([item!.type, item!.DOI, item!.number, item!.publisher]).toEqual(['article', '10.1145/3366423.3380130', 'arXiv:2407.21783', 'arXiv']);
    const back = parseCslJson(toCslJson([paper({ doi: '10.1145/3366423.3380130' })]), 5).papers[0]!;
    expect([back.id, back.arxivId, back.doi]).toEqual(['arxiv:2407.21783', '2407.21783', '10.1145/3366423.3380130']);
  });

  it('reads back with parseCslJson to the same ids, titles, authors and dates', () => {
    const entries = [
      paper({}),
      paper({ id: 'doi:10.1145/1', arxivId: undefined, doi: '10.1145/1', title: 'Journal one', url: 'https://doi.org/10.1145/1' }),
      paper({ id: 'title:a paper with no id', arxivId: undefined, title: 'A paper with no id', url: 'https://example.org/p' }),
      paper({ id: 'title:a year alone', arxivId: undefined, title: 'A year alone', url: 'https://example.org/y', date: '2019' }),
    ];
    const parsed = parseCslJson(toCslJson(entries), 5);
    expect(parsed.papers.map((p) => [p.id, p.title, p.date, p.url])).toEqual([
      ['arxiv:2407.21783', 'The Llama 3 Herd of Models', '2024-07-31', 'https://arxiv.org/abs/2407.21783'],
      ['doi:10.1145/1', 'Journal one', '2024-07-31', 'https://doi.org/10.1145/1'],
      ['title:a paper with no id', 'A paper with no id', '2024-07-31', 'https://example.org/p'],
      ['title:a year alone', 'A year alone', '2019', 'https://example.org/y'],
    ]);
    expect(parsed.papers[0]!.authors).toEqual(['Abhimanyu Dubey', 'Ludwig van Beethoven', 'Martin Luther King Jr.', '张伟']);
    expect(parsed.annotations).toEqual([]);
  });

  it('keys a part of the library with the ids the whole library\'s file gives its papers, given the noted papers', () => {
    const smith = (n: number) => paper({ id: `arxiv:2401.0000${n}`, arxivId: `2401.0000${n}`, authors: ['A Smith'], title: 'Deep' });
    const library = [smith(1), smith(2)];
    const ids = (text: string) => (JSON.parse(text) as Array<{ id: string }>).map((item) => item.id);
    const whole = ids(toCslJson(library));
    expect(ids(toCslJson([smith(2)], library))).toEqual([whole[1]]);
    expect(ids(toCslJson([smith(2)]))).toEqual(['smith2024deep']);
  });
});
