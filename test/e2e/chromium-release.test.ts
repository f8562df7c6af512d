import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraryRecord } from '../../scripts/chromium.mjs';
import { type ChromiumSession, launchChromium, newProfile, RELEASE_EXTENSION, removeProfile } from './chromium';
import { HF_2024, countJsonPapers, readServed, withEavesdropper } from './pages';

// The other end-to-end tests run the tests' build, whose shadow roots are open for their locators.
// This one runs the build users install: a hostile page's scripts must not reach into the card UIs,
// and the reader's keys must still do everything there.

const SECRET = 'reviewer 2 was right';
const SECOND = 'quietly';

// What a card UI's host may carry in the page's DOM: nothing of the reader's (no status, no "noted").
const HOST_ATTRIBUTES = ['data-current', 'data-paper-margin-ui', 'data-state', 'data-theme'];

/** Main world, before the page's scripts: a page that patches attachShadow to catch every root made. */
function hostilePage(): void {
  const caught: ShadowRoot[] = [];
  const original = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
    const root = original.call(this, { ...init, mode: 'open' });
    caught.push(root);
    return root;
  };
  Object.defineProperty(window, '__caughtRoots', { value: caught });
  document.addEventListener('DOMContentLoaded', () => {
    // The attribute Paper Margin once set on a page it ran on, to run once: a page could set it first.
    document.documentElement.setAttribute('data-paper-margin-active', '');
    // An element named as the global that now marks it: named access shows it on every world's window.
    const named = document.createElement('div');
    named.id = 'pmHold';
    document.body.append(named);
  });
}

/** Main world: all the page's scripts can see of our UIs and of the reader's words. */
function whatThePageSees(secret: string) {
  const hosts = [...document.querySelectorAll('[data-paper-margin-ui]')];
  const roots = (window as unknown as { __caughtRoots: ShadowRoot[] }).__caughtRoots;
  const host = document.querySelector('[data-paper-margin-id="arxiv:2407.21783"] [data-paper-margin-ui]');
  return {
    hosts: hosts.length,
    openRoots: hosts.filter((element) => element.shadowRoot !== null).length,
    caughtRoots: roots.length,
    hostAttributes: host?.getAttributeNames().sort() ?? [],
    // Every text the page can reach: its DOM and every shadow root open to it.
    secretInPage: [document.documentElement, ...roots, ...hosts.map((element) => element.shadowRoot)].some((node) => node?.textContent?.includes(secret)),
    focusedInPage: document.activeElement?.getAttribute('data-paper-margin-ui') ?? document.activeElement?.tagName,
  };
}

