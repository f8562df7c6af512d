import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { libraryRecord } from '../../scripts/chromium.mjs';
import { chromiumSuite, tabIdOf } from './chromium';
import { HF_2024, countJsonPapers } from './pages';

// The toolbar popup's fields and scrolling in real Chromium: what happy-dom does not do (select a
// field's text on Tab, lay out and scroll the page).
describe('Chromium: the popup from the keyboard', () => {
  const suite = chromiumSuite();
  let feed: Page;

  beforeAll(async () => {
    feed = await suite.session.context.newPage();
    await feed.goto(HF_2024.url);
    await feed.waitForFunction((count) => document.querySelectorAll('[data-paper-margin-id]').length === count, countJsonPapers(HF_2024));
  });

  async function openPopup(): Promise<Page> {
    const popup = await suite.session.context.newPage();
    await popup.setViewportSize({ width: 460, height: 600 });
    await popup.goto(`chrome-extension://${suite.session.extensionId}/popup.html?tab=${await tabIdOf(suite.session, feed)}`);
    await expect.poll(() => popup.locator('#panel-page li.paper').count()).toBe(countJsonPapers(HF_2024));
    return popup;
  }
  const stored = (id: string) => suite.session.context.serviceWorkers()[0]!.evaluate(libraryRecord, id).then((record) => record?.annotation);

  it('adds a tag typed after Tab from the note, instead of replacing the tags Chromium selected', async () => {
    const popup = await openPopup();
    const item = popup.locator('#panel-page li.paper').first();
    const id = (await item.getAttribute('data-paper-id'))!;
    const tags = item.locator('input');
    await tags.click();
    await popup.keyboard.type('alpha, beta');
    await expect.poll(() => stored(id).then((annotation) => annotation?.tags)).toEqual(['alpha', 'beta']);
    await item.locator('textarea').click();
    await popup.keyboard.type('note');
    await popup.keyboard.press('Tab');
    expect(await tags.evaluate((field: HTMLInputElement) => [field.value, field.selectionStart, field.selectionEnd])).toEqual(['alpha, beta, ', 13, 13]);
    await popup.keyboard.type('gamma');
    await expect.poll(() => stored(id).then((annotation) => annotation?.tags)).toEqual(['alpha', 'beta', 'gamma']);
    // Shift+Tab back from the status menu lands the same way.
    await popup.keyboard.press('Tab');
    await popup.keyboard.press('Shift+Tab');
    expect(await tags.evaluate((field: HTMLInputElement) => [field.value, field.selectionStart, field.selectionEnd])).toEqual(['alpha, beta, gamma, ', 20, 20]);
    await popup.close();
  });

  it('scrolls what takes the focus clear of the sticky header and the export bar', async () => {
    const popup = await openPopup();
    // Where the focused element is drawn, and where the header above and the export bar below end.
    const inSight = () =>
      popup.evaluate(() => {
        const focused = document.activeElement!.getBoundingClientRect();
        const top = document.querySelector('.top')!.getBoundingClientRect().bottom;
        const bar = document.querySelector('.export-bar')!.getBoundingClientRect().top;
        return { label: document.activeElement!.getAttribute('aria-label') ?? document.activeElement!.textContent, clear: focused.top >= top && focused.bottom <= bar };
      });
    // ↑ from paper to paper, as a reader goes back up the list; before the fix each title stopped
    // 11 to 19 px under the header.
    await popup.locator('#panel-page li.paper h2 a').nth(8).focus();
    for (let step = 0; step < 4; step++) {
      await popup.keyboard.press('ArrowUp');
      expect(await inSight()).toMatchObject({ clear: true });
    }
    // Shift+Tab back through the fields, and Tab on down through them.
    await popup.locator('#panel-page li.paper').nth(12).locator('select').focus();
    for (let step = 0; step < 6; step++) {
      await popup.keyboard.press('Shift+Tab');
      expect(await inSight()).toMatchObject({ clear: true });
    }
    await popup.evaluate(() => scrollTo(0, 0));
    await popup.locator('#panel-page li.paper').first().locator('textarea').focus();
    for (let step = 0; step < 24; step++) {
      await popup.keyboard.press('Tab');
      expect(await inSight()).toMatchObject({ clear: true });
    }
    await popup.close();
  });
});
