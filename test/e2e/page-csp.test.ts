import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChromiumSession, launchChromium, newProfile, removeProfile } from './chromium';
import { type FirefoxSession, POLL, launchFirefox, newFirefoxProfile } from './firefox';
import { HF_2024, findServed, readServed } from './pages';

// A strict policy, as a site may send: the page may load scripts and make requests to its own origin
// only. The cards get their styles (card.css, with the library's answer) and the actions module from the
// extension all the same.
const CSP = "default-src 'self'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'";
const body = () => readServed(findServed(HF_2024.url)!);

/** In the page: is the first card styled (card.css), and did `j` make a card current (actions module)? */
function state() {
  const ui = document.querySelector('[data-paper-margin-ui][data-state="ready"]');
  const button = ui?.shadowRoot?.querySelector('button');
  return { styled: button ? getComputedStyle(button).borderTopLeftRadius === '999px' : false, current: !!document.querySelector('[data-current]') };
}

describe('a feed page with a strict Content-Security-Policy', () => {
  const chromiumProfile = newProfile();
  const firefoxProfile = newFirefoxProfile();
  let chromium: ChromiumSession | undefined;
  let firefox: FirefoxSession | undefined;
  afterAll(async () => {
    await chromium?.close().catch(() => undefined);
    await firefox?.close().catch(() => undefined);
    removeProfile(chromiumProfile);
    rmSync(firefoxProfile, { recursive: true, force: true });
  });

  it('Chromium: the cards are styled and the keys work', async () => {
    chromium = await launchChromium(chromiumProfile);
    await chromium.context.route(HF_2024.url, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': CSP }, body: body() }),
    );
    const page = await chromium.context.newPage();
    await page.goto(HF_2024.url);
    await expect.poll(() => page.evaluate(state)).toEqual({ styled: true, current: false });
    await page.keyboard.press('j');
    await expect.poll(() => page.evaluate(state)).toEqual({ styled: true, current: true });
  });

  it('Firefox: the cards are styled and the keys work', async () => {
    firefox = await launchFirefox(firefoxProfile);
    const page = await firefox.browser.newPage();
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = request.url();
      if (url === HF_2024.url) {
        void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': CSP }, body: body() });
      } else if (/^https?:/.test(url)) void request.respond({ status: 404, body: '' });
      else void request.continue();
    });
    await page.goto(HF_2024.url);
    await expect.poll(() => page.evaluate(state), POLL).toEqual({ styled: true, current: false });
    await page.keyboard.press('j');
    await expect.poll(() => page.evaluate(state), POLL).toEqual({ styled: true, current: true });
  });
});
