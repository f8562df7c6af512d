import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ArxivPage, arxiv, citationAuthorName } from '../../src/sites/arxiv';
import { adapters } from '../../src/sites/index';
import { extractPage, scanCards } from '../../src/sites/scan';
import { FIXTURES, loadDocument } from '../helpers/fixtures';
import { EXAMPLES } from '../../src/sites/examples';

const LIST_URL = new URL('https://arxiv.org/list/cs.LG/new');

function fixture(name: string): Document {
  return loadDocument(readFileSync(join(FIXTURES, 'arxiv', name), 'utf8'));
}

/** A listing page around the given `<dt>`/`<dd>` markup, run through the whole pipeline. */
function listing(entries: string, url = LIST_URL) {
  const doc = loadDocument(`<!DOCTYPE html><html><body><div id="dlpage"><dl id='articles'>${entries}</dl></div></body></html>`);
  return extractPage(doc, url, arxiv).map((found) => found.paper);
}

// Since 2024: a bare anchor in the <dt>.
const modernDt = (id: string) =>
  `<dt><a name='item1'>[1]</a> <a href ="/abs/${id}" title="Abstract" id="${id}">arXiv:${id}</a> [<a href="/pdf/${id}">pdf</a>]</dt>`;
// Before 2024: the id inside span.list-identifier.
const oldDt = (id: string) =>
  `<dt><a name="item1">[1]</a>&nbsp; <span class="list-identifier"><a href="/abs/${id}" title="Abstract">arXiv:${id}</a> [<a href="/pdf/${id}" title="Download PDF">pdf</a>]</span></dt>`;
const dd = (title: string, rest = '') =>
  `<dd><div class='meta'><div class='list-title mathjax'><span class='descriptor'>Title:</span> ${title}</div>${rest}</div></dd>`;
const authors = (...names: string[]) =>
  `<div class='list-authors'>${names.map((name) => `<a href="/search/cs?searchtype=author">${name}</a>`).join(', ')}</div>`;

