// How Paper Margin's tools start Chromium with the extension (`npm start`, the end-to-end tests and
// the benchmark), and read what its library holds. One list, so they all run the browser the same way.

/** Debian's Chromium unless CHROMIUM_PATH says otherwise. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Command-line flags for Chromium with one unpacked extension. The background-networking flags keep
 * Chromium from calling home (this machine has no network, and the project makes no requests).
 */
export function chromiumArgs(extension) {
  return [
    `--disable-extensions-except=${extension}`,
    `--load-extension=${extension}`,
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // As root (containers, CI) Chromium refuses to start with its sandbox.
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ];
}

/**
 * Runs in the extension's service worker (`worker.evaluate(libraryRecord, id)`): a paper's record as
 * the library holds it (src/store/db.ts), its annotation included; read directly, past every cache.
 */
export async function libraryRecord(id) {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open('paper-margin');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    return await new Promise((resolve, reject) => {
      const request = db.transaction('library').objectStore('library').get(id);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}
