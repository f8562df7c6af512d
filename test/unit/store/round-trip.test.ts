/**
 * 10,000 papers with notes in many scripts: backup → parse → import into an empty database →
 * backup again must give the identical string, and every export format the identical output.
 * Also logs how long each export and the import take (logged, never asserted: CI machines vary).
 */
import 'fake-indexeddb/auto';
import { afterAll, describe, expect, it } from 'vitest';
import { exportBackup, parseBackup } from '../../../src/store/backup';
import { type PaperMarginDB, type PaperRecord, openDatabase } from '../../../src/store/db';
import { toBibtex } from '../../../src/store/export/bibtex';
import { toCslJson } from '../../../src/store/export/csl';
import { toCsv } from '../../../src/store/export/csv';
import { toMarkdownDigest, toMarkdownZip } from '../../../src/store/export/markdown';
import { applyImport, planImport, summary } from '../../../src/store/import';
import { listLibrary } from '../../../src/store/query';
import { READING_STATUSES, type Annotation, normaliseTags } from '../../../src/shared/annotation';
import type { CodeLink, PaperId } from '../../../src/shared/paper';
import { putRecords, storedAnnotation } from '../../helpers/library';

const COUNT = 10_000;
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

/** Mulberry32: the same "random" library on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOTES = [
  '機械学習の論文。第3節が重要。大语言模型的推理能力 — 한국어 메모도 있습니다.',
  'ملاحظة: هذه الورقة مهمة جدا للبحث (RTL) مع أرقام ١٢٣',
  'הערה: המאמר הזה חשוב. עברית עם English mixed in.',
  'Family: 👩‍👩‍👧‍👦 flag: 🏳️‍🌈 skin tones: 👍🏽👋🏿 keycap: 1️⃣ regional: 🇯🇵',
  'Combining marks: e\u0301 n\u0303 a\u0308\u0304 Z\u0351\u0352\u0353 and precomposed é ñ',
  'TeX: $\\alpha + \\beta = \\gamma$, \\cite{vaswani2017}, 50% & x_1^2 ~ {braces}',
  'Lone surrogates: high \ud800 and low \udfff and reversed \udc00\ud800 end',
  'Controls: NUL \u0000 BEL \u0007 ESC \u001b DEL \u007f, bidi \u202eoverride\u202c, BOM \ufeff, LS \u2028 PS \u2029',
  'Line endings:\r\nCRLF\rCR\nLF\n\n- a list\n- "quotes" and \'apostrophes\' and \\backslashes\\',
  '=cmd|\' /C calc\'!A0 and @SUM(1) and +1 and -1',
  '__proto__ constructor prototype are just words here: {"__proto__": {"polluted": true}}',
  '',
];

const TAGS = ['RL', 'rl-theory', 'Diffusion Models', '機械学習', 'عربي', 'עברית', '🔥 hot', 'a:b', '#hash', 'x/y', 'TeX_$', '2024'];
const AUTHORS = ['Ada Lovelace', 'Ludwig van Beethoven', 'José Müller', '张伟', 'Martin Luther King Jr.', 'Ngũgĩ wa Thiong\'o', 'O\'Brien, Pat', 'Łukasz Kaiser', 'محمد علي', 'Prince'];
const TITLES = ['Attention Is All You Need', 'Scaling $\\alpha$-Laws: 100% of {It}', 'Über die Möglichkeit', '大規模言語モデルの研究', 'On the "Quoted" Title: A/B <Test>', 'Emoji 🦙 Llamas & Friends #1'];

function makeLibrary(): { papers: PaperRecord[]; annotations: Annotation[] } {
  const rand = random(42);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const papers: PaperRecord[] = [];
  const annotations: Annotation[] = [];
  for (let i = 0; i < COUNT; i++) {
    const kind = i % 10;
    const arxivId = kind === 9 ? `hep-th/${String(9_900_000 + i).padStart(7, '0')}` : `${2000 + (i % 600)}.${String(i).padStart(5, '0')}`;
    const id: PaperId = kind === 7 ? `doi:10.1000/paper.${i}` : kind === 8 ? `title:paper number ${i}` : `arxiv:${arxivId}`;
    const time = 1_600_000_000_000 + i * 1000;
    const codeLinks: CodeLink[] = i % 3 === 0 ? [{ url: `https://github.com/org/repo-${i}`, host: 'github', kind: 'code', status: 'available', label: `org/repo-${i}` }] : [];
    const paper: PaperRecord = {
      id,
      title: `${pick(TITLES)} ${i}`,
      authors: Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(AUTHORS)),
      url: id.startsWith('doi:') ? `https://doi.org/10.1000/paper.${i}` : `https://arxiv.org/abs/${arxivId}`,
      codeLinks,
      source: pick(['arxiv', 'huggingface']),
      firstSeenAt: time,
      lastSeenAt: time + 500,
      seenOn: ['arxiv'],
      createdAt: time,
      updatedAt: time + 500,
    };
    if (id.startsWith('arxiv:')) paper.arxivId = arxivId;
    if (id.startsWith('doi:')) paper.doi = `10.1000/paper.${i}`;
    if (i % 4 === 0) paper.abstract = `Abstract ${i}: ${pick(NOTES)}`;
    if (i % 5 === 0) paper.date = `20${String(10 + (i % 15)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`;
    if (i % 6 === 0) paper.upvotes = i % 97;
    // Some papers are only known by an annotation (setAnnotation without a paper).
    if (i % 50 !== 1) papers.push(paper);
    if (i % 7 === 3) continue;
    const note = `${pick(NOTES)}\n${pick(NOTES)} #${i}`;
    annotations.push({
      id,
      note,
      tags: normaliseTags(Array.from({ length: Math.floor(rand() * 4) }, () => pick(TAGS))),
      status: pick(READING_STATUSES),
      createdAt: time + 1000,
      updatedAt: time + 2000 + Math.floor(rand() * 1000),
    });
  }
  return { papers, annotations };
}

const databases: PaperMarginDB[] = [];

async function open(name: string): Promise<PaperMarginDB> {
  const db = await openDatabase(`${name}-${Date.now()}`);
  databases.push(db);
  return db;
}

afterAll(() => {
  for (const db of databases) db.close();
});

async function timed<T>(label: string, times: Array<[string, number]>, run: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  const value = await run();
  times.push([label, Math.round(performance.now() - started)]);
  return value;
}

function allExports(entries: Awaited<ReturnType<typeof listLibrary>>) {
  return {
    markdownZip: toMarkdownZip(entries),
    markdownDigest: toMarkdownDigest(entries),
    bibtex: toBibtex(entries),
    csl: toCslJson(entries),
    csv: toCsv(entries),
  };
}

describe(`round trip of ${COUNT.toLocaleString('en')} papers`, () => {
  it('export → parse → import into an empty database → export gives the identical backup and exports', { timeout: 300_000 }, async () => {
    const times: Array<[string, number]> = [];
    const { papers, annotations } = makeLibrary();
    const source = await open('round-trip-source');
    const seeding = performance.now();
    await putRecords(source, papers, annotations);
    times.push(['seed source database (puts)', Math.round(performance.now() - seeding)]);

    const entries = await timed('listLibrary (10k)', times, () => listLibrary(source));
    expect(entries.length).toBe(new Set([...papers, ...annotations].map((record) => record.id)).size);
    const first = await timed('export JSON backup', times, () => exportBackup(source, NOW));
    const exports = {
      markdownZip: await timed('export Markdown ZIP', times, () => toMarkdownZip(entries)),
      markdownDigest: await timed('export Markdown digest', times, () => toMarkdownDigest(entries)),
      bibtex: await timed('export BibTeX', times, () => toBibtex(entries)),
      csl: await timed('export CSL-JSON', times, () => toCslJson(entries)),
      csv: await timed('export CSV', times, () => toCsv(entries)),
    };

    const parsed = await timed('parse backup', times, () => parseBackup(first));
    expect(parsed.papers).toHaveLength(papers.length);
    expect(parsed.annotations).toHaveLength(annotations.length);
    const target = await open('round-trip-target');
    const plan = await timed('plan import (empty database)', times, () => planImport(target, parsed));
    expect(summary(plan)).toBe(`${(plan.added.length).toLocaleString('en')} new, 0 updated, 0 conflicts`);
    const result = await timed('apply import (one transaction)', times, () => applyImport(target, plan, {}, NOW));
    expect(result).toEqual({ papers: papers.length, annotations: annotations.length });

    const second = await exportBackup(target, NOW);
    expect(second.length).toBe(first.length);
    expect(second === first).toBe(true);

    // What the scripts put in survives exactly, lone surrogates included.
    const lone = annotations.find((a) => a.note.includes('\ud800'))!;
    expect((await storedAnnotation(target, lone.id))?.note).toBe(lone.note);
    const emoji = annotations.find((a) => a.note.includes('👩‍👩‍👧‍👦'))!;
    expect((await storedAnnotation(target, emoji.id))?.note).toBe(emoji.note);

    // Every export of the imported library is byte-identical to the original's.
    const again = allExports(await listLibrary(target));
    // Buffer.equals: a deep toEqual over 6 MB of bytes takes most of a minute.
    expect(Buffer.from(again.markdownZip).equals(Buffer.from(exports.markdownZip))).toBe(true);
    for (const key of ['markdownDigest', 'bibtex', 'csl', 'csv'] as const) expect(again[key] === exports[key], key).toBe(true);

    // Importing the same backup again finds nothing to do.
    const reimport = await timed('plan re-import (all unchanged)', times, () => planImport(target, parseBackup(first)));
    expect(summary(reimport)).toBe('0 new, 0 updated, 0 conflicts');

    const sizes = `backup ${(first.length / 1e6).toFixed(1)} MB chars, zip ${(exports.markdownZip.length / 1e6).toFixed(1)} MB, bib ${(exports.bibtex.length / 1e6).toFixed(1)} MB`;
    console.log(`Paper Margin export/import timings, ${COUNT} papers (fake-indexeddb, Node ${process.version}); ${sizes}\n${times.map(([label, ms]) => `  ${label.padEnd(34)} ${String(ms).padStart(6)} ms`).join('\n')}`);
  });
});
