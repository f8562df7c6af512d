/**
 * Every file in test/fixtures/import/ goes through the whole import path the popup uses
 * (parseImport → planImport → applyImport). Refused files must fail with a clear ImportError and
 * leave the database byte for byte as it was; accepted ones must import only what is safe.
 */
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError, MAX_IMPORT_CHARS, parseImport } from '../../../src/store/backup';
import { type PaperMarginDB, openDatabase } from '../../../src/store/db';
import { applyImport, planImport, summary } from '../../../src/store/import';
import { recordPapers, setAnnotation } from '../../../src/store/library';
import { storedAnnotation, storedPaper } from '../../helpers/library';

const DIR = new URL('../../fixtures/import/', import.meta.url).pathname;
const NOW = Date.UTC(2026, 5, 1);

const TAMPER = 'which no Paper Margin file has. The file was refused: it may have been made to tamper with the extension.';
// The options page adds "Nothing was changed." to every refusal (importFailed): said once.
const TRUNCATED = 'The file ends too early: it was probably cut off while downloading or saving.';
const DAMAGED = /^The file is damaged: it is not valid JSON( \(line \d+, column \d+\))?\.$/;
const NOT_ID = (value: string) => `must be a paper id such as "arxiv:2407.21783", "doi:10.1000/x" or "title:…", not ${value}.`;
const TIME = (type: string) => `must be a time in milliseconds since 1970 (a number), not ${type}.`;

