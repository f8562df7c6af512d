import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { citationName, generic, parseAuthorLine } from '../../src/sites/generic';
import { adapters, findAdapter } from '../../src/sites/index';
import { extractPage } from '../../src/sites/scan';
import type { Paper } from '../../src/shared/paper';
import { loadDocument } from '../helpers/fixtures';
import { EXAMPLES } from '../../src/sites/examples';

const PAGE = new URL('https://digest.example.org/2025/05/ml-roundup');

function extract(html: string, url = PAGE): Paper[] {
  return extractPage(loadDocument(html), url, generic).map((found) => found.paper);
}

function cards(html: string, url = PAGE): string[] {
  return extractPage(loadDocument(html), url, generic).map(({ card }) => `${card.localName}${card.id ? `#${card.id}` : ''}`);
}

const page = (body: string, head = ''): string =>
  `<!DOCTYPE html><html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;

// Real abstract sentences from the seeds, long enough (> 200 characters) to read as abstracts.
const ABSTRACT_A =
  'Training state-of-the-art, deep neural networks is computationally expensive. One way to reduce the training time ' +
  'is to normalize the activities of the neurons. Layer normalization is very effective at stabilizing the hidden state ' +
  'dynamics in recurrent networks.';
const ABSTRACT_B =
  'One of the challenges in the study of generative adversarial networks is the instability of its training. In this ' +
  'paper, we propose a novel weight normalization technique called spectral normalization to stabilize the training ' +
  'of the discriminator.';
const ABSTRACT_C =
  'We propose a new technique, Singular Vector Canonical Correlation Analysis (SVCCA), a tool for quickly comparing ' +
  'two representations in a way that is both invariant to affine transform and fast to compute. Code: ' +
  'https://github.com/google/svcca/';

describe('generic URL predicates', () => {
  it.each(EXAMPLES[generic.id]!)('accepts its example %s', (example) => {
    const url = new URL(example);
    expect(generic.isFeed(url) || generic.isPaper(url)).toBe(true);
    expect(findAdapter(url)?.id).toBe('generic');
  });

  it.each(adapters.filter((adapter) => adapter !== generic).flatMap((adapter) => EXAMPLES[adapter.id]!))(
    'leaves %s to its own adapter',
    (example) => {
      const url = new URL(example);
      expect(generic.isFeed(url) || generic.isPaper(url)).toBe(false);
      expect(findAdapter(url)?.id).not.toBe('generic');
    },
  );

  it.each([
    // Under the content scripts' patterns, where the site's adapter said "not a paper page".
    'https://huggingface.co/papers/2407.21783/discussion',
    'https://arxiv.org/list/cs.LG/garbage/more',
    'https://arxiv.org/abs/not-an-id',
    // Not web pages.
    'file:///home/me/saved.html',
    'chrome://extensions/',
    'about:blank',
    'data:text/html,<h1>x</h1>',
  ])('rejects %s', (href) => {
    const url = new URL(href);
    expect(generic.isFeed(url)).toBe(false);
    expect(generic.isPaper(url)).toBe(false);
  });

  it('is the registry’s last adapter and is run on request only', () => {
    expect(adapters.at(-1)).toBe(generic);
    expect(generic.matches).toEqual([]);
  });
});

describe('parseAuthorLine', () => {
  it.each([
    // Topic digests: "Last, First" pairs with nothing else between names.
    ['Jung, Whie, Lee, Dong Hoon, Hong, Seunghoon', ['Whie Jung', 'Dong Hoon Lee', 'Seunghoon Hong']],
    ['Kornblith, Simon, Norouzi, Mohammad, Lee, Honglak, Hinton, Geoffrey', ['Simon Kornblith', 'Mohammad Norouzi', 'Honglak Lee', 'Geoffrey Hinton']],
    ['Ba, Jimmy Lei, Kiros, Jamie Ryan, Hinton, Geoffrey E.', ['Jimmy Lei Ba', 'Jamie Ryan Kiros', 'Geoffrey E. Hinton']],
    ['Hinton, G. E., LeCun, Y.', ['G. E. Hinton', 'Y. LeCun']],
    ['Sohl-Dickstein, Jascha', ['Jascha Sohl-Dickstein']],
    ['Hinton, Geoffrey', ['Geoffrey Hinton']],
    // Particles and suffixes belong to the surname.
    ['de Rezende, Rafael Sampaio, Larlus, Diane', ['Rafael Sampaio de Rezende', 'Diane Larlus']],
    ['van der Maaten, Laurens, Hinton, Geoffrey', ['Laurens van der Maaten', 'Geoffrey Hinton']],
    ['Smith Jr., John, Doe, Jane', ['John Smith Jr.', 'Jane Doe']],
    ["O'Brien, Conan, D\u2019Angelo, Maria", ["Conan O'Brien", 'Maria D\u2019Angelo']],
    // A two-word surname: pairs, because "Maria" alone cannot be a whole name in a list.
    ['Garcia Lopez, Maria, Smith, John', ['Maria Garcia Lopez', 'John Smith']],
    // "First Last" lists, with "and", an Oxford comma or "&".
    ['Whie Jung, Dong Hoon Lee, Seunghoon Hong', ['Whie Jung', 'Dong Hoon Lee', 'Seunghoon Hong']],
    ['Whie Jung, Dong Hoon Lee and Seunghoon Hong', ['Whie Jung', 'Dong Hoon Lee', 'Seunghoon Hong']],
    ['Whie Jung, Dong Hoon Lee, and Seunghoon Hong', ['Whie Jung', 'Dong Hoon Lee', 'Seunghoon Hong']],
    ['Whie Jung & Seunghoon Hong', ['Whie Jung', 'Seunghoon Hong']],
    // An even number of two-word names is still a list.
    ['Whie Jung, Dong Hoon Lee, Seunghoon Hong, Simon Kornblith', ['Whie Jung', 'Dong Hoon Lee', 'Seunghoon Hong', 'Simon Kornblith']],
    ['Geoffrey Hinton', ['Geoffrey Hinton']],
    // Words that are particles in lower case are names when capitalised, or last (real author lists of
    // arXiv 2512.03927, 2512.00309, 2512.11511, 2512.05726; EfficientNet's): not "Last, First" pairs.
    ['Liujianfu Wang, Yuyang Du, Yuchen Pan, Soung Chang Liew, Jiacheng Liu, Kexin Chen', ['Liujianfu Wang', 'Yuyang Du', 'Yuchen Pan', 'Soung Chang Liew', 'Jiacheng Liu', 'Kexin Chen']],
    ['Biao Dong, Bin Cao, Guan Gui, Qinyu Zhang', ['Biao Dong', 'Bin Cao', 'Guan Gui', 'Qinyu Zhang']],
    ['Kaijie Wang, Le Yin, Aodi Tian, Zhiqiang Wei', ['Kaijie Wang', 'Le Yin', 'Aodi Tian', 'Zhiqiang Wei']],
    ['Shida Li, Paul Daly, Ben Jacobson, Joshua Cooke', ['Shida Li', 'Paul Daly', 'Ben Jacobson', 'Joshua Cooke']],
    ['Mingxing Tan, Quoc Le', ['Mingxing Tan', 'Quoc Le']],
    // A capitalised particle still reads as pairs where a one-word part says so.
    ['Van der Maaten, Laurens, Le, Quoc', ['Laurens Van der Maaten', 'Quoc Le']],
    ['Jimmy Lei Ba, Jamie Ryan Kiros, and Geoffrey E. Hinton.', ['Jimmy Lei Ba', 'Jamie Ryan Kiros', 'Geoffrey E. Hinton']],
    ['John Smith, Jr., Jane Doe', ['John Smith Jr.', 'Jane Doe']],
    // `;` between names, "Last, First" inside each; BibTeX's "and" between "Last, First" names.
    ['Jung, Whie; Lee, Dong Hoon; Hong, Seunghoon', ['Whie Jung', 'Dong Hoon Lee', 'Seunghoon Hong']],
    ['Jung, Whie and Lee, Dong Hoon and Hong, Seunghoon', ['Whie Jung', 'Dong Hoon Lee', 'Seunghoon Hong']],
    // Vancouver style stays as written; scripts without capitals are whole names.
    ['Jung W, Lee DH, Hong S', ['Jung W', 'Lee DH', 'Hong S']],
    ['\u5f20\u4e09, \u674e\u56db', ['\u5f20\u4e09', '\u674e\u56db']],
    // Labels, affiliations, footnote marks and "et al." are not names.
    ['Authors: Whie Jung, Dong Hoon Lee', ['Whie Jung', 'Dong Hoon Lee']],
    ['By Whie Jung and Seunghoon Hong', ['Whie Jung', 'Seunghoon Hong']],
    ['Whie Jung1,2, Dong Hoon Lee2*, Seunghoon Hong1\u2020', ['Whie Jung', 'Dong Hoon Lee', 'Seunghoon Hong']],
    ['Whie Jung (KAIST), Seunghoon Hong [KAIST]', ['Whie Jung', 'Seunghoon Hong']],
    ['Whie Jung, Dong Hoon Lee, et al.', ['Whie Jung', 'Dong Hoon Lee']],
    ['  Whie\n Jung ,\tDong  Hoon Lee ', ['Whie Jung', 'Dong Hoon Lee']],
    // Degenerate input.
    ['', []],
    ['   ,  , and ', []],
  ])('%j → %j', (line, names) => {
    expect(parseAuthorLine(line)).toEqual(names);
  });

  it('reads an odd number of one-word parts as a list (a cut pair list cannot be told apart)', () => {
    expect(parseAuthorLine('Jung, Whie, Lee')).toEqual(['Jung', 'Whie', 'Lee']);
  });

  it('takes non-strings and huge lines without throwing, in linear time', () => {
    expect(parseAuthorLine(undefined as unknown as string)).toEqual([]);
    const huge = 'Jung, Whie, '.repeat(200_000);
    const start = performance.now();
    expect(parseAuthorLine(huge).length).toBeLessThan(1000);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('citationName', () => {
  it.each([
    ['Riedl, Mark O.', 'Mark O. Riedl'],
    ['Smith, John, Jr.', 'John Smith Jr.'],
    ['ATLAS Collaboration', 'ATLAS Collaboration'],
    ['Hinton, ', 'Hinton'],
    [' Hinton ,  Geoffrey E. ', 'Geoffrey E. Hinton'],
  ])('%j → %j', (value, name) => {
    expect(citationName(value)).toBe(name);
  });
});

describe('generic single-paper pages (meta tags)', () => {
  const JOURNAL = new URL('https://journals.example.org/article/1');

  it('reads citation_* tags: "Last, First" authors, DOI as id, date, abstract', () => {
    const [paper, ...rest] = extract(
      page(
        '<main><h1>Deep Things</h1><p>Body text.</p></main>',
        `<meta name="citation_title" content="Deep Things">
         <meta name="citation_author" content="Riedl, Mark O."><meta name="citation_author" content="Ammanabrolu, Prithviraj">
         <meta name="citation_doi" content="10.5555/ABC.123"><meta name="citation_publication_date" content="2024/7/5">
         <meta name="citation_abstract" content="&lt;p&gt;We show things. Code: https://github.com/a/b&lt;/p&gt;">`,
      ),
      JOURNAL,
    );
    expect(rest).toEqual([]);
    expect(paper).toEqual({
      id: 'doi:10.5555/abc.123',
      title: 'Deep Things',
      authors: ['Mark O. Riedl', 'Prithviraj Ammanabrolu'],
      authorCount: 2,
      doi: '10.5555/abc.123',
      abstract: 'We show things. Code: https://github.com/a/b',
      date: '2024-07-05',
      url: 'https://journals.example.org/article/1',
      codeLinks: [{ url: 'https://github.com/a/b', host: 'github', kind: 'code', status: 'available', label: 'a/b' }],
      source: 'generic',
    });
  });

  it('reads arXiv\'s own DOI as the arXiv id, and takes the first date tag that holds a whole date', () => {
    const [paper] = extract(
      page(
        '<main><h1>Attention Is All You Need</h1></main>',
        `<meta name="citation_title" content="Attention Is All You Need"><meta name="citation_author" content="Vaswani, Ashish">
         <meta name="citation_doi" content="10.48550/arXiv.1706.03762">
         <meta name="citation_publication_date" content="2017"><meta name="citation_online_date" content="2017/06/12">`,
      ),
      JOURNAL,
    );
    expect(paper).toMatchObject({ id: 'arxiv:1706.03762', arxivId: '1706.03762', doi: '10.48550/arxiv.1706.03762', date: '2017-06-12' });
  });

  it('prefers an arXiv id (citation_arxiv_id or an arXiv URL in the tags) over the DOI', () => {
    const fromTag = extract(
      page('', '<meta name="citation_title" content="T"><meta name="citation_arxiv_id" content="2106.09608v2"><meta name="citation_doi" content="10.1/x">'),
      JOURNAL,
    );
    expect(fromTag.map((paper) => paper.id)).toEqual(['arxiv:2106.09608']);
    const fromUrl = extract(page('', '<meta name="citation_title" content="T"><meta name="citation_pdf_url" content="https://arxiv.org/pdf/2106.09608v1">'), JOURNAL);
    expect(fromUrl[0]).toMatchObject({ id: 'arxiv:2106.09608', arxivId: '2106.09608' });
  });

  it("links a paper with an arXiv id to arXiv, whatever address the page's tags give", () => {
    const [paper] = extract(
      page('', '<meta name="citation_title" content="T"><meta name="citation_arxiv_id" content="2106.09685"><meta name="citation_abstract_html_url" content="https://phish.example/login">'),
      JOURNAL,
    );
    expect(paper).toMatchObject({ id: 'arxiv:2106.09685', url: 'https://arxiv.org/abs/2106.09685' });
  });

  it('never takes an id from references or from prose in a description', () => {
    const [paper] = extract(
      page(
        '',
        `<meta name="citation_title" content="Our Paper">
         <meta name="citation_reference" content="citation_title=Other; citation_arxiv_id=1706.03762; https://arxiv.org/abs/1706.03762">
         <meta name="description" content="Builds on arXiv:1607.06450 and doi:10.1234/other.">`,
      ),
      JOURNAL,
    );
    expect(paper).toMatchObject({ id: 'title:our paper', title: 'Our Paper' });
    expect(paper!.arxivId).toBeUndefined();
    expect(paper!.doi).toBeUndefined();
  });

  it('reads Dublin Core with creators, and a DOI from dc.identifier in any spelling', () => {
    for (const identifier of ['doi:10.5555/X.1', 'info:doi/10.5555/X.1', 'https://doi.org/10.5555/X.1']) {
      const [paper] = extract(
        page('', `<meta name="DC.title" content="A Title"><meta name="DC.creator" content="Doe, Jane"><meta name="dc.identifier" content="${identifier}"><meta name="DC.date" content="2023-02-01">`),
        JOURNAL,
      );
      expect(paper, identifier).toMatchObject({ id: 'doi:10.5555/x.1', authors: ['Jane Doe'], date: '2023-02-01' });
    }
  });

  it('needs more than a DC or OG title: CMS pages write those on every post', () => {
    expect(extract(page('<main><p>x</p></main>', '<meta name="DC.title" content="My Blog Post">'), JOURNAL)).toEqual([]);
    expect(extract(page('<main><p>x</p></main>', '<meta property="og:title" content="My Blog Post"><meta property="og:url" content="https://blog.example.org/p">'), JOURNAL)).toEqual([]);
    const [paper] = extract(
      page('', '<meta property="og:title" content="An Article"><meta property="og:url" content="https://doi.org/10.5555/OG.7">'),
      JOURNAL,
    );
    expect(paper).toMatchObject({ id: 'doi:10.5555/og.7', title: 'An Article', url: 'https://doi.org/10.5555/OG.7' });
  });

  it('reads a citation_authors list and the visible abstract when the tags have none', () => {
    const [paper] = extract(
      page(
        `<main><h1>T</h1><section id="abstract"><h2>Abstract</h2><p>We study it. Code at <a href="https://gitlab.com/g/p">our repository</a>.</p></section>
         <section><h2>Related work</h2><p>See https://github.com/other/repo for prior work.</p></section></main>`,
        '<meta name="citation_title" content="T"><meta name="citation_authors" content="Jung, Whie; Lee, Dong Hoon">',
      ),
      JOURNAL,
    );
    expect(paper).toMatchObject({ authors: ['Whie Jung', 'Dong Hoon Lee'], abstract: 'We study it. Code at our repository.' });
    expect(paper!.codeLinks.map((link) => link.label)).toEqual(['g/p']);
  });

  it('counts more authors than the names of a citation_authors list cut with "et al."', () => {
    const [paper] = extract(page('', '<meta name="citation_title" content="T"><meta name="citation_authors" content="Jung, Whie; Lee, Dong Hoon; et al.">'), JOURNAL);
    expect(paper).toMatchObject({ authors: ['Whie Jung', 'Dong Hoon Lee'], authorCount: 3 });
  });

  it('uses only http(s) addresses from the page for the paper URL', () => {
    const [paper] = extract(
      page('', '<meta name="citation_title" content="T"><meta property="og:url" content="javascript:alert(1)"><link rel="canonical" href="javascript:alert(2)">'),
      new URL('https://journals.example.org/a?x=1#frag'),
    );
    expect(paper!.url).toBe('https://journals.example.org/a?x=1');
  });

  it('uses <main>, else the only <article>, else <body> as the card, and never reads the page as a digest', () => {
    const head = '<meta name="citation_title" content="Paper Page">';
    const sections = `<h2>Introduction</h2><p>${ABSTRACT_A}</p><h2>Method and Data</h2><p>${ABSTRACT_B}</p><h2>Findings in Detail</h2><p>${ABSTRACT_C}</p>`;
    expect(cards(page(`<main id="m"><article>${sections}</article></main>`, head))).toEqual(['main#m']);
    expect(cards(page(`<article id="a">${sections}</article>`, head))).toEqual(['article#a']);
    expect(cards(page(`<article>${sections}</article><article>related</article>`, head))).toEqual(['body']);
  });

  it('mounts its UI under the title of a single-paper page', () => {
    const doc = loadDocument(page('<main><div id="head"><h1>T</h1></div><p>x</p></main>', '<meta name="citation_title" content="T">'));
    const [found] = extractPage(doc, PAGE, generic);
    expect(generic.mountPoint?.(found!.card)?.id).toBe('head');
  });
});

