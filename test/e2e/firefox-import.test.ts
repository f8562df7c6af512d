import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { POLL, firefoxForSuite, newTab, openFeed, press } from './firefox';

describe('Firefox ESR: import from the options page', () => {
  const firefox = firefoxForSuite();

  // Over 32 MB the options page hands the background a blob: URL of the file, which it reads itself.
  it('imports a backup too large for one message', async () => {
    const abstract = 'We study how reading feeds every day shapes a library. '.repeat(30);
    const papers = Array.from({ length: 25_000 }, (_, index) => {
      const arxivId = `2301.${String(10000 + index)}`;
      return { id: `arxiv:${arxivId}`, arxivId, title: `Large backup paper ${index}`, authors: ['Ada Lovelace'], url: `https://arxiv.org/abs/${arxivId}`,
        abstract, codeLinks: [], source: 'arxiv', seenOn: ['arxiv'], firstSeenAt: 1, lastSeenAt: 1, createdAt: 1, updatedAt: 1 };
    });
    const text = JSON.stringify({ format: 'paper-margin-backup', version: 1, papers, annotations: [] });
    expect(text.length).toBeGreaterThan(32 * 1024 * 1024);
    const path = join(mkdtempSync(join(tmpdir(), 'paper-margin-large-')), 'large.json');
    writeFileSync(path, text);
    try {
      // An extension page cannot be navigated to here: the options page is opened as a reader does,
      // from a card's editor (All papers ↗) and the panel's options button.
      const feed = await openFeed(firefox.browser);
      await press(feed, '[data-paper-margin-id="arxiv:2407.21783"] >>> button[aria-label^="Edit note on"]');
      const panel = await newTab(firefox.browser, () => press(feed, '[data-paper-margin-id="arxiv:2407.21783"] >>> .editor:not([hidden]) button[data-action="open-panel"]'));
      const page = await newTab(firefox.browser, () => press(panel, 'header button.options'));
      await expect.poll(() => page.evaluate(() => location.pathname).catch(() => ''), POLL).toBe('/options.html');
      const input = await page.waitForSelector('#import-title ~ label.file input[type="file"]');
      await input!.uploadFile(path);
      await expect.poll(() => page.$eval('.preview [role="status"]', (status) => status.textContent).catch(() => ''), { ...POLL, timeout: 60_000 }).toMatch(/: 25,000 new, 0 updated, 0 in conflict$/);
      await page.click('button[data-action="apply-import"]');
      await expect.poll(() => page.$eval('#import-title ~ .message', (message) => message.textContent).catch(() => ''), { ...POLL, timeout: 60_000 }).toMatch(/^Imported: 25,000 new/);
    } finally {
      rmSync(dirname(path), { recursive: true, force: true });
    }
  }, 120_000);
});
