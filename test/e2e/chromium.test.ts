import { describe, expect, it } from 'vitest';
import { chromiumSuite, launchChromium, tabIdOf } from './chromium';
import { HF_2024, HF_2026, countJsonPapers, menuItems, readServed } from './pages';

const CARD = '[data-paper-margin-id]';
const LLAMA = 'arxiv:2407.21783';

describe('Chromium: the whole loop on Hugging Face Daily Papers', () => {
  const suite = chromiumSuite();

  it.each([HF_2024, HF_2026])('marks every paper of the page JSON on $url', async (served) => {
    const page = await suite.session.context.newPage();
    // The host page's console must show nothing from us: no error or warning from the content script.
    // (The saved page's own scripts and images are not served; their failures are the fixture's.)
    const errors: string[] = [];
    page.on('pageerror', (error) => {
      if (error.stack?.includes('chrome-extension://')) errors.push(error.message);
    });
    page.on('console', (message) => {
      const ours = message.location().url.startsWith('chrome-extension://') || message.text().includes('paper-margin');
      if (ours && (message.type() === 'error' || message.type() === 'warning')) errors.push(message.text());
    });
    await page.goto(served.url);
    const expected = countJsonPapers(served);
    await expect.poll(() => page.locator(CARD).count()).toBe(expected);
    // The UI comes with the library's answer, after the cards are marked.
    await expect.poll(() => page.locator('[data-paper-margin-ui]').count()).toBe(expected);
    // Each card is processed once: one UI host per card, even after the observer ran again.
    await page.evaluate(() => document.body.append(document.createElement('div')));
    await page.waitForTimeout(100);
    expect(await page.locator('[data-paper-margin-ui]').count()).toBe(expected);
    await page.locator('body').press('j');
    await page.locator('body').press('?');
    await page.locator('body').press('?');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("leaves the toolbar button's Options to Chrome, and finds papers from its menu", async () => {
    const page = await suite.session.context.newPage();
    await page.goto(`chrome-extension://${suite.session.extensionId}/popup.html`);
    expect(await page.evaluate(menuItems)).toEqual({ findPapers: true, options: false });
    await page.close();
  });

  it("answers a page's first record with the card styles and every string, marked for substitutions", async () => {
    const page = await suite.session.context.newPage();
    await page.goto(`chrome-extension://${suite.session.extensionId}/popup.html`);
    type Chrome = {
      runtime: { sendMessage(message: unknown): Promise<{ ok: boolean; value: { style?: string; messages?: Record<string, string> } }> };
      i18n: { getMessage(key: string, substitutions?: string[]): string };
    };
    const answer = await page.evaluate(async () => {
      const chrome = (globalThis as unknown as { chrome: Chrome }).chrome;
      const reply = await chrome.runtime.sendMessage({ pm: 'call', name: 'recordPapers', req: { papers: [], style: true, strings: true } });
      const bare = await chrome.runtime.sendMessage({ pm: 'call', name: 'recordPapers', req: { papers: [] } });
      return {
        reply,
        bare: bare.value,
        direct: { noteButton: chrome.i18n.getMessage('noteButton'), noteButtonLabel: chrome.i18n.getMessage('noteButtonLabel', ['\uF000']) },
      };
    });
    expect(answer.reply.ok).toBe(true);
    expect(answer.reply.value.style).toContain('.pm');
    const strings = answer.reply.value.messages!;
    expect(Object.keys(strings).length).toBeGreaterThan(100);
    expect(strings.noteButton).toBe(answer.direct.noteButton);
    expect(strings.noteButtonLabel).toBe(answer.direct.noteButtonLabel);
    expect(strings.noteButtonLabel).toContain('\uF000');
    // Only a page that asks gets them.
    expect(answer.bare.style).toBeUndefined();
    expect(answer.bare.messages).toBeUndefined();
    await page.close();
  });

  it('follows client-side navigation: new cards are found, each once, though the JSON is stale', async () => {
    const page = await suite.session.context.newPage();
    await page.goto(HF_2024.url);
    await expect.poll(() => page.locator(CARD).count()).toBe(countJsonPapers(HF_2024));
    // What Hugging Face's router does on "next day": a new URL, and the list re-rendered in place.
    // The embedded JSON keeps describing the first page.
    await page.evaluate((html) => {
      const next = new DOMParser().parseFromString(html, 'text/html');
      const articles = [...document.querySelectorAll('article')];
      const parent = articles[0]!.parentElement!.parentElement!;
      history.pushState({}, '', '/papers?date=2026-09-28');
      for (const article of articles) article.parentElement!.remove();
      for (const article of next.querySelectorAll('article')) parent.append(document.importNode(article, true));
    }, readServed(HF_2026));
    await expect.poll(() => page.locator(CARD).count()).toBe(countJsonPapers(HF_2026));
    expect(await page.locator('[data-paper-margin-id="arxiv:2609.31620"]').count()).toBe(1);
    // The UI comes with the library's answer, after the cards are marked (CI once checked too early).
    await expect.poll(() => page.locator('[data-paper-margin-ui]').count()).toBe(countJsonPapers(HF_2026));
    // Each once: no second UI comes later.
    await page.waitForTimeout(100);
    expect(await page.locator('[data-paper-margin-ui]').count()).toBe(countJsonPapers(HF_2026));
    await page.close();
  });

  it('follows client-side navigation that keeps a card element and fills it with another paper', async () => {
    const page = await suite.session.context.newPage();
    await page.goto(HF_2026.url);
    const expected = countJsonPapers(HF_2026);
    await expect.poll(() => page.locator('[data-paper-margin-ui][data-state="ready"]').count()).toBe(expected);
    const before = await page.locator('article').first().getAttribute('data-paper-margin-id');
    // What a router that updates a list in place does: new links and text in the same elements (no
    // node added), a new URL and title. The embedded JSON keeps describing the first page.
    await page.evaluate((oldId) => {
      const article = document.querySelector('article')!;
      history.pushState({}, '', '/papers?date=2026-09-29');
      for (const anchor of article.querySelectorAll('a[href]')) {
        anchor.setAttribute('href', anchor.getAttribute('href')!.replace(oldId, '2609.99999'));
      }
      const walker = document.createTreeWalker(article.querySelector('h3')!, NodeFilter.SHOW_TEXT);
      let first = true;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        (node as Text).data = first ? 'A paper shown in a kept card' : '';
        first = false;
      }
      document.title = 'Daily Papers - Hugging Face';
    }, before!.replace('arxiv:', ''));
    const first = page.locator('article').first();
    await expect.poll(() => first.getAttribute('data-paper-margin-id')).toBe('arxiv:2609.99999');
    await expect.poll(() => first.locator('[data-paper-margin-ui]').getAttribute('data-paper-margin-ui')).toBe('arxiv:2609.99999');
    await expect.poll(() => first.locator('[data-paper-margin-ui][data-state="ready"]').count()).toBe(1);
    // The other cards keep theirs, each once; the old paper is on the page no more.
    await page.waitForTimeout(100);
    expect(await page.locator('[data-paper-margin-ui]').count()).toBe(expected);
    expect(await page.locator(`[data-paper-margin-id="${before}"]`).count()).toBe(0);
    await page.close();
  });

  it('keeps "seen" on the cards of a revisited feed that the page re-renders during the visit', async () => {
    const expected = countJsonPapers(HF_2026);
    const first = await suite.session.context.newPage();
    await first.goto(HF_2026.url);
    await expect.poll(() => first.locator('[data-paper-margin-ui][data-state="ready"]').count()).toBe(expected);
    await first.close();
    const page = await suite.session.context.newPage();
    await page.goto(HF_2026.url);
    await expect.poll(() => page.locator('[data-marker="seen"]').count()).toBe(expected);
    // The page's framework renders the list again: new elements, without our attribute and UI. Their
    // papers are recorded again, and the library now holds this visit's own record of them.
    await page.evaluate(() => {
      for (const article of document.querySelectorAll('article')) {
        const again = article.cloneNode(true) as Element;
        again.removeAttribute('data-paper-margin-id');
        again.querySelector('[data-paper-margin-ui]')?.remove();
        article.replaceWith(again);
      }
    });
    await expect.poll(() => page.locator('[data-paper-margin-ui][data-state="ready"]').count()).toBe(expected);
    await page.waitForTimeout(200);
    expect(await page.locator('[data-marker="new"]').count()).toBe(0);
    expect(await page.locator('[data-marker="seen"]').count()).toBe(expected);
    await page.close();
  });

  it('puts back the UI the page took out of a card it kept, as a re-render or a late hydration does', async () => {
    const page = await suite.session.context.newPage();
    await page.goto(HF_2024.url);
    const expected = countJsonPapers(HF_2024);
    await expect.poll(() => page.locator('[data-paper-margin-ui][data-state="ready"]').count()).toBe(expected);
    // Main world: the page's own code drops what it did not render, our attribute included.
    await page.evaluate((id) => {
      const card = document.querySelector(`[data-paper-margin-id="${id}"]`)!;
      card.querySelector('[data-paper-margin-ui]')!.remove();
      card.removeAttribute('data-paper-margin-id');
    }, LLAMA);
    await expect.poll(() => page.locator(`[data-paper-margin-id="${LLAMA}"] [data-paper-margin-ui][data-state="ready"]`).count()).toBe(1);
    expect(await page.locator('[data-paper-margin-ui]').count()).toBe(expected);
    await page.close();
  });

  it('highlights code links from the JSON and from the abstract on the 2026 page', async () => {
    const page = await suite.session.context.newPage();
    await page.goto(HF_2026.url);
    const card = page.locator('[data-paper-margin-id="arxiv:2609.31620"]');
    await expect.poll(() => card.locator('a.link[data-host="github"]').count()).toBeGreaterThan(0);
    expect(await card.locator('a.link[data-host="github"]').first().getAttribute('href')).toBe('https://github.com/Hongyang-Du/FuseReg');
    // trace-bench's repository is only written in its abstract, with a TeX leftover around it.
    const trace = page.locator('[data-paper-margin-id="arxiv:2609.30670"] a.link[data-host="github"]');
    expect(await trace.getAttribute('href')).toBe('https://github.com/om-ai-lab/trace-bench');
    await page.close();
  });

  it('saves a note typed in the popup, shows it on the card, keeps it after reload', async () => {
    const feed = await suite.session.context.newPage();
    await feed.goto(HF_2024.url);
    await expect.poll(() => feed.locator(CARD).count()).toBe(countJsonPapers(HF_2024));
    const tabId = await tabIdOf(suite.session, feed);

    const popup = await suite.session.context.newPage();
    await popup.goto(`chrome-extension://${suite.session.extensionId}/popup.html?tab=${tabId}`);
    const item = popup.locator(`li[data-paper-id="${LLAMA}"]`);
    await expect.poll(() => popup.locator('li.paper').count()).toBe(countJsonPapers(HF_2024));
    // Page order: the first card of the page is the first item of the popup.
    expect(await popup.locator('li.paper').first().getAttribute('data-paper-id')).toBe(LLAMA);
    await item.locator('textarea').fill('Strong open baseline; read section 3 <script>alert(1)</script>');
    await item.locator('input').fill('llm, Open weights');
    await expect.poll(() => item.locator('.saved').textContent()).toBe('Saved');

    const note = feed.locator(`[data-paper-margin-id="${LLAMA}"] .note`);
    await expect.poll(() => note.textContent()).toBe('Strong open baseline; read section 3 <script>alert(1)</script>');
    await expect.poll(() => feed.locator(`[data-paper-margin-id="${LLAMA}"] .tag`).allTextContents()).toEqual(['#llm', '#Open weights']);
    // The note went in as text: no element was made from it.
    expect(await feed.locator(`[data-paper-margin-id="${LLAMA}"] [data-paper-margin-ui] >> script`).count()).toBe(0);

    await feed.reload();
    await expect.poll(() => feed.locator(`[data-paper-margin-id="${LLAMA}"] .note`).textContent()).toBe(
      'Strong open baseline; read section 3 <script>alert(1)</script>',
    );
    await popup.close();
    await feed.close();
  });

  it('shows on the toolbar button how many papers the tab has, and in its title how many are noted', async () => {
    const feed = await suite.session.context.newPage();
    await feed.goto(HF_2024.url);
    const expected = countJsonPapers(HF_2024);
    await expect.poll(() => feed.locator(CARD).count()).toBe(expected);
    const tabId = await tabIdOf(suite.session, feed);
    const worker = suite.session.context.serviceWorkers()[0]!;
    const badge = () =>
      worker.evaluate(async (id) => {
        type Action = { getBadgeText(q: object): Promise<string>; getTitle(q: object): Promise<string> };
        const action = (globalThis as unknown as { chrome: { action: Action } }).chrome.action;
        return { text: await action.getBadgeText({ tabId: id }), title: await action.getTitle({ tabId: id }) };
      }, tabId);
    // Earlier tests of this profile noted papers of this page; the title counts them.
    await expect.poll(async () => (await badge()).text).toBe(String(expected));
    expect((await badge()).title).toMatch(new RegExp(`^Paper Margin: ${expected} papers on this page, \\d+ noted$`));
    const notedBefore = Number(/(\d+) noted/.exec((await badge()).title)![1]);
    const card = feed.locator('[data-paper-margin-id="arxiv:2407.21772"]');
    await card.locator('button', { hasText: 'Note' }).click();
    await card.locator('textarea').fill('counted on the toolbar');
    await card.locator('textarea').press('Escape');
    await expect.poll(async () => (await badge()).title).toContain(`${notedBefore + 1} noted`);
    // The noted paper shown a second time, and one paper more: the button counts papers, as the popup
    // lists them, not cards (it said 2 more, and 2 more noted, before).
    await feed.evaluate(() => {
      const card = document.querySelector('[data-paper-margin-id="arxiv:2407.21772"]')!;
      const copies = [0, 1].map(() => card.cloneNode(true) as Element);
      for (const copy of copies) {
        copy.removeAttribute('data-paper-margin-id');
        copy.querySelectorAll('[data-paper-margin-ui]').forEach((ui) => ui.remove());
      }
      for (const link of copies[1]!.querySelectorAll('a[href*="2407.21772"]')) link.setAttribute('href', '/papers/2407.99998');
      card.after(...copies);
    });
    await expect.poll(async () => (await badge()).text).toBe(String(expected + 1));
    expect((await badge()).title).toBe(`Paper Margin: ${expected + 1} papers on this page, ${notedBefore + 1} noted`);
    await feed.close();
  });

  it('sends an edit made on the card to the open popup', async () => {
    const feed = await suite.session.context.newPage();
    await feed.goto(HF_2024.url);
    const card = feed.locator('[data-paper-margin-id="arxiv:2407.21705"]');
    await expect.poll(() => card.count()).toBe(1);
    const popup = await suite.session.context.newPage();
    await popup.goto(`chrome-extension://${suite.session.extensionId}/popup.html?tab=${await tabIdOf(suite.session, feed)}`);
    const item = popup.locator('li[data-paper-id="arxiv:2407.21705"]');
    await expect.poll(() => item.count()).toBe(1);

    await card.locator('button', { hasText: 'Note' }).click();
    await card.locator('textarea').fill('Trajectory control for video diffusion');
    await card.locator('textarea').press('Escape');
    await expect.poll(() => item.locator('textarea').inputValue()).toBe('Trajectory control for video diffusion');
    await popup.close();
    await feed.close();
  });

  it('keeps both notes when the card and the popup edit the same note at once', async () => {
    const id = 'arxiv:2407.21770';
    const feed = await suite.session.context.newPage();
    await feed.goto(HF_2024.url);
    const card = feed.locator(`[data-paper-margin-id="${id}"]`);
    await expect.poll(() => card.count()).toBe(1);
    const popup = await suite.session.context.newPage();
    await popup.goto(`chrome-extension://${suite.session.extensionId}/popup.html?tab=${await tabIdOf(suite.session, feed)}`);
    const item = popup.locator(`li[data-paper-id="${id}"]`);
    await expect.poll(() => item.count()).toBe(1);

    // Both editors start from the same (empty) note; each autosaves its own text.
    await card.locator('button', { hasText: 'Note' }).click();
    await card.locator('textarea').fill('written on the card');
    await item.locator('textarea').fill('written in the popup');
    await expect.poll(() => item.locator('.saved').textContent()).toBe('Saved');
    await expect.poll(() => card.locator('.saved').textContent()).toBe('Saved');

    // Whichever saved second merged the other's text in: both are stored, and both views show it.
    const both = (text: string | null) => !!text?.includes('written on the card') && text.includes('written in the popup');
    await expect.poll(async () => both(await item.locator('textarea').inputValue())).toBe(true);
    await card.locator('textarea').press('Escape');
    await expect.poll(async () => both(await card.locator('.note').textContent())).toBe(true);
    await popup.close();
    await feed.close();
  });

  it('still shows the notes after the browser restarts', async () => {
    await suite.session.close();
    suite.session = await launchChromium(suite.profile);
    const feed = await suite.session.context.newPage();
    await feed.goto(HF_2024.url);
    await expect.poll(() => feed.locator(`[data-paper-margin-id="${LLAMA}"] .note`).textContent()).toBe(
      'Strong open baseline; read section 3 <script>alert(1)</script>',
    );
    // Seen before: the 2024 page was opened in the previous browser run.
    await expect.poll(() => feed.locator('[data-paper-margin-id="arxiv:2407.21646"] .marker').textContent()).toMatch(/^Seen (Sun|Mon|Tue|Wed|Thu|Fri|Sat), (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}$/);
  });
});

describe("Chromium: a library that cannot store a page's papers", () => {
  const suite = chromiumSuite();

  type Action = { getBadgeText(details: { tabId: number }): Promise<string>; getTitle(details: { tabId: number }): Promise<string> };
  const badgeOf = (tabId: number) =>
    suite.session.context.serviceWorkers()[0]!.evaluate(async (id) => {
      const action = (globalThis as unknown as { chrome: { action: Action } }).chrome.action;
      return { text: await action.getBadgeText({ tabId: id }), title: await action.getTitle({ tabId: id }) };
    }, tabId);

  it('says so on the toolbar button and in the popup, until a visit stores them', async () => {
    const worker = suite.session.context.serviceWorkers()[0]!;
    // A full disk as IndexedDB reports it: every put in the service worker throws QuotaExceededError.
    await worker.evaluate(() => {
      const saved = globalThis as unknown as { realPut: typeof IDBObjectStore.prototype.put };
      saved.realPut = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = () => {
        throw new DOMException('Quota exceeded.', 'QuotaExceededError');
      };
    });
    const expected = countJsonPapers(HF_2026);
    const feed = await suite.session.context.newPage();
    await feed.goto(HF_2026.url);
    // The cards are drawn all the same: the library answers before it writes.
    await expect.poll(() => feed.locator('[data-paper-margin-ui][data-state="ready"]').count()).toBe(expected);
    const tabId = await tabIdOf(suite.session, feed);
    await expect.poll(async () => (await badgeOf(tabId)).text).toBe('!');
    expect((await badgeOf(tabId)).title).toMatch(/^Paper Margin could not save the papers of this page: The browser has no room left/);

    const popup = await suite.session.context.newPage();
    await popup.goto(`chrome-extension://${suite.session.extensionId}/popup.html?tab=${tabId}`);
    await expect.poll(() => popup.locator('#panel-page li.paper').count()).toBe(expected);
    await expect
      .poll(() => popup.locator('[role="alert"][data-problem="record"]').textContent())
      .toMatch(/^The papers of this page were not saved in your library: The browser has no room left for Paper Margin’s data\./);

    // Room again: the next visit stores the papers, and the button and the popup say no more.
    await worker.evaluate(() => {
      IDBObjectStore.prototype.put = (globalThis as unknown as { realPut: typeof IDBObjectStore.prototype.put }).realPut;
    });
    await feed.bringToFront();
    await feed.reload();
    await expect.poll(async () => (await badgeOf(tabId)).text).toBe(String(expected));
    expect((await badgeOf(tabId)).title).toBe(`Paper Margin: ${expected} papers on this page, 0 noted`);
    await popup.reload();
    await expect.poll(() => popup.locator('#panel-page li.paper').count()).toBe(expected);
    expect(await popup.locator('[data-problem="record"]').count()).toBe(0);
  });
});
