import { describe, expect, it } from 'vitest';
import { arrayValues, huggingface, parseCardDate } from '../../src/sites/huggingface';
import { pageCards, readCard } from '../../src/sites/read';
import { extractPage } from '../../src/sites/scan';
import { listFixtures, loadDocument } from '../helpers/fixtures';

const URL_2024 = new URL('https://huggingface.co/papers?date=2024-08-01');
const page2024 = listFixtures().find((fixture) => fixture.name === 'huggingface/daily-2024-08-01.html')!.html;

function extract(html: string, url = URL_2024) {
  return extractPage(loadDocument(html), url, huggingface).map((found) => found.paper);
}

describe('huggingface URL predicates', () => {
  it.each([
    ['https://huggingface.co/papers', true, false],
    ['https://huggingface.co/papers?date=2024-08-01', true, false],
    ['https://huggingface.co/papers/date/2026-09-28', true, false],
    ['https://huggingface.co/papers/week/2026-W39', true, false],
    ['https://huggingface.co/papers/month/2026-09', true, false],
    ['https://huggingface.co/papers/trending', true, false],
    ['https://huggingface.co/papers/2407.21783', false, true],
    ['https://huggingface.co/papers/2407.21783v2', false, true],
    ['https://huggingface.co/models', false, false],
    ['https://huggingface.co/papers/2407.21783/discussion', false, false],
    ['https://evil.example/papers', false, false],
    ['https://arxiv.org/abs/2407.21783', false, false],
  ])('%s → feed %s, paper %s', (href, feed, paper) => {
    const url = new URL(href);
    expect(huggingface.isFeed(url)).toBe(feed);
    expect(huggingface.isPaper(url)).toBe(paper);
  });
});

describe('card dates', () => {
  it.each([
    ['May 29', 2026, '2026-05-29'],
    ['Feb 27, 2025', 2026, '2025-02-27'],
    ['· Sep 3 · 4', 2026, '2026-09-03'],
    ['no date here', 2026, undefined],
    ['May 45', 2026, undefined],
    ['Marco 2: An Open Model', 2026, undefined],
    ['Decoding 5 Ways · Jun 4', 2026, '2026-06-04'],
  ])('%s in %i → %s', (text, year, expected) => {
    expect(parseCardDate(text, year)).toBe(expected);
  });
});

function nthIndex(text: string, search: string, from: number, n: number): number {
  let index = from - 1;
  for (let k = 0; k < n; k++) index = text.indexOf(search, index + 1);
  return index;
}

describe('the JSON list read item by item', () => {
  it.each([
    ['[]', []],
    ['[ ]', []],
    ['[{"a":1}]', ['{"a":1}']],
    ['[{"a":1} , {"b":[2,{"c":3}]}]', ['{"a":1}', '{"b":[2,{"c":3}]}']],
    // Brackets, braces and escaped quotes inside strings are text.
    ['[{"t":"a } ] \\" { ["},{"u":"\\\\"}]', ['{"t":"a } ] \\" { ["}', '{"u":"\\\\"}']],
    // Items cut where `},{"<first key>":` says, as on a feed…
    ['[{"p":{"id":1}},{"p":{"id":2}},{"p":{"id":3}}]', ['{"p":{"id":1}}', '{"p":{"id":2}}', '{"p":{"id":3}}']],
    // …and walked where that text is nested in an item, or an item starts with another key.
    ['[{"p":[{"x":1},{"p":2}]},{"p":3}]', ['{"p":[{"x":1},{"p":2}]}', '{"p":3}']],
    ['[{"p":1},{"q":2},{"p":3},{"q":4}]', ['{"p":1}', '{"q":2}', '{"p":3}', '{"q":4}']],
    // A cut that fails for lying items ahead is not tried again until they are walked.
    ['[{"p":1},{"q":2},{"q":3},{"q":4},{"p":5},{"p":6}]', ['{"p":1}', '{"q":2}', '{"q":3}', '{"q":4}', '{"p":5}', '{"p":6}']],
    // The text escaped inside a string is no cut.
    ['[{"p":"},{\\"p\\":"},{"p":2}]', ['{"p":"},{\\"p\\":"}', '{"p":2}']],
    // A balanced item that is no JSON gives undefined, and the list goes on.
    ['[{"p":tru},{"p":2}]', [undefined, '{"p":2}']],
    // Damage ends the list; what came before stays.
    ['[{"a":1},{"b":', ['{"a":1}']],
    ['[{"a":1},{"a":"unterminated}]', ['{"a":1}']],
    ['[{"a":1},{"b":"unterminated}]', ['{"a":1}']],
    ['[{"a":1} {"b":2}]', ['{"a":1}']],
    ['[1,2]', []],
    ['[', []],
  ])('%s → %j', (json, items) => {
    expect([...arrayValues(json, 1)]).toEqual(items.map((item) => (item === undefined ? undefined : JSON.parse(item))));
  });

  it('walks a long list whose items start with another key than the first', () => {
    const items = ['{"p":0}', ...Array.from({ length: 20_000 }, (_, index) => `{"q":${index + 1}}`)];
    const values = [...arrayValues(`[${items.join(',')}]`, 1)];
    expect(values).toHaveLength(20_001);
    expect(values[20_000]).toEqual({ q: 20_000 });
  });
});