/** Refused fixtures and the message the user reads. */
const REFUSED: Record<string, string | RegExp> = {
  'empty.json': 'The file is empty.',
  'whitespace-only.json': 'The file is empty.',
  'plain-text.txt': 'The file is not a JSON backup: it does not start with "{" or "[".',
  'html-page.html': 'The file is a web page or XML document, not a JSON backup.',
  'binary-junk.bin': 'The file is not UTF-8 text (it may be an image, an archive or a UTF-16 file); choose the .json backup file.',
  'zip-archive.zip': 'The file is a ZIP archive, not a JSON backup. (The Markdown export is a ZIP; choose the .json backup file.)',
  'utf16le-backup.json': 'The file is not UTF-8 text (it may be an image, an archive or a UTF-16 file); choose the .json backup file.',
  'json-with-comments.json': DAMAGED,
  'trailing-comma.json': DAMAGED,
  'single-quotes.json': DAMAGED,
  'nan-time.json': DAMAGED,
  'two-documents.json': DAMAGED,
  'truncated-open-brace.json': TRUNCATED,
  'truncated-in-format.json': TRUNCATED,
  'truncated-in-papers.json': TRUNCATED,
  'truncated-in-note.json': TRUNCATED,
  'truncated-before-last-brace.json': TRUNCATED,
  'truncated-after-backslash.json': TRUNCATED,
  'null.json': 'The file holds null, not a Paper Margin backup.',
  'string.json': 'The file holds text, not a Paper Margin backup.',
  'number.json': 'The file holds a number, not a Paper Margin backup.',
  'boolean.json': 'The file holds true/false, not a Paper Margin backup.',
  'format-missing.json': 'This is not a Paper Margin backup: it has no "format".',
  'format-wrong.json': 'This is not a Paper Margin backup: its "format" is "zotero-rdf", not "paper-margin-backup".',
  'format-number.json': 'This is not a Paper Margin backup: its "format" is a number, not "paper-margin-backup".',
  'version-newer.json': 'This backup was made by a newer Paper Margin (backup version 2); this one reads version 1. Update the extension, then import it again.',
  'version-string.json': 'The backup\'s "version" must be a whole number from 1, not text.',
  'version-zero.json': 'The backup\'s "version" must be a whole number from 1, not 0.',
  'version-fraction.json': 'The backup\'s "version" must be a whole number from 1, not 1.5.',
  'version-missing.json': 'The backup has no "version".',
  'exported-at-number.json': 'exportedAt must be text, not a number.',
  'papers-missing.json': 'papers is missing.',
  'papers-object.json': 'papers must be a list of papers, not an object.',
  'annotations-string.json': 'annotations must be a list of annotations, not text.',
  'paper-null.json': 'papers[0] must be a paper (an object), not null.',
  'paper-id-missing.json': 'papers[0].id is missing.',
  'paper-id-not-an-id.json': `papers[0].id ${NOT_ID('"https://evil.example/"')}`,
  'paper-id-number.json': `papers[0].id ${NOT_ID('a number')}`,
  'paper-title-number.json': 'papers[0].title must be text, not a number.',
  'paper-title-empty.json': 'papers[0].title is empty.',
  'paper-title-too-long.json': 'papers[0].title is too long (2,001 characters; at most 2,000).',
  'paper-authors-string.json': 'papers[0].authors must be a list of text, not text.',
  'paper-authors-mixed.json': 'papers[0].authors must be a list of text (item 1 is an object).',
  'paper-url-number.json': 'papers[0].url must be text, not a number.',
  'paper-code-links-object.json': 'papers[0].codeLinks must be a list of links, not an object.',
  'paper-code-link-host.json': 'papers[0].codeLinks[0].host must be one of github, gitlab, bitbucket, codeberg, hf-space, hf-model, hf-dataset, anonymous, other, not "evil".',
  'paper-code-link-url-number.json': 'papers[0].codeLinks[0].url must be text, not a number.',
  'paper-date-words.json': 'papers[0].date must be a date like 2024-07-31 (or 2024-07, or 2024), not "July 2024".',
  'paper-created-at-string.json': `papers[0].createdAt ${TIME('text')}`,
  'paper-updated-at-negative.json': 'papers[0].updatedAt is not a valid time (-5).',
  'paper-last-seen-huge.json': 'papers[0].lastSeenAt is not a valid time (1e+300).',
  'paper-first-seen-missing.json': 'papers[0].firstSeenAt is missing.',
  'paper-upvotes-negative.json': 'papers[0].upvotes must be a whole number of at least 0, not -3.',
  'paper-upvotes-fraction.json': 'papers[0].upvotes must be a whole number of at least 0, not 2.5.',
  'paper-arxiv-id-bad.json': 'papers[0].arxivId is not an arXiv id: "../../etc/passwd".',
  'paper-seen-on-numbers.json': 'papers[0].seenOn must be a list of text (item 0 is a number).',
  'paper-source-object.json': 'papers[0].source must be text, not an object.',
  'paper-duplicate-id.json': 'papers[1].id repeats papers[0] ("arxiv:2407.21783"); a backup holds each paper once.',
  'annotation-list.json': 'annotations[0] must be an annotation (an object), not a list.',
  'annotation-id-bad.json': `annotations[0].id ${NOT_ID('"arxiv:"')}`,
  'annotation-note-number.json': 'annotations[0].note must be text, not a number.',
  'annotation-note-null.json': 'annotations[0].note must be text, not null.',
  'annotation-tags-string.json': 'annotations[0].tags must be a list of text, not text.',
  'annotation-tags-nested.json': 'annotations[0].tags must be a list of text (item 1 is a list).',
  'annotation-tag-too-long.json': 'annotations[0].tags[0] is too long (1,001 characters; at most 1,000).',
  'annotation-too-many-tags.json': 'annotations[0].tags has 1,001 items; at most 1,000 are accepted.',
  'annotation-status-unknown.json': 'annotations[0].status must be one of none, to-read, read, starred, skip, not "done".',
  'annotation-created-at-string.json': `annotations[0].createdAt ${TIME('text')}`,
  'annotation-updated-at-missing.json': 'annotations[0].updatedAt is missing.',
  'annotation-updated-at-boolean.json': `annotations[0].updatedAt ${TIME('true/false')}`,
  'annotation-duplicate-id.json': 'annotations[1].id repeats annotations[0] ("arxiv:2407.21783"); a backup holds each paper once.',
  'proto-top-level.json': `The file contains the key "__proto__", ${TAMPER}`,
  'proto-in-paper.json': `papers[0] contains the key "__proto__", ${TAMPER}`,
  'proto-in-annotation.json': `annotations[0] contains the key "__proto__", ${TAMPER}`,
  'proto-in-code-link.json': `papers[0].codeLinks[0] contains the key "__proto__", ${TAMPER}`,
  'proto-escaped-key.json': `annotations[0] contains the key "__proto__", ${TAMPER}`,
  'constructor-in-annotation.json': `annotations[0] contains the key "constructor", ${TAMPER}`,
  'prototype-in-unknown-field.json': `The file contains the key "prototype", ${TAMPER}`,
  'list-of-numbers.json': 'references[0] must be a reference (an object), not a number.',
  'csl-item-null.json': 'references[0] must be a reference (an object), not null.',
  'csl-title-missing.json': 'references[0].title is missing.',
  'csl-author-string.json': 'references[0].author must be a list of names, not text.',
  'csl-author-family-number.json': 'references[0].author[0].family must be text, not a number.',
  'csl-no-identity.json': 'references[0] has no arXiv id, DOI or title to tell which paper it is.',
  'csl-proto.json': `references[0] contains the key "__proto__", ${TAMPER}`,
  'csl-truncated.json': TRUNCATED,
  // A reference list with no reference in it: said as an empty file is, not previewed as "0 new".
  'csl-empty-list.json': 'The file is empty.',
};

