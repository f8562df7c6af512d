/**
 * The few extension calls that content scripts and shared modules make, over the browser's own API.
 * Chrome (MV3) and Firefox both return promises here, so the content scripts do without
 * webextension-polyfill, which would add 10 KB to every feed page. Pages with the full polyfill
 * (background, popup, options) may use these too.
 */
type Api = {
  runtime: {
    getURL(path: string): string;
    sendMessage(message: unknown): Promise<unknown>;
    onMessage: {
      addListener(listener: (message: unknown, sender: unknown, sendResponse: (reply: unknown) => void) => boolean | undefined): void;
    };
  };
  tabs?: { sendMessage(tabId: number, message: unknown): Promise<unknown> };
  storage: {
    local: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
    onChanged: { addListener(listener: (changes: Record<string, unknown>) => void): void };
  };
};

const api = ((globalThis as { browser?: Api }).browser ?? (globalThis as { chrome?: Api }).chrome) as Api;

/** The URL of a file of the extension (what a content script may load from it: web_accessible_resources). */
export function extensionUrl(path: string): string {
  return api.runtime.getURL(path);
}

export function sendMessage(message: unknown): Promise<unknown> {
  return api.runtime.sendMessage(message);
}

export function sendTabMessage(tabId: number, message: unknown): Promise<unknown> {
  return api.tabs!.sendMessage(tabId, message);
}

/**
 * Listens for messages; a listener answers with a promise or not at all. Chrome's listeners cannot
 * return promises, so the answer goes through `sendResponse` (which Firefox supports as well).
 */
export function onMessage(listener: (message: unknown) => Promise<unknown> | undefined): void {
  api.runtime.onMessage.addListener((message, _sender, sendResponse) => {
    const reply = listener(message);
    if (!reply) return false;
    reply.then(sendResponse, (error: unknown) => sendResponse({ ok: false, error: String(error) }));
    return true;
  });
}

export const storageLocal = {
  get: (key: string) => api.storage.local.get(key),
  set: (items: Record<string, unknown>) => api.storage.local.set(items),
  /** Calls `listener` whenever `key` changes (written by any tab or extension page; our other areas use other keys). */
  onChanged: (key: string, listener: () => void) =>
    api.storage.onChanged.addListener((changes) => {
      if (key in changes) listener();
    }),
};
