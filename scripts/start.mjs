// npm start: serves the bundled demo feed (a real saved Hugging Face Daily Papers page) at its real URL,
// opens Chromium with the built extension on it, and, where there is no display, runs headless and
// writes screenshots of the annotated feed and of the popup instead.
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, chromiumArgs, libraryRecord } from './chromium.mjs';

const root = new URL('..', import.meta.url).pathname;
const FEED_URL = 'https://huggingface.co/papers';
const feedHtml = readFileSync(join(root, 'test/fixtures/huggingface/daily-2026-09-28.html'), 'utf8');
const demoCss = readFileSync(join(root, 'demo/feed.css'), 'utf8');
const extension = join(root, 'dist/chrome');
const headless = process.env.CI === 'true' || process.argv.includes('--headless') || !(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const shots = join(root, 'screenshots');

const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'paper-margin-demo-')), {
  executablePath: CHROMIUM_PATH,
  headless,
  viewport: { width: 1280, height: 1000 },
  colorScheme: 'light',
  args: chromiumArgs(extension),
});

// Nothing leaves the machine: the feed comes from the saved page, everything else is answered empty.
await context.route('**/*', async (route) => {
  const url = new URL(route.request().url());
  if (url.origin + url.pathname === FEED_URL && route.request().resourceType() === 'document') {
    const body = feedHtml.replace('</head>', `<style id="paper-margin-demo">${demoCss}</style></head>`);
    await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
  } else if (url.protocol === 'https:' || url.protocol === 'http:') {
    await route.fulfill({ status: 404, body: '' });
  } else {
    await route.continue();
  }
});

const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
const extensionId = new URL(worker.url()).host;
const feed = context.pages()[0] ?? (await context.newPage());
await feed.goto(FEED_URL);
await feed.locator('[data-paper-margin-id]').first().waitFor();
const count = await feed.locator('[data-paper-margin-id]').count();
console.log(`Paper Margin marked ${count} papers on the demo feed ${FEED_URL}`);

if (!headless) {
  console.log('The browser stays open: write a note on a card or open the toolbar popup. Close the window to quit.');
  await new Promise((resolve) => context.on('close', resolve));
  process.exit(0);
}

// Headless: annotate two cards as a reader would, from the keyboard (the card UIs are closed shadow
// roots, out of reach of the page's scripts and of Playwright's locators), then photograph the feed
// and the popup.
const ids = await feed.$$eval('[data-paper-margin-id]', (cards) => cards.map((card) => card.getAttribute('data-paper-margin-id')));
const currentId = () =>
  feed.evaluate(() => document.querySelector('[data-paper-margin-ui][data-current]')?.closest('[data-paper-margin-id]')?.getAttribute('data-paper-margin-id'));

/** j and k until the card is the keys' current one. */
async function makeCurrent(id) {
  for (let presses = 0; presses < 2 * ids.length; presses++) {
    const current = await currentId();
    if (current === id) return;
    await feed.keyboard.press(current && ids.indexOf(current) > ids.indexOf(id) ? 'k' : 'j');
    await feed.waitForFunction((before) => {
      const now = document.querySelector('[data-paper-margin-ui][data-current]')?.closest('[data-paper-margin-id]')?.getAttribute('data-paper-margin-id');
      return now !== undefined && now !== before;
    }, current);
  }
  throw new Error(`${id} did not become the current card`);
}

/** The note the library holds for a paper (the service worker's database). */
const storedNote = (id) => worker.evaluate(libraryRecord, id).then((record) => record?.annotation?.note);

async function annotate(id, note, tags) {
  await makeCurrent(id);
  // n opens the card's editor on its note; Tab goes on to the tags; Escape closes the tag list, then
  // the editor, which saves.
  await feed.keyboard.press('n');
  await feed.waitForTimeout(100);
  await feed.keyboard.type(note);
  await feed.keyboard.press('Tab');
  await feed.keyboard.type(tags);
  await feed.keyboard.press('Escape');
  await feed.keyboard.press('Escape');
  for (let tries = 0; (await storedNote(id)) !== note; tries++) {
    if (tries > 50) throw new Error(`The note on ${id} was not saved`);
    await feed.waitForTimeout(100);
  }
}
await annotate('arxiv:2609.31620', 'Layer fusion as a regulariser: try on our RAE baseline. Code is out.', 'autoencoders, to try');
await annotate('arxiv:2609.18703', 'Ray-based multi-agent orchestration; compare with our scheduler.', 'systems');
await feed.locator('[data-paper-margin-id="arxiv:2609.31620"]').scrollIntoViewIfNeeded();
mkdirSync(shots, { recursive: true });
await feed.evaluate(() => window.scrollTo(0, document.querySelector('[data-paper-margin-id]').getBoundingClientRect().top + window.scrollY - 16));
await feed.screenshot({ path: join(shots, 'feed.png') });
// Hugging Face's own scripts (not served here) would set its dark theme: the `dark` class on <html>,
// which the cards follow.
await feed.emulateMedia({ colorScheme: 'dark' });
await feed.evaluate(() => document.documentElement.classList.add('dark'));
await feed.waitForFunction(() => document.querySelector('[data-paper-margin-ui]')?.getAttribute('data-theme') === 'dark');
await feed.screenshot({ path: join(shots, 'feed-dark.png') });
// Without the `tabs` permission URLs are hidden: the feed is the active tab once brought to front.
await feed.bringToFront();
const tabId = await worker.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id);
const popup = await context.newPage();
await popup.setViewportSize({ width: 460, height: 600 });
await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
await popup.locator('li.paper').first().waitFor();
await popup.screenshot({ path: join(shots, 'popup.png') });
await popup.emulateMedia({ colorScheme: 'dark' });
await popup.screenshot({ path: join(shots, 'popup-dark.png') });
await popup.emulateMedia({ colorScheme: 'light' });
await popup.locator('#tab-library').click();
await popup.locator('#panel-library li.paper').first().waitFor();
await popup.screenshot({ path: join(shots, 'library.png') });
await context.close();
console.log(`Headless run: screenshots written to ${shots}/ (feed and popup, light and dark; library)`);