const entry = (title: string, abstract: string, extra = '', tag = 'h3') => `<${tag}>${title}</${tag}>${extra}<p>${abstract}</p>`;

describe('generic digest pages', () => {
  it('finds repeated title + authors + abstract entries, with and without author lines', () => {
    const papers = extract(
      page(
        entry('Layer Normalization', ABSTRACT_A, '<p>Ba, Jimmy Lei, Kiros, Jamie Ryan, Hinton, Geoffrey E.</p>') +
          entry('Spectral Normalization for Generative Adversarial Networks', ABSTRACT_B) +
          entry('SVCCA for Deep Learning Dynamics', ABSTRACT_C, '<p>Jung, Whie, Lee, Dong Hoon, Hong, Seunghoon</p>'),
      ),
    );
    expect(papers.map((paper) => [paper.title, paper.authors])).toEqual([
      ['Layer Normalization', ['Jimmy Lei Ba', 'Jamie Ryan Kiros', 'Geoffrey E. Hinton']],
      ['Spectral Normalization for Generative Adversarial Networks', []],
      ['SVCCA for Deep Learning Dynamics', ['Whie Jung', 'Dong Hoon Lee', 'Seunghoon Hong']],
    ]);
    expect(papers[0]).toEqual({
      id: 'title:layer normalization',
      title: 'Layer Normalization',
      authors: ['Jimmy Lei Ba', 'Jamie Ryan Kiros', 'Geoffrey E. Hinton'],
      authorCount: 3,
      abstract: ABSTRACT_A,
      url: 'https://digest.example.org/2025/05/ml-roundup',
      codeLinks: [],
      source: 'generic',
    });
    expect(papers[1]!.authorCount).toBeUndefined();
    expect(papers[2]!.codeLinks.map((link) => link.url)).toEqual(['https://github.com/google/svcca']);
  });

  // Found by a review: the count equalled the names, so exports called the list complete.
  it('counts more authors than the names of a line cut with "et al."', () => {
    const papers = extract(
      page(
        entry('Attention Is All You Need', ABSTRACT_A, '<p>Ashish Vaswani, Noam Shazeer, et al.</p>') +
          entry('Another Paper', ABSTRACT_B, '<p>Whie Jung et al.</p>') +
          entry('A Third Paper', ABSTRACT_C, '<p>Whie Jung, Seunghoon Hong</p>'),
      ),
    );
    expect(papers.map((paper) => [paper.authors, paper.authorCount])).toEqual([
      [['Ashish Vaswani', 'Noam Shazeer'], 3],
      [['Whie Jung'], 2],
      [['Whie Jung', 'Seunghoon Hong'], 2],
    ]);
  });

  it('takes author lines with Spanish, Portuguese and Hebrew particles (Mistral 7B\'s among them)', () => {
    const papers = extract(
      page(
        entry('Mistral 7B', ABSTRACT_A, '<p>Albert Q. Jiang, Diego de las Casas, Teven Le Scao</p>') +
          entry('Another Paper', ABSTRACT_B, '<p>Marcos da Silva e Souza, Moshe ben David</p>'),
      ),
    );
    expect(papers.map((paper) => paper.authors)).toEqual([
      ['Albert Q. Jiang', 'Diego de las Casas', 'Teven Le Scao'],
      ['Marcos da Silva e Souza', 'Moshe ben David'],
    ]);
  });

  it('does not take the title\'s own link, the paper\'s page, for a project link', () => {
    const papers = extract(
      page(
        entry('<a href="https://www.nature.com/articles/s41586-024-07566-y">A Nature Paper</a>', ABSTRACT_A, '<p>Jung, Whie, Lee, Dong Hoon</p>') +
          entry('<a href="https://hal.science/hal-04512345">A HAL Paper</a>', ABSTRACT_B, '<p>Hong, Seunghoon</p>'),
      ),
    );
    expect(papers.map((paper) => [paper.url, paper.codeLinks])).toEqual([
      ['https://www.nature.com/articles/s41586-024-07566-y', []],
      ['https://hal.science/hal-04512345', []],
    ]);
  });

  it('never takes navigation, page headers, footers, sidebars, forms or comment threads', () => {
    const furniture = `
      <header><h2>Site Header Title</h2><p>${ABSTRACT_A}</p></header>
      <nav><h3>Navigation Heading Here</h3><p>${ABSTRACT_B}</p></nav>
      <aside><h3>Sidebar Box Title</h3><p>${ABSTRACT_C}</p></aside>
      <div class="comments"><h3>Reader One</h3><p>${ABSTRACT_A}</p><h3>Reader Two</h3><p>${ABSTRACT_B}</p></div>
      <div role="navigation"><h3>Role Navigation</h3><p>${ABSTRACT_C}</p></div>
      <div hidden><h3>Hidden Entry One</h3><p>${ABSTRACT_A}</p></div>
      <footer><h3>Footer Title Here</h3><p>${ABSTRACT_B}</p></footer>`;
    expect(extract(page(furniture))).toEqual([]);
    const withEntries = extract(page(furniture + entry('Entry One Title', ABSTRACT_A) + entry('Entry Two Title', ABSTRACT_B)));
    expect(withEntries.map((paper) => paper.title)).toEqual(['Entry One Title', 'Entry Two Title']);
  });

  it('keeps an article’s own header and footer', () => {
    const papers = extract(
      page(`<main>
        <article><header><h3>Entry One Title</h3><p>Doe, Jane, Roe, Richard</p></header><p>${ABSTRACT_A}</p></article>
        <article><header><h3>Entry Two Title</h3></header><p>${ABSTRACT_B}</p><footer><p>Code: https://github.com/x/y</p></footer></article>
      </main>`),
    );
    expect(papers.map((paper) => [paper.title, paper.authors, paper.codeLinks.map((link) => link.label)])).toEqual([
      ['Entry One Title', ['Jane Doe', 'Richard Roe'], []],
      ['Entry Two Title', [], ['x/y']],
    ]);
  });

  it('takes no heading followed by headings, short lines or link lists, and no section furniture', () => {
    const papers = extract(
      page(`
        <h2>Normalization Layers</h2><h3>Subsection With No Text</h3>
        <h3>Also Worth Reading</h3><ul><li><a href="/a">Feature Visualization</a></li><li><a href="/b">Circuits Thread</a></li></ul>
        <h3>A Heading Over Short Lines</h3><p>One short line.</p><p>Another one.</p><p>A third.</p><p>A fourth.</p><p>${ABSTRACT_C}</p>
        <h3>Introduction</h3><p>${ABSTRACT_A}</p>
        <h3>References</h3><p>${ABSTRACT_B}</p>
        <h3>May 1, 2025</h3><p>${ABSTRACT_A}</p>
        <h3>arXiv:2101.05068 [pdf]</h3><p>${ABSTRACT_B}</p>
        <h3>Real Entry One</h3><p>${ABSTRACT_A}</p>
        <h3>Real Entry Two</h3><p>${ABSTRACT_B}</p>`),
    );
    expect(papers.map((paper) => paper.title)).toEqual(['Real Entry One', 'Real Entry Two']);
  });

  it('leaves a page title over a lede, and section titles over intros, to the entries’ shape', () => {
    const papers = extract(
      page(`<h1>ML Roundup, May 2025</h1><p>${ABSTRACT_C}</p>
        <h2>Representation Similarity</h2><p>${ABSTRACT_A}</p>
        ${entry('First Real Entry', ABSTRACT_A)}${entry('Second Real Entry', ABSTRACT_B)}${entry('Third Real Entry', ABSTRACT_C)}
        <h2>Retrieval and Anomalies</h2><p>${ABSTRACT_B}</p>
        ${entry('Fourth Real Entry', ABSTRACT_B)}`),
    );
    expect(papers.map((paper) => paper.title)).toEqual(['First Real Entry', 'Second Real Entry', 'Third Real Entry', 'Fourth Real Entry']);
  });

  it('prefers deeper headings when section and entry shapes are equally frequent', () => {
    const papers = extract(
      page(`<h2>Section One Title</h2><p>${ABSTRACT_C}</p>${entry('Entry One Title', ABSTRACT_A)}
            <h2>Section Two Title</h2><p>${ABSTRACT_C}</p>${entry('Entry Two Title', ABSTRACT_B)}`),
    );
    expect(papers.map((paper) => paper.title)).toEqual(['Entry One Title', 'Entry Two Title']);
  });

  it('needs at least two entries of one shape: a lone heading over a paragraph is a blog post', () => {
    expect(extract(page(entry('A Lone Blog Post Title', ABSTRACT_A)))).toEqual([]);
  });

  it('reads bold and link titles, definition lists, and entries written with line breaks', () => {
    const bold = extract(page(`<p><strong>Bold Title One</strong></p><p>${ABSTRACT_A}</p><p><b>Bold Title Two</b></p><p>${ABSTRACT_B}</p>`));
    expect(bold.map((paper) => paper.title)).toEqual(['Bold Title One', 'Bold Title Two']);
    const linked = extract(
      page(`<p><a href="https://arxiv.org/abs/1607.06450">Link Title One</a></p><p>${ABSTRACT_A}</p>
            <p><a href="https://example.net/paper-2">Link Title Two</a></p><p>${ABSTRACT_B}</p>`),
    );
    expect(linked.map((paper) => [paper.id, paper.url])).toEqual([
      ['arxiv:1607.06450', 'https://arxiv.org/abs/1607.06450'],
      ['title:link title two', 'https://example.net/paper-2'],
    ]);
    const definitions = extract(page(`<dl><dt>Term Title One</dt><dd>${ABSTRACT_A}</dd><dt>Term Title Two</dt><dd>${ABSTRACT_B}</dd></dl>`));
    expect(definitions.map((paper) => paper.title)).toEqual(['Term Title One', 'Term Title Two']);
    const breaks = extract(
      page(`<p id="e1"><b>Break Title One</b><br>Doe, Jane, Roe, Richard<br>${ABSTRACT_A}</p><p id="e2"><b>Break Title Two</b><br>${ABSTRACT_B}</p>`),
    );
    expect(breaks.map((paper) => [paper.title, paper.authors, paper.url])).toEqual([
      ['Break Title One', ['Jane Doe', 'Richard Roe'], `${PAGE.href}#e1`],
      ['Break Title Two', [], `${PAGE.href}#e2`],
    ]);
  });

  it('reads plain-text titles only when an author line follows them', () => {
    const papers = extract(
      page(`<div><p>Plain Title One</p><p>Authors: Jane Doe, Richard Roe</p><p>${ABSTRACT_A}</p></div>
            <div><p>Plain Title Two</p><p>Whie Jung</p><p>${ABSTRACT_B}</p></div>
            <div><p>Posted on a Tuesday</p><p>${ABSTRACT_C}</p></div>`),
    );
    expect(papers.map((paper) => [paper.title, paper.authors])).toEqual([
      ['Plain Title One', ['Jane Doe', 'Richard Roe']],
      ['Plain Title Two', ['Whie Jung']],
    ]);
  });

  it('reads an author line whose names are links, but not a list of names as a title', () => {
    const papers = extract(
      page(`<h3>Entry One Title</h3><p><a href="/u/1">Whie Jung</a>, <a href="/u/2">Dong Hoon Lee</a></p><p>${ABSTRACT_A}</p>
            <h3>Entry Two Title</h3><p><a href="/u/3">Seunghoon Hong</a> and <a href="/u/4">Simon Kornblith</a></p><p>${ABSTRACT_B}</p>`),
    );
    expect(papers.map((paper) => [paper.title, paper.authors])).toEqual([
      ['Entry One Title', ['Whie Jung', 'Dong Hoon Lee']],
      ['Entry Two Title', ['Seunghoon Hong', 'Simon Kornblith']],
    ]);
  });

  it('takes ids and code from the entry’s links and short lines, never from its abstract', () => {
    const citing = `${ABSTRACT_B} We build on https://arxiv.org/abs/1706.03762 and doi:10.1234/other.`;
    const papers = extract(
      page(`
        <h3>Entry With Meta Line</h3><p>arXiv:2101.05068 · CVPR 2021</p><p>${citing}</p>
        <h3>Entry With DOI Link</h3><p><a href="https://doi.org/10.5555/ABC">doi</a></p><p>${ABSTRACT_A}</p>
        <h3>Entry Citing Others</h3><p>${citing} Code: https://gitlab.com/g/p</p>
        <p><a href="https://arxiv.org/pdf/1802.05957">PDF</a> · <a href="https://github.com/pfnet-research/sngan_projection">Code</a></p>
        <p>Thanks for reading; our site's code is at github.com/digest/site.</p>`),
    );
    expect(papers.map((paper) => [paper.id, paper.url, paper.codeLinks.map((link) => link.label)])).toEqual([
      ['arxiv:2101.05068', 'https://arxiv.org/abs/2101.05068', []],
      ['doi:10.5555/abc', 'https://doi.org/10.5555/abc', []],
      ['arxiv:1802.05957', 'https://arxiv.org/abs/1802.05957', ['pfnet-research/sngan_projection', 'g/p']],
    ]);
  });

  it('uses no javascript: or other non-web link as the paper URL or a code link', () => {
    const papers = extract(
      page(`<h3><a href="javascript:alert(1)">Entry One Title</a></h3><p>${ABSTRACT_A}</p>
            <h3><a href="data:text/html,x">Entry Two Title</a></h3><p><a href="javascript:alert(2)">Code</a></p><p>${ABSTRACT_B}</p>`),
    );
    expect(papers.map((paper) => paper.url)).toEqual([PAGE.href, PAGE.href]);
    expect(papers.flatMap((paper) => paper.codeLinks)).toEqual([]);
  });

  it('uses a per-entry wrapper as the card, else the title itself', () => {
    const wrapped = `<section><h2>Section Title</h2><p>Short note.</p>
      <article id="w1"><h3>Wrapped One</h3><p>${ABSTRACT_A}</p></article>
      <div id="w2"><h3>Wrapped Two</h3><p>Doe, Jane, Roe, Richard</p><p>${ABSTRACT_B}</p><p>Code: https://github.com/a/b</p></div></section>`;
    const flat = `<section id="s"><h3 id="f1">Flat One</h3><p>${ABSTRACT_A}</p><h3>Flat Two</h3><p>${ABSTRACT_B}</p></section>`;
    // A wrapper that starts with something else (a date line) holds more than the entry.
    const dated = `<div id="d"><p>Posted today</p><h3>Dated One</h3><p>${ABSTRACT_A}</p></div><div><h3>Dated Two</h3><p>${ABSTRACT_B}</p></div>`;
    expect(cards(page(wrapped))).toEqual(['article#w1', 'div#w2']);
    expect(cards(page(flat))).toEqual(['h3#f1', 'h3']);
    expect(cards(page(dated))).toEqual(['h3', 'div']);
    expect(extract(page(flat)).map((paper) => paper.url)).toEqual([`${PAGE.href}#f1`, PAGE.href]);
  });

  it('returns nothing for cards it did not find, and for a missing page', () => {
    const doc = loadDocument(page(entry('Entry One Title', ABSTRACT_A) + entry('Entry Two Title', ABSTRACT_B)));
    const data = generic.readPage(doc, PAGE);
    expect(generic.extract(doc.querySelector('p')!, data, PAGE)).toBeUndefined();
    expect(generic.extract(doc.querySelector('h3')!, undefined as never, PAGE)).toBeUndefined();
    expect(generic.extract(doc.querySelector('h3')!, data, PAGE)?.title).toBe('Entry One Title');
  });

  it('survives pages without a body, deep nesting and many headings, in linear time', () => {
    expect(extract('<html><head><title>x</title></head></html>')).toEqual([]);
    const deep = `${'<div>'.repeat(5000)}${entry('Deep One Title', ABSTRACT_A)}${entry('Deep Two Title', ABSTRACT_B)}${'</div>'.repeat(5000)}`;
    expect(extract(page(deep)).map((paper) => paper.title)).toEqual(['Deep One Title', 'Deep Two Title']);

    const time = (count: number): number => {
      const html = page(
        Array.from({ length: count }, (_, index) => `<article><h3>Paper Number ${index}</h3><p>Doe, Jane, Roe, Richard</p><p>${ABSTRACT_C}</p></article><h4>Note</h4>`).join(''),
      );
      const doc = loadDocument(html);
      const start = performance.now();
      expect(extractPage(doc, PAGE, generic)).toHaveLength(count);
      return performance.now() - start;
    };
    time(200);
    const small = time(500);
    const large = time(2000);
    // Four times the entries: about four times the work, never the sixteen of a quadratic scan.
    expect(large).toBeLessThan(small * 10 + 200);
  });
});

describe('generic: the cards and their abstracts, from the reading of the page', () => {
  const html = readFileSync(new URL('../fixtures/generic/digest-2025.html', import.meta.url), 'utf8');

  it('lists exactly the cards it extracts, in page order, each with its abstract to highlight', () => {
    const doc = loadDocument(html);
    const page = generic.readPage(doc, PAGE);
    const listed = Array.from(generic.cardsOf!(page, doc)!);
    const found = extractPage(doc, PAGE, generic).map((card) => card.card);
    expect(listed).toEqual(found);
    for (const card of listed) {
      const [abstract] = generic.linkableText!(card, page);
      expect(abstract?.textContent?.length).toBeGreaterThan(200);
    }
    const withCode = listed.map((card) => generic.linkableText!(card, page)[0]!.textContent!).filter((text) => text.includes('https://github.com/'));
    expect(withCode.length).toBeGreaterThanOrEqual(5);
  });
});
