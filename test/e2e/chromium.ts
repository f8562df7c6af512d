import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { CHROMIUM_PATH, chromiumArgs } from '../../scripts/chromium.mjs';
import { downloadsOf, findServed, readServed, SERVED_HOSTS } from './pages';

/** The tests' build (`node build.mjs --e2e`): open shadow roots, so that locators reach the card UIs. */
export const EXTENSION = new URL('../../dist-e2e/chrome', import.meta.url).pathname;
/** The build users install, with closed shadow roots (`npm run build`). */
export const RELEASE_EXTENSION = new URL('../../dist/chrome', import.meta.url).pathname;

/** A Chromium profile with the built extension loaded; the profile survives `close()` for restart tests. */
export interface ChromiumSession {
  context: BrowserContext;
  extensionId: string;
  profile: string;
  close(): Promise<void>;
}

export function newProfile(): string {
  return mkdtempSync(join(tmpdir(), 'paper-margin-chromium-'));
}

export function removeProfile(profile: string): void {
  rmSync(profile, { recursive: true, force: true });
}

/**
 * Launches Debian's Chromium headless with the extension, and answers every request from the saved
 * fixtures at their real URLs: the content script runs exactly as on the live site, with no network.
 */
export async function launchChromium(profile = newProfile(), extension = EXTENSION): Promise<ChromiumSession> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Playwright takes over downloads (the extension's too) and saves them here under GUID names.
    acceptDownloads: true,
    downloadsPath: downloadsOf(profile),
    viewport: { width: 1280, height: 900 },
    args: chromiumArgs(extension),
  });
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    const served = findServed(url);
    if (!/^https?:/.test(url)) {
      // The extension's own pages and scripts.
      await route.continue();
    } else if (served) {
      await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: readServed(served) });
    } else if (SERVED_HOSTS.includes(new URL(url).hostname)) {
      // The saved pages' scripts, styles and images are not kept: an empty answer, not the network.
      await route.fulfill({ status: 404, body: '' });
    } else {
      await route.abort();
    }
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  return { context, extensionId, profile, close: () => context.close() };
}

/**
 * The Chromium session of one `describe`'s tests: launched before them in a profile of its own,
 * closed and the profile removed after them. A test may replace `session` (a restart relaunches
 * `profile`).
 */
export function chromiumSuite(): { session: ChromiumSession; readonly profile: string } {
  const suite = { profile: newProfile() } as { session: ChromiumSession; profile: string };
  beforeAll(async () => {
    suite.session = await launchChromium(suite.profile);
  });
  afterAll(async () => {
    await suite.session?.close();
    removeProfile(suite.profile);
  });
  return suite;
}

/**
 * The id Chromium gave a tab, read through the extension's service worker. Without the `tabs`
 * permission (which Paper Margin does not ask for) tab URLs are hidden, so bring the page to the
 * front and ask for the active tab.
 */
export async function tabIdOf(session: ChromiumSession, page: Page): Promise<number> {
  await page.bringToFront();
  const worker = session.context.serviceWorkers()[0]!;
  const id = await worker.evaluate(async () => {
    type Tabs = { query(q: object): Promise<Array<{ id?: number }>> };
    const tabs = await (globalThis as unknown as { chrome: { tabs: Tabs } }).chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return tabs[0]?.id;
  });
  if (id === undefined) throw new Error(`No tab for ${page.url()}`);
  return id;
}

/** The toolbar popup, driven through CDP: Playwright keeps to tabs and does not show it as a page. */
export interface ToolbarPopup {
  evaluate<T>(expression: string): Promise<T>;
  close(): Promise<void>;
}

/**
 * Opens the extension's toolbar popup as a click on its button does (`chrome.action.openPopup()`, for
 * the active tab of the focused window: `page`, brought to the front).
 */
export async function openToolbarPopup(session: ChromiumSession, page: Page): Promise<ToolbarPopup> {
  await page.bringToFront();
  const cdp = await session.context.newCDPSession(page);
  const url = `chrome-extension://${session.extensionId}/popup.html`;
  const find = async () => (await cdp.send('Target.getTargets')).targetInfos.find((info) => info.type === 'page' && info.url === url);
  const poll = async (done: () => Promise<boolean>) => {
    for (let tries = 0; !(await done()) && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 50));
  };
  type Reply = { error?: { message: string }; result?: { result: { value: unknown }; exceptionDetails?: unknown } };
  const waiting = new Map<number, (reply: Reply) => void>();
  let sessionId = '';
  let next = 0;
  try {
    if (await find()) throw new Error('A toolbar popup is open already');
    const worker = session.context.serviceWorkers()[0]!;
    await worker.evaluate(() => (globalThis as unknown as { chrome: { action: { openPopup(): Promise<void> } } }).chrome.action.openPopup());
    await poll(async () => !!(await find()));
    const target = await find();
    if (!target) throw new Error('The toolbar popup did not open');
    // Not flattened: messages to the popup go through Target.sendMessageToTarget.
    ({ sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false }));
  } catch (error) {
    await cdp.detach().catch(() => undefined);
    throw error;
  }
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const reply = JSON.parse(event.message) as Reply & { id?: number };
    if (reply.id !== undefined) waiting.get(reply.id)?.(reply);
  });
  // A popup that goes away answers nothing more: what waits for it fails instead of hanging.
  cdp.on('Target.detachedFromTarget', (event) => {
    if (event.sessionId === sessionId) for (const settle of waiting.values()) settle({ error: { message: 'The toolbar popup closed' } });
  });
  const evaluate = <T>(expression: string) =>
    new Promise<T>((resolve, reject) => {
      const id = ++next;
      waiting.set(id, (reply) => {
        waiting.delete(id);
        if (reply.error || !reply.result || reply.result.exceptionDetails) reject(new Error(JSON.stringify(reply.error ?? reply.result?.exceptionDetails)));
        else resolve(reply.result.result.value as T);
      });
      const message = JSON.stringify({ id, method: 'Runtime.evaluate', params: { expression, returnByValue: true, awaitPromise: true } });
      cdp.send('Target.sendMessageToTarget', { sessionId, message }).catch(reject);
    });
  return {
    evaluate,
    async close() {
      const open = await find();
      if (open) await cdp.send('Target.closeTarget', { targetId: open.targetId }).catch(() => undefined);
      await poll(async () => !(await find()));
      await cdp.detach().catch(() => undefined);
    },
  };
}
