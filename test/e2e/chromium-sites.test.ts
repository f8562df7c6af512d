import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/shared/paper';
import { chromiumSuite, launchChromium, newProfile, removeProfile } from './chromium';
import { ARXIV_ABS, ARXIV_CATCHUP, ARXIV_NEW, ARXIV_RECENT, ARXIV_SEARCH, HF_2024, HF_PAPER, countExpectedPapers, readServed } from './pages';

describe('Chromium: paper pages, arXiv pages, and one paper across sites', () => {
  const suite = chromiumSuite();

  it.each([HF_PAPER, ARXIV_SEARCH, ARXIV_NEW, ARXIV_RECENT, ARXIV_CATCHUP, ARXIV_ABS])('marks every paper on $url', async (served) => {
    const page = await suite.session.context.newPage();
    await page.goto(served.url);
    await expect.poll(() => page.locator('[data-paper-margin-id]').count(), { timeout: 10_000 }).toBe(countExpectedPapers(served));
    // Headings and navigation are never cards.
    expect(await page.locator('h3[data-paper-margin-id], h1[data-paper-margin-id]').count()).toBe(0);
    await page.close();
  });

  it('builds the card UI of a long page as the reader scrolls to the cards', async () => {
    const page = await suite.session.context.newPage();
    await page.goto(ARXIV_SEARCH.url);
    await expect.poll(() => page.locator('[data-paper-margin-id]').count()).toBe(200);
    const last = page.locator('li.arxiv-result').last();
    // 200 cards: only those near the viewport have their UI at first.
    expect(await last.locator('[data-paper-margin-ui]').count()).toBe(0);
    await last.scrollIntoViewIfNeeded();
    await expect.poll(() => last.locator('[data-paper-margin-ui][data-state="ready"]').count()).toBe(1);
    expect(await page.locator('[data-paper-margin-ui]').count()).toBeLessThan(200);
    await page.close();
  });

  it('turns code links written in abstracts and comments into highlighted links', async () => {
    const page = await suite.session.context.newPage();
    await page.goto(ARXIV_SEARCH.url);
    const result = page.locator('li.arxiv-result', { has: page.locator('a[href="https://arxiv.org/abs/2512.01119"]') });
    await result.scrollIntoViewIfNeeded();
    const link = result.locator('a[data-paper-margin-link]');
    await expect.poll(() => link.count()).toBeGreaterThan(0);
    expect(await link.first().getAttribute('href')).toBe('https://github.com/Bluefin-Tuna/WISER');
    expect(await link.first().getAttribute('rel')).toBe('noopener noreferrer');
    // The page's text is unchanged: the link holds exactly the characters that were there.
    expect(await result.locator('span.abstract-full, p.comments').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('github.com/Bluefin-Tuna/WISER')]),
    );

    const listing = await suite.session.context.newPage();
    await listing.goto(ARXIV_NEW.url);
    const highlighted = listing.locator('dd a[data-paper-margin-link="code"]');
    await expect.poll(() => highlighted.count()).toBeGreaterThan(0);
    await expect.poll(() => listing.locator('dd [data-paper-margin-ui]').count()).toBe(countExpectedPapers(ARXIV_NEW));
    await listing.close();
    await page.close();
  });

  it('highlights a link written in the abstract of a Hugging Face paper page (code loaded on that need)', async () => {
    // The saved page with a code link written as text in its shown abstract (it has none), before the
    // last sentence's closing words: the markup is the real page's.
    const words = '          and highlighting the stress-testing nature of\n';
    const body = readServed(HF_PAPER).replace(words, `          (code: https://github.com/eval-sys/mcpmark-text)\n${words}`);
    expect(body).toContain('mcpmark-text');
    const page = await suite.session.context.newPage();
    await page.route(HF_PAPER.url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }));
    await page.goto(HF_PAPER.url);
    const link = page.locator('a[data-paper-margin-link="code"][href="https://github.com/eval-sys/mcpmark-text"]');
    await expect.poll(() => link.count()).toBe(1);
    expect(await link.textContent()).toBe('https://github.com/eval-sys/mcpmark-text');
    await page.close();
  });

  it('shows a note written on Hugging Face when the paper appears on an arXiv page', async () => {
    const hf = await suite.session.context.newPage();
    await hf.goto(HF_2024.url);
    const card = hf.locator('[data-paper-margin-id="arxiv:2407.21783"]');
    await card.locator('button', { hasText: 'Note' }).click();
    await card.locator('input[aria-label="Tags"]').fill('rl');
    await expect.poll(() => card.locator('.saved').textContent()).toBe('Saved');
    await hf.close();

    // The arXiv abstract page of the same paper, built from its id alone, must say "noted".
    const abs = await suite.session.context.newPage();
    await abs.route('https://arxiv.org/abs/2407.21783', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<html><head><meta name="citation_title" content="The Llama 3 Herd of Models"><meta name="citation_arxiv_id" content="2407.21783"></head><body><div id="abs"><h1 class="title mathjax"><span class="descriptor">Title:</span>The Llama 3 Herd of Models</h1></div></body></html>',
      }),
    );
    await abs.goto('https://arxiv.org/abs/2407.21783');
    const absCard = abs.locator('[data-paper-margin-id="arxiv:2407.21783"]');
    await expect.poll(() => absCard.locator('.marker').textContent(), { timeout: 10_000 }).toMatch(/^Noted /);
    expect(await absCard.locator('.tag').allTextContents()).toEqual(['#rl']);
  });

  // A long page is recorded in batches, the top of the page first: only a later batch shows that
  // the reader has been here, and the cards answered before it must still be marked new.
  it('marks the top cards new of a long feed that turns out to be a revisit', async () => {
    // A fresh profile: the pages above have recorded every paper of the search page already.
    const fresh = newProfile();
    const other = await launchChromium(fresh);
    try {
      const expected = JSON.parse(readFileSync(ARXIV_SEARCH.file.replace(/\.html$/, '.expected.json'), 'utf8')) as { papers: Paper[] };
      const below = expected.papers.slice(-40);
      const setup = await other.context.newPage();
      await setup.goto(`chrome-extension://${other.extensionId}/popup.html`);
      const papers = below.map(({ codeLinks: _links, ...paper }) => ({ ...paper, links: { urls: [], texts: [] } }));
      // Recorded through the background's own message, as a visit to another page would.
      const recorded = await setup.evaluate(
        (papers) =>
          (globalThis as unknown as { chrome: { runtime: { sendMessage(message: unknown): Promise<{ ok: boolean }> } } }).chrome.runtime.sendMessage({
            pm: 'call',
            name: 'recordPapers',
            req: { papers },
          }),
        papers,
      );
      expect(recorded.ok).toBe(true);
      await setup.close();

      const page = await other.context.newPage();
      await page.goto(ARXIV_SEARCH.url);
      await expect.poll(() => page.locator('[data-paper-margin-id]').count()).toBe(200);
      const first = page.locator(`[data-paper-margin-id="${expected.papers[0]!.id}"] .marker`);
      await expect.poll(() => first.getAttribute('data-marker'), { timeout: 10_000 }).toBe('new');
      const seen = page.locator(`[data-paper-margin-id="${below.at(-1)!.id}"]`);
      await seen.scrollIntoViewIfNeeded();
      await expect.poll(() => seen.locator('.marker').getAttribute('data-marker'), { timeout: 10_000 }).toBe('seen');
      await page.close();
    } finally {
      await other.close();
      removeProfile(fresh);
    }
  });
});
