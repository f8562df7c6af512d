import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { HF_2024, countJsonPapers, downloadsOf, findServed, readServed, SERVED_HOSTS } from './pages';

/** The tests' build (`node build.mjs --e2e`): open shadow roots, so that locators reach the card UIs. */
export const EXTENSION = new URL('../../dist-e2e/firefox', import.meta.url).pathname;
/** The build users install, with closed shadow roots (`npm run build`). */
export const RELEASE_EXTENSION = new URL('../../dist/firefox', import.meta.url).pathname;
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const ADDON_ID = 'paper-margin@paper-margin.org';
/** Pinned through a pref so the test knows the extension's origin (Firefox picks a random one). */
export const EXTENSION_UUID = '5c1e3a0e-7d4b-4c39-9a52-6f0e8b3d2a11';

export interface FirefoxSession {
  browser: Browser;
  profile: string;
  close(): Promise<void>;
}

export function newFirefoxProfile(): string {
  return mkdtempSync(join(tmpdir(), 'paper-margin-firefox-'));
}

/** Firefox ESR, headless, with the built extension installed as a temporary add-on. */
export async function launchFirefox(profile = newFirefoxProfile(), extension = EXTENSION): Promise<FirefoxSession> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: profile,
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: EXTENSION_UUID }),
      // Exports are saved in the profile's own folder, without asking where.
      'browser.download.folderList': 2,
      'browser.download.dir': downloadsOf(profile),
      'browser.download.useDownloadDir': true,
    },
  });
  await browser.installExtension(extension);
  return { browser, profile, close: () => browser.close() };
}

/**
 * Firefox for the tests of one describe block: launched before them with a profile of its own,
 * closed and the profile removed after them. Call it inside the block.
 */
export function firefoxForSuite(extension = EXTENSION): { readonly browser: Browser; readonly profile: string } {
  const profile = newFirefoxProfile();
  let session: FirefoxSession | undefined;
  beforeAll(async () => {
    session = await launchFirefox(profile, extension);
  });
  afterAll(async () => {
    await session?.close();
    rmSync(profile, { recursive: true, force: true });
  });
  return {
    profile,
    get browser() {
      if (!session) throw new Error('Firefox is not running: firefoxForSuite() is used outside its describe block');
      return session.browser;
    },
  };
}

/** A page whose requests are answered from the saved fixtures at their real URLs; nothing reaches the network. */
export async function servedPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  await serveFixtures(page);
  return page;
}

/** The saved Hugging Face feed at its real URL, once every card's UI is drawn complete. */
export async function openFeed(browser: Browser, edit?: (html: string) => string): Promise<Page> {
  const feed = await browser.newPage();
  await serveFixtures(feed, edit);
  await feed.goto(HF_2024.url);
  await feed.waitForFunction((count) => document.querySelectorAll('[data-paper-margin-ui][data-state="ready"]').length === count, {}, countJsonPapers(HF_2024));
  return feed;
}

/** `edit` changes the saved pages' HTML as it is served (a test's own script in them). */
export async function serveFixtures(page: Page, edit = (html: string) => html): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    const served = /^https?:/.test(url) ? findServed(url) : undefined;
    if (!/^https?:/.test(url)) void request.continue();
    else if (served) void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: edit(readServed(served)) });
    else if (SERVED_HOSTS.includes(new URL(url).hostname)) void request.respond({ status: 404, body: '' });
    else void request.abort();
  });
}

export const POLL = { timeout: 10_000 };

/** The element for a selector, once it exists. `waitForSelector` with `>>>` is unreliable over WebDriver BiDi; polling `$` is not. */
export async function find(page: Page, selector: string): Promise<ElementHandle> {
  await expect.poll(() => page.$(selector).then((handle) => handle !== null), POLL).toBe(true);
  return (await page.$(selector))!;
}

/**
 * Presses a button from the keyboard (focus, then Enter), the way keyboard-first readers do. Pointer
 * clicks into shadow roots are not reliable over BiDi: their point is measured before layout settles.
 */
export async function press(page: Page, selector: string): Promise<void> {
  const handle = await find(page, selector);
  await handle.evaluate((element) => (element as HTMLElement).focus());
  await page.keyboard.press('Enter');
}

/** The tab opened by `action`, found by comparing page lists (extension tabs report about:blank). */
export async function newTab(browser: Browser, action: () => Promise<unknown>): Promise<Page> {
  const before = new Set(await browser.pages());
  await action();
  await expect.poll(async () => (await browser.pages()).length, POLL).toBe(before.size + 1);
  return (await browser.pages()).find((page) => !before.has(page))!;
}
