import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BACKUP_FORMAT,
  ImportError,
  MAX_IMPORT_CHARS,
  exportBackup,
  parseBackup,
  parseCslJson,
  parseImport,
  backupText,
  readPapersAndAnnotations,
  scopeRecords,
} from '../../../src/store/backup';
import { type PaperMarginDB, type PaperRecord, openDatabase } from '../../../src/store/db';
import { recordPapers, setAnnotation } from '../../../src/store/library';
import { validatePapers } from '../../../src/store/validate';
import type { Paper, PaperId } from '../../../src/shared/paper';
import { putRecords } from '../../helpers/library';

let db: PaperMarginDB;
let counter = 0;

afterEach(() => db?.close());

const llama: Paper = {
  id: 'arxiv:2407.21783',
  title: 'The Llama 3 Herd of Models',
  authors: ['Abhimanyu Dubey', 'Abhinav Jauhri'],
  authorCount: 2,
  arxivId: '2407.21783',
  url: 'https://huggingface.co/papers/2407.21783',
  upvotes: 94,
  codeLinks: [{ url: 'https://github.com/meta-llama/llama3', host: 'github', kind: 'code', status: 'available', label: 'meta-llama/llama3' }],
  source: 'huggingface',
};

const other: Paper = { ...llama, id: 'arxiv:2301.00001', arxivId: '2301.00001', title: 'Another', codeLinks: [], source: 'arxiv' };

async function seeded(): Promise<PaperMarginDB> {
  db = await openDatabase(`backup-${++counter}`);
  await recordPapers(db, [llama, other], 1000);
  await setAnnotation(db, llama.id, { note: 'read §3 — 中文 👩‍👩‍👧 \ud800 lone', tags: ['RL', 'vision'], status: 'read' }, undefined, 2000);
  await setAnnotation(db, 'doi:10.1000/orphan', { note: 'no paper record' }, undefined, 3000);
  return db;
}

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);

function backup(papers: unknown[] = [], annotations: unknown[] = [], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ format: BACKUP_FORMAT, version: 1, exportedAt: '2026-01-01T00:00:00.000Z', papers, annotations, ...extra });
}

function errorOf(run: () => unknown): ImportError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return error as ImportError;
  }
  throw new Error('expected an ImportError');
}

describe('scopeRecords (the JSON export of a page or a tag)', () => {
  it('keeps everything without a scope, papers without notes included', async () => {
    const stored = await readPapersAndAnnotations(await seeded());
    const all = scopeRecords(stored.papers, stored.annotations, {});
    expect(all.papers.map((p) => p.id)).toEqual(['arxiv:2301.00001', 'arxiv:2407.21783']);
    expect(all.annotations.map((a) => a.id)).toEqual(['arxiv:2407.21783', 'doi:10.1000/orphan']);
  });

  it("keeps a page's papers with their annotations, ids it does not know left out", async () => {
    const stored = await readPapersAndAnnotations(await seeded());
    const page = scopeRecords(stored.papers, stored.annotations, { ids: [llama.id, 'arxiv:9999.99999' as PaperId] });
    expect(page.papers.map((p) => p.id)).toEqual([llama.id]);
    expect(page.annotations.map((a) => a.id)).toEqual([llama.id]);
    const unnoted = scopeRecords(stored.papers, stored.annotations, { ids: [other.id] });
    expect(unnoted).toEqual({ papers: [stored.papers[0]], annotations: [] });
  });

  it('keeps the papers of one tag, matched as tags are (case and spaces folded), and nothing for an unknown tag', async () => {
    const stored = await readPapersAndAnnotations(await seeded());
    const tagged = scopeRecords(stored.papers, stored.annotations, { tag: ' rl ' });
    expect(tagged.papers.map((p) => p.id)).toEqual([llama.id]);
    expect(tagged.annotations.map((a) => a.id)).toEqual([llama.id]);
    expect(scopeRecords(stored.papers, stored.annotations, { tag: 'nope' })).toEqual({ papers: [], annotations: [] });
    // No tag chosen (the options page's "all"): everything, as the other formats read it.
    expect(scopeRecords(stored.papers, stored.annotations, { tag: '' }).papers).toHaveLength(2);
  });

  it('writes a file that parses back to the same records, importable like any backup', async () => {
    const stored = await readPapersAndAnnotations(await seeded());
    const { papers, annotations } = scopeRecords(stored.papers, stored.annotations, { tag: 'vision' });
    const parsed = parseImport(backupText(papers, annotations, NOW));
    expect(parsed.papers.map((p) => p.id)).toEqual([llama.id]);
    expect(parsed.annotations).toEqual(annotations);
  });
});