/** A glob test of a manifest match pattern (`*` is any run of characters). */
function matchesPattern(pattern: string, url: string): boolean {
  const source = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${source}$`).test(url);
}

describe('arxiv URL predicates', () => {
  it.each(EXAMPLES[arxiv.id]!)('accepts its example %s, and a manifest pattern covers it', (example) => {
    const url = new URL(example);
    expect(arxiv.isFeed(url) || arxiv.isPaper(url)).toBe(true);
    expect(arxiv.isFeed(url) && arxiv.isPaper(url)).toBe(false);
    expect(arxiv.matches.some((pattern) => matchesPattern(pattern, example))).toBe(true);
  });

  it('tells feeds from paper pages', () => {
    for (const feed of [
      'https://arxiv.org/list/cs.LG/new',
      'https://arxiv.org/list/astro-ph.CO/recent?skip=25&show=25',
      'https://arxiv.org/list/cs/pastweek?show=1000',
      'https://arxiv.org/list/cs.CL/2023-10',
      'https://arxiv.org/catchup/cs.LG/2025-03-20',
      'https://arxiv.org/search/?query=transformers&searchtype=all',
    ]) {
      expect(arxiv.isFeed(new URL(feed)), feed).toBe(true);
      expect(arxiv.isPaper(new URL(feed)), feed).toBe(false);
    }
    // Pages saved from arXiv's other names read the same for the CLI (the extension runs on https://arxiv.org only).
    for (const feed of ['http://arxiv.org/search/?query=x&searchtype=all', 'https://export.arxiv.org/list/cs.LG/new', 'https://www.arxiv.org/list/cs.CL/2023-10']) {
      expect(arxiv.isFeed(new URL(feed)), feed).toBe(true);
    }
    expect(arxiv.isPaper(new URL('https://export.arxiv.org/abs/2401.00001'))).toBe(true);
    for (const paper of ['https://arxiv.org/abs/2501.00663', 'https://arxiv.org/abs/2501.00663v3', 'https://arxiv.org/abs/cs/9605103']) {
      expect(arxiv.isPaper(new URL(paper)), paper).toBe(true);
      expect(arxiv.isFeed(new URL(paper)), paper).toBe(false);
    }
  });

  it.each([
    'https://huggingface.co/papers',
    'https://huggingface.co/papers/2501.00663',
    'https://arxiv.org/pdf/2401.00001',
    'https://arxiv.org/html/2401.00001v1',
    'https://arxiv.org/format/2401.00001',
    'https://arxiv.org/',
    'https://arxiv.org/abs/',
    'https://arxiv.org/abs/not-an-id',
    'https://arxiv.org/list/cs.LG',
    'https://arxiv.org/list/cs.LG/new/extra',
    'https://arxiv.org/catchupnow',
    'https://arxiv.org/searchlight/',
    'https://arxiv.org.evil.example/abs/2401.00001',
    'https://alphaxiv.org/abs/2401.00001',
    'https://example.com/abs/2401.00001',
  ])('rejects %s', (href) => {
    const url = new URL(href);
    expect(arxiv.isFeed(url) || arxiv.isPaper(url)).toBe(false);
  });

  it("rejects every other adapter's examples, and they reject its own", () => {
    for (const other of adapters.filter((adapter) => adapter.id !== 'arxiv')) {
      for (const example of EXAMPLES[other.id]!) {
        const url = new URL(example);
        expect(arxiv.isFeed(url) || arxiv.isPaper(url), example).toBe(false);
      }
      for (const example of EXAMPLES[arxiv.id]!) {
        const url = new URL(example);
        expect(other.isFeed(url) || other.isPaper(url), `${other.id} on ${example}`).toBe(false);
      }
    }
  });
});

describe('arxiv listings', () => {
  it('reads the id from the bare anchor (2024 markup) and from span.list-identifier (before)', () => {
    const [modern] = listing(modernDt('2501.00663') + dd('Titans: Learning to Memorize at Test Time', authors('Ali Behrouz')));
    const [old] = listing(oldDt('2310.06825') + dd('Mistral 7B', authors('Albert Q. Jiang')));
    expect(modern).toMatchObject({ id: 'arxiv:2501.00663', arxivId: '2501.00663', title: 'Titans: Learning to Memorize at Test Time' });
    expect(old).toMatchObject({ id: 'arxiv:2310.06825', arxivId: '2310.06825', url: 'https://arxiv.org/abs/2310.06825' });
  });

  it('drops the version and keeps old-style ids', () => {
    const papers = listing(
      modernDt('2501.00663v2') + dd('Titans') + oldDt('hep-th/9901001') + dd('The Large N Limit of Superconformal Field Theories'),
    );
    expect(papers.map((paper) => [paper.id, paper.url])).toEqual([
      ['arxiv:2501.00663', 'https://arxiv.org/abs/2501.00663'],
      ['arxiv:hep-th/9901001', 'https://arxiv.org/abs/hep-th/9901001'],
    ]);
  });

  it('never makes a card of a section heading', () => {
    const doc = fixture('list-new-2025.html');
    const found = scanCards(doc, arxiv, arxiv.readPage(doc, LIST_URL), LIST_URL);
    expect(found).toHaveLength(8);
    expect(found.every(({ card }) => card.localName === 'dt')).toBe(true);
    for (const heading of doc.querySelectorAll('h1, h2, h3')) {
      expect(heading.matches(arxiv.cardSelector)).toBe(false);
      expect(arxiv.extract(heading, {}, LIST_URL)).toBeUndefined();
    }
  });

  it('returns nothing, without throwing, for a dt without its dd or a dd without a title', () => {
    expect(listing(modernDt('2501.00663'))).toEqual([]);
    expect(listing(modernDt('2501.00663') + `<dd><div class='meta'>${authors('Ali Behrouz')}</div></dd>`)).toEqual([]);
    expect(listing(`<dt><a href="http://[bad">arXiv:?</a></dt>` + dd('No id here'))).toEqual([]);
    // The next paper's <dd> is not borrowed by a <dt> that lost its own.
    expect(listing(modernDt('2501.00001') + modernDt('2501.00663') + dd('Titans')).map((paper) => paper.arxivId)).toEqual([
      '2501.00663',
    ]);
  });

  it('returns a partial paper when only the id and title are there', () => {
    const [paper] = listing(modernDt('2501.00663') + dd('Titans: Learning to Memorize at Test Time'));
    expect(paper).toEqual({
      id: 'arxiv:2501.00663',
      title: 'Titans: Learning to Memorize at Test Time',
      authors: [],
      arxivId: '2501.00663',
      url: 'https://arxiv.org/abs/2501.00663',
      codeLinks: [],
      source: 'arxiv',
    });
  });

  it('keeps hostile title text literal', () => {
    const [paper] = listing(
      modernDt('2501.00663') + dd('&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt; Titans', authors('&lt;b&gt;Ali&lt;/b&gt;')),
    );
    expect(paper?.title).toBe('<script>alert(1)</script> <img src=x onerror=alert(2)> Titans');
    expect(paper?.authors).toEqual(['<b>Ali</b>']);
  });

  it('folds TeX line breaks and white space in titles but keeps TeX math', () => {
    const [paper] = listing(modernDt('2410.10148') + dd('$\\alpha$-DPO: Adaptive Reward Margin\\\\ is What\n   Direct Preference Optimization Needs'));
    expect(paper?.title).toBe('$\\alpha$-DPO: Adaptive Reward Margin is What Direct Preference Optimization Needs');
  });

  it("reads code links behind arXiv's \"this https URL\" anchors, in comments and abstracts", () => {
    const urlized = (href: string) => `<a href="${href}" rel="external noopener nofollow" class="link-external link-https">this https URL</a>`;
    const [paper] = listing(
      modernDt('2501.06252') +
        dd(
          'Transformer squared',
          `<div class='list-comments mathjax'><span class='descriptor'>Comments:</span> Code: ${urlized('https://github.com/SakanaAI/self-adaptive-llms')}.</div>` +
            `<p class='mathjax'>We release weights. Data will be released at ${urlized('https://huggingface.co/datasets/sakana/t2')}.</p>`,
        ),
    );
    expect(paper?.abstract).toBe('We release weights. Data will be released at https://huggingface.co/datasets/sakana/t2.');
    // The code first, though the abstract (read before the comments) names the data first.
    expect(paper?.codeLinks.map((link) => [link.url, link.kind, link.status])).toEqual([
      ['https://github.com/SakanaAI/self-adaptive-llms', 'code', 'available'],
      ['https://huggingface.co/datasets/sakana/t2', 'data', 'promised'],
    ]);
    // arXiv's comments line is text; Paper.comments is a comment count, unknown here.
    expect(paper && 'comments' in paper).toBe(false);
  });

  // Quirks are edited in the text when each one's own text is found once; where a quirk's text
  // repeats or quirks nest, in a copy of the element. Both must read as the node-by-node walk did.
  it.each([
    ['an urlized link', 'Code at <a href="https://github.com/a/b">this https URL</a>.', 'Code at https://github.com/a/b.'],
    ['the same words as text before it', 'See this https URL and <a href="https://github.com/a/b">this https URL</a>.', 'See this https URL and https://github.com/a/b.'],
    ['two urlized links', '<a href="https://x.org/1">this https URL</a> and <a href="https://x.org/2">this https URL</a>', 'https://x.org/1 and https://x.org/2'],
    ['a toggle whose words come again after it', 'Less is more. <a>Less</a> Less', 'Less is more. Less'],
    ['a label inside a toggle', 'Text <a><span class="descriptor">Label:</span> More</a> end', 'Text end'],
    ['a label inside a plain link', 'A <a href="/abs/1">B <span class="descriptor">Label:</span> C</a> D', 'A B C D'],
    ['a plain link and a toggle', 'A <a href="/abs/1">B</a> C <a>△ Less</a>', 'A B C'],
    ['an empty toggle', 'A <a></a>B', 'A B'],
    ['a label that is a link', 'A <a class="descriptor" href="/x">Label:</a> B', 'A B'],
    ['a label that is a link, and a toggle with the same text', 'A <a class="descriptor" href="/x">x</a> x <a>x</a>', 'A x'],
  ])('reads an abstract with %s', (_name, abstract, expected) => {
    const [paper] = listing(modernDt('2501.00001') + dd('Title', `<p class='mathjax'>${abstract}</p>`));
    expect(paper?.abstract).toBe(expected);
  });

  // Read from the list's text when it splits into one piece per anchor, else anchor by anchor: both
  // must give each anchor's name.
  const anchor = (name: string) => `<a href="/search/cs?searchtype=author">${name}</a>`;
  it.each([
    ['plain names', `${anchor('Ali Behrouz')}, ${anchor('Peilin Zhong')}`, ['Ali Behrouz', 'Peilin Zhong']],
    ['a label (before 2024)', `<span class='descriptor'>Authors:</span> ${anchor('A B')},\n ${anchor('C  D')}`, ['A B', 'C D']],
    ['a name with a comma', `${anchor('Smith, Jr.')}, ${anchor('Jane Doe')}`, ['Smith, Jr.', 'Jane Doe']],
    ['a comma inside a name and names joined by "and"', `${anchor('Smith, Jr.')} and ${anchor('Jane Doe')}`, ['Smith, Jr.', 'Jane Doe']],
    ['affiliations in parentheses', `${anchor('A B')} (MIT), ${anchor('C D')} (ETH)`, ['A B', 'C D']],
    ['text after the names', `${anchor('A B')}, ${anchor('C D')}, et al.`, ['A B', 'C D']],
    // As arXiv's own author_links template writes collaborations (found by a review).
    ['"for the" before a collaboration', `${anchor('J. Doe')}, ${anchor('R. Roe')}, for the ${anchor('ATLAS Collaboration')}`, ['J. Doe', 'R. Roe', 'ATLAS Collaboration']],
    ['"The" before a collaboration', `The ${anchor('LIGO Scientific Collaboration')}, ${anchor('A. Smith')}`, ['LIGO Scientific Collaboration', 'A. Smith']],
    ['a collaboration and its members, et al', `${anchor('Belle Collaboration')}: ${anchor('K. Abe')}, et al`, ['Belle Collaboration', 'K. Abe']],
    ['an empty anchor', `${anchor('A B')}, ${anchor('')}`, ['A B']],
    ['no anchors', 'A B, C D', []],
    ['a name with markup', `${anchor('<span class="search-hit">Ali</span> Behrouz')}, ${anchor('&lt;b&gt;X&lt;/b&gt;')}`, ['Ali Behrouz', '<b>X</b>']],
  ])('reads an author list with %s', (_name, list, expected) => {
    const [paper] = listing(modernDt('2501.00001') + dd('Title', `<div class='list-authors'>${list}</div>`));
    expect(paper?.authors).toEqual(expected);
  });

  it('reads the authors of two author boxes anchor by anchor', () => {
    const box = (name: string) => `<div class='list-authors'>${anchor(name)}</div>`;
    const [paper] = listing(modernDt('2501.00001') + dd('Title', box('A B') + box('C D')));
    expect(paper?.authors).toEqual(['A B', 'C D']);
  });

  it('finds every paper of both built listings, cross-lists and replacements included', () => {
    const modern = extractPage(fixture('list-new-2025.html'), LIST_URL, arxiv).map((found) => found.paper);
    expect(modern.map((paper) => paper.arxivId)).toEqual([
      '2503.20783', '2501.00663', '2501.06252', // new
      '2501.19393', '2501.17161', // cross-lists
      '2404.19756', '2410.10148', '2305.18290', // replacements
    ]);
    expect(modern.filter((paper) => paper.abstract)).toHaveLength(5);
    const recentUrl = new URL('https://arxiv.org/list/cs.CL/recent');
    const old = extractPage(fixture('list-recent-2023.html'), recentUrl, arxiv).map((found) => found.paper);
    expect(old).toHaveLength(6);
    expect(old.some((paper) => paper.abstract)).toBe(false);
    expect(old[0]?.authors).toContain('Lélio Renard Lavaud');
  });
});

describe('arxiv search results', () => {
  const url = new URL('https://arxiv.org/search/?searchtype=abstract&query=distributed+systems&size=200');
  const papers = extractPage(fixture('search-abstract-2025-12.html'), url, arxiv).map((found) => found.paper);

  it('finds all 200 results', () => {
    expect(papers).toHaveLength(200);
    expect(new Set(papers.map((paper) => paper.id)).size).toBe(200);
  });

  it('reads the full abstract without the More/Less toggles', () => {
    for (const paper of papers) {
      expect(paper.abstract).toBeTruthy();
      expect(paper.abstract).not.toMatch(/[△▽] (?:Less|More)|^…/);
    }
    expect(papers[0]?.abstract).toMatch(/^In this letter I quantify .* other global observables\.$/);
  });

  it("dates a paper by its first version: 'Submitted 2 December, 2025;' and 'v1 submitted ...'", () => {
    expect(papers[0]).toMatchObject({ arxivId: '2512.03003', date: '2025-12-02' });
    const doc = fixture('search-abstract-2025-12.html');
    const revised = [...doc.querySelectorAll('li.arxiv-result')].find((li) => /v1\s+submitted 8 December, 2025/.test(li.textContent ?? ''));
    expect(revised && arxiv.extract(revised, {}, url)?.date).toBe('2025-12-08');
  });

  it('finds the date line after other small lines, and reads the id of a result whose first /abs/ link is no id', () => {
    const doc = loadDocument(
      `<ol><li class="arxiv-result"><p class="list-title"><a href="https://arxiv.org/abs/">arXiv</a> <a href="https://arxiv.org/abs/2512.00001v2">arXiv:2512.00001</a></p>` +
        `<p class="title">A title</p><p class="comments is-size-7">Comments: 9 pages</p>` +
        `<p class="is-size-7"><span>Submitted</span> 3 December, 2025; <span>originally announced</span> December 2025.</p></li></ol>`,
    );
    const [paper] = extractPage(doc, url, arxiv).map((found) => found.paper);
    expect(paper).toMatchObject({ arxivId: '2512.00001', title: 'A title', date: '2025-12-03' });
  });

  it('reads code links in p.comments', () => {
    expect(papers.find((paper) => paper.arxivId === '2512.16752')?.codeLinks.map((link) => link.label)).toEqual([
      'QuantumSavory/QuantumSavory.jl',
    ]);
  });
});

describe('arxiv abstract pages', () => {
  const url = new URL('https://arxiv.org/abs/2106.09608');

  it('prefers the citation meta tags and turns "Last, First" into "First Last"', () => {
    const doc = fixture('abs-2106.09608-2021.html');
    const page = arxiv.readPage(doc, url);
    expect(page.citation?.authors).toEqual(['Prithviraj Ammanabrolu', 'Mark O. Riedl']);
    const [paper] = extractPage(doc, url, arxiv).map((found) => found.paper);
    expect(paper).toMatchObject({
      id: 'arxiv:2106.09608',
      title: 'Learning Knowledge Graph-based World Models of Textual Environments',
      authors: ['Prithviraj Ammanabrolu', 'Mark O. Riedl'],
      authorCount: 2,
      date: '2021-06-17',
    });
    expect(paper?.abstract).toMatch(/^World models improve a learning agent's ability .* each of our contributions\.$/);
  });

  it('falls back to the visible block when the meta tags are missing', () => {
    const doc = loadDocument(`<html><body><div id="abs">
      <div class="dateline">[Submitted on 5 Mar 2025 (<a href="/abs/2503.01234v1">v1</a>), last revised 9 Apr 2025 (this version, v2)]</div>
      <h1 class="title mathjax"><span class="descriptor">Title:</span>A   Title</h1>
      <div class="authors"><span class="descriptor">Authors:</span><a href="/a/x">Ada Lovelace</a>, <a href="/a/y">Alan Turing</a></div>
      <blockquote class="abstract mathjax"><span class="descriptor">Abstract:</span> Code at <a href="https://github.com/a/b">this https URL</a>.</blockquote>
      <table><tr><td class="tablecell comments mathjax">10 pages</td></tr></table>
    </div></body></html>`);
    const found = extractPage(doc, new URL('https://arxiv.org/abs/2503.01234v2'), arxiv);
    expect(found.map((item) => item.paper)).toEqual([
      {
        id: 'arxiv:2503.01234',
        title: 'A Title',
        authors: ['Ada Lovelace', 'Alan Turing'],
        arxivId: '2503.01234',
        url: 'https://arxiv.org/abs/2503.01234',
        codeLinks: [{ url: 'https://github.com/a/b', host: 'github', kind: 'code', status: 'available', label: 'a/b' }],
        source: 'arxiv',
        authorCount: 2,
        abstract: 'Code at https://github.com/a/b.',
        date: '2025-03-05',
      },
    ]);
  });

  it('uses the visible author list when the meta tags stop at 100 authors', () => {
    const names = Array.from({ length: 120 }, (_, index) => `Author${index} Person`);
    const meta = names.slice(0, 100).map((name) => `<meta name="citation_author" content="${name.split(' ').reverse().join(', ')}">`);
    const doc = loadDocument(`<html><head><meta name="citation_title" content="Big Science">
      <meta name="citation_arxiv_id" content="2501.00001">${meta.join('')}</head><body><div id="abs">
      <h1 class="title">Big Science</h1><div class="authors">${names.map((name) => `<a href="/a">${name}</a>`).join(', ')}</div>
      </div></body></html>`);
    const [paper] = extractPage(doc, new URL('https://arxiv.org/abs/2501.00001'), arxiv).map((found) => found.paper);
    expect(paper?.authors).toEqual(names);
    expect(paper?.authorCount).toBe(120);
  });

  it('gives nothing for an abstract block without id or title, and never throws on junk', () => {
    const empty = loadDocument('<html><body><div id="abs"></div></body></html>');
    expect(extractPage(empty, new URL('https://arxiv.org/abs/2501.00001'), arxiv)).toEqual([]);
    const page: ArxivPage = {};
    expect(arxiv.extract(empty.createElement('section'), page, LIST_URL)).toBeUndefined();
    expect(() => arxiv.readPage(loadDocument('<meta name="citation_author">'), LIST_URL)).not.toThrow();
  });
});

describe('citationAuthorName', () => {
  it.each([
    ['Riedl, Mark O.', 'Mark O. Riedl'],
    ['Ammanabrolu, Prithviraj', 'Prithviraj Ammanabrolu'],
    ['Smith Jr, John', 'John Smith Jr'],
    ['de las Casas, Diego', 'Diego de las Casas'],
    ['  Soljačić ,   Marin ', 'Marin Soljačić'],
    ['ATLAS Collaboration', 'ATLAS Collaboration'],
    ['Plato,', 'Plato'],
  ])('%s → %s', (cited, name) => {
    expect(citationAuthorName(cited)).toBe(name);
  });
});
