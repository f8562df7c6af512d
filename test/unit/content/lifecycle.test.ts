// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchPage } from '../../../src/content/lifecycle';

/** Starts watching the page; counts the scans and reattachments it asks for. */
function watch() {
  const calls = { scans: 0, reattaches: 0 };
  watchPage(() => ({ scan: () => calls.scans++, reattach: () => calls.reattaches++ }));
  return calls;
}

/** Lets the MutationObserver report and the batched run (a timer of ~a frame) happen. */
async function settle(): Promise<void> {
  await Promise.resolve();
  await vi.advanceTimersByTimeAsync(50);
}

function element(html: string): Element {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.content.firstElementChild!;
}

describe('watchPage', () => {
  afterEach(() => {
    vi.useRealTimers();
    document.body.replaceChildren();
  });

  it('scans at start, and again when the page adds cards', async () => {
    vi.useFakeTimers();
    const calls = watch();
    expect(calls.scans).toBe(1);
    document.body.append(element('<article>new card</article>'));
    await settle();
    expect(calls.scans).toBe(2);
  });

  it('starts the next page when the address changes with text alone (a router filling kept cards)', async () => {
    vi.useFakeTimers();
    const urls: string[] = [];
    document.body.append(element('<article><h3>first paper</h3></article>'));
    watchPage((url) => {
      urls.push(url.href);
      return { scan: () => undefined, reattach: () => undefined };
    });
    const start = location.href;
    history.pushState({}, '', '/papers?date=2026-09-29');
    // No element added: the title's text node is all that changes.
    document.querySelector('h3')!.textContent = 'next paper';
    await settle();
    expect(urls).toEqual([start, location.href]);
    history.pushState({}, '', start);
  });

  it('starts the page again on the same address when asked (a site switched on or off), with a fresh signal', async () => {
    vi.useFakeTimers();
    const signals: AbortSignal[] = [];
    let scans = 0;
    const restart = watchPage((_url, signal) => {
      signals.push(signal);
      return { scan: () => scans++, reattach: () => undefined };
    });
    restart();
    await settle();
    expect(signals).toHaveLength(2);
    expect(signals[0]!.aborted).toBe(true);
    expect(signals[1]!.aborted).toBe(false);
    expect(scans).toBe(2);
  });

  it('puts back, once the page is on again, the card UIs the page took out while it was off', async () => {
    vi.useFakeTimers();
    const ui = element('<div data-paper-margin-ui="arxiv:2501.00001"></div>');
    document.body.append(ui);
    let on = true;
    let reattaches = 0;
    const restart = watchPage(() => (on ? { scan: () => undefined, reattach: () => reattaches++ } : undefined));
    on = false;
    restart();
    await settle();
    ui.remove();
    await settle();
    on = true;
    restart();
    await settle();
    expect(reattaches).toBe(1);
  });

  it.each([
    ['a card UI', '<div data-paper-margin-ui="arxiv:2501.00001"></div>'],
    ['a highlighted link', '<a data-paper-margin-link="code" href="https://github.com/a/b">github.com/a/b</a>'],
    ['the highlighter’s style', '<style data-paper-margin-link=""></style>'],
  ])('does not rescan for %s it added itself', async (_name, html) => {
    document.body.append(element('<article>card</article>'));
    vi.useFakeTimers();
    const calls = watch();
    document.body.firstElementChild!.append(element(html));
    await settle();
    expect(calls).toEqual({ scans: 1, reattaches: 0 });
  });

  it('puts back a card UI the page took out, and only then', async () => {
    const card = element('<article>card</article>');
    document.body.append(card);
    vi.useFakeTimers();
    const calls = watch();
    const addThenTakeOut = async (html: string) => {
      const node = element(html);
      card.append(node);
      await settle();
      node.remove();
      await settle();
    };
    await addThenTakeOut('<a data-paper-margin-link="code" href="https://github.com/a/b">x</a>');
    expect(calls.reattaches).toBe(0);
    await addThenTakeOut('<div data-paper-margin-ui="arxiv:2501.00001"></div>');
    expect(calls.reattaches).toBe(1);
  });
});