describe('Chromium, the release build: closed card UIs on a hostile page', () => {
  const profile = newProfile();
  let session: ChromiumSession;
  let feed: Page;
  const stored = () => session.context.serviceWorkers()[0]!.evaluate(libraryRecord, 'arxiv:2407.21783').then((record) => record?.annotation);

  beforeAll(async () => {
    session = await launchChromium(profile, RELEASE_EXTENSION);
    feed = await session.context.newPage();
    await feed.addInitScript(hostilePage);
    const html = withEavesdropper(readServed(HF_2024));
    await feed.route(HF_2024.url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await feed.goto(HF_2024.url);
    await feed.waitForFunction(
      (count) => document.querySelectorAll('[data-paper-margin-ui][data-state="ready"]').length === count,
      countJsonPapers(HF_2024),
    );
  });
  afterAll(async () => {
    await session?.close();
    removeProfile(profile);
  });

  it('runs on a page that set the marker Paper Margin once kept in the page’s DOM to run once, or named an element as its own', async () => {
    // The marker is now a global of the extension's isolated world: a page cannot keep it off.
    expect(await feed.evaluate(() => document.documentElement.hasAttribute('data-paper-margin-active'))).toBe(true);
    expect(await feed.locator('[data-paper-margin-id] [data-paper-margin-ui]').count()).toBe(countJsonPapers(HF_2024));
  });

  it('keeps the page’s scripts out of the card UIs, even when the page patches attachShadow', async () => {
    const seen = await feed.evaluate(whatThePageSees, SECRET);
    expect(seen.hosts).toBe(countJsonPapers(HF_2024));
    expect(seen.openRoots).toBe(0);
    // The content script's world has its own prototypes: the page's patch never ran for our roots.
    expect(seen.caughtRoots).toBe(0);
    expect(HOST_ATTRIBUTES).toEqual(expect.arrayContaining(seen.hostAttributes));
  });

  it('writes a note typed before the editor loaded, stars, and shows the key list, by keyboard alone', async () => {
    // n as the first key, then the note at once: keys typed while the editor's module loads are held,
    // then typed into the editor, found in the card's closed root.
    await feed.evaluate(() => (window as unknown as { __heard: string[] }).__heard.splice(0));
    await feed.locator('body').press('n');
    await feed.keyboard.type(SECRET);
    await expect.poll(async () => (await stored())?.note, { timeout: 10_000 }).toBe(SECRET);
    // The page heard n, pressed on the page, and none of the keys held while the editor loaded (the key
    // shield hands them to the feed script before the page's listeners; without it, the first was heard).
    const heard = await feed.evaluate(() => (window as unknown as { __heard: string[] }).__heard);
    expect(heard.filter((key) => key !== 'n')).toEqual([]);
    // The focus is in the card's UI: the page sees only its host.
    expect((await feed.evaluate(whatThePageSees, SECRET)).focusedInPage).toBe('arxiv:2407.21783');
    await feed.keyboard.press('Escape');
    // The editor closed with the focus on the card's note button: s stars the card, and is not typed.
    await feed.keyboard.press('s');
    await expect.poll(async () => (await stored())?.status).toBe('starred');
    expect((await stored())?.note).toBe(SECRET);
    // Neither the note nor the star is anywhere the page's scripts can read.
    const seen = await feed.evaluate(whatThePageSees, SECRET);
    expect(seen.secretInPage).toBe(false);
    expect(HOST_ATTRIBUTES).toEqual(expect.arrayContaining(seen.hostAttributes));
    expect(await feed.evaluate(() => document.querySelector('[data-paper-margin-ui="announce"]')?.shadowRoot)).toBeNull();

    // ? opens the key list with its Close button focused; Escape closes it and gives the focus back.
    await feed.keyboard.press('?');
    await expect.poll(() => feed.evaluate(() => document.activeElement?.getAttribute('data-paper-margin-ui'))).toBe('help');
    expect(await feed.evaluate(() => document.querySelector('[data-paper-margin-ui="help"]')?.shadowRoot)).toBeNull();
    await feed.keyboard.press('Escape');
    await expect.poll(() => feed.evaluate(() => document.querySelector('[data-paper-margin-ui="help"]'))).toBeNull();
    expect((await feed.evaluate(whatThePageSees, SECRET)).focusedInPage).toBe('arxiv:2407.21783');
  });

  it('keeps what is typed into a card’s editor from the page’s own key and input listeners', async () => {
    await feed.evaluate(() => (window as unknown as { __heard: string[] }).__heard.splice(0));
    // t opens the current card's editor on its tags (the module is loaded by now): typed once it has the focus.
    await feed.keyboard.press('t');
    await expect.poll(() => feed.evaluate(() => document.activeElement?.getAttribute('data-paper-margin-ui'))).toBe('arxiv:2407.21783');
    await feed.keyboard.type(SECOND);
    await feed.keyboard.press('Escape');
    await feed.keyboard.press('Escape');
    await expect.poll(async () => (await stored())?.tags).toEqual([SECOND]);
    const heard = await feed.evaluate(() => (window as unknown as { __heard: string[] }).__heard);
    // The page heard t and the second Escape (pressed on the page), and nothing of the tag nor of the
    // first Escape, which closed the editor: not even its keyup, which went to the note button.
    expect(heard.filter((key) => key !== 't')).toEqual(['Escape', 'Escape', 'Escape', 'Escape']);
  });
});
