import type { Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_UUID, POLL, find, firefoxForSuite, newTab, openFeed, press, RELEASE_EXTENSION } from './firefox';
import { HF_2024, countJsonPapers, withEavesdropper } from './pages';

// As chromium-release.test.ts, in Firefox: the build users install keeps its card UIs closed to the
// page's scripts (content scripts see the page through Xray wrappers), and keys still write notes.

const SECRET = 'reviewer 2 was right';

/** Page world: the text the page's scripts can reach (its DOM and every shadow root open to them). */
function whatThePageSees(secret: string) {
  const hosts = [...document.querySelectorAll('[data-paper-margin-ui]')];
  return {
    cards: document.querySelectorAll('[data-paper-margin-id] [data-paper-margin-ui]').length,
    openRoots: hosts.filter((host) => host.shadowRoot !== null).length,
    secretInPage: [document.documentElement, ...hosts.map((host) => host.shadowRoot)].some((node) => node?.textContent?.includes(secret)),
    // Attributes of the card UIs' hosts beyond what any card shows (no status, no "noted").
    marks: [...document.querySelectorAll('[data-paper-margin-id] [data-paper-margin-ui]')]
      .flatMap((host) => host.getAttributeNames())
      .filter((name) => !['data-current', 'data-paper-margin-ui', 'data-state', 'data-theme'].includes(name)),
  };
}

describe('Firefox ESR, the release build: closed card UIs', () => {
  const firefox = firefoxForSuite(RELEASE_EXTENSION);
  let feed: Page;

  beforeAll(async () => {
    feed = await openFeed(firefox.browser, withEavesdropper);
  });

  it('writes a note by keyboard that the page cannot read, and the library holds it', async () => {
    expect(await feed.evaluate(whatThePageSees, SECRET)).toEqual({ cards: countJsonPapers(HF_2024), openRoots: 0, secretInPage: false, marks: [] });
    // n as the first key, the note at once: held while the editor loads, then typed into it.
    await feed.evaluate(() => (window as unknown as { __heard: string[] }).__heard.splice(0));
    await feed.keyboard.press('n');
    await feed.keyboard.type(SECRET);
    await expect.poll(() => feed.evaluate(() => document.activeElement?.getAttribute('data-paper-margin-ui')), POLL).toBe('arxiv:2407.21783');
    // The page's key and input listeners heard n, pressed on the page, and nothing of the note: the key
    // shield stopped it before them, and ran our fields' listeners itself.
    const heard = await feed.evaluate(() => (window as unknown as { __heard: string[] }).__heard);
    expect(heard.filter((key) => key !== 'n')).toEqual([]);
    // From the note, by Tab past the tags, the status and Done, to the editor's button for the panel.
    for (let step = 0; step < 4; step++) await feed.keyboard.press('Tab');
    const library = await newTab(firefox.browser, () => feed.keyboard.press('Enter'));
    await expect.poll(() => library.evaluate(() => location.href).catch(() => ''), POLL).toContain(`moz-extension://${EXTENSION_UUID}/popup.html`);
    await press(library, '#tab-library');
    await (await find(library, 'input[type="search"]')).type('reviewer');
    await expect.poll(() => library.$$eval('#panel-library li.paper', (rows) => rows.map((row) => row.getAttribute('data-paper-id'))), POLL).toEqual([
      'arxiv:2407.21783',
    ]);
    await library.close();
    expect(await feed.evaluate(whatThePageSees, SECRET)).toEqual({ cards: countJsonPapers(HF_2024), openRoots: 0, secretInPage: false, marks: [] });
  });
});
