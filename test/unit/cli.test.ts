import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNKNOWN_URL, escapeMarkdown, extractFromHtml, formatPapers } from '../../src/cli/extract';
import type { Paper } from '../../src/shared/paper';
import { type Expected, listFixtures } from '../helpers/fixtures';

const ROOT = new URL('../../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/paper-margin.mjs');
const BUNDLE = join(ROOT, 'dist/cli/paper-margin.mjs');

/** Newest modification time of the files the CLI bundle is built from. */
function newestSource(dir = join(ROOT, 'src')): number {
  let newest = statSync(join(ROOT, 'build.mjs')).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: readonly string[], bin = BIN): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

// Real and hand-built pages with their expected papers (pages without an `.expected.json` belong to other tests).
const fixtures = listFixtures()
  .filter((fixture) => existsSync(fixture.expectedPath))
  .map((fixture) => ({ ...fixture, expected: JSON.parse(readFileSync(fixture.expectedPath, 'utf8')) as Expected }));
const byName = (name: string) => fixtures.find((fixture) => fixture.name === name)!;

const scratch = mkdtempSync(join(tmpdir(), 'paper-margin-cli-'));

beforeAll(() => {
  // `npm test` builds before the unit tests; a bare `vitest run` after editing src/ rebuilds here.
  if (!existsSync(BUNDLE) || statSync(BUNDLE).mtimeMs < newestSource()) {
    execFileSync(process.execPath, [join(ROOT, 'build.mjs')], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
  }
}, 130_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('extractFromHtml', () => {
  it.each(fixtures.map((fixture) => [fixture.name, fixture] as const))('%s: the expected papers at the page’s URL', (_name, fixture) => {
    const result = extractFromHtml(fixture.html, { url: fixture.expected.url });
    expect(result.adapter).toBe(fixture.expected.adapter);
    expect(result.papers).toEqual(fixture.expected.papers);
  });

  it('chooses the adapter from link[rel=canonical], else og:url, else the generic adapter', () => {
    // The digest's canonical address; the Hugging Face page's og:url.
    const digest = byName('generic/digest-2025.html');
    expect(extractFromHtml(digest.html)).toEqual({ adapter: 'generic', url: digest.expected.url, papers: digest.expected.papers });
    const daily = byName('huggingface/daily-2026-09-28.html');
    expect(extractFromHtml(daily.html)).toMatchObject({ adapter: 'huggingface', url: 'https://huggingface.co/papers' });
    expect(extractFromHtml(daily.html).papers).toEqual(daily.expected.papers);

    const both = '<link rel="canonical" href="https://arxiv.org/abs/2106.09608"><meta property="og:url" content="https://huggingface.co/papers">';
    expect(extractFromHtml(both).adapter).toBe('arxiv');
    expect(extractFromHtml('<meta property="og:url" content="https://huggingface.co/papers/2407.21783">').adapter).toBe('huggingface');
    // Relative, non-web and missing addresses say nothing.
    for (const head of ['<link rel="canonical" href="/papers">', '<meta property="og:url" content="javascript:alert(1)">', '']) {
      expect(extractFromHtml(`<html><head>${head}</head><body></body></html>`)).toEqual({ adapter: 'generic', url: UNKNOWN_URL, papers: [] });
    }
  });

  it('knows a page that names no address by the comment browsers save, or by the markup of a known site', () => {
    // The real arXiv search page has neither a canonical link nor og:url.
    const search = byName('arxiv/search-abstract-2025-12.html');
    expect(extractFromHtml(search.html)).toMatchObject({ adapter: 'arxiv', url: 'https://arxiv.org/search/' });
    expect(extractFromHtml(search.html).papers).toEqual(search.expected.papers);
    const listing = byName('arxiv/list-new-2025.html');
    expect(extractFromHtml(listing.html).papers).toEqual(listing.expected.papers);
    const saved = '<!-- saved from url=(0050)https://arxiv.org/search/?query=llm&searchtype=all -->\n';
    expect(extractFromHtml(saved + search.html).url).toBe('https://arxiv.org/search/?query=llm&searchtype=all');
  });

  it('reads a page that leaves out its <html> and <body> tags, as browsers do', () => {
    const digest = byName('generic/digest-2025.html');
    const bare = digest.html.replace(/<\/?(?:html|head|body)\b[^>]*>/gi, '');
    expect(extractFromHtml(bare, { url: digest.expected.url }).papers).toEqual(digest.expected.papers);
  });

  it('lets --url override the page’s own address, and sends unknown sites to the generic adapter', () => {
    const digest = byName('generic/digest-2025.html');
    const moved = extractFromHtml(digest.html, { url: 'https://mirror.example.net/roundup' });
    expect(moved.adapter).toBe('generic');
    expect(moved.papers.find((paper) => paper.id === 'title:query key normalization for transformers')?.url).toBe(
      'https://mirror.example.net/roundup#qknorm',
    );
    const daily = byName('huggingface/daily-2026-09-28.html');
    expect(extractFromHtml(daily.html, { url: 'https://example.org/saved-copy' }).adapter).toBe('generic');
    expect(() => extractFromHtml(daily.html, { url: 'not a url' })).toThrow(TypeError);
  });
});

const paper: Paper = {
  id: 'arxiv:2101.05068',
  title: 'A *bold* [claim](javascript:alert(1)) <img src=x onerror=alert(2)> & `code`',
  authors: ['Ada_Lovelace', 'Grace [Hopper]'],
  arxivId: '2101.05068',
  doi: '10.5555/x_(1)',
  url: 'https://example.org/paper (1)',
  codeLinks: [
    { url: 'https://github.com/a/b', host: 'github', kind: 'code', status: 'available', label: 'a/b' },
    { url: 'https://github.com/c/d', host: 'github', kind: 'code', status: 'promised', label: 'c/d_*' },
    { url: 'javascript:alert(3)', host: 'other', kind: 'project', status: 'available', label: 'evil' },
  ],
  source: 'generic',
};

describe('formatPapers', () => {
  const daily = byName('huggingface/daily-2026-09-28.html');

  it('writes JSON as a pretty array and JSON Lines as one object per line', () => {
    const papers = daily.expected.papers;
    expect(formatPapers(papers, 'json')).toBe(`${JSON.stringify(papers, null, 2)}\n`);
    const lines = formatPapers(papers, 'jsonl').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line) as Paper)).toEqual(papers);
    expect(formatPapers([], 'json')).toBe('[]\n');
    expect(formatPapers([], 'jsonl')).toBe('');
  });

  it('writes Markdown with escaped page text and only http(s) link targets', () => {
    const md = formatPapers([paper], 'md');
    expect(md).toBe(
      '- [A \\*bold\\* \\[claim\\]\\(javascript:alert\\(1\\)\\) \\<img src=x onerror=alert\\(2\\)\\> \\& \\`code\\`](https://example.org/paper%20%281%29)  \n' +
        '  Authors: Ada\\_Lovelace, Grace \\[Hopper\\]  \n' +
        '  arXiv [2101.05068](https://arxiv.org/abs/2101.05068) · DOI [10.5555/x\\_\\(1\\)](https://doi.org/10.5555/x_%281%29)  \n' +
        '  Code: [a/b](https://github.com/a/b) · [c/d\\_\\*](https://github.com/c/d) (promised) · evil\n',
    );
    expect(md).not.toMatch(/\]\(javascript:/);
    expect(formatPapers([], 'md')).toBe('_No papers found._\n');
    expect(escapeMarkdown('line\nbreak  *x*')).toBe('line break \\*x\\*');
  });

  it('lists every title of a real page in Markdown', () => {
    const md = formatPapers(daily.expected.papers, 'md');
    expect(md.split('\n').filter((line) => line.startsWith('- ['))).toHaveLength(daily.expected.papers.length);
    for (const { title } of daily.expected.papers) expect(md).toContain(escapeMarkdown(title));
  });
});