const ACCEPTED = [
  'accepted-bom.json',
  'accepted-javascript-links.json',
  'accepted-unknown-fields.json',
  'accepted-lone-surrogate.json',
  'accepted-csl-zotero.json',
  'accepted-impossible-date.json',
];

let db: PaperMarginDB;
let counter = 0;

async function seededDb(): Promise<PaperMarginDB> {
  const fresh = await openDatabase(`hostile-${++counter}`);
  await recordPapers(
    fresh,
    [
      { id: 'arxiv:2407.21783', title: 'Local title', authors: ['Someone Local'], arxivId: '2407.21783', url: 'https://arxiv.org/abs/2407.21783', codeLinks: [], source: 'arxiv' },
      { id: 'arxiv:2301.00001', title: 'Other', authors: [], url: 'https://arxiv.org/abs/2301.00001', codeLinks: [], source: 'arxiv' },
    ],
    1000,
  );
  await setAnnotation(fresh, 'arxiv:2301.00001', { note: 'local note', tags: ['local'] }, undefined, 2000);
  return fresh;
}

/** Everything in the database, for before/after comparison. */
async function dump(target: PaperMarginDB): Promise<string> {
  // The records as stored, so that a change to any part of one shows.
  return JSON.stringify(await target.getAll('library'));
}

/** The import the popup runs: parse, plan, apply with no resolutions. */
async function importText(target: PaperMarginDB, text: string) {
  const plan = await planImport(target, parseImport(text, NOW));
  await applyImport(target, plan, {}, NOW);
  return plan;
}

async function expectRefused(text: string, expected: string | RegExp): Promise<void> {
  const before = await dump(db);
  const error = await importText(db, text).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'the file should have been refused').toBeInstanceOf(ImportError);
  const message = (error as Error).message;
  if (typeof expected === 'string') expect(message).toBe(expected);
  else expect(message).toMatch(expected);
  expect(await dump(db)).toBe(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

beforeAll(async () => {
  db = await seededDb();
});

afterAll(() => db?.close());

describe('hostile import files', () => {
  it('has at least 50 refused fixtures, and every fixture file is listed here', () => {
    const files = readdirSync(DIR).sort();
    expect(Object.keys(REFUSED).length).toBeGreaterThanOrEqual(50);
    expect(files).toEqual([...Object.keys(REFUSED), ...ACCEPTED].sort());
  });

  for (const [name, expected] of Object.entries(REFUSED)) {
    it(`refuses ${name} and leaves the database unchanged`, async () => {
      await expectRefused(readFileSync(DIR + name, 'utf8'), expected);
    });
  }
});

describe('hostile inputs generated in the test', () => {
  it('refuses more than 300 MB by length, before parsing, in milliseconds', async () => {
    const huge = `{"format":"paper-margin-backup","version":1,"papers":[],"annotations":[],"pad":"${'x'.repeat(MAX_IMPORT_CHARS)}"}`;
    const started = performance.now();
    expect(() => parseImport(huge)).toThrow('The file is too large (301 MB); the limit is 300 MB.');
    expect(performance.now() - started).toBeLessThan(20);
    await expectRefused(huge, 'The file is too large (301 MB); the limit is 300 MB.');
  });

  it('refuses a note over 100,000 characters and accepts one of exactly 100,000', async () => {
    const file = (length: number) =>
      JSON.stringify({ format: 'paper-margin-backup', version: 1, papers: [], annotations: [{ id: 'arxiv:2101.00001', note: 'n'.repeat(length), tags: [], status: 'none', createdAt: 1, updatedAt: 1 }] });
    await expectRefused(file(100_001), 'annotations[0].note is too long (100,001 characters; at most 100,000).');
    expect(parseImport(file(100_000)).annotations[0]!.note).toHaveLength(100_000);
  });

  it('refuses more than 200,000 records', async () => {
    const papers = `[${Array.from({ length: 200_001 }, () => '{}').join(',')}]`;
    await expectRefused(`{"format":"paper-margin-backup","version":1,"papers":${papers},"annotations":[]}`, 'papers has 200,001 items; at most 200,000 are accepted.');
  });

  it('refuses absurd nesting without crashing', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    await expectRefused(`{"format":"paper-margin-backup","version":1,"papers":[],"annotations":[],"x":${deep}}`, 'The file nests lists or objects too deeply to be a backup.');
  });
});

