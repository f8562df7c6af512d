import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { EXTENSION_UUID, POLL, find, firefoxForSuite, newTab, press, servedPage } from './firefox';
import { readLibrary, writeV1Library } from './old-library';
import { ARXIV_ABS, ARXIV_NEW, HF_2024, HF_2026, countJsonPapers } from './pages';

const LLAMA = 'arxiv:2407.21783';
const TORA = 'arxiv:2407.21705';
const NOTE = 'Read the scaling-law section; compare with Mixtral <b>bold?</b>';
const OLD_NOTE = 'Written by a v1 release: 注释 · ملاحظة · 🧪';

async function cardCount(page: Page): Promise<number> {
  return page.$$eval('[data-paper-margin-id]', (cards) => cards.length);
}

async function cardNote(page: Page, id: string): Promise<string | null> {
  const note = await page.$(`[data-paper-margin-id="${id}"] >>> .note`);
  return note ? note.evaluate((element) => element.textContent) : null;
}

describe('Firefox ESR: the whole loop on Hugging Face Daily Papers', () => {
  const firefox = firefoxForSuite();

  it.each([HF_2024, HF_2026])('marks every paper of the page JSON on $url', async (served) => {
    const page = await servedPage(firefox.browser);
    await page.goto(served.url);
    await expect.poll(() => cardCount(page), { timeout: 10_000 }).toBe(countJsonPapers(served));
    await page.close();
  });

  it('follows client-side navigation that keeps a card element and fills it with another paper', async () => {
    const page = await servedPage(firefox.browser);
    await page.goto(HF_2026.url);
    const expected = countJsonPapers(HF_2026);
    const ready = () => page.$$eval('[data-paper-margin-ui][data-state="ready"]', (uis) => uis.length);
    await expect.poll(ready, POLL).toBe(expected);
    const before = await page.$eval('article', (article) => article.getAttribute('data-paper-margin-id'));
    // A router updating the list in place: new links and text in the same elements, a new URL and title.
    await page.evaluate((oldId) => {
      const article = document.querySelector('article')!;
      history.pushState({}, '', '/papers?date=2026-09-29');
      for (const anchor of article.querySelectorAll('a[href]')) anchor.setAttribute('href', anchor.getAttribute('href')!.replace(oldId, '2609.99999'));
      const walker = document.createTreeWalker(article.querySelector('h3')!, NodeFilter.SHOW_TEXT);
      let first = true;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        node.nodeValue = first ? 'A paper shown in a kept card' : '';
        first = false;
      }
      document.title = 'Daily Papers - Hugging Face';
    }, before!.replace('arxiv:', ''));
    const first = () => page.$eval('article', (article) => [article.getAttribute('data-paper-margin-id'), article.querySelector('[data-paper-margin-ui]')?.getAttribute('data-paper-margin-ui')]);
    await expect.poll(first, POLL).toEqual(['arxiv:2609.99999', 'arxiv:2609.99999']);
    await expect.poll(ready, POLL).toBe(expected);
    expect(await page.$$eval(`[data-paper-margin-id="${before}"]`, (cards) => cards.length)).toBe(0);
    await page.close();
  });

  it('shows the code links the background read from the JSON and from an abstract', async () => {
    const page = await servedPage(firefox.browser);
    await page.goto(HF_2026.url);
    const githubLink = async (id: string) => {
      const link = await page.$(`[data-paper-margin-id="${id}"] >>> a.link[data-host="github"]`);
      return link ? link.evaluate((element) => element.getAttribute('href')) : null;
    };
    await expect.poll(() => githubLink('arxiv:2609.31620'), { timeout: 10_000 }).toBe('https://github.com/Hongyang-Du/FuseReg');
    // Only in the abstract, with a TeX leftover around it.
    expect(await githubLink('arxiv:2609.30670')).toBe('https://github.com/om-ai-lab/trace-bench');
    // Drawn with the card styles (card.css), which came with the library's answer.
    const badge = await page.$('[data-paper-margin-id="arxiv:2609.31620"] >>> a.link[data-host="github"]');
    const look = () => badge!.evaluate((element) => ({ radius: getComputedStyle(element).borderTopLeftRadius, weight: getComputedStyle(element).fontWeight }));
    await expect.poll(look, { timeout: 10_000 }).toEqual({ radius: '999px', weight: '600' });
    await page.close();
  });

  it('highlights code links written in arXiv abstracts, with the actions module imported on demand', async () => {
    const page = await servedPage(firefox.browser);
    await page.goto(ARXIV_NEW.url);
    const highlighted = () => page.$$eval('dd a[data-paper-margin-link="code"]', (links) => links.map((link) => link.getAttribute('href')));
    await expect.poll(async () => (await highlighted()).length, POLL).toBeGreaterThan(0);
    expect((await highlighted()).every((href) => /^https:\/\//.test(href ?? ''))).toBe(true);
    // Its look comes with the background's answer about links: one style element, in the page.
    const look = () =>
      page.$eval('dd a[data-paper-margin-link="code"]', (link) => ({
        styles: document.querySelectorAll('style[data-paper-margin-link]').length,
        radius: getComputedStyle(link).borderTopLeftRadius,
      }));
    await expect.poll(look, POLL).toEqual({ styles: 1, radius: '3px' });
    await page.close();
  });

  it('writes a note in the panel opened from a card; the card shows it, also after reload', async () => {
    const feed = await servedPage(firefox.browser);
    await feed.goto(HF_2024.url);
    await expect.poll(() => cardCount(feed), { timeout: 10_000 }).toBe(countJsonPapers(HF_2024));
    // Click only once the card's UI has its state: a click measured before the chips are drawn
    // would land beside the button.
    await find(feed, `[data-paper-margin-id="${LLAMA}"] [data-paper-margin-ui][data-state="ready"]`);

    // A moz-extension:// page cannot be opened by navigation: the card's own button asks the
    // extension to open its panel with tabs.create.
    await press(feed, `[data-paper-margin-id="${LLAMA}"] >>> button[aria-label^="Edit note on"]`);
    const panel = await newTab(firefox.browser, () =>
      press(feed, `[data-paper-margin-id="${LLAMA}"] >>> .editor:not([hidden]) button[data-action="open-panel"]`),
    );
    // Puppeteer reports extension tabs as about:blank over BiDi: ask the new tab where it is.
    await expect
      .poll(() => panel.evaluate(() => location.href).catch(() => ''), { timeout: 10_000 })
      .toMatch(new RegExp(`^moz-extension://${EXTENSION_UUID}/popup\\.html\\?tab=\\d+$`));

    await expect.poll(() => panel.$$eval('li.paper', (items) => items.length), { timeout: 10_000 }).toBe(countJsonPapers(HF_2024));
    const textarea = await find(panel, `li[data-paper-id="${LLAMA}"] textarea`);
    await textarea.type(NOTE);
    await expect.poll(() => panel.$eval(`li[data-paper-id="${LLAMA}"] .saved`, (el) => el.textContent), { timeout: 10_000 }).toBe('Saved');

    await expect.poll(() => cardNote(feed, LLAMA), { timeout: 10_000 }).toBe(NOTE);
    await feed.reload();
    await expect.poll(() => cardNote(feed, LLAMA), { timeout: 10_000 }).toBe(NOTE);
    await panel.close();
    await feed.close();
  });

  it('shows a note written while the feed slept in the back-forward cache, once Back brings the feed back', async () => {
    const feed = await servedPage(firefox.browser);
    await feed.goto(HF_2024.url);
    await find(feed, `[data-paper-margin-id="${TORA}"] [data-paper-margin-ui][data-state="ready"]`);
    await feed.evaluate(() => Object.assign(window, { keptByTheCache: true }));
    await feed.goto(ARXIV_ABS.url);
    // Meanwhile another tab notes a paper of the feed: the library tells the open pages, not one asleep.
    const other = await servedPage(firefox.browser);
    await other.goto(HF_2024.url);
    await press(other, `[data-paper-margin-id="${TORA}"] >>> button[aria-label^="Edit note on"]`);
    await (await find(other, `[data-paper-margin-id="${TORA}"] >>> .editor:not([hidden]) textarea`)).type('written while the feed slept');
    await other.keyboard.press('Escape');
    await expect.poll(() => cardNote(other, TORA), POLL).toBe('written while the feed slept');
    await other.close();

    // Not goBack(): over BiDi it waits for a load event, which a page restored from the cache does not fire.
    await feed.evaluate(() => history.back());
    // The page itself is back (its window kept what was set on it), not loaded anew.
    await expect
      .poll(() => feed.evaluate(() => (window as { keptByTheCache?: boolean }).keptByTheCache).catch(() => undefined), POLL)
      .toBe(true);
    await expect.poll(() => cardNote(feed, TORA), POLL).toBe('written while the feed slept');
    await feed.close();
  });
});

describe('Firefox ESR: a library from an older release', () => {
  const firefox = firefoxForSuite();

  it('is upgraded in place (schema v1 → v4) with its note kept and shown on its card', async () => {
    const feed = await servedPage(firefox.browser);
    await feed.goto(HF_2024.url);
    await find(feed, `[data-paper-margin-id="${LLAMA}"] [data-paper-margin-ui][data-state="ready"]`);
    // An extension page to run raw IndexedDB in (a moz-extension:// page cannot be opened by navigation).
    await press(feed, `[data-paper-margin-id="${LLAMA}"] >>> button[aria-label^="Edit note on"]`);
    const panel = await newTab(firefox.browser, () =>
      press(feed, `[data-paper-margin-id="${LLAMA}"] >>> .editor:not([hidden]) button[data-action="open-panel"]`),
    );
    await expect.poll(() => panel.$$eval('li.paper', (items) => items.length), POLL).toBe(countJsonPapers(HF_2024));
    // The library as a v1 release left it: the open connections close for the deletion (blocking).
    await panel.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const request = indexedDB.deleteDatabase('paper-margin');
          request.onsuccess = resolve;
          request.onerror = () => reject(request.error);
        }),
    );
    await panel.evaluate(writeV1Library, { id: LLAMA, note: OLD_NOTE });
    // The feed's next visit makes the background open the library again, which upgrades it.
    await feed.reload();
    await expect.poll(() => cardNote(feed, LLAMA), POLL).toBe(OLD_NOTE);
    expect(await panel.evaluate(readLibrary, LLAMA)).toEqual({
      version: 4,
      stores: ['library'],
      indexes: ['annotatedAt', 'tags'],
      seenOn: ['arxiv', 'huggingface'],
      note: OLD_NOTE,
    });
    await panel.close();
    await feed.close();
  });
});
