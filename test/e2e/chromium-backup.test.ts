import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChromiumSession, launchChromium, newProfile, removeProfile, tabIdOf } from './chromium';
import { readLibrary, writeV1Library } from './old-library';
import { HF_2024, countJsonPapers, downloadsOf } from './pages';

const LLAMA = 'arxiv:2407.21783';
const NOTE = 'Backup me: 注释 · ملاحظة · 🧪 · $\\alpha$';

describe('Chromium: export from the options page, import into a new profile', () => {
  const profiles = [newProfile(), newProfile()];
  const sessions: ChromiumSession[] = [];
  afterAll(async () => {
    for (const session of sessions) await session.close().catch(() => undefined);
    profiles.forEach(removeProfile);
  });

  it('round-trips notes through a JSON backup file', async () => {
    // Profile 1: write a note and tags on a card, then export a JSON backup from the options page.
    const first = await launchChromium(profiles[0]);
    sessions.push(first);
    const feed = await first.context.newPage();
    await feed.goto(HF_2024.url);
    const card = feed.locator(`[data-paper-margin-id="${LLAMA}"]`);
    await card.locator('[data-paper-margin-ui][data-state="ready"]').waitFor({ state: 'attached' });
    await card.locator('button', { hasText: 'Note' }).click();
    await card.locator('textarea').fill(NOTE);
    await card.locator('input[aria-label="Tags"]').fill('backup, llm');
    await expect.poll(() => card.locator('.saved').textContent()).toBe('Saved');

    const options = await first.context.newPage();
    await options.goto(`chrome-extension://${first.extensionId}/options.html`);
    await options.locator('button[data-format="json"]').click();
    await expect.poll(() => options.locator('#export-title ~ .message').textContent()).toMatch(/^Exported a backup of 13 papers \(1 with notes\) to paper-margin-\d{4}-\d{2}-\d{2}-json\.json\.$/);
    const downloads = downloadsOf(profiles[0]!);
    // Finished downloads only: Chromium writes a `.crdownload` first and renames it when done.
    const files = () => (existsSync(downloads) ? readdirSync(downloads).filter((name) => !name.endsWith('.crdownload')) : []);
    await expect.poll(() => files().length, { timeout: 10_000 }).toBe(1);
    const file = join(downloads, files()[0]!);
    const backup = JSON.parse(readFileSync(file, 'utf8')) as { format: string; annotations: Array<{ note: string }> };
    expect(backup.format).toBe('paper-margin-backup');
    expect(backup.annotations.map((annotation) => annotation.note)).toEqual([NOTE]);

    // The popup's export bar: the page's papers as BibTeX, with a progress bar while it works.
    const popup = await first.context.newPage();
    await popup.goto(`chrome-extension://${first.extensionId}/popup.html?tab=${await tabIdOf(first, feed)}`);
    await expect.poll(() => popup.locator('#panel-page li.paper').count()).toBe(countJsonPapers(HF_2024));
    await popup.locator('.export-bar select').selectOption('bibtex');
    await popup.locator('button[data-export="page"]').click();
    await expect
      .poll(() => popup.locator('.export-bar [role="status"]').textContent())
      .toMatch(new RegExp(`^Exported ${countJsonPapers(HF_2024)} papers to paper-margin-\\d{4}-\\d{2}-\\d{2}-page-bibtex\\.bib\\.$`));
    expect(await popup.locator('.export-bar progress').count()).toBe(0);
    // Downloads are saved under generated names here: the BibTeX file is the one that reads as BibTeX.
    const bibtex = () => files().map((name) => readFileSync(join(downloads, name), 'utf8')).find((text) => text.startsWith('@'));
    await expect.poll(bibtex, { timeout: 10_000 }).toBeTruthy();
    const bib = bibtex()!;
    expect(bib).toContain('  eprint = {2407.21783},');
    expect(bib.match(/^@/gm)).toHaveLength(countJsonPapers(HF_2024));
    // The Library tab narrowed to a tag: "Listed (1)" exports that paper alone.
    await popup.locator('#tab-library').click();
    expect(await popup.locator('button[data-export="listed"]').count()).toBe(0);
    await popup.locator('select[aria-label="Filter by tag"]').selectOption('llm');
    await popup.locator('button[data-export="listed"]', { hasText: 'Listed (1)' }).click();
    await expect
      .poll(() => popup.locator('.export-bar [role="status"]').textContent())
      .toMatch(/^Exported 1 paper to paper-margin-\d{4}-\d{2}-\d{2}-listed-bibtex\.bib\.$/);
    const listed = () => files().map((name) => readFileSync(join(downloads, name), 'utf8')).find((text) => text.match(/^@/gm)?.length === 1);
    await expect.poll(listed, { timeout: 10_000 }).toContain('  eprint = {2407.21783},');
    // "Copy BibTeX" on the paper's row: the file's very entry, on the clipboard.
    await popup.bringToFront();
    await popup.locator(`#panel-library li[data-paper-id="${LLAMA}"] button.row`).click();
    await popup.locator(`#panel-library li[data-paper-id="${LLAMA}"] button[data-action="copy-bibtex"]`).click();
    await expect.poll(() => popup.locator(`#panel-library li[data-paper-id="${LLAMA}"] .copied`).textContent()).toBe('BibTeX entry copied.');
    // Read back in the feed's tab: permissions cannot be granted to an extension's origin.
    await first.context.grantPermissions(['clipboard-read'], { origin: 'https://huggingface.co' });
    await feed.bringToFront();
    expect(await feed.evaluate(() => navigator.clipboard.readText())).toBe(listed());
    await popup.close();

    // Profile 2, fresh: preview, import, and the card shows the note.
    const second = await launchChromium(profiles[1]);
    sessions.push(second);
    const importer = await second.context.newPage();
    await importer.goto(`chrome-extension://${second.extensionId}/options.html`);
    await importer.locator('#import-title ~ label.file input[type="file"]').setInputFiles(file);
    // The backup holds everything: the 13 papers seen on the page, one of them annotated.
    await expect.poll(() => importer.locator('.preview [role="status"]').textContent()).toMatch(/: 13 new, 0 updated, 0 in conflict$/);
    await importer.locator('button[data-action="apply-import"]').click();
    await expect.poll(() => importer.locator('#import-title ~ .message').textContent()).toMatch(/^Imported/);

    const page = await second.context.newPage();
    await page.goto(HF_2024.url);
    const imported = page.locator(`[data-paper-margin-id="${LLAMA}"]`);
    await expect.poll(() => imported.locator('.note').textContent()).toBe(NOTE);
    expect(await imported.locator('.tag').allTextContents()).toEqual(['#backup', '#llm']);
  });

  it('refuses a broken file with a clear message and changes nothing', async () => {
    const session = sessions[1]!;
    const page = await session.context.newPage();
    await page.goto(`chrome-extension://${session.extensionId}/options.html`);
    await page.locator('#import-title ~ label.file input[type="file"]').setInputFiles({
      name: 'truncated.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format":"paper-margin-backup","version":1,"papers":[{"id":"arxiv:1'),
    });
    const message = page.locator('#import-title ~ .message.error');
    await expect.poll(() => message.textContent()).toMatch(/^Not imported: .+ Nothing was changed\.$/);
    // The note imported before is still there.
    const feed = await session.context.newPage();
    await feed.goto(HF_2024.url);
    await expect.poll(() => feed.locator(`[data-paper-margin-id="${LLAMA}"] .note`).textContent()).toBe(NOTE);
  });

  it('shows a conflict with both sides\' notes, tags and status, and takes the file\'s side only where they conflict', async () => {
    const session = sessions[1]!;
    const page = await session.context.newPage();
    await page.goto(`chrome-extension://${session.extensionId}/options.html`);
    const file = {
      format: 'paper-margin-backup',
      version: 1,
      exportedAt: '2026-11-30T00:00:00.000Z',
      papers: [],
      annotations: [{ id: LLAMA, note: 'Their note', tags: [], status: 'none', createdAt: 1, updatedAt: 2 }],
    };
    await page.locator('#import-title ~ label.file input[type="file"]').setInputFiles({ name: 'theirs.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    const conflict = page.locator(`.conflict[data-paper-id="${LLAMA}"]`);
    await expect.poll(() => conflict.locator('.conflict-meta').allTextContents()).toEqual([
      'Tags: #backup #llm · Reading status: No status',
      'Tags: — · Reading status: No status',
    ]);
    expect(await conflict.locator('pre').allTextContents()).toEqual([NOTE, 'Their note']);
    await conflict.locator('label', { hasText: 'Take' }).locator('input').check();
    await page.locator('button[data-action="apply-import"]').click();
    await expect.poll(() => page.locator('#import-title ~ .message').textContent()).toMatch(/^Imported/);
    // Their note; the tags the file did not contest stay.
    const feed = await session.context.newPage();
    await feed.goto(HF_2024.url);
    const card = feed.locator(`[data-paper-margin-id="${LLAMA}"]`);
    await expect.poll(() => card.locator('.note').textContent()).toBe('Their note');
    expect(await card.locator('.tag').allTextContents()).toEqual(['#backup', '#llm']);
  });

  // A backup larger than a message carries (Chrome refuses messages over 64 MB) is read by the
  // background from a blob: URL the options page makes: 40 000 papers with their abstracts, ~80 MB.
  it('imports a backup too large for one message', async () => {
    const session = sessions[1]!;
    const abstract = 'We study how reading feeds every day shapes a library. '.repeat(30);
    const papers = Array.from({ length: 40_000 }, (_, index) => {
      const arxivId = `2301.${String(10000 + index)}`;
      return { id: `arxiv:${arxivId}`, arxivId, title: `Large backup paper ${index}`, authors: ['Ada Lovelace'], url: `https://arxiv.org/abs/${arxivId}`,
        abstract, codeLinks: [], source: 'arxiv', seenOn: ['arxiv'], firstSeenAt: 1, lastSeenAt: 1, createdAt: 1, updatedAt: 1 };
    });
    const text = JSON.stringify({ format: 'paper-margin-backup', version: 1, papers, annotations: [{ id: papers[7]!.id, note: 'Found in the large backup', tags: ['large'], status: 'read', createdAt: 1, updatedAt: 2 }] });
    expect(text.length).toBeGreaterThan(64 * 1024 * 1024);
    const path = join(mkdtempSync(join(tmpdir(), 'paper-margin-large-')), 'large.json');
    writeFileSync(path, text);
    const page = await session.context.newPage();
    await page.goto(`chrome-extension://${session.extensionId}/options.html`);
    await page.locator('#import-title ~ label.file input[type="file"]').setInputFiles(path);
    await expect.poll(() => page.locator('.preview [role="status"]').textContent(), { timeout: 60_000 }).toMatch(/: 40,000 new, 0 updated, 0 in conflict$/);
    await page.locator('button[data-action="apply-import"]').click();
    await expect.poll(() => page.locator('#import-title ~ .message').textContent(), { timeout: 60_000 }).toMatch(/^Imported: 40,000 new/);
    rmSync(dirname(path), { recursive: true, force: true });
  }, 120_000);
});

describe('Chromium: a library from an older release', () => {
  const profile = newProfile();
  let session: ChromiumSession | undefined;
  afterAll(async () => {
    await session?.close().catch(() => undefined);
    removeProfile(profile);
  });

  it('is upgraded in place (schema v1 → v4) with every note kept and shown on its card', async () => {
    session = await launchChromium(profile);
    const worker = session.context.serviceWorkers()[0]!;
    // Written before the background first opens the library (it opens it on the first call).
    await worker.evaluate(writeV1Library, { id: LLAMA, note: NOTE });
    const feed = await session.context.newPage();
    await feed.goto(HF_2024.url);
    const card = feed.locator(`[data-paper-margin-id="${LLAMA}"]`);
    await expect.poll(() => card.locator('.note').textContent()).toBe(NOTE);
    expect(await card.locator('.tag').allTextContents()).toEqual(['#from v1']);
    const stored = await worker.evaluate(readLibrary, LLAMA);
    expect(stored).toEqual({ version: 4, stores: ['library'], indexes: ['annotatedAt', 'tags'], seenOn: ['arxiv', 'huggingface'], note: NOTE });
  });
});
