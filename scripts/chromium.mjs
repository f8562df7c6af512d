// How Paper Margin's tools start Chromium with the extension: `npm start`, the end-to-end tests and
// the benchmark. One list, so they all run the browser the same way.

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
