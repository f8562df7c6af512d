import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChromiumSession, launchChromium, newProfile, removeProfile, tabIdOf } from './chromium';
import { HF_2024, countJsonPapers } from './pages';

const card = (page: Page, id: string) => page.locator(`[data-paper-margin-id="arxiv:${id}"]`);
const currentId = (page: Page) =>
  page.evaluate(() => document.querySelector('[data-paper-margin-ui][data-current]')?.closest('[data-paper-margin-id]')?.getAttribute('data-paper-margin-id'));

describe('Chromium: keyboard triage, tag autocomplete, popup library', () => {
  const profile = newProfile();
  let session: ChromiumSession;
  let feed: Page;

  beforeAll(async () => {
    session = await launchChromium(profile);
    feed = await session.context.newPage();
    await feed.goto(HF_2024.url);
    await feed.waitForFunction((count) => document.querySelectorAll('[data-paper-margin-id]').length === count, countJsonPapers(HF_2024));
  });
  afterAll(async () => {
    await session?.close();
    removeProfile(profile);
  });

  it('moves between cards with j and k and stars with s', async () => {
    await feed.locator('body').press('j');
    expect(await currentId(feed)).toBe('arxiv:2407.21783');
    await feed.locator('body').press('j');
    await feed.locator('body').press('j');
    await feed.locator('body').press('k');
    expect(await currentId(feed)).toBe('arxiv:2407.21705');
    await feed.locator('body').press('s');
    await expect.poll(() => card(feed, '2407.21705').locator('.chip.status').textContent()).toBe('Starred');
    // The same key again takes the star off.
    await feed.locator('body').press('s');
    await expect.poll(() => card(feed, '2407.21705').locator('.chip.status').count()).toBe(0);
  });

  it('opens the note editor with n, keeps typed letters out of triage, closes with Esc', async () => {
    await feed.locator('body').press('n');
    const textarea = card(feed, '2407.21705').locator('textarea');
    await expect.poll(() => textarea.evaluate((element) => element === (element.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await textarea.pressSequentially('just kidding');
    expect(await currentId(feed)).toBe('arxiv:2407.21705');
    await textarea.press('Escape');
    await expect.poll(() => card(feed, '2407.21705').locator('.note').textContent()).toBe('just kidding');
    expect(await card(feed, '2407.21705').locator('.editor').isHidden()).toBe(true);
  });

  it('never takes keys typed into the page’s own fields', async () => {
    await feed.evaluate(() => {
      const input = document.createElement('input');
      input.id = 'page-search';
      document.body.prepend(input);
    });
    await feed.locator('#page-search').pressSequentially('jjks');
    expect(await feed.locator('#page-search').inputValue()).toBe('jjks');
    expect(await currentId(feed)).toBe('arxiv:2407.21705');
    await feed.locator('#page-search').blur();
  });

  it('shows and hides the key list with ?', async () => {
    await feed.locator('body').press('?');
    const help = feed.locator('[data-paper-margin-ui="help"] [role="dialog"]');
    await expect.poll(() => help.count()).toBe(1);
    expect(await help.textContent()).toContain('Next paper');
    await feed.locator('body').press('?');
    await expect.poll(() => help.count()).toBe(0);
  });

  it('completes tags from the ones already used, most used first', async () => {
    for (const id of ['2407.21770', '2407.21646']) {
      const target = card(feed, id);
      await target.locator('button', { hasText: 'Note' }).click();
      await target.locator('input[aria-label="Tags"]').fill('reinforcement learning, rlhf');
      await expect.poll(() => target.locator('.saved').textContent()).toBe('Saved');
      await target.locator('textarea').press('Escape');
    }
    const target = card(feed, '2407.21772');
    await target.locator('button', { hasText: 'Note' }).click();
    const tags = target.locator('input[aria-label="Tags"]');
    await tags.pressSequentially('rei');
    const options = target.locator('[role="option"]');
    await expect.poll(() => options.count()).toBeGreaterThan(0);
    expect(await options.first().textContent()).toContain('reinforcement learning');
    await tags.press('Enter');
    expect(await tags.inputValue()).toBe('reinforcement learning, ');
    await expect.poll(() => target.locator('.saved').textContent()).toBe('Saved');
    await tags.press('Escape');
    await tags.press('Escape');
    await expect.poll(() => target.locator('.tag').allTextContents()).toEqual(['#reinforcement learning']);
  });

  it('finds annotated papers in the popup library as you type', async () => {
    const popup = await session.context.newPage();
    await popup.goto(`chrome-extension://${session.extensionId}/popup.html?tab=${await tabIdOf(session, feed)}`);
    await popup.locator('[role="tab"]', { hasText: 'Library' }).click();
    const rows = popup.locator('#panel-library li.paper');
    await expect.poll(() => rows.count()).toBe(4);
    await popup.locator('input[type="search"]').fill('kidding');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-paper-id')).toBe('arxiv:2407.21705');
    await popup.locator('input[type="search"]').fill('');
    await popup.locator('select[aria-label="Filter by tag"]').selectOption('rlhf');
    await expect.poll(() => rows.count()).toBe(2);
    await popup.close();
  });
});
