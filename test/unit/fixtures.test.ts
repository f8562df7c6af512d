import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adapters, findAdapter } from '../../src/sites/index';
import { extractPage } from '../../src/sites/scan';
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
});
