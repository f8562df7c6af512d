import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adapters, findAdapter } from '../../src/sites/index';
import { pageCards, readCard } from '../../src/sites/read';
import { extractPage, scanCards } from '../../src/sites/scan';
import { type Expected, listSitePages, loadDocument } from '../helpers/fixtures';

// UPDATE_EXPECTED=1 npx vitest run test/unit/fixtures.test.ts rewrites the papers of every
// expected JSON from the current extractor; review the diff by hand before committing it.
const update = process.env.UPDATE_EXPECTED === '1';

const sitePages = listSitePages(adapters.map((adapter) => adapter.id));

describe.each(sitePages)('fixture $name', (fixture) => {
  it('extracts exactly the expected papers', () => {
    expect(existsSync(fixture.expectedPath), `${fixture.expectedPath} is missing`).toBe(true);
    const expected = JSON.parse(readFileSync(fixture.expectedPath, 'utf8')) as Expected;
    const url = new URL(expected.url);
    const adapter = findAdapter(url);
    expect(adapter?.id).toBe(expected.adapter);
    const papers = extractPage(loadDocument(fixture.html), url, adapter!).map((found) => found.paper);
    if (update) {
      writeFileSync(fixture.expectedPath, JSON.stringify({ ...expected, papers }, null, 2) + '\n');
      return;
    }
    expect(papers.map((paper) => paper.id)).toEqual(expected.papers.map((paper) => paper.id));
    expect(papers).toEqual(expected.papers);
  });

  // The content script tries the cards `pageCards` gives (an adapter's `cardsOf`, when reading the
  // page tells which they are): they must be the selector's cards that show a paper, none missing.
  it('gives the content script every card that shows a paper', () => {
    const { url: address } = JSON.parse(readFileSync(fixture.expectedPath, 'utf8')) as Expected;
    const url = new URL(address);
    const adapter = findAdapter(url)!;
    const doc = loadDocument(fixture.html);
    const page = adapter.readPage(doc, url);
    const elements = [...doc.querySelectorAll('*')];
    const places = (cards: Element[]) => cards.map((card) => elements.indexOf(card)).sort((a, b) => a - b);
    const listed = Array.from(pageCards(adapter, page, doc)).filter((card) => readCard(adapter, card, page, url));
    expect(places(listed)).toEqual(places(scanCards(doc, adapter, page, url).map((found) => found.card)));
  });
});
