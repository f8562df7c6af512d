import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChromiumSession, EXTENSION, launchChromium, newProfile, removeProfile, tabIdOf } from './chromium';
import { libraryRecord } from '../../scripts/chromium.mjs';
import { HF_2024, SERVED, countExpectedPapers, countJsonPapers } from './pages';

const DIGEST = SERVED.find((page) => page.url.startsWith('https://digest.example.org/'))!;
const JOURNAL = SERVED.find((page) => page.url.startsWith('https://journals.example.org/'))!;

/**
 * The built extension plus host permission for the two test sites. In use, access comes from
 * activeTab when the reader clicks the toolbar button or the menu; headless Chromium cannot make that
 * click, so the test grants the same access up front and drives the real popup button and injection.
 */
function extensionWithTestHosts(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paper-margin-ext-'));
  cpSync(EXTENSION, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  // And the feed, where a test runs the on-request script as well.
  manifest.host_permissions = ['https://digest.example.org/*', 'https://journals.example.org/*', 'https://huggingface.co/*'];
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

describe('Chromium: any other page, on the reader’s request', () => {
  const profile = newProfile();
  const extension = extensionWithTestHosts();
  let session: ChromiumSession;
  beforeAll(async () => {
    session = await launchChromium(profile, extension);
  });
  afterAll(async () => {
    await session?.close();
    removeProfile(profile);
    rmSync(extension, { recursive: true, force: true });
  });

  it.each([DIGEST, JOURNAL])('marks nothing on $url until asked, then every paper', async (served) => {
    const page = await session.context.newPage();
    await page.goto(served.url);
    await page.waitForTimeout(500);
    expect(await page.locator('[data-paper-margin-id]').count()).toBe(0);

    const popup = await session.context.newPage();
    await popup.goto(`chrome-extension://${session.extensionId}/popup.html?tab=${await tabIdOf(session, page)}`);
    await popup.locator('button[data-action="find-here"]').click();
    const expected = countExpectedPapers(served);
    await expect.poll(() => page.locator('[data-paper-margin-id]').count(), { timeout: 10_000 }).toBe(expected);
    await expect.poll(() => popup.locator('li.paper').count(), { timeout: 10_000 }).toBe(expected);
    // Headings, navigation and footers are never cards.
    expect(await page.locator('nav [data-paper-margin-id], footer [data-paper-margin-id]').count()).toBe(0);
    if (served === DIGEST) {
      // A code link written as text in an entry's abstract becomes a highlighted link in place.
      const link = page.locator('p.entry__abstract a[data-paper-margin-link="code"][href="https://github.com/naver-ai/pcme"]');
      await expect.poll(() => link.count(), { timeout: 10_000 }).toBe(1);
      expect(await link.textContent()).toBe('https://github.com/naver-ai/pcme');
    }
    await popup.close();
    await page.close();
  });

  it("keeps what is typed into a card's editor from the page's listeners added after its capture listeners on window", async () => {
    const page = await session.context.newPage();
    // The page listens for keys and text as a page's scripts would: before it is read, on window for
    // the capture phase (which hears first, before the shield), and on the document.
    await page.addInitScript(() => {
      const heard = { early: [] as string[], document: [] as string[] };
      Object.assign(window, { __heard: heard });
      for (const type of ['keydown', 'keyup', 'input']) {
        addEventListener(type, (event) => heard.early.push(`${type}:${(event as KeyboardEvent).key ?? ''}`), true);
        document.addEventListener(type, (event) => heard.document.push(`${type}:${(event as KeyboardEvent).key ?? ''}`));
      }
    });
    await page.goto(DIGEST.url);
    const popup = await session.context.newPage();
    await popup.goto(`chrome-extension://${session.extensionId}/popup.html?tab=${await tabIdOf(session, page)}`);
    await popup.locator('button[data-action="find-here"]').click();
    await expect.poll(() => page.locator('[data-paper-margin-ui][data-state="ready"]').count(), { timeout: 10_000 }).toBe(countExpectedPapers(DIGEST));
    await popup.close();
    const card = page.locator('[data-paper-margin-ui]').first();
    await card.locator('button[aria-label^="Edit note on"]').click();
    await card.locator('textarea').focus();
    const heard = () => page.evaluate(() => (window as unknown as { __heard: { early: string[]; document: string[] } }).__heard);
    await page.evaluate(() => Object.values((window as unknown as { __heard: Record<string, string[]> }).__heard).forEach((list) => list.splice(0)));
    await page.keyboard.type('private');
    await expect.poll(async () => (await card.locator('textarea').inputValue()), { timeout: 5_000 }).toBe('private');
    const { early, document: onDocument } = await heard();
    expect(onDocument).toEqual([]);
    // What the README says is left: a capture listener the page put on window before it was read.
    expect(early.filter((event) => event.startsWith('keydown:'))).toHaveLength('private'.length);
    await page.close();
  });

  it('still saves what is typed into a card after the on-request script ran on a feed', async () => {
    // The on-request script bundles its own copy of the editor's code. Run where the feed script runs,
    // it once left the key shield delivering the editor's keys to that copy, which had no listeners:
    // the note was typed, and never saved.
    const feed = await session.context.newPage();
    await feed.goto(HF_2024.url);
    await feed.waitForFunction((count) => document.querySelectorAll('[data-paper-margin-ui][data-state="ready"]').length === count, countJsonPapers(HF_2024));
    const card = '[data-paper-margin-id="arxiv:2407.21783"] [data-paper-margin-ui]';
    // The feed script's editor code loads first (an editor opened and closed), then the on-request script runs.
    await feed.locator(`${card} button[aria-label^="Edit note on"]`).click();
    await feed.locator(`${card} textarea`).waitFor();
    await feed.keyboard.press('Escape');
    const tabId = await tabIdOf(session, feed);
    const worker = session.context.serviceWorkers()[0]!;
    await worker.evaluate(
      (tab) =>
        (globalThis as unknown as { chrome: { scripting: { executeScript(options: object): Promise<unknown> } } }).chrome.scripting.executeScript({
          target: { tabId: tab },
          files: ['content-generic.js'],
        }),
      tabId,
    );
    await feed.locator(`${card} button[aria-label^="Edit note on"]`).click();
    await feed.locator(`${card} textarea`).focus();
    await feed.keyboard.type('typed after Find papers');
    await feed.keyboard.press('Escape');
    await expect.poll(async () => (await worker.evaluate(libraryRecord, 'arxiv:2407.21783'))?.annotation?.note, { timeout: 10_000 }).toBe('typed after Find papers');
    await feed.close();
  });
});
