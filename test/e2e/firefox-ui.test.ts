import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_UUID, POLL, find, firefoxForSuite, newTab, openFeed, press } from './firefox';
import { HF_2024, countJsonPapers, downloadsOf, focusedNote, menuItems } from './pages';

const inCard = (id: string, selector: string) => `[data-paper-margin-id="arxiv:${id}"] >>> ${selector}`;
const shadowText = (page: Page, id: string, selector: string) =>
  page.evaluate(
    (cardId, inner) =>
      [...(document.querySelector(`[data-paper-margin-id="arxiv:${cardId}"] [data-paper-margin-ui]`)?.shadowRoot?.querySelectorAll(inner) ?? [])].map(
        (element) => element.textContent,
      ),
    id,
    selector,
  );

describe('Firefox ESR: keys, note typing, tag autocomplete, popup search and export, options page, history', () => {
  const firefox = firefoxForSuite();
  let feed: Page;

  beforeAll(async () => {
    feed = await openFeed(firefox.browser);
  });

  it('triages with j and r, writes a note after n', async () => {
    await feed.keyboard.press('j');
    await feed.keyboard.press('j');
    await feed.keyboard.press('r');
    await expect.poll(() => shadowText(feed, '2407.21705', '.chip.status'), POLL).toEqual(['Read']);
    await feed.keyboard.press('n');
    await feed.keyboard.type('jk stays text');
    await feed.keyboard.press('Escape');
    await expect.poll(() => shadowText(feed, '2407.21705', '.note'), POLL).toEqual(['jk stays text']);
  });

  it('completes a tag typed on another card', async () => {
    await press(feed, inCard('2407.21770', 'button[aria-label^="Edit note on"]'));
    const tags = await find(feed, inCard('2407.21770', '.editor:not([hidden]) input[aria-label="Tags"]'));
    await tags.type('video generation, ');
    await expect.poll(() => shadowText(feed, '2407.21770', '.saved'), POLL).toEqual(['Saved']);
    await feed.keyboard.press('Escape');

    await press(feed, inCard('2407.21646', 'button[aria-label^="Edit note on"]'));
    const other = await find(feed, inCard('2407.21646', '.editor:not([hidden]) input[aria-label="Tags"]'));
    await other.type('vid');
    await expect.poll(() => shadowText(feed, '2407.21646', '[role="option"]'), POLL).toEqual(['video generation 1']);
    // At the field and over the page: a popover, which neither the card's box nor the cards after it cut.
    const shown = await other.evaluate((input) => {
      const root = input.getRootNode() as ShadowRoot;
      const field = input.getBoundingClientRect();
      const list = root.querySelector('[role="listbox"]')!.getBoundingClientRect();
      const option = root.querySelector('[role="option"]')!;
      const box = option.getBoundingClientRect();
      const hit = root.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return [Math.round(Math.min(Math.abs(list.top - field.bottom), Math.abs(field.top - list.bottom))), hit?.closest('li') === option];
    });
    expect(shown).toEqual([2, true]);
    await feed.keyboard.press('Enter');
    expect(await other.evaluate((input) => (input as HTMLInputElement).value)).toBe('video generation, ');
    await feed.keyboard.press('Escape');
    await feed.keyboard.press('Escape');
    await expect.poll(() => shadowText(feed, '2407.21646', '.tag'), POLL).toEqual(['#video generation']);
    // Tabbed into, the tag field has the caret after its last tag (Firefox selected its whole value).
    await feed.keyboard.press('n');
    await feed.keyboard.press('Tab');
    expect(await other.evaluate((input) => [(input as HTMLInputElement).selectionStart, (input as HTMLInputElement).selectionEnd])).toEqual([18, 18]);
    await feed.keyboard.press('Escape');
  });

  it('searches the library in the panel, exports what it lists, opens the options page from it, and forgets the papers only seen there', async () => {
    await press(feed, inCard('2407.21646', 'button[aria-label^="Edit note on"]'));
    const panel = await newTab(firefox.browser, () => press(feed, inCard('2407.21646', '.editor:not([hidden]) button[data-action="open-panel"]')));
    await expect.poll(() => panel.evaluate(() => location.href).catch(() => ''), POLL).toContain(`moz-extension://${EXTENSION_UUID}/popup.html`);
    // Firefox's toolbar button menu has no Options of its own: the background made one.
    expect(await panel.evaluate(menuItems)).toEqual({ findPapers: true, options: true });
    await press(panel, '#tab-library');
    await expect.poll(() => panel.$$eval('#panel-library li.paper', (rows) => rows.length), POLL).toBe(3);
    await (await find(panel, 'input[type="search"]')).type('stays');
    await expect.poll(() => panel.$$eval('#panel-library li.paper', (rows) => rows.map((row) => row.getAttribute('data-paper-id'))), POLL).toEqual([
      'arxiv:2407.21705',
    ]);
    // The one paper the search lists, exported as BibTeX: the file lands in the downloads folder
    // (from a blob URL in Firefox's background page, where Chrome's worker writes a data URL).
    await panel.select('.export-bar select', 'bibtex');
    await press(panel, 'button[data-export="listed"]');
    await expect
      .poll(() => panel.$eval('.export-bar [role="status"]', (status) => status.textContent).catch(() => null), POLL)
      .toMatch(/^Exported 1 paper to paper-margin-\d{4}-\d{2}-\d{2}-listed-bibtex\.bib\.$/);
    const downloads = downloadsOf(firefox.profile);
    const bibtex = () => (existsSync(downloads) ? readdirSync(downloads).filter((name) => name.endsWith('.bib')) : []);
    await expect.poll(bibtex, POLL).toHaveLength(1);
    const bib = readFileSync(join(downloads, bibtex()[0]!), 'utf8');
    expect(bib.match(/^@/gm)).toHaveLength(1);
    expect(bib).toContain('  eprint = {2407.21705},');
    // Copied from its row: Firefox lets the clipboard be written after the background's answer, the
    // key press still counting as the reader's.
    await press(panel, '#panel-library li[data-paper-id="arxiv:2407.21705"] button.row');
    await press(panel, '#panel-library li[data-paper-id="arxiv:2407.21705"] button[data-action="copy-bibtex"]');
    await expect
      .poll(() => panel.$eval('#panel-library li[data-paper-id="arxiv:2407.21705"] .copied', (status) => status.textContent).catch(() => null), POLL)
      .toBe('BibTeX entry copied.');

    const options = await newTab(firefox.browser, () => press(panel, 'header button.options'));
    await expect.poll(() => options.evaluate(() => location.pathname).catch(() => ''), POLL).toBe('/options.html');
    await expect
      .poll(() => options.$$eval('tr[data-tag]', (rows) => rows.map((row) => [...row.cells].map((cell) => cell.textContent?.trim()))), POLL)
      .toEqual([['#video generation', '2', 'Rename']]);
    // Firefox answers the permission check for the content scripts' own patterns: both sites granted.
    await expect.poll(() => options.$$eval('[data-site] input[type="checkbox"]', (boxes) => boxes.length), POLL).toBe(2);
    expect(await options.$$eval('[data-site] .message', (warnings) => warnings.length)).toBe(0);

    // Switched off, the open feed hides its cards' UIs at once; switched on, it shows them again.
    const shown = () =>
      feed.$$eval('[data-paper-margin-id] [data-paper-margin-ui]', (hosts) => hosts.filter((host) => (host as HTMLElement).offsetHeight > 0).length);
    expect(await shown()).toBe(countJsonPapers(HF_2024));
    const toggle = '[data-site="huggingface"] input[type="checkbox"]';
    await (await find(options, toggle)).evaluate((box) => (box as HTMLElement).focus());
    await options.keyboard.press(' ');
    await expect.poll(shown, POLL).toBe(0);
    await options.keyboard.press(' ');
    await expect.poll(shown, POLL).toBe(countJsonPapers(HF_2024));

    // History: the feed's papers are remembered, three of them annotated; the others can be forgotten.
    const cards = countJsonPapers(HF_2024);
    const history = 'section[aria-labelledby="history-title"]';
    const text = (selector: string) => options.$eval(`${history} ${selector}`, (element) => element.textContent).catch(() => null);
    await expect.poll(() => text('[data-papers]'), POLL).toBe(`${cards} papers remembered; 3 with a note, tags or a status.`);
    await options.select(`${history} select`, 'all');
    await press(options, `${history} button[data-action="ask-forget-history"]`);
    await expect.poll(() => text('.confirm .message'), POLL).toBe(`Forget ${cards - 3} papers? Their cards will no longer be marked “seen”. This cannot be undone: a JSON backup (Export, above) keeps them.`);
    await press(options, `${history} button[data-action="forget-history"]`);
    await expect.poll(() => text('[role="status"]'), POLL).toBe(`Forgot ${cards - 3} papers.`);
    await expect.poll(() => text('[data-papers]'), POLL).toBe('3 papers remembered; 3 with a note, tags or a status.');
  });

  it('does not type the n held down to open the editor', async () => {
    await feed.bringToFront();
    await feed.keyboard.press('Escape');
    await feed.keyboard.press('j');
    // A second keyDown of a key that is down is an auto-repeat (WebDriver BiDi sets `repeat`).
    for (let press = 0; press < 5; press++) await feed.keyboard.down('n');
    await feed.keyboard.up('n');
    await feed.keyboard.type('held');
    const editing = () => feed.evaluate(focusedNote);
    await expect.poll(async () => (await editing())?.text, POLL).toBe('held');
    const { id } = (await editing())!;
    await feed.keyboard.press('Escape');
    await expect.poll(() => shadowText(feed, id!.slice(6), '.note'), POLL).toEqual(['held']);
  });
});