describe('exportBackup', () => {
  it('writes every record, sorted by id, one per line, identical on every call', async () => {
    await seeded();
    const text = await exportBackup(db, NOW);
    expect(await exportBackup(db, NOW)).toBe(text);
    const lines = text.split('\n');
    expect(lines[0]).toBe('{"format":"paper-margin-backup","version":1,"exportedAt":"2026-01-02T03:04:05.000Z",');
    expect(lines[1]).toBe('"papers":[');
    expect(lines[2]).toMatch(/^\{"id":"arxiv:2301\.00001","title":"Another",/);
    const parsed = JSON.parse(text) as { papers: PaperRecord[]; annotations: Array<{ id: string; note: string }> };
    expect(parsed.papers.map((p) => p.id)).toEqual(['arxiv:2301.00001', 'arxiv:2407.21783']);
    expect(parsed.annotations.map((a) => a.id)).toEqual(['arxiv:2407.21783', 'doi:10.1000/orphan']);
    expect(parsed.annotations[0]!.note).toBe('read §3 — 中文 👩‍👩‍👧 \ud800 lone');
    expect(text).toContain('\\ud800');
  });

  it('writes fields in one order whatever order the stored record has, keeping unknown fields', async () => {
    db = await openDatabase(`backup-${++counter}`);
    // earlierSeenAt is the library's bookkeeping for tabs loading at once, not history: left out.
    const record = { updatedAt: 1, seenOn: [], zeta: 'kept', createdAt: 1, lastSeenAt: 1, earlierSeenAt: [0], firstSeenAt: 1, source: 'x', codeLinks: [], url: 'https://a.org', authors: [], title: 'T', id: 'arxiv:2401.00001' };
    await putRecords(db, [record as unknown as PaperRecord]);
    const text = await exportBackup(db, NOW);
    expect(text).toContain('{"id":"arxiv:2401.00001","title":"T","authors":[],"url":"https://a.org","codeLinks":[],"source":"x","firstSeenAt":1,"lastSeenAt":1,"seenOn":[],"createdAt":1,"updatedAt":1,"zeta":"kept"}');
  });

  it('exports an empty database as a valid, empty backup', async () => {
    db = await openDatabase(`backup-${++counter}`);
    const text = await exportBackup(db, NOW);
    expect(parseBackup(text)).toEqual({ kind: 'backup', exportedAt: '2026-01-02T03:04:05.000Z', papers: [], annotations: [], warnings: [] });
  });
});

describe('parseBackup', () => {
  it('reads back exactly what was exported', async () => {
    await seeded();
    const parsed = parseBackup(await exportBackup(db, NOW));
    const stored = await readPapersAndAnnotations(db);
    expect(parsed.papers).toEqual(stored.papers);
    expect(parsed.annotations).toEqual(stored.annotations);
    expect(parsed.warnings).toEqual([]);
  });

  it('accepts a file that starts with a UTF-8 byte order mark', async () => {
    await seeded();
    expect(parseBackup(`\ufeff${await exportBackup(db, NOW)}`).papers).toHaveLength(2);
  });

  it('drops links that are not web addresses, not the file, and says so', () => {
    const paper = { ...llama, url: 'javascript:alert(1)', projectPage: 'data:text/html,x', firstSeenAt: 1, lastSeenAt: 1, seenOn: [], createdAt: 1, updatedAt: 1 };
    paper.codeLinks = [{ ...llama.codeLinks[0]!, url: 'file:///etc/passwd' }, llama.codeLinks[0]!];
    const parsed = parseBackup(backup([paper]));
    expect(parsed.papers[0]!.url).toBe('https://arxiv.org/abs/2407.21783');
    expect(parsed.papers[0]!.projectPage).toBeUndefined();
    expect(parsed.papers[0]!.codeLinks.map((link) => link.url)).toEqual(['https://github.com/meta-llama/llama3']);
    expect(parsed.warnings).toEqual(['Dropped 3 links that were not a web address: papers[0].url, papers[0].codeLinks[0].url, papers[0].projectPage ("The Llama 3 Herd of Models").']);
  });

  it('names the paper of each field it warns about: by its title, or by its id for a note whose paper the file lacks', () => {
    const seen = { firstSeenAt: 1, lastSeenAt: 1, seenOn: [], createdAt: 1, updatedAt: 1 };
    const other = { ...llama, ...seen, id: 'arxiv:2401.00002', arxivId: '2401.00002', title: 'A second paper', url: 'https://arxiv.org/abs/2401.00002' };
    const note = (id: string) => ({ id, note: '', tags: ['x'.repeat(200)], status: 'none', createdAt: 1, updatedAt: 1 });
    const parsed = parseBackup(
      backup(
        [
          { ...llama, ...seen, url: 'javascript:alert(1)', projectPage: 'data:text/html,x' },
          { ...other, projectPage: 'ftp://example.org/' },
        ],
        [note('arxiv:2401.00002'), note('arxiv:2401.00003')],
      ),
    );
    expect(parsed.warnings).toEqual([
      'Dropped 3 links that were not a web address: papers[0].url, papers[0].projectPage ("The Llama 3 Herd of Models"), papers[1].projectPage ("A second paper").',
      expect.stringMatching(/: annotations\[0\]\.tags \("A second paper"\), annotations\[1\]\.tags \(arxiv:2401\.00003\)\.$/),
    ]);
  });

  it('refuses __proto__, constructor and prototype keys anywhere without polluting any prototype', () => {
    const cases: Array<[string, string]> = [
      ['{"__proto__":{"polluted":1},"format":"paper-margin-backup","version":1,"papers":[],"annotations":[]}', 'The file contains the key "__proto__"'],
      [backup([{ __proto__: null }]).replace('{}', '{"__proto__":{"polluted":1},"id":"arxiv:1"}'), 'papers[0] contains the key "__proto__"'],
      [backup([], [{ id: 'arxiv:2401.00001', constructor: { prototype: { polluted: 1 } } }]), 'annotations[0] contains the key "constructor"'],
      [backup([], [], { meta: { deep: [{ prototype: { polluted: 1 } }] } }), 'The file contains the key "prototype"'],
    ];
    for (const [text, message] of cases) {
      expect(errorOf(() => parseBackup(text)).message).toContain(message);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it('refuses a list, pointing to the CSL-JSON import, and other non-objects', () => {
    expect(errorOf(() => parseBackup('[{"title":"x"}]')).message).toMatch(/^The file holds a list, not a Paper Margin backup .*CSL-JSON/);
    expect(errorOf(() => parseBackup('null')).message).toBe('The file holds null, not a Paper Margin backup.');
    expect(errorOf(() => parseBackup(42 as unknown as string)).message).toBe('The file could not be read as text.');
  });

  it('names the place of a wrongly typed field', () => {
    expect(errorOf(() => parseBackup(backup([], [{ id: 'arxiv:2401.00001', tags: 'rl', createdAt: 1, updatedAt: 1 }]))).message).toBe(
      'annotations[0].tags must be a list of text, not text.',
    );
    const error = errorOf(() => parseBackup(backup([], [{ id: 'arxiv:2401.00001', tags: ['a', 3], createdAt: 1, updatedAt: 1 }])));
    expect(error.message).toBe('annotations[0].tags must be a list of text (item 1 is a number).');
    expect(error.path).toBe('annotations[0].tags');
  });

  it('refuses a file over 300 MB by its length alone, fast', () => {
    const huge = `{"format":"paper-margin-backup",${' '.repeat(MAX_IMPORT_CHARS)}}`;
    const started = performance.now();
    expect(errorOf(() => parseBackup(huge)).message).toBe('The file is too large (301 MB); the limit is 300 MB.');
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe('parseCslJson', () => {
  it('finds arXiv ids in number, URL or DOI, else the DOI, else the title', () => {
    const parsed = parseCslJson(
      JSON.stringify([
        { type: 'article', title: 'One', number: 'arXiv:2401.00001v2', author: [{ family: 'Berg', given: 'Jan', 'non-dropping-particle': 'van der' }] },
        { type: 'article', title: 'Two', URL: 'https://arxiv.org/abs/2401.00002' },
        { type: 'article', title: 'Three', DOI: '10.48550/arXiv.2401.00003' },
        { type: 'article-journal', title: 'Four', DOI: '10.1145/ABC', issued: { 'date-parts': [['2020', '5', '4']] } },
        { type: 'book', title: '  Five:   A Book ', author: [{ literal: 'The Team' }], URL: 'ftp://x' },
        { type: 'article', title: 'One again', number: '2401.00001' },
      ]),
      42,
    );
    expect(parsed.papers.map((p) => [p.id, p.title, p.date ?? null])).toEqual([
      ['arxiv:2401.00001', 'One', null],
      ['arxiv:2401.00002', 'Two', null],
      ['arxiv:2401.00003', 'Three', null],
      ['doi:10.1145/abc', 'Four', '2020-05-04'],
      ['title:five a book', 'Five: A Book', null],
    ]);
    expect(parsed.papers[0]!.authors).toEqual(['Jan van der Berg']);
    expect(parsed.papers[4]!).toMatchObject({ authors: ['The Team'], url: '', source: 'csl-json', createdAt: 42 });
    expect(parsed.warnings).toEqual([
      'Dropped 1 link that was not a web address: references[4].URL ("Five: A Book").',
      'Skipped 1 repeated reference (same paper twice in the file).',
    ]);
  });

  // Zotero gives a year alone for many references: before 2026-12-01 such dates were dropped unsaid.
  it.each([
    [{ 'date-parts': [[2019]] }, '2019'],
    [{ 'date-parts': [[2019, 7]] }, '2019-07'],
    [{ 'date-parts': [['2019', '7', '1']] }, '2019-07-01'],
    [{ 'date-parts': [[2019, 7], [2020, 1]] }, '2019-07'],
    [{ 'date-parts': [[2019, 13]] }, undefined],
    [{ raw: '2019-07-03' }, '2019-07-03'],
    [{ raw: '2019/7' }, '2019-07'],
    [{ raw: '2019-07-03T10:00:00Z' }, '2019-07-03'],
    [{ literal: 'Spring 2019' }, '2019'],
    [{ 'date-parts': [[2024, 2, 31]], literal: 'n.d.' }, undefined],
    [{ literal: '2019–2020' }, undefined],
    ['2021-03', '2021-03'],
  ])('keeps as much of the date %j as it gives: %s', (issued, date) => {
    const parsed = parseCslJson(JSON.stringify([{ type: 'book', title: 'Dated', issued }]));
    expect(parsed.papers[0]!.date).toBe(date);
    expect(parsed.warnings).toEqual(date ? [] : ['The date of 1 reference could not be read: it is imported without one.']);
  });

  it('refuses what is not a list of references', () => {
    expect(errorOf(() => parseCslJson('{"items":[]}')).message).toBe('A CSL-JSON file is a list of references; this file holds an object.');
    expect(errorOf(() => parseCslJson('[{"type":"article"}]')).message).toBe('references[0].title is missing.');
    // Another program's list: said as such, not as a reference of ours missing its title.
    expect(errorOf(() => parseCslJson('[{"name":"my-app","version":"1.0.0"},{"name":"other"}]')).message).toBe(
      'The file holds a list, but not of CSL-JSON references (its first item has no "title" or "type"): it is neither a Paper Margin backup nor a reference list exported by Zotero or another reference manager.',
    );
    expect(errorOf(() => parseCslJson('[{"title":"x","author":[{"family":1}]}]')).message).toBe('references[0].author[0].family must be text, not a number.');
  });
});

describe('parseImport', () => {
  it('takes a list as CSL-JSON and anything else as a backup', () => {
    expect(parseImport('\ufeff [{"title":"x"}]', 1).kind).toBe('csl-json');
    expect(parseImport(backup()).kind).toBe('backup');
    expect(() => parseImport('nope')).toThrow(ImportError);
  });
});

describe('what the library stores can always be restored', () => {
  const link = (i: number) => ({ url: `https://github.com/lab/repo-${i}`, host: 'github', kind: 'code', status: 'available', label: `lab/repo-${i}` });

  it('keeps stored papers within the limits the backup reader checks, however they came', async () => {
    db = await openDatabase(`backup-${++counter}`);
    // What a generic page or page script can send: an overlong "author", a huge count, an old-style id
    // in the page's case, and 11 visits showing 100 new code links each.
    for (let visit = 0; visit < 11; visit++) {
      const [paper] = validatePapers([
        {
          id: 'arxiv:Hep-th/9901001',
          title: 'Strings',
          authors: ['x'.repeat(1500)],
          authorCount: 1e20,
          arxivId: 'Hep-th/9901001',
          url: 'https://arxiv.org/abs/hep-th/9901001',
          codeLinks: Array.from({ length: 100 }, (_, i) => link(visit * 100 + i)),
          source: 'generic',
        },
      ]);
      await recordPapers(db, [paper!], 1000 + visit);
    }
    const parsed = parseBackup(await exportBackup(db, NOW));
    expect(parsed.warnings).toEqual([]);
    const [paper] = parsed.papers;
    expect(paper).toMatchObject({ id: 'arxiv:hep-th/9901001', arxivId: 'hep-th/9901001' });
    expect(paper!.authors[0]).toHaveLength(1000);
    expect(paper!.authorCount).toBeUndefined();
    expect(paper!.codeLinks).toHaveLength(1000);
  });

  it('reads a backup of a library that stored more than that, cutting it with a warning', () => {
    const paper = {
      id: 'arxiv:math.gt/0309136',
      title: 'Knots',
      url: 'https://arxiv.org/abs/math.GT/0309136',
      arxivId: 'math.gt/0309136',
      authors: ['y'.repeat(1500), 'Ann Author'],
      authorCount: 1e20,
      codeLinks: Array.from({ length: 1100 }, (_, i) => link(i)),
      firstSeenAt: 1,
      lastSeenAt: 1,
      createdAt: 1,
      updatedAt: 1,
    };
    const parsed = parseBackup(backup([paper]));
    expect(parsed.papers[0]).toMatchObject({ arxivId: 'math.GT/0309136', authors: ['y'.repeat(1000), 'Ann Author'] });
    expect(parsed.papers[0]!.codeLinks).toHaveLength(1000);
    expect(parsed.papers[0]!.authorCount).toBeUndefined();
    expect(parsed.warnings).toEqual([
      'Cut 3 fields to what the library keeps (lists over their length, names over their length, or numbers too large): papers[0].codeLinks, papers[0].authors[0], papers[0].authorCount ("Knots").',
    ]);
    // A list far beyond any library is still refused as damage.
    expect(errorOf(() => parseBackup(backup([{ ...paper, codeLinks: Array.from({ length: 100_001 }, () => 0) }]))).message).toMatch(/codeLinks/);
  });
});
