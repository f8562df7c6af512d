// The extension around an extension page under test (the options page, the popup): the real
// background's message router over fake-indexeddb, and the browser APIs it and the page use, kept in
// memory. A test file mocks '../../src/shared/browser' with `fakeBrowser` before importing
// `startBackground()` and the page's components.
import 'fake-indexeddb/auto';
import { resolveObjectURL } from 'node:buffer';
import { act } from 'preact/test-utils';

type Listener = (message: unknown, sender: unknown) => unknown;
type StorageListener = (changes: Record<string, { oldValue?: unknown; newValue?: unknown }>, area: string) => void;

const backgroundListeners: Listener[] = [];
const pageListeners = new Set<Listener>();
const storageListeners = new Set<StorageListener>();
let loadingBackground = false;

/** What `storage.local` holds. */
export const storage = new Map<string, unknown>();
/** storage.session: what the background keeps for the browser's session. */
export const sessionStorage = new Map<string, unknown>();
/** The extension's commands with their keys, as the browser's shortcut settings left them. */
export const commands: Array<{ name: string; description?: string; shortcut?: string }> = [];
/** Host permissions (origin patterns) the reader has withheld. */
export const withheld = new Set<string>();
/** Every download the background started. */
export const downloads: Array<{ url: string; filename: string }> = [];

/** The name and text of a file the background handed to the downloads: the last one by default. */
export async function downloaded(at = -1): Promise<{ filename: string; text: string }> {
  const { url, filename } = downloads.at(at)!;
  const blob = url.startsWith('blob:') ? resolveObjectURL(url) : undefined;
  const text = blob ? await blob.text() : await (await fetch(url)).text();
  return { filename, text };
}

/** Who sends the pages' calls: an extension page (the options page, the popup). */
export const EXTENSION_PAGE = { id: 'paper-margin', url: 'chrome-extension://paper-margin/options.html' };

/** A message to the background, answered as the browser would; from an extension page unless `sender` says otherwise. */
export async function toBackground(message: unknown, sender: object = EXTENSION_PAGE): Promise<unknown> {
  for (const listener of backgroundListeners) {
    const reply = listener(message, sender);
    if (reply !== undefined) return reply;
  }
  return undefined;
}

const local = {
  get: async (key: string) => (storage.has(key) ? { [key]: structuredClone(storage.get(key)) } : {}),
  set: async (items: Record<string, unknown>) => {
    const changes: Record<string, { oldValue?: unknown; newValue?: unknown }> = {};
    for (const [key, value] of Object.entries(items)) {
      changes[key] = { oldValue: storage.get(key), newValue: value };
      storage.set(key, structuredClone(value));
    }
    for (const listener of storageListeners) listener(changes, 'local');
  },
};

/** The webextension-polyfill object the background and the pages import (src/shared/browser). */
export const fakeBrowser = {
  runtime: {
    id: 'paper-margin',
    getURL: (path: string) => `chrome-extension://paper-margin/${path}`,
    onMessage: {
      // Listeners added while the background loads are its own; the others are the pages'.
      addListener: (listener: Listener) => void (loadingBackground ? backgroundListeners.push(listener) : pageListeners.add(listener)),
      removeListener: (listener: Listener) => void pageListeners.delete(listener),
    },
    // The background's broadcasts reach the extension's pages.
    sendMessage: async (message: unknown) => {
      for (const listener of pageListeners) listener(message, { id: 'paper-margin' });
    },
    onInstalled: { addListener: () => undefined },
  },
  tabs: {
    query: async () => [],
    sendMessage: async () => undefined,
    create: async () => ({}),
    onUpdated: { addListener: () => undefined },
    onRemoved: { addListener: () => undefined },
  },
  action: { setBadgeText: async () => undefined, setTitle: async () => undefined, setBadgeBackgroundColor: async () => undefined },
  contextMenus: { create: () => undefined, onClicked: { addListener: () => undefined } },
  commands: { getAll: async () => structuredClone(commands), onCommand: { addListener: () => undefined } },
  downloads: { download: async (item: { url: string; filename: string }) => void downloads.push(item) },
  scripting: { executeScript: async () => [] },
  // Host access, as the reader grants or withholds it: all of it unless a test takes some away.
  permissions: {
    contains: async ({ origins = [] }: { origins?: string[] }) => origins.every((origin) => !withheld.has(origin)),
    request: async ({ origins = [] }: { origins?: string[] }) => {
      origins.forEach((origin) => withheld.delete(origin));
      return true;
    },
    onAdded: { addListener: () => undefined, removeListener: () => undefined },
    onRemoved: { addListener: () => undefined, removeListener: () => undefined },
  },
  storage: {
    local,
    session: {
      get: async (key: string) => (sessionStorage.has(key) ? { [key]: sessionStorage.get(key) } : {}),
      set: async (items: Record<string, unknown>) => void Object.entries(items).forEach(([key, value]) => sessionStorage.set(key, value)),
      remove: async (key: string) => void sessionStorage.delete(key),
    },
    onChanged: {
      addListener: (listener: StorageListener) => void storageListeners.add(listener),
      removeListener: (listener: StorageListener) => void storageListeners.delete(listener),
    },
  },
};

/** Loads the background (once) and points the pages' own API (src/shared/runtime) at it. */
export async function startBackground(): Promise<void> {
  const chrome = ((globalThis as { chrome?: Record<string, unknown> }).chrome ??= {});
  chrome.runtime = { ...fakeBrowser.runtime, sendMessage: (message: unknown) => toBackground(message) };
  chrome.storage = fakeBrowser.storage;
  if (backgroundListeners.length) return;
  loadingBackground = true;
  try {
    await import('../../src/background/index');
  } finally {
    loadingBackground = false;
  }
}

/** Lets the background's IndexedDB work and the rendered components' effects run. */
export async function settle(rounds = 30): Promise<void> {
  for (let round = 0; round < rounds; round++) await act(() => new Promise((resolve) => setTimeout(resolve, 5)));
}
