// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../../src/shared/runtime', () => ({ extensionUrl: (path: string) => `chrome-extension://test/${path}` }));

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('card styles read from card.css', () => {
  it('styles the cards drawn before the file came, and those drawn after, from one read', async () => {
    const { cardStyle, loadCardStyle } = await import('../../../src/content/card-style');
    let answer!: (response: Response) => void;
    const fetch = vi.fn((_url: string) => new Promise<Response>((resolve) => (answer = resolve)));
    vi.stubGlobal('fetch', fetch);
    loadCardStyle(() => undefined);
    const early = cardStyle();
    expect(early.textContent).toBe('');
    await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
    answer(new Response(':host{display:block}'));
    await vi.waitFor(() => expect(early.textContent).toBe(':host{display:block}'));
    expect(cardStyle().textContent).toBe(':host{display:block}');
    loadCardStyle(() => undefined);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith('chrome-extension://test/card.css');
  });

  it('says why when the file cannot be read, and the cards still work unstyled', async () => {
    const { cardStyle, loadCardStyle } = await import('../../../src/content/card-style');
    vi.stubGlobal('fetch', vi.fn(async () => new Response('', { status: 404 })));
    const warn = vi.fn();
    loadCardStyle(warn);
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith(new Error('card.css: HTTP 404')));
    expect(cardStyle().textContent).toBe('');
  });

  it('takes the styles from the library’s answer, asked for once: cards drawn before get them, nothing is fetched', async () => {
    const { askForCardStyle, cardStyle, loadCardStyle, provideCardStyle } = await import('../../../src/content/card-style');
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    expect(askForCardStyle()).toBe(true);
    // The next batches, sent while the first is out, do not ask again.
    expect(askForCardStyle()).toBe(false);
    const early = cardStyle();
    provideCardStyle('.pm{color:red}');
    expect(early.textContent).toBe('.pm{color:red}');
    expect(askForCardStyle()).toBe(false);
    // A later answer or the fallback read changes nothing.
    provideCardStyle('.pm{color:blue}');
    loadCardStyle(() => undefined);
    await Promise.resolve();
    expect(fetch).not.toHaveBeenCalled();
    expect(cardStyle().textContent).toBe('.pm{color:red}');
  });

  it('does not ask the library while reading the file; after a failed read, a later answer still styles the cards', async () => {
    const { askForCardStyle, cardStyle, loadCardStyle, provideCardStyle } = await import('../../../src/content/card-style');
    vi.stubGlobal('fetch', vi.fn(async () => new Response('', { status: 500 })));
    const warn = vi.fn();
    loadCardStyle(warn);
    expect(askForCardStyle()).toBe(false);
    const early = cardStyle();
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith(new Error('card.css: HTTP 500')));
    expect(askForCardStyle()).toBe(true);
    provideCardStyle('.pm{color:red}');
    expect(early.textContent).toBe('.pm{color:red}');
  });

  it('never throws where the extension is gone (an orphaned script’s getURL throws): it says why', async () => {
    vi.doMock('../../../src/shared/runtime', () => ({
      extensionUrl: () => {
        throw new Error('Extension context invalidated.');
      },
    }));
    const { loadCardStyle } = await import('../../../src/content/card-style');
    const warn = vi.fn();
    expect(() => loadCardStyle(warn)).not.toThrow();
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith(new Error('Extension context invalidated.')));
    vi.doUnmock('../../../src/shared/runtime');
  });

  it('uses the styles a script bundles in (the generic script) without reading the file', async () => {
    const { cardStyle, loadCardStyle, provideCardStyle } = await import('../../../src/content/card-style');
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    provideCardStyle('.pm{color:red}');
    loadCardStyle(() => undefined);
    expect(fetch).not.toHaveBeenCalled();
    expect(cardStyle().textContent).toBe('.pm{color:red}');
  });
});