describe('paper-margin (built CLI)', () => {
  it.each(fixtures.map((fixture) => [fixture.name, fixture] as const))(
    'extract %s --url <its URL> prints the expected papers',
    async (_name, fixture) => {
      const result = await run(['extract', fixture.htmlPath, '--url', fixture.expected.url]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual(fixture.expected.papers);
    },
  );

  it('prints JSON Lines and Markdown, and finds the page’s own address without --url', async () => {
    const daily = byName('huggingface/daily-2026-09-28.html');
    const jsonl = await run(['extract', daily.htmlPath, '--format', 'jsonl']);
    expect(jsonl.code).toBe(0);
    expect(jsonl.stdout.trimEnd().split('\n')).toHaveLength(daily.expected.papers.length);
    const md = await run(['extract', daily.htmlPath, '--format=md']);
    expect(md.code).toBe(0);
    for (const { title } of daily.expected.papers) expect(md.stdout).toContain(escapeMarkdown(title));
    const digest = byName('generic/digest-2025.html');
    const json = await run(['extract', digest.htmlPath]);
    expect(JSON.parse(json.stdout)).toEqual(digest.expected.papers);
  });

  it('says on stderr when a page names no address and is read as a generic page', async () => {
    const page = join(scratch, 'nowhere.html');
    writeFileSync(page, '<html><head><meta name="citation_title" content="Somewhere"></head><body><main>x</main></body></html>');
    const result = await run(['extract', page]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('paper-margin: the page does not say where it was saved from; read as a generic page (give --url for better links)\n');
    expect(JSON.parse(result.stdout)).toHaveLength(1);
  });

  it('reads a UTF-16 page and a page in a legacy charset', async () => {
    const html = '<html><head><meta name="citation_title" content="Caf\u00e9 Theory"></head><body><main>x</main></body></html>';
    const utf16 = join(scratch, 'utf16.html');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(html, 'utf16le')]));
    const latin1 = join(scratch, 'latin1.html');
    writeFileSync(latin1, Buffer.from(html.replace('<head>', '<head><meta charset="iso-8859-1">'), 'latin1'));
    for (const file of [utf16, latin1]) {
      const result = await run(['extract', file]);
      expect(result.code, result.stderr).toBe(0);
      expect((JSON.parse(result.stdout) as Paper[])[0]?.title).toBe('Caf\u00e9 Theory');
    }
  });

  it('lets a UTF-8 byte order mark outrank a declared charset, and reads a declared UTF-16 as UTF-8', async () => {
    const html = '<html><head>DECL<meta name="citation_title" content="Caf\u00e9 \u2013 Theory"></head><body><main>x</main></body></html>';
    const marked = join(scratch, 'bom.html');
    writeFileSync(marked, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(html.replace('DECL', '<meta charset="iso-8859-1">'))]));
    const utf16 = join(scratch, 'declared-utf16.html');
    writeFileSync(utf16, Buffer.from(html.replace('DECL', '<meta charset="utf-16">')));
    for (const file of [marked, utf16]) {
      const result = await run(['extract', file]);
      expect(result.code, result.stderr).toBe(0);
      expect((JSON.parse(result.stdout) as Paper[])[0]?.title).toBe('Caf\u00e9 \u2013 Theory');
    }
  });

  it.each([['--help'], ['-h'], ['extract', '--help'], ['extract', 'missing.html', '--bogus', '--help']])('%s prints the usage', async (...args) => {
    const result = await run(args);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Usage: paper-margin extract <saved\.html>/);
  });

  const page = byName('generic/digest-2025.html').htmlPath;
  const files = {
    empty: '',
    'blank.html': '   \n\t\n',
    'image.png': Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
    'nul.html': Buffer.concat([Buffer.from('<html>'), Buffer.alloc(16), Buffer.from('</html>')]),
    'notes.txt': 'Just some notes, no markup at all. '.repeat(60),
    'doc.pdf': '%PDF-1.4\n1 0 obj << /Type /Catalog >>\nendobj\n',
  };
  const inputs = Object.fromEntries(
    Object.entries(files).map(([name, content]) => {
      const path = join(scratch, name);
      writeFileSync(path, content);
      return [name, path];
    }),
  );
  mkdirSync(join(scratch, 'folder.html'));

  it.each([
    ['no arguments', []],
    ['an unknown command', ['scan', page]],
    ['no file', ['extract']],
    ['two files', ['extract', page, page]],
    ['an unknown flag', ['extract', page, '--verbose']],
    ['an unknown short flag', ['extract', page, '-x']],
    ['a flag without its value', ['extract', page, '--format']],
    ['an empty flag value', ['extract', page, '--url=']],
    ['a repeated flag', ['extract', page, '--format', 'md', '--format', 'json']],
    ['an unknown format', ['extract', page, '--format', 'xml']],
    ['a relative --url', ['extract', page, '--url', '/papers']],
    ['a javascript: --url', ['extract', page, '--url', 'javascript:alert(1)']],
    ['a missing file', ['extract', join(scratch, 'nope.html')]],
    ['a directory', ['extract', join(scratch, 'folder.html')]],
    ['an empty file', ['extract', inputs.empty!]],
    ['a blank file', ['extract', inputs['blank.html']!]],
    ['a PNG', ['extract', inputs['image.png']!]],
    ['a binary file', ['extract', inputs['nul.html']!]],
    ['plain text', ['extract', inputs['notes.txt']!]],
    ['a PDF', ['extract', inputs['doc.pdf']!]],
  ])('%s: exit 2, one line on stderr, nothing on stdout', async (_case, args) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^paper-margin: \S[^\n]*\n$/);
  });

  it('tells to build when the bundle is missing', async () => {
    const bin = join(scratch, 'checkout/bin/paper-margin.mjs');
    mkdirSync(join(scratch, 'checkout/bin'), { recursive: true });
    copyFileSync(BIN, bin);
    const result = await run(['extract', page], bin);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^paper-margin: [^\n]*npm run build[^\n]*\n$/);
  });

  it('reads the 941 KB arXiv search page well within a second of CPU', async () => {
    const search = byName('arxiv/search-abstract-2025-12.html');
    const before = process.cpuUsage();
    const start = performance.now();
    const { papers } = extractFromHtml(search.html, { url: search.expected.url });
    const cpu = process.cpuUsage(before);
    expect(papers).toHaveLength(200);
    // CPU rather than wall time: CI machines share cores. Generous: a quadratic slip costs minutes.
    expect((cpu.user + cpu.system) / 1000, `wall ${(performance.now() - start).toFixed(0)} ms`).toBeLessThan(3000);
  });
});
