import { describe, expect, it } from 'vitest';
import { EXTENSION_UUID, POLL, find, firefoxForSuite, newTab, openFeed, press } from './firefox';
import { countJsonPapers, HF_2024 } from './pages';

// An update, as Firefox applies it to a running extension: the add-on reloads from its files, and
// Firefox runs its content scripts again in the tabs already open. The old scripts are gone, their
// card UIs not.

const CARD = '[data-paper-margin-id="arxiv:2407.21783"]';

describe('Firefox ESR: an open feed after an update', () => {
  const firefox = firefoxForSuite();

  it('keeps one card UI per card, and it works', async () => {
    const feed = await openFeed(firefox.browser);
    const cards = countJsonPapers(HF_2024);
    const uis = () => feed.evaluate(() => document.querySelectorAll('[data-paper-margin-id] [data-paper-margin-ui]').length);
    expect(await uis()).toBe(cards);

    // The panel, opened as a reader opens it (an extension page cannot be navigated to here), reloads
    // the add-on as an update does.
    await press(feed, `${CARD} >>> button[aria-label^="Edit note on"]`);
    const panel = await newTab(firefox.browser, () => press(feed, `${CARD} >>> .editor:not([hidden]) button[data-action="open-panel"]`));
    await expect.poll(() => panel.evaluate(() => location.href).catch(() => ''), POLL).toContain(`moz-extension://${EXTENSION_UUID}/popup.html`);
    // The feed in front (its UIs are drawn as they come into view), the panel reloads the add-on.
    await feed.bringToFront();
    await panel.evaluate(() => void setTimeout(() => (globalThis as unknown as { browser: { runtime: { reload(): void } } }).browser.runtime.reload(), 50));

    // The new content script draws a fresh UI on the card, its editor closed: the update has happened.
    const fresh = () =>
      feed.evaluate(
        (card) => [...document.querySelectorAll(`${card} [data-paper-margin-ui]`)].filter((host) => !host.shadowRoot?.querySelector('.editor:not([hidden])')).length,
        CARD,
      );
    await expect.poll(fresh, POLL).toBe(1);
    await expect
      .poll(() => feed.evaluate(() => document.querySelectorAll('[data-paper-margin-id] [data-paper-margin-ui][data-state="ready"]').length), POLL)
      .toBe(cards);
    // And it is the only one: before, the old UI stayed beside it on every card, dead.
    expect(await feed.evaluate((card) => document.querySelectorAll(`${card} [data-paper-margin-ui]`).length, CARD)).toBe(1);
    expect(await uis()).toBe(cards);

    // The one that is left answers: its editor opens, on the note the reader left open before.
    await press(feed, `${CARD} >>> button[aria-label^="Edit note on"]`);
    await find(feed, `${CARD} >>> .editor:not([hidden]) textarea`);
  }, 60_000);
});
