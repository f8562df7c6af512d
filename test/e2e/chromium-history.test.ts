import { describe, expect, it } from 'vitest';
import { chromiumSuite } from './chromium';
import { HF_2024, countJsonPapers } from './pages';

const LLAMA = 'arxiv:2407.21783';

describe('Chromium: forgetting the papers only seen, from the options page', () => {
  const suite = chromiumSuite();

  it('unmarks the forgotten cards on the next visit and keeps the noted paper whole', async () => {
    const cards = countJsonPapers(HF_2024);
    const ready = '[data-paper-margin-ui][data-state="ready"]';
    const feed = await suite.session.context.newPage();
    await feed.goto(HF_2024.url);
    await expect.poll(() => feed.locator(ready).count()).toBe(cards);
    const card = feed.locator(`[data-paper-margin-id="${LLAMA}"]`);
    await card.locator('button', { hasText: 'Note' }).click();
    await card.locator('textarea').fill('Kept through a forget');
    await expect.poll(() => card.locator('.saved').textContent()).toBe('Saved');
    await feed.close();

    // Seen once: a second visit marks every card, the noted one as noted.
    const again = await suite.session.context.newPage();
    await again.goto(HF_2024.url);
    await expect.poll(() => again.locator('[data-marker="seen"]').count()).toBe(cards - 1);
    expect(await again.locator(`[data-paper-margin-id="${LLAMA}"] [data-marker="noted"]`).count()).toBe(1);
    await again.close();

    const options = await suite.session.context.newPage();
    await options.goto(`chrome-extension://${suite.session.extensionId}/options.html`);
    const section = options.locator('section[aria-labelledby="history-title"]');
    await expect.poll(() => section.locator('[data-papers]').textContent()).toBe(`${cards} papers remembered; 1 with a note, tags or a status.`);
    // Seen minutes ago: nothing is older than 30 days.
    await section.locator('select').selectOption('30');
    await section.locator('button[data-action="ask-forget-history"]').click();
    await expect.poll(() => section.locator('[role="status"]').textContent()).toBe('Nothing to forget: no paper you only saw was last shown then.');
    await section.locator('select').selectOption('all');
    await section.locator('button[data-action="ask-forget-history"]').click();
    await expect.poll(() => section.locator('.confirm .message').textContent()).toBe(`Forget ${cards - 1} papers? Their cards will no longer be marked “seen”. This cannot be undone: a JSON backup (Export, above) keeps them.`);
    // By keyboard: the focus is on "Keep them"; Shift+Tab reaches the forget button.
    await expect.poll(() => options.evaluate(() => document.activeElement?.textContent)).toBe('Keep them');
    await options.keyboard.press('Shift+Tab');
    await options.keyboard.press('Enter');
    await expect.poll(() => section.locator('[role="status"]').textContent()).toBe(`Forgot ${cards - 1} papers.`);
    await expect.poll(() => section.locator('[data-papers]').textContent()).toBe('1 paper remembered; 1 with a note, tags or a status.');

    // The next visit: only the noted paper was seen before, which makes the others news again.
    const after = await suite.session.context.newPage();
    await after.goto(HF_2024.url);
    await expect.poll(() => after.locator(ready).count()).toBe(cards);
    expect(await after.locator('[data-marker="seen"]').count()).toBe(0);
    expect(await after.locator(`[data-paper-margin-id="${LLAMA}"] [data-marker="noted"]`).count()).toBe(1);
    expect(await after.locator(`[data-paper-margin-id="${LLAMA}"] .note`).textContent()).toBe('Kept through a forget');
    expect(await after.locator('[data-marker="new"]').count()).toBe(cards - 1);
  });
});
