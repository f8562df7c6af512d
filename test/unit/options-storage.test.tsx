// @vitest-environment happy-dom
// The options page's Storage section: what "Make persistent" did when the browser says no (Chromium
// does, for an extension). A defect a probe found; each test failed on the code before its fix.
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', async () => ({ default: (await import('../helpers/extension')).fakeBrowser }));

const extension = await import('../helpers/extension');
const { render } = await import('preact');
const { act } = await import('preact/test-utils');
const { StorageSection } = await import('../../src/options/StorageSection');

afterEach(() => {
  for (const root of document.body.children) render(null, root);
  document.body.replaceChildren();
  delete (navigator as { storage?: unknown }).storage;
});

/** navigator.storage as Chromium answers an extension page: never persisted, whatever is asked. */
function declining(): { persist: ReturnType<typeof vi.fn> } {
  const storage = { estimate: async () => ({ usage: 2048, quota: 1 << 30 }), persisted: async () => false, persist: vi.fn(async () => false) };
  Object.defineProperty(navigator, 'storage', { value: storage, configurable: true });
  return storage;
}

describe('options page: storage', () => {
  async function mount(): Promise<HTMLElement> {
    const root = document.createElement('div');
    document.body.append(root);
    await act(() => render(<StorageSection />, root));
    await extension.settle(5);
    return root;
  }

  it('does not say the browser may clear a library it keeps for its unlimitedStorage permission', async () => {
    declining();
    // The manifest asks for unlimitedStorage (the fake browser grants every permission asked about).
    const root = await mount();
    expect(root.textContent).toContain('Not marked persistent, but kept');
    expect(root.textContent).not.toContain('may clear it');
  });

  it('says the browser declined when "Make persistent" changes nothing', async () => {
    const storage = declining();
    const root = await mount();
    await act(() => [...root.querySelectorAll('button')].find((button) => button.textContent === 'Make persistent')!.click());
    await extension.settle(5);
    expect(storage.persist).toHaveBeenCalledTimes(2);
    expect(root.querySelector('[role=status]')?.textContent).toBe('The browser declined to make it persistent: it decides this, not Paper Margin.');
  });

  it("counts the library once the background has it open, and again after an import or a forget", async () => {
    await extension.startBackground();
    const chrome = (globalThis as unknown as { chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } } }).chrome;
    const send = chrome.runtime.sendMessage;
    // As Chromium answers: the database's bytes are counted only once the background has opened it.
    let opened = false;
    chrome.runtime.sendMessage = (message) => {
      opened = true;
      return send(message);
    };
    try {
      const storage = declining() as unknown as { estimate(): Promise<{ usage: number; quota: number }> };
      let library = 13 * 1024 * 1024;
      storage.estimate = async () => ({ usage: opened ? library : 93_381, quota: 1 << 30 });
      const root = await mount();
      expect(root.querySelector('[data-usage]')?.textContent).toBe('13.0 MB used of 1.0 GB available to Paper Margin.');
      library = 26 * 1024 * 1024;
      await extension.fakeBrowser.runtime.sendMessage({ pm: 'event', name: 'libraryChanged', data: {} });
      await extension.settle(5);
      expect(root.querySelector('[data-usage]')?.textContent).toBe('26.0 MB used of 1.0 GB available to Paper Margin.');
    } finally {
      chrome.runtime.sendMessage = send;
    }
  });
});