describe('huggingface extraction on damaged pages', () => {
  it('falls back to the card markup for an entry whose JSON is unparsable, and keeps the others', () => {
    const broken = page2024.replace('&quot;dailyPapers&quot;:[{&quot;paper&quot;:{', '&quot;dailyPapers&quot;:[{&quot;paper&quot;:{tru');
    expect(broken).not.toBe(page2024);
    const papers = extract(broken);
    expect(papers[1]!.abstract).toBeTruthy();
    expect(papers[1]!.authors.length).toBeGreaterThan(0);
    expect(papers).toHaveLength(13);
    expect(papers[0]).toMatchObject({
      id: 'arxiv:2407.21783',
      title: 'The Llama 3 Herd of Models',
      authors: [],
      authorCount: 533,
      upvotes: 94,
      comments: 5,
    });
    expect(papers[0]!.abstract).toBeUndefined();
  });

  it('reads a JSON over a megabyte entry by entry, with the same papers as one parse of a small one', () => {
    const start = page2024.indexOf('&quot;dailyPapers&quot;:[');
    const padded = `${page2024.slice(0, start)}&quot;padding&quot;:&quot;${'x'.repeat(1_100_000)}&quot;,${page2024.slice(start)}`;
    expect(extract(padded)).toEqual(extract(page2024));
    expect(extract(page2024).every((paper) => paper.abstract && paper.authors.length > 0)).toBe(true);
  });

  it('keeps the entries before the point where the JSON is cut off', () => {
    const start = page2024.indexOf('&quot;dailyPapers&quot;:[');
    const fourth = nthIndex(page2024, '{&quot;paper&quot;:{&quot;id&quot;:', start, 4);
    const cut = page2024.slice(0, fourth + 40) + page2024.slice(page2024.indexOf('"', fourth));
    const papers = extract(cut);
    expect(papers).toHaveLength(13);
    expect(papers.slice(0, 3).every((paper) => paper.abstract && paper.authors.length > 0)).toBe(true);
    expect(papers.slice(3).every((paper) => paper.abstract === undefined && paper.authors.length === 0)).toBe(true);
  });

  it('falls back to the card markup when the JSON is missing', () => {
    const papers = extract(page2024.replace('data-target="DailyPapers"', 'data-target="Removed"'));
    expect(papers.map((paper) => paper.id)).toHaveLength(13);
    expect(papers.every((paper) => paper.title.length > 0)).toBe(true);
  });

  it.each([
    ['daily-2024-08-01', URL_2024],
    ['daily-2026-09-28', new URL('https://huggingface.co/papers')],
  ])('reads the upvotes and comment counts of %s from the cards alone as the JSON has them', (name, url) => {
    const fixture = listFixtures().find((candidate) => candidate.name === `huggingface/${name}.html`)!;
    const withJson = extract(fixture.html, url);
    const fromCards = extract(fixture.html.replace('data-target="DailyPapers"', 'data-target="Removed"'), url);
    expect(fromCards.map((paper) => paper.id)).toEqual(withJson.map((paper) => paper.id));
    expect(fromCards.map((paper) => paper.upvotes)).toEqual(withJson.map((paper) => paper.upvotes));
    expect(fromCards.map((paper) => paper.comments ?? 0)).toEqual(withJson.map((paper) => paper.comments ?? 0));
  });

  it('uses the DOM for a card the JSON does not list (client-side navigation)', () => {
    const html = `<main><article><h3><a href="/papers/2501.00001">A paper the JSON misses</a></h3>
      <a href="/login?next=%2Fpapers%2F2501.00001"><div class="leading-none">-</div></a>
      <ul><li>· 3 authors</li></ul><a href="/papers/2501.00001#community">7</a> Jan 2, 2025</article></main>`;
    expect(extract(html)).toEqual([
      {
        id: 'arxiv:2501.00001',
        title: 'A paper the JSON misses',
        authors: [],
        authorCount: 3,
        arxivId: '2501.00001',
        date: '2025-01-02',
        upvotes: 0,
        comments: 7,
        url: 'https://huggingface.co/papers/2501.00001',
        codeLinks: [],
        source: 'huggingface',
      },
    ]);
  });

  it('skips articles that are not paper cards and cards without a title', () => {
    const html = `<article><h3>Sponsored</h3><a href="/models/x">x</a></article>
      <article><a href="/papers/2501.00002"></a></article>
      <article><h3><a href="/papers/not-an-id">Bad id</a></h3></article>`;
    expect(extract(html)).toEqual([]);
  });

  it('keeps hostile text as text and never turns javascript: into a link', () => {
    const props = JSON.stringify({
      dailyPapers: [
        {
          paper: {
            id: '2501.00003',
            title: '<img src=x onerror=alert(1)> Attack',
            summary: 'Code at javascript:alert(1) and https://github.com/real/repo.',
            authors: [{ name: '<script>x</script>' }, { name: 'D&#39;Mello' }],
            githubRepo: 'javascript:alert(1)',
            projectPage: 'javascript:alert(2)',
          },
        },
      ],
    }).replace(/&/g, '&amp;').replace(/"/g, '&quot;');
    const html = `<div class="SVELTE_HYDRATER" data-target="DailyPapers" data-props="${props}"></div>
      <article><h3><a href="/papers/2501.00003">x</a></h3></article>`;
    const [paper] = extract(html);
    expect(paper!.title).toBe('<img src=x onerror=alert(1)> Attack');
    expect(paper!.authors).toEqual(['<script>x</script>', "D'Mello"]);
    expect(paper!.projectPage).toBeUndefined();
    expect(paper!.codeLinks.map((link) => link.url)).toEqual(['https://github.com/real/repo']);
  });

  it("reads a list card's own links only where the JSON does not hold its paper", () => {
    const props = JSON.stringify({ dailyPapers: [{ paper: { id: '2501.00004', title: 'In the JSON', githubRepo: 'https://github.com/json/repo' } }] })
      .replace(/&/g, '&amp;')
      .replace(/"/g, '&quot;');
    const html = `<div class="SVELTE_HYDRATER" data-target="DailyPapers" data-props="${props}"></div>
      <article><h3><a href="/papers/2501.00004">In the JSON</a></h3><a href="https://github.com/card/one">code</a></article>
      <article><h3><a href="/papers/2501.00005">Not in the JSON</a></h3><a href="https://github.com/card/two">code</a></article>`;
    expect(extract(html).map((paper) => paper.codeLinks.map((link) => link.url))).toEqual([
      ['https://github.com/json/repo'],
      ['https://github.com/card/two'],
    ]);
  });

  it('never throws on any single card of the real pages with parts removed', () => {
    const doc = loadDocument(page2024);
    for (const card of doc.querySelectorAll('article')) {
      for (const child of [...card.querySelectorAll('*')].slice(0, 40)) {
        child.remove();
        expect(() => huggingface.extract(card, huggingface.readPage(doc, URL_2024), URL_2024)).not.toThrow();
      }
    }
  });
});

describe('huggingface: text to highlight', () => {
  it('is the abstract on a paper page and nothing on list cards', () => {
    const paperHtml = listFixtures().find((fixture) => fixture.name === 'huggingface/paper-2509.24002-2025.html')!.html;
    const doc = loadDocument(paperHtml);
    const url = new URL('https://huggingface.co/papers/2509.24002');
    const [found] = extractPage(doc, url, huggingface);
    const [abstract] = huggingface.linkableText!(found!.card, undefined as never);
    expect(abstract?.textContent).toContain('MCPMark');
    const list = extractPage(loadDocument(page2024), URL_2024, huggingface);
    expect(huggingface.linkableText!(list[0]!.card, undefined as never)).toEqual([]);
  });
});

describe('huggingface: the cards the content script tries', () => {
  const [paperPage] = listFixtures().filter((fixture) => fixture.name === 'huggingface/paper-2509.24002-2025.html');

  // Found by a review: the island that comes first decided, so a list's island left ahead of the
  // paper's (client-side navigation from the list) made the page's one card be passed over.
  it("finds a paper page's card when a list's JSON island comes before its own", () => {
    const doc = loadDocument(paperPage!.html);
    const island = doc.createElement('div');
    island.className = 'SVELTE_HYDRATER contents';
    island.setAttribute('data-target', 'DailyPapers');
    island.setAttribute('data-props', '{"dailyPapers":[]}');
    doc.body.prepend(island);
    const url = new URL('https://huggingface.co/papers/2509.24002');
    const page = huggingface.readPage(doc, url);
    const ids = Array.from(pageCards(huggingface, page, doc)).map((card) => readCard(huggingface, card, page, url)?.arxivId);
    expect(ids.filter(Boolean)).toEqual(['2509.24002']);
  });
});

// Found by a review of the extraction: a paper page's card (its JSON island) also holds the comment
// thread, and the links readers post there were taken for the paper's own.
describe("huggingface: a paper page's links", () => {
  const paperHtml = listFixtures().find((fixture) => fixture.name === 'huggingface/paper-2509.24002-2025.html')!.html;
  const url = new URL('https://huggingface.co/papers/2509.24002');
  const withComment = () => {
    const doc = loadDocument(paperHtml);
    // The page's one comment (the paper's author's), and a reader's reply beside it.
    const comment = doc.getElementById('68dc9ff67360a3f1d475b721')!;
    const reply = comment.cloneNode(true) as Element;
    reply.id = '68dca0000000000000000000';
    reply.querySelector('.prose')!.innerHTML =
      '<p>We did something similar: <a href="https://github.com/other-lab/agent-bench" rel="nofollow">https://github.com/other-lab/agent-bench</a></p>' +
      '<p>Video explainer: <a href="https://www.youtube.com/watch?v=abc123" rel="nofollow">https://www.youtube.com/watch?v=abc123</a></p>';
    comment.after(reply);
    return doc;
  };

  it("are the JSON's, not those of the comments", () => {
    const [found] = extractPage(withComment(), url, huggingface);
    expect(found!.paper.codeLinks.map((link) => link.url)).toEqual(['https://github.com/eval-sys/mcpmark', 'https://mcpmark.ai']);
  });

  it("are read from the page's anchors when its JSON is unreadable", () => {
    const doc = withComment();
    doc.querySelector('[data-target="PaperContent"]')!.setAttribute('data-props', '{"paper": {"id": "2509.24');
    const [found] = extractPage(doc, url, huggingface);
    expect(found!.paper.codeLinks.map((link) => link.url)).toContain('https://github.com/eval-sys/mcpmark');
  });
});

describe('huggingface: abstracts', () => {
  const withSummary = (summary: string) => {
    const props = JSON.stringify({ dailyPapers: [{ paper: { id: '2501.00009', title: 'Gradients', summary, authors: [] } }] })
      .replace(/&/g, '&amp;')
      .replace(/"/g, '&quot;');
    const html = `<div class="SVELTE_HYDRATER" data-target="DailyPapers" data-props="${props}"></div>
      <article><h3><a href="/papers/2501.00009">Gradients</a></h3></article>`;
    return extractPage(loadDocument(html), new URL('https://huggingface.co/papers?date=2025-01-02'), huggingface)[0]!.paper.abstract;
  };

  it.each([
    // TeX as the summaries keep it: a letter after \n makes a macro.
    [String.raw`We bound $\|\nabla f\|$ and the rate $\nu \neq 0$, by 4.3\%.`, String.raw`We bound $\|\nabla f\|$ and the rate $\nu \neq 0$, by 4.3\%.`],
    // A literal "\n" where a line break was meant.
    [String.raw`First paragraph.\nSecond one.\n\nThird.`, 'First paragraph. Second one. Third.'],
  ])('%s', (summary, abstract) => {
    expect(withSummary(summary)).toBe(abstract);
  });
});