describe('hostile files that are accepted', () => {
  it('imports a backup that starts with a byte order mark', async () => {
    const target = await seededDb();
    const plan = await importText(target, readFileSync(`${DIR}accepted-bom.json`, 'utf8'));
    expect(summary(plan)).toBe('0 new, 1 updated, 0 conflicts');
    expect((await storedAnnotation(target, 'arxiv:2407.21783'))?.note).toBe('Imported note');
    target.close();
  });

  it('keeps the paper but drops javascript:, data: and vbscript: links', async () => {
    const target = await seededDb();
    const plan = await importText(target, readFileSync(`${DIR}accepted-javascript-links.json`, 'utf8'));
    expect(plan.warnings).toEqual(['Dropped 4 links that were not a web address: papers[0].url, papers[0].codeLinks[0].url, papers[0].codeLinks[2].url, papers[0].projectPage ("The Llama 3 Herd of Models").']);
    const stored = await storedPaper(target, 'arxiv:2407.21783');
    expect(stored?.url).toBe('https://arxiv.org/abs/2407.21783');
    expect(stored?.projectPage).toBeUndefined();
    expect(stored?.codeLinks.map((link) => link.url)).toEqual(['https://github.com/meta-llama/llama3']);
    expect(JSON.stringify(await dump(target))).not.toMatch(/javascript:|vbscript:|data:text/);
    target.close();
  });

  it('keeps a paper whose date no calendar has (an earlier version could store one), without the date', async () => {
    const target = await seededDb();
    const plan = await importText(target, readFileSync(`${DIR}accepted-impossible-date.json`, 'utf8'));
    expect(plan.warnings).toEqual(['Left out 1 date that no calendar has: papers[0].date ("The Llama 3 Herd of Models").']);
    const stored = await storedPaper(target, 'arxiv:2407.21783');
    expect(stored?.date).toBeUndefined();
    expect(stored?.codeLinks.map((link) => link.url)).toEqual(['https://github.com/meta-llama/llama3']);
    target.close();
  });

  it('ignores fields it does not know', async () => {
    const target = await seededDb();
    await importText(target, readFileSync(`${DIR}accepted-unknown-fields.json`, 'utf8'));
    const stored = (await storedPaper(target, 'arxiv:2407.21783')) as unknown as Record<string, unknown>;
    expect(stored.evil).toBeUndefined();
    expect(stored.isAdmin).toBeUndefined();
    target.close();
  });

  it('keeps lone surrogates in a note exactly', async () => {
    const target = await seededDb();
    await importText(target, readFileSync(`${DIR}accepted-lone-surrogate.json`, 'utf8'));
    expect((await storedAnnotation(target, 'arxiv:2407.21783'))?.note).toBe('lone \ud800 high and \udc00 low, pair 😀');
    target.close();
  });

  it('imports a Zotero CSL-JSON export as papers, filling gaps and keeping local fields', async () => {
    const target = await seededDb();
    const plan = await importText(target, readFileSync(`${DIR}accepted-csl-zotero.json`, 'utf8'));
    expect(summary(plan)).toBe('0 new, 1 updated, 0 conflicts');
    expect(await storedPaper(target, 'arxiv:2407.21783')).toMatchObject({ title: 'Local title', authors: ['Someone Local'], date: '2024-07-31', seenOn: ['arxiv'], lastSeenAt: 1000 });
    target.close();
  });
});
