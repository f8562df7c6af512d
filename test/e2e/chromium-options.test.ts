import { describe, expect, it } from 'vitest';
import { chromiumSuite, launchChromium } from './chromium';

// The options page in a narrow window (400 px, a phone-sized or side-by-side window), with the long
// words a library can hold: defects a hands-on review found, each a test that failed before its fix.
const LONG_TAG = 'x'.repeat(64);
const URL_TITLE = 'https://example.com/a/very/long/url/written/as/a/title/without/any/space/that/could/wrap/it';
const paper = (id: string, title: string) => ({
  id,
  title,
  authors: [],
  url: `https://arxiv.org/abs/${id.slice(6)}`,
  codeLinks: [],
  source: 'arxiv',
  ...{ firstSeenAt: 1, lastSeenAt: 1, seenOn: ['arxiv'], createdAt: 1, updatedAt: 1 },
});
const annotation = (id: string, note: string, tags: string[], createdAt: number) => ({ id, note, tags, status: 'none', createdAt, updatedAt: createdAt + 1 });
const backupFile = (name: string, note: string, createdAt: number) => ({
  name,
  mimeType: 'application/json',
  buffer: Buffer.from(
    JSON.stringify({
      format: 'paper-margin-backup',
      version: 1,
      papers: [paper('arxiv:2601.00001', URL_TITLE)],
      annotations: [annotation('arxiv:2601.00001', note, [LONG_TAG, 'short'], createdAt)],
    }),
  ),
});

describe('Chromium: the options page at 400 px', () => {
  const suite = chromiumSuite();

  it('wraps a 64-letter tag and a URL title instead of scrolling sideways', async () => {
    const page = await suite.session.context.newPage();
    await page.setViewportSize({ width: 400, height: 800 });
    await page.goto(`chrome-extension://${suite.session.extensionId}/options.html`);
    const input = page.locator('#import-title ~ label.file input[type="file"]');
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

    await input.setInputFiles(backupFile('mine.json', 'Mine', 1));
    await page.locator('button[data-action="apply-import"]').click();
    await page.locator(`#tags-title ~ table tr[data-tag="${LONG_TAG}"]`).waitFor();
    // The count and the Rename button of the long tag's row stay in the window.
    const rename = await page.locator(`tr[data-tag="${LONG_TAG}"] button`).boundingBox();
    expect(rename!.x + rename!.width).toBeLessThanOrEqual(400);
    // The export menu lists the tag ("Tagged #xxx…") and keeps to the page's width too.
    expect(await overflow()).toBe(0);

    // A conflict shows the title and both sides' tags whole, wrapped.
    await input.setInputFiles(backupFile('theirs.json', 'Theirs', 5));
    await page.locator('.conflict[data-paper-id="arxiv:2601.00001"]').waitFor();
    expect(await overflow()).toBe(0);
    await page.close();
  });

  it("keeps the keyboard's place when a chosen file is read: on what it holds, or why it is refused", async () => {
    const page = await suite.session.context.newPage();
    await page.goto(`chrome-extension://${suite.session.extensionId}/options.html`);
    const input = page.locator('#import-title ~ label.file input[type="file"]');
    const focused = () => page.evaluate(() => document.activeElement?.textContent);
    // The chooser is disabled while it reads, which drops Chromium's focus to the page's body.
    await input.focus();
    await input.setInputFiles({ name: 'other-app.json', mimeType: 'application/json', buffer: Buffer.from('{"name":"my-app","version":"1.0.0"}') });
    await expect.poll(focused).toMatch(/^Not imported: This is not a Paper Margin backup/);
    await input.focus();
    await input.setInputFiles(backupFile('again.json', 'Again', 9));
    await expect.poll(focused).toMatch(/^again\.json: 0 new, 0 updated, 1 in conflict$/);
    // Tab goes on from there, to the conflict's choices.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe('radio');
    await page.close();
  });

  it('lets the keyboard jump past the tag table to a section, from the links under the title', async () => {
    const page = await suite.session.context.newPage();
    await page.goto(`chrome-extension://${suite.session.extensionId}/options.html`);
    await page.locator(`#tags-title ~ table tr[data-tag="${LONG_TAG}"]`).waitFor();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent);
    const links = await page.locator('nav.contents a').allTextContents();
    expect(links).toEqual(['Sites', 'Keyboard', 'Tags', 'Export', 'Import', 'History', 'Storage']);
    for (let tab = 0; tab < 4; tab++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('Export');
    await page.keyboard.press('Enter');
    // The next Tab goes on from the Export heading: its menu, not the tag table's boxes.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('section')?.getAttribute('aria-labelledby'))).toBe('export-title');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');
    await page.close();
  });

  it("counts the library's database in the storage it uses, when the page is the browser's first", async () => {
    // Restarted: the background has not opened the database when the page asks for the estimate.
    await suite.session.close();
    suite.session = await launchChromium(suite.profile);
    const page = await suite.session.context.newPage();
    await page.goto(`chrome-extension://${suite.session.extensionId}/options.html`);
    const shown = page.locator('#storage-title ~ [data-usage]');
    await shown.waitFor();
    const { usage, indexedDB } = await page.evaluate(async () => {
      const estimate = (await navigator.storage.estimate()) as StorageEstimate & { usageDetails?: { indexedDB?: number } };
      return { usage: estimate.usage ?? 0, indexedDB: estimate.usageDetails?.indexedDB ?? 0 };
    });
    expect(indexedDB).toBeGreaterThan(0);
    expect(Number(await shown.getAttribute('data-usage'))).toBe(usage);
    await page.close();
  });
});
