// Shared helpers for `npm run bench`: Chromium sessions that serve pages at their real URLs, timing
// statistics, timeouts and the machine description.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = new URL('..', import.meta.url).pathname;
export const EXTENSION = `${ROOT}dist/chrome`;
// The tests' build (`node build.mjs --e2e`), the same but for open shadow roots: the library group
// clicks into the cards' note editors, which a page's script cannot reach in the release build.
export const OPEN_ROOTS_EXTENSION = `${ROOT}dist-e2e/chrome`;
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const FIXTURES = `${ROOT}test/fixtures/`;

// The same flags as test/e2e/chromium.ts, so the numbers describe the browser the tests run.
const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Requests to these hosts (and their subdomains) that are not a served page get an empty 404 — the
// saved pages' images and scripts are not kept; every other host is aborted. Nothing reaches the network.
const KNOWN_HOSTS = ['huggingface.co', 'arxiv.org'];

const open = new Set();

/** Closes every session still open (a group that timed out leaves its browser behind). */
export async function closeAll() {
  await Promise.all([...open].map((session) => session.close()));
}

/**
 * A persistent Chromium context in a throw-away profile, with or without the built extension
 * (`extensionPath`: another build of it, as bench/profile.mjs uses).
 * `serve(url, body)` decides what a real URL answers; the context must be closed with `close()`.
 * `downloads`: accept downloads (the extension's exports) into the profile, as test/e2e/chromium.ts does.
 */
export async function launch({ extension, extensionPath = EXTENSION, downloads = false }) {
  const profile = mkdtempSync(join(tmpdir(), 'paper-margin-bench-'));
  const args = extension
    ? [`--disable-extensions-except=${extensionPath}`, `--load-extension=${extensionPath}`, ...BASE_ARGS]
    : BASE_ARGS;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    ...(downloads ? { acceptDownloads: true, downloadsPath: join(profile, 'downloads') } : {}),
    args,
  });
  const served = new Map();
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (!/^https?:/.test(url)) return route.continue();
    const body = served.get(url);
    if (body !== undefined) {
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
    }
    const host = new URL(url).hostname;
    if (KNOWN_HOSTS.some((known) => host === known || host.endsWith(`.${known}`))) return route.fulfill({ status: 404, body: '' });
    return route.abort();
  });
  let worker;
  if (extension) {
    worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  }
  const session = {
    context,
    worker,
    // chrome-extension://<id>/background.js: the id Chromium gave the unpacked extension.
    extensionId: worker ? new URL(worker.url()).host : undefined,
    serve: (url, body) => served.set(url, typeof body === 'string' ? Buffer.from(body) : body),
    async close() {
      open.delete(session);
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
  open.add(session);
  return session;
}

/**
 * A CDP session with a target Playwright does not expose as a page (the extension's service worker,
 * its toolbar popup), reached through `cdp`, a page's session. Non-flat: messages are wrapped in
 * Target.sendMessageToTarget. `send(method, params, deadline)` resolves to the method's result and
 * rejects when the target answers with an error, goes away, or `deadline` (a `Date.now()` time) passes.
 */
export async function targetSession(cdp, targetId) {
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: false });
  const waiting = new Map();
  let next = 0;
  const settle = (id, error, result) => {
    const call = waiting.get(id);
    if (!call) return;
    waiting.delete(id);
    clearTimeout(call.timer);
    if (error) call.reject(error);
    else call.resolve(result);
  };
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    if (event.sessionId !== sessionId) return;
    const reply = JSON.parse(event.message);
    if (reply.id !== undefined) settle(reply.id, reply.error && new Error(reply.error.message), reply.result);
  });
  cdp.on('Target.detachedFromTarget', (event) => {
    if (event.sessionId === sessionId) for (const id of [...waiting.keys()]) settle(id, new Error('the target went away'));
  });
  const send = (method, params = {}, deadline = Infinity) =>
    new Promise((resolve, reject) => {
      const id = ++next;
      const timer = Number.isFinite(deadline) ? setTimeout(() => settle(id, new Error(`no answer to ${method} in time`)), Math.max(0, deadline - Date.now())) : undefined;
      waiting.set(id, { resolve, reject, timer });
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch((error) => settle(id, error));
    });
  return { send };
}

export function median(values) {
  const sorted = values.filter((value) => typeof value === 'number' && Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const round = (value, digits = 2) => (value === null || value === undefined ? null : Number(value.toFixed(digits)));

/** Rejects after `ms` with a message naming the step, so one stuck measure becomes an error row. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One result row, in the shape of bench/results.json. `baseline`/`ratio`/`budget` are null where
 * they do not apply, `ok` is null where there is no budget; `note` explains errors and gaps.
 */
export function row({ group, name, value = null, unit, baseline = null, ratio = null, budget = null, ok = null, note = null, runs = null }) {
  return { group, name, value, unit, baseline, ratio, budget, ok, note, runs };
}

/** An error row standing in for a measure that threw or timed out. */
export function errorRow(group, name, unit, error, budget = null) {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return row({ group, name, unit, budget, ok: budget ? false : null, note: `error: ${message}` });
}

export function machine() {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    // Not Linux: os.cpus() has the model too.
  }
  let nproc = String(cpus().length);
  try {
    nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    // nproc is coreutils; os.cpus() is close enough without it.
  }
  let browser = 'unknown';
  try {
    // Debian's wrapper script prints a harmless shell warning on stderr; only stdout is kept.
    browser = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // Reported as unknown.
  }
  return { nproc, cpu, browser, node: process.version, platform: `${process.platform} ${process.arch}` };
}
