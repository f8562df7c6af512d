// Measures 6–10: a library of 10 000 annotated papers, driven through the extension's own pages.
// Each run is a fresh profile: the saved 2026-09-28 Daily Papers page in one tab, then
//   - the popup on that tab with the library still empty (the baselines of the popup rows),
//   - import of a generated 10 000-paper backup on the options page (file input, preview, apply),
//   - every export format from the options page,
//   - the popup again with 10 000 papers: the page list, the Library tab, keystrokes in its search,
//   - the note editor of the page's first cards, now noted (first open, then a re-open).
// Times in the service worker come from the background's own `performance.measure` entries; times in
// a page are `performance.now()` in that page.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RARE_COUNT, SEARCH_WORDS, backupText, generateBackup } from './backup.mjs';
import { FIXTURES, ROOT, errorRow, launch, median, round, row, sleep, targetSession, withTimeout } from './lib.mjs';

export const group = 'library';

export const COUNT = 10_000;
export const FEED = { url: 'https://huggingface.co/papers', file: `${FIXTURES}huggingface/daily-2026-09-28` };

// Budgets (ms).
const IMPORT_BUDGET = 2000;
const EXPORT_BUDGET = 1000;
const POPUP_BUDGET = 100;
const KEYSTROKE_BUDGET = 16;
const EDITOR_BUDGET = 16;
// A response the reader perceives as immediate (RAIL): the first editor of a page, which loads the actions module.
const RESPONSE_BUDGET = 100;

// Cards whose editor is opened per run (the saved page has 28).
const EDITOR_CARDS = 12;

// What src/shared/export-formats.ts listed when this was written; used only if it cannot be read.
const KNOWN_FORMATS = ['markdown-zip', 'markdown', 'json', 'bibtex', 'csv', 'csl-json'];

/** The export formats in the order the options page offers them, read from the source that lists them. */
function exportFormats() {
  try {
    const source = readFileSync(`${ROOT}src/shared/export-formats.ts`, 'utf8');
    const formats = [...source.matchAll(/\[\s*'([\w-]+)'\s*,\s*'\w+'\s*\]/g)].map((match) => match[1]);
    if (formats.length > 0) return formats;
  } catch {
    // Falls through to the known list.
  }
  return KNOWN_FORMATS;
}

// The messages the pages show, from the English locale the bench's Chromium runs in.
const MESSAGES = JSON.parse(readFileSync(`${ROOT}_locales/en/messages.json`, 'utf8'));
const message = (key) => MESSAGES[key]?.message ?? '';
export const IMPORT_DONE = message('importDone').split('$')[0]; // "Imported: "
export const EXPORT_DONE = message('exportDone').split('$')[0]; // "Exported "
export const LOADING = message('popupLoading');

const fmtCount = (n) => n.toLocaleString('en-US').replace(/,/g, ' ');
const N = fmtCount(COUNT);
export const FORMATS = exportFormats();

const NAMES = {
  import: `Import, ${N} papers`,
  export: (format) => `Export ${format}, ${N} papers`,
  exportTotal: `Export all ${FORMATS.length} formats, ${N} papers (sum)`,
  popupPage: `Popup first render, ${N} papers: page list`,
  popupLibrary: `Popup first render, ${N} papers: Library tab`,
  keystroke: `Search keystroke, ${N} notes`,
  editorPage: 'Note editor open, first of the page (loads the actions module)',
  editorFirst: 'Note editor open on a card, first open',
  editorAgain: 'Note editor open on a card, re-open',
};
const budget = (ms) => `≤ ${ms} ms`;

export const measures = [
  { name: NAMES.import, unit: 'ms', budget: budget(IMPORT_BUDGET) },
  ...FORMATS.map((format) => ({ name: NAMES.export(format), unit: 'ms', budget: budget(EXPORT_BUDGET) })),
  { name: NAMES.exportTotal, unit: 'ms', budget: null },
  { name: NAMES.popupPage, unit: 'ms', budget: budget(POPUP_BUDGET) },
  { name: NAMES.popupLibrary, unit: 'ms', budget: budget(POPUP_BUDGET) },
  { name: NAMES.keystroke, unit: 'ms', budget: budget(KEYSTROKE_BUDGET) },
  { name: NAMES.editorPage, unit: 'ms', budget: budget(RESPONSE_BUDGET) },
  { name: NAMES.editorFirst, unit: 'ms', budget: budget(EDITOR_BUDGET) },
  { name: NAMES.editorAgain, unit: 'ms', budget: budget(EDITOR_BUDGET) },
];

// ---------------------------------------------------------------------------------------------
// In-page functions (serialised by Playwright: no closures over this module).

/** Popup, before its scripts: when the first row of the page list enters the DOM, and the frame after. */
export function watchPopup() {
  const state = { pageRow: null, pageFrame: null };
  Object.defineProperty(window, '__paperMarginBenchPopup', { value: state });
  const observer = new MutationObserver(() => {
    if (state.pageRow === null && document.querySelector('#panel-page li.paper')) {
      state.pageRow = performance.now();
      observer.disconnect();
      requestAnimationFrame(() => (state.pageFrame = performance.now()));
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

/**
 * Clicks the Library tab and resolves when its first rows are in the DOM (or, for an empty library,
 * its final message): the time from the click, and to the next animation frame after.
 */
export function openLibraryTab({ loading, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the Library tab did not render within ${timeoutMs} ms`)), timeoutMs);
    let start;
    const ready = () => {
      const panel = document.getElementById('panel-library');
      if (!panel) return false;
      if (panel.querySelector('li.paper')) return 'rows';
      const empty = panel.querySelector('p.empty');
      return empty && empty.textContent !== loading ? `message: ${empty.textContent}` : false;
    };
    const observer = new MutationObserver(() => {
      const what = ready();
      if (!what) return;
      const rendered = performance.now();
      observer.disconnect();
      requestAnimationFrame(() => {
        clearTimeout(timer);
        resolve({
          what,
          ms: rendered - start,
          frameMs: performance.now() - start,
          rows: document.querySelectorAll('#panel-library li.paper').length,
          status: document.querySelector('#panel-library p.results')?.textContent ?? '',
        });
      });
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    start = performance.now();
    document.getElementById('tab-library').click();
  });
}

/**
 * Types each query into the Library's search box one letter at a time (an `input` event per letter,
 * as a keystroke sends). Per keystroke: `renderMs` = dispatch until Preact has committed the new list
 * (Preact 11 renders in a microtask queued by setState, so a microtask queued after the dispatch runs
 * after the commit), `layoutMs` = the style and layout of that DOM, forced at the start of the next
 * animation frame, `frameMs` = dispatch until that frame began (includes waiting for the frame).
 */
export async function typeQueries({ queries }) {
  const input = document.querySelector('#panel-library input[type=search]');
  if (!input) throw new Error('no search box in the Library tab');
  const status = () => document.querySelector('#panel-library p.results')?.textContent ?? document.querySelector('#panel-library p.empty')?.textContent ?? '';
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const set = (value) => {
    input.value = value;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: value ? 'insertText' : 'deleteContentBackward', data: value.at(-1) ?? null }));
  };
  const strokes = [];
  for (const query of queries) {
    set('');
    await frame();
    await frame();
    for (let length = 1; length <= query.length; length++) {
      const value = query.slice(0, length);
      input.value = value;
      const event = new InputEvent('input', { bubbles: true, inputType: 'insertText', data: value.at(-1) });
      const start = performance.now();
      input.dispatchEvent(event);
      await new Promise((resolve) => queueMicrotask(resolve));
      const rendered = performance.now();
      const shown = status();
      const timing = await new Promise((resolve) => {
        requestAnimationFrame(() => {
          const frameStart = performance.now();
          document.getElementById('panel-library')?.getBoundingClientRect();
          void document.body.offsetHeight;
          resolve({ frameStart, layoutEnd: performance.now() });
        });
      });
      // Settled: a later render would mean the measure stopped too early.
      await frame();
      const settled = status();
      strokes.push({
        query,
        value,
        renderMs: rendered - start,
        layoutMs: timing.layoutEnd - timing.frameStart,
        frameMs: timing.frameStart - start,
        status: settled,
        early: shown !== settled,
      });
    }
  }
  set('');
  return strokes;
}

/** On the feed page: opens every card's note editor (first open builds it), closes it, opens it again. */
async function openEditors({ cards }) {
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const settle = async () => {
    await frame();
    await frame();
  };
  const results = [];
  for (const host of [...document.querySelectorAll('[data-paper-margin-ui]')].slice(0, cards)) {
    const root = host.shadowRoot;
    const button = root?.querySelector('button[aria-label^="Edit note on"]');
    if (!button) continue;
    // Click → textarea focused. Once the actions module is there, the editor opens inside the click;
    // the page's first open waits for the module (a click() is no hover: nothing loaded it before).
    const open = () =>
      new Promise((resolve) => {
        let focusedAt = null;
        const onFocus = (event) => {
          if (event.target.tagName === 'TEXTAREA') focusedAt ??= performance.now();
        };
        const finish = (ms) => {
          root.removeEventListener('focusin', onFocus);
          const focused = root.activeElement;
          resolve({ ms, focused: focused?.tagName === 'TEXTAREA', note: focused?.value?.length ?? 0 });
        };
        root.addEventListener('focusin', onFocus);
        const start = performance.now();
        button.click();
        if (focusedAt !== null) return finish(performance.now() - start);
        const waitedSince = performance.now();
        const poll = () => {
          if (focusedAt !== null) finish(focusedAt - start);
          else if (performance.now() - waitedSince > 5000) finish(Number.NaN);
          else setTimeout(poll, 1);
        };
        poll();
      });
    await settle();
    const first = await open();
    await settle();
    button.click();
    await settle();
    const again = await open();
    await settle();
    button.click();
    results.push({ id: host.getAttribute('data-paper-margin-ui'), first, again });
  }
  return results;
}

/** Options page: when the file input changes (and the file), and when the import preview (its apply button) appears. */
export function watchPreview() {
  const state = { chosen: null, shown: null, file: null };
  Object.defineProperty(window, '__paperMarginBenchPreview', { value: state });
  const section = document.querySelector('section[aria-labelledby="import-title"]');
  // Capture: before the page's own handler empties the input.
  section.addEventListener(
    'change',
    (event) => {
      state.chosen = performance.now();
      state.file = event.target.files?.[0] ?? null;
    },
    { capture: true },
  );
  const observer = new MutationObserver(() => {
    if (state.chosen !== null && section.querySelector('button[data-action="apply-import"]')) {
      state.shown = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(section, { childList: true, subtree: true });
}

/** Clicks an options-page button and resolves when its section's status says `done` (or an error). */
export function clickAndWait({ section, button, done, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const root = document.querySelector(`section[aria-labelledby="${section}"]`);
    const target = root?.querySelector(button);
    if (!target) return reject(new Error(`no ${button} in #${section}`));
    const timer = setTimeout(() => reject(new Error(`no "${done}" message within ${timeoutMs} ms`)), timeoutMs);
    let start;
    const observer = new MutationObserver(() => {
      const status = root.querySelector('p.message[role=status]');
      const text = status?.textContent ?? '';
      const failed = status?.classList.contains('error');
      if (!failed && !text.startsWith(done)) return;
      const ms = performance.now() - start;
      observer.disconnect();
      clearTimeout(timer);
      if (failed) reject(new Error(text));
      else resolve({ ms, text });
    });
    observer.observe(root, { childList: true, subtree: true, characterData: true });
    start = performance.now();
    target.click();
  });
}

// ---------------------------------------------------------------------------------------------

/** The service worker as it is now (a restarted one is a new target). */
export function serviceWorker(session) {
  const worker = session.context.serviceWorkers().find((candidate) => candidate.url().startsWith(`chrome-extension://${session.extensionId}/`));
  if (!worker) throw new Error('the service worker is not running');
  return worker;
}

/** Service worker: the write floor above (one sample; a write of 10 000 records takes seconds). */
async function writeFloor() {
  const done = (request) =>
    new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  const library = await done(indexedDB.open('paper-margin'));
  const names = [...library.objectStoreNames];
  const read = library.transaction(names, 'readonly');
  const schema = names.map((name) => {
    const store = read.objectStore(name);
    const indexes = [...store.indexNames].map((index) => store.index(index));
    return { name, keyPath: store.keyPath, indexes: indexes.map(({ name, keyPath, multiEntry, unique }) => ({ name, keyPath, multiEntry, unique })) };
  });
  const records = await Promise.all(names.map((name) => done(read.objectStore(name).getAll())));
  library.close();
  const scratch = `paper-margin-bench-floor-${Date.now()}`;
  const open = indexedDB.open(scratch, 1);
  open.onupgradeneeded = () => {
    for (const { name, keyPath, indexes } of schema) {
      const store = open.result.createObjectStore(name, { keyPath });
      for (const { name: index, keyPath: path, multiEntry, unique } of indexes) store.createIndex(index, path, { multiEntry, unique });
    }
  };
  const db = await done(open);
  const start = performance.now();
  const tx = db.transaction(names, 'readwrite');
  names.forEach((name, k) => {
    const store = tx.objectStore(name);
    for (const record of records[k]) store.put(record);
  });
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onabort = () => reject(tx.error);
  });
  const ms = performance.now() - start;
  db.close();
  await done(indexedDB.deleteDatabase(scratch));
  return ms;
}

/** The newest `performance.measure` entry of this name in the service worker, and how many there are. */
export async function workerMeasure(session, name) {
  const entries = await serviceWorker(session).evaluate(
    (wanted) => performance.getEntriesByType('measure').filter((entry) => entry.name === wanted).map((entry) => ({ duration: entry.duration, detail: entry.detail ?? null })),
    name,
  );
  if (entries.length === 0) throw new Error(`no ${name} measure in the service worker`);
  return { ...entries.at(-1), count: entries.length };
}

export async function activeTabId(session) {
  return serviceWorker(session).evaluate(async () => (await globalThis.chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id);
}

/** Opens the feed page and waits until every card's UI is ready. */
export async function openFeed(session, expected, timeout) {
  const page = await session.context.newPage();
  await page.goto(FEED.url, { waitUntil: 'load', timeout });
  await page.waitForFunction((count) => document.querySelectorAll('[data-paper-margin-ui][data-state="ready"]').length >= count, expected, {
    polling: 50,
    timeout,
  });
  await page.bringToFront();
  return page;
}

/** One popup load on the feed's tab: page list time from navigation start, then the Library tab. */
export async function measurePopup(session, tabId, timeout) {
  const popup = await session.context.newPage();
  try {
    await popup.addInitScript(watchPopup);
    await popup.goto(`chrome-extension://${session.extensionId}/popup.html?tab=${tabId}`, { waitUntil: 'load', timeout });
    await popup.waitForFunction(() => window.__paperMarginBenchPopup.pageFrame !== null, null, { polling: 20, timeout });
    const page = await popup.evaluate(async () => ({
      ...window.__paperMarginBenchPopup,
      // The list's first items come in one frame, the rest in the next: counted once both are drawn.
      rows: await new Promise((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(document.querySelectorAll('#panel-page li.paper').length))),
      ),
      // When popup.js began to run (its first statement marks it): before that, the time is the
      // browser's — the document arrives within a few ms, then the page and its script are set up.
      scriptStarted: performance.getEntriesByName('paper-margin:popup-script')[0]?.startTime ?? null,
    }));
    const library = await popup.evaluate(openLibraryTab, { loading: LOADING, timeoutMs: timeout });
    return { popup, page, library };
  } catch (error) {
    await popup.close().catch(() => {});
    throw error;
  }
}

/**
 * The toolbar popup, opened as a click on the extension's button opens it: `chrome.action.openPopup()`
 * from the service worker while the feed's tab is active. No harness script runs in it before it loads,
 * so the popup marks its own first rows (`paper-margin:popup-first-row`); they are read through CDP.
 * Resolves to ms from the popup's navigation start to those rows and to popup.js's start, and from the
 * call to the navigation start (the browser making the popup's view: the same for any extension).
 */
export async function measureToolbarPopup(session, feed, timeout) {
  await feed.bringToFront();
  const cdp = await session.context.newCDPSession(feed);
  const popupTarget = async () =>
    (await cdp.send('Target.getTargets')).targetInfos.find((info) => info.type === 'page' && info.url === `chrome-extension://${session.extensionId}/popup.html`);
  const deadline = Date.now() + timeout;
  const late = (what) => new Error(`toolbar popup: ${what} within ${timeout} ms`);
  const until = async (what, test) => {
    for (;;) {
      const value = await test();
      if (value) return value;
      if (Date.now() > deadline) throw late(what);
      await sleep(20);
    }
  };
  // Each evaluation ends by the deadline, and when the popup goes away, whether it answered or not.
  let popup;
  const evaluate = async (expression) => {
    const { result, exceptionDetails } = await popup.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, deadline);
    if (exceptionDetails) throw new Error(JSON.stringify(exceptionDetails));
    return result.value;
  };
  try {
    if (await popupTarget()) throw new Error('toolbar popup: one is open already');
    const calledAt = await serviceWorker(session).evaluate(async () => {
      const at = performance.timeOrigin + performance.now();
      await globalThis.chrome.action.openPopup();
      return at;
    });
    const target = await until('no popup opened', popupTarget);
    popup = await targetSession(cdp, target.targetId);
    const marks = await until('no first row', () =>
      evaluate(`(() => {
        const at = (name) => performance.getEntriesByName(name)[0]?.startTime;
        const row = at('paper-margin:popup-first-row');
        return row === undefined ? null : { origin: performance.timeOrigin, row, script: at('paper-margin:popup-script') };
      })()`),
    );
    // The list's first items come in one frame, the rest in a frame after the popup's first paint
    // (an effect): counted a moment later, when both are surely drawn.
    marks.rows = await evaluate("new Promise((resolve) => setTimeout(() => resolve(document.querySelectorAll('#panel-page li.paper').length), 300))");
    return { ms: marks.row, scriptMs: marks.script, callToNavigationMs: marks.origin - calledAt, rows: marks.rows };
  } finally {
    // Closed from the browser's side, whatever state the popup is in: the next sample opens its own.
    const open = await popupTarget().catch(() => undefined);
    if (open) await cdp.send('Target.closeTarget', { targetId: open.targetId }).catch(() => {});
    await until('the popup did not close', async () => !(await popupTarget())).catch(() => {});
    await cdp.detach().catch(() => {});
  }
}

/** A throw-away toolbar popup, then the median of `count` more (each figure on its own). */
async function toolbarPopups(session, feed, timeout, count = 3) {
  await measureToolbarPopup(session, feed, timeout);
  const samples = [];
  for (let index = 0; index < count; index++) samples.push(await measureToolbarPopup(session, feed, timeout));
  const middle = (key) => median(samples.map((sample) => sample[key]));
  return { ms: middle('ms'), scriptMs: middle('scriptMs'), callToNavigationMs: middle('callToNavigationMs'), rows: samples[0].rows };
}

/** One run in a fresh profile; `file` is the backup on disk. Resolves to every sample of the run. */
async function runOnce({ extensionPath, feedBody, expected, file, queries, timeout, log }) {
  // Each step is time-limited and its wall time logged, so a slow run shows where it went.
  const spent = [];
  const step = async (what, work) => {
    const began = Date.now();
    try {
      return await withTimeout(work(), timeout * 2, what);
    } finally {
      spent.push(`${what} ${((Date.now() - began) / 1000).toFixed(1)}`);
    }
  };
  const session = await step('launch', () => launch({ extension: true, extensionPath, downloads: true }));
  const out = { exports: {} };
  try {
    session.serve(FEED.url, feedBody);
    const feed = await step('feed', () => openFeed(session, expected, timeout));
    const tabId = await activeTabId(session);
    if (tabId === undefined) throw new Error('no tab id for the feed page');

    // Baselines, the library still empty: one throw-away popup (compiles popup.js), then the measured one.
    for (let pass = 0; pass < 2; pass++) {
      const { popup, page, library } = await step('empty popup', () => measurePopup(session, tabId, timeout));
      await popup.close();
      if (pass === 1) out.emptyPopup = { pageMs: page.pageRow, pageFrameMs: page.pageFrame, scriptMs: page.scriptStarted, libraryMs: library.ms, libraryFrameMs: library.frameMs, library: library.what };
    }
    // The page list's row: the toolbar popup, opened as a reader opens it.
    out.emptyToolbar = await step('empty toolbar popup', () => toolbarPopups(session, feed, timeout));

    // Import through the options page: the file from disk, as a reader picks it.
    const options = await session.context.newPage();
    out.previewMs = await step('preview', async () => {
      await options.goto(`chrome-extension://${session.extensionId}/options.html`, { waitUntil: 'load', timeout });
      await options.evaluate(watchPreview);
      await options.locator('#import-title ~ label.file input[type=file]').setInputFiles(file);
      await options.waitForFunction(() => window.__paperMarginBenchPreview.shown !== null, null, { polling: 50, timeout });
      return options.evaluate(() => window.__paperMarginBenchPreview.shown - window.__paperMarginBenchPreview.chosen);
    });
    const applied = await step('import', () =>
      options.evaluate(clickAndWait, { section: 'import-title', button: 'button[data-action="apply-import"]', done: IMPORT_DONE, timeoutMs: timeout }),
    );
    const imported = await workerMeasure(session, 'paper-margin:import');
    out.import = { ms: imported.duration, wallMs: applied.ms, detail: imported.detail, text: applied.text };
    log(`    import ${imported.duration.toFixed(0)} ms in the worker, ${applied.ms.toFixed(0)} ms click → message (file chosen → preview ${out.previewMs.toFixed(0)} ms): ${applied.text}`);

    // Every export format, from the same page.
    await step('exports', async () => {
      for (const format of FORMATS) {
        const clicked = await options.evaluate(clickAndWait, { section: 'export-title', button: `button[data-format="${format}"]`, done: EXPORT_DONE, timeoutMs: timeout });
        const measured = await workerMeasure(session, `paper-margin:export:${format}`);
        out.exports[format] = { ms: measured.duration, wallMs: clicked.ms, count: measured.detail?.count ?? null, readMs: measured.detail?.readMs ?? null };
      }
    });
    log(`    exports: ${FORMATS.map((format) => `${format} ${out.exports[format].ms.toFixed(0)} ms (${out.exports[format].wallMs.toFixed(0)} ms wall)`).join(', ')}`);

    // What parsing the file costs alone: JSON.parse of it, in the options page that read it (median of 3).
    out.parseMs = await step('parse floor', () =>
      options.evaluate(async () => {
        const body = await window.__paperMarginBenchPreview.file.text();
        const times = [];
        for (let rep = 0; rep < 3; rep++) {
          const start = performance.now();
          JSON.parse(body);
          times.push(performance.now() - start);
        }
        return times.sort((a, b) => a - b)[1];
      }),
    );
    await options.close();

    // The floor of an export: reading every store whole, in the service worker (median of 3). Every
    // format starts with this read; what an export adds is the file's making.
    out.readMs = await step('read floor', () =>
      serviceWorker(session).evaluate(async () => {
        const db = await new Promise((resolve, reject) => {
          const request = indexedDB.open('paper-margin');
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        const getAll = (tx, store) =>
          new Promise((resolve, reject) => {
            const request = tx.objectStore(store).getAll();
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          });
        const times = [];
        for (let rep = 0; rep < 3; rep++) {
          const start = performance.now();
          const names = [...db.objectStoreNames];
          const tx = db.transaction(names, 'readonly');
          await Promise.all(names.map((name) => getAll(tx, name)));
          times.push(performance.now() - start);
        }
        db.close();
        return times.sort((a, b) => a - b)[1];
      }),
    );

    // The floor of an import: writing the records it wrote (read back from the library) into an empty
    // database with the same stores and indexes, in one transaction, as plain IndexedDB requests. What
    // the import adds to this is its parse, its plan and its checks.
    out.writeMs = await step('write floor', () => serviceWorker(session).evaluate(writeFloor));
    log(`    write floor (the same records, IndexedDB alone) ${out.writeMs.toFixed(0)} ms`);

    out.toolbar = await step('toolbar popup', () => toolbarPopups(session, feed, timeout));
    // The popup with 10 000 papers in a tab, then keystrokes in its Library search.
    const { popup, page, library } = await step('popup', () => measurePopup(session, tabId, timeout));
    out.popup = { pageMs: page.pageRow, pageFrameMs: page.pageFrame, pageRows: page.rows, scriptMs: page.scriptStarted, libraryMs: library.ms, libraryFrameMs: library.frameMs, libraryRows: library.rows, status: library.status };
    if (library.what !== 'rows') throw new Error(`the Library tab showed no rows: ${library.what}`);
    out.strokes = await step('typing', () => popup.evaluate(typeQueries, { queries }));
    await popup.close();
    log(
      `    popup: page list ${out.toolbar.ms.toFixed(0)} ms (empty library ${out.emptyToolbar.ms.toFixed(0)}; in a tab ${page.pageRow.toFixed(0)} and ${out.emptyPopup.pageMs.toFixed(0)}), ` +
        `Library tab ${library.ms.toFixed(0)} ms (empty ${out.emptyPopup.libraryMs.toFixed(0)}), ` +
        `keystrokes median ${median(out.strokes.map((stroke) => stroke.renderMs + stroke.layoutMs)).toFixed(1)} ms`,
    );

    // The note editor on the feed page, whose cards took in the imported notes (libraryChanged).
    out.editors = await step('editors', async () => {
      const noted = (count) => [...document.querySelectorAll('[data-paper-margin-ui]')].filter((host) => host.shadowRoot?.querySelector('.pm[data-noted]')).length >= count;
      await feed.waitForFunction(noted, expected, {
        polling: 50,
        timeout,
      });
      await feed.bringToFront();
      return feed.evaluate(openEditors, { cards: EDITOR_CARDS });
    });
    await feed.close();
    const unfocused = out.editors.filter((card) => !card.first.focused || !card.again.focused).length;
    if (unfocused) throw new Error(`${unfocused} of ${out.editors.length} editors did not focus their textarea`);
    log(
      `    editors (${out.editors.length} cards): first ${median(out.editors.map((card) => card.first.ms)).toFixed(2)} ms, ` +
        `again ${median(out.editors.map((card) => card.again.ms)).toFixed(2)} ms`,
    );
    return out;
  } finally {
    await step('close', () => session.close());
    log(`    steps (s): ${spent.join(', ')}`);
  }
}

function failuresNote(failures, done, total) {
  if (done >= total && failures.length === 0) return null;
  return `${total - done} of ${total} runs missing: ${failures[0] ?? 'unknown'}`;
}

const ms0 = (value) => `${round(value, 0)} ms`;

/**
 * Runs measures 6–10 and returns their rows, on the build with open shadow roots (bench/lib.mjs): the
 * editors step clicks into the cards' UIs.
 */
export async function run({ runs = 5, log = () => {}, openRootsPath, deadline = Infinity, pageTimeoutMs = 30_000 } = {}) {
  const extensionPath = openRootsPath;
  const feedBody = readFileSync(`${FEED.file}.html`);
  const expected = JSON.parse(readFileSync(`${FEED.file}.expected.json`, 'utf8')).papers.length;
  const began = Date.now();
  const backup = generateBackup(COUNT);
  const text = backupText(backup);
  const queries = [SEARCH_WORDS.note, SEARCH_WORDS.tag, SEARCH_WORDS.title, SEARCH_WORDS.rare];
  // A file on disk: Playwright hands its path to Chromium, as a file picker would.
  const dir = mkdtempSync(join(tmpdir(), 'paper-margin-bench-backup-'));
  const file = join(dir, `paper-margin-${COUNT}-papers.json`);
  writeFileSync(file, text);
  log(`  backup: ${COUNT} papers, ${(Buffer.byteLength(text) / 1048576).toFixed(1)} MB, generated in ${Date.now() - began} ms`);

  const results = [];
  const failures = [];
  try {
    for (let index = 0; index < runs; index++) {
      if (index > 0 && Date.now() > deadline) {
        log(`  time limit reached after ${index} runs`);
        failures.push('time limit reached');
        break;
      }
      const started = Date.now();
      try {
        log(`  run ${index + 1}/${runs}`);
        results.push(await runOnce({ extensionPath, feedBody, expected, file, queries, timeout: pageTimeoutMs, log }));
        log(`    [${((Date.now() - started) / 1000).toFixed(1)} s]`);
      } catch (error) {
        failures.push(error instanceof Error ? error.message.split('\n')[0] : String(error));
        log(`  run ${index + 1}/${runs}: FAILED ${failures.at(-1)} [${((Date.now() - started) / 1000).toFixed(1)} s]`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const rows = [];
  const note = (...parts) => [...parts, failuresNote(failures, results.length, runs)].filter(Boolean).join('; ');
  const add = (name, values, { baselines, budgetMs, notes = [], digits = 1 } = {}) => {
    const measure = measures.find((candidate) => candidate.name === name);
    const value = median(values);
    if (value === null) {
      rows.push(errorRow(group, name, 'ms', failures[0] ?? 'no sample', measure.budget));
      return;
    }
    const baseline = baselines ? median(baselines) : null;
    const ratio = baselines ? median(values.map((v, k) => v / baselines[k])) : null;
    rows.push(
      row({
        group,
        name,
        value: round(value, digits),
        unit: 'ms',
        baseline: round(baseline, digits),
        ratio: round(ratio, 1),
        budget: measure.budget,
        ok: budgetMs ? value <= budgetMs : null,
        note: note(...notes),
        runs: results.length,
      }),
    );
  };

  const fileMb = (Buffer.byteLength(text) / 1048576).toFixed(1);
  add(NAMES.import, results.map((r) => r.import.ms), {
    baselines: results.map((r) => r.writeMs),
    budgetMs: IMPORT_BUDGET,
    digits: 0,
    notes: results.length
      ? [
          `paper-margin:import (plan + apply, with the preview's parse of the same file) in the service worker; baseline = IndexedDB alone: the same records put into an empty database with the same stores and indexes, in one transaction, in the service worker`,
          `JSON.parse of the same ${fileMb} MB file in the options page ${ms0(median(results.map((r) => r.parseMs)))}`,
          `click → "Imported" message ${ms0(median(results.map((r) => r.import.wallMs)))}`,
          `file chosen → preview shown ${ms0(median(results.map((r) => r.previewMs)))}`,
          `added ${results[0].import.detail?.added ?? '?'}`,
        ]
      : [],
  });
  // The export's own read of the library (waiting on IndexedDB included) and the rest, the file's
  // making, each run's figures side by side: a slow run shows which of the two was slow.
  const readSpread = (samples) =>
    samples.every((s) => typeof s.readMs === 'number')
      ? `per run, reading the library + making the file: ${samples.map((s) => `${ms0(s.readMs)} + ${ms0(s.ms - s.readMs)}`).join(', ')}`
      : 'the read of the library not measured apart';
  for (const format of FORMATS) {
    const samples = results.map((r) => r.exports[format]);
    add(NAMES.export(format), samples.map((s) => s.ms), {
      baselines: results.map((r) => r.readMs),
      budgetMs: EXPORT_BUDGET,
      digits: 0,
      notes: results.length
        ? [
            'baseline = reading the library whole (getAll of every store) in the service worker',
            readSpread(samples),
            `click → "Exported" message ${ms0(median(samples.map((s) => s.wallMs)))} (with the download)`,
            `${samples[0].count} papers`,
          ]
        : [],
    });
  }
  add(NAMES.exportTotal, results.map((r) => FORMATS.reduce((sum, format) => sum + r.exports[format].ms, 0)), {
    digits: 0,
    notes: results.length ? [`click → message, all formats: ${ms0(median(results.map((r) => FORMATS.reduce((sum, format) => sum + r.exports[format].wallMs, 0))))}`] : [],
  });
  add(NAMES.popupPage, results.map((r) => r.toolbar.ms), {
    baselines: results.map((r) => r.emptyToolbar.ms),
    budgetMs: POPUP_BUDGET,
    notes: results.length
      ? [
          `the toolbar popup (chrome.action.openPopup() on the feed's tab, as a click on the button): navigation start → first rows of "On this page" (${results[0].toolbar.rows} cards) in the DOM, median of 3 popups a run; baseline = the same with an empty library`,
          `popup.js began at ${ms0(median(results.map((r) => r.toolbar.scriptMs)))} (empty library ${ms0(median(results.map((r) => r.emptyToolbar.scriptMs)))})`,
          `before the navigation, the browser makes the popup's view: ${ms0(median(results.map((r) => r.toolbar.callToNavigationMs)))} from the call, headless`,
          // Until 2026-11-30 the row was this popup.html opened in a tab: the tab's about:blank and the
          // process swap came first (popup.js began 65–110 ms after navigation start, against ~35).
          `popup.html?tab=… opened in a new tab, as the row measured until then: ${ms0(median(results.map((r) => r.popup.pageMs)))} (empty library ${ms0(median(results.map((r) => r.emptyPopup.pageMs)))}), popup.js began at ${ms0(median(results.map((r) => r.popup.scriptMs ?? NaN)))}`,
        ]
      : [],
  });
  add(NAMES.popupLibrary, results.map((r) => r.popup.libraryMs), {
    baselines: results.map((r) => r.emptyPopup.libraryMs),
    budgetMs: POPUP_BUDGET,
    notes: results.length
      ? [
          `click on #tab-library → first rows in the DOM ("${results[0].popup.status}"); baseline = the same click with an empty library, until its message`,
          `to the next frame ${ms0(median(results.map((r) => r.popup.libraryFrameMs)))}`,
        ]
      : [],
  });
  const strokes = results.flatMap((r) => r.strokes);
  const strokeMs = (stroke) => stroke.renderMs + stroke.layoutMs;
  const early = strokes.filter((stroke) => stroke.early).length;
  add(NAMES.keystroke, strokes.map(strokeMs), {
    budgetMs: KEYSTROKE_BUDGET,
    notes: strokes.length
      ? [
          `${strokes.length} keystrokes typing ${queries.map((q) => `"${q}"`).join(', ')} letter by letter (note word, tag, title word, word in ${RARE_COUNT} notes)`,
          'each = input event dispatch → Preact commit (a microtask queued after the dispatch) + style/layout forced at the start of the next animation frame',
          `per query: ${queries.map((q) => `${q} ${round(median(strokes.filter((s) => s.query === q).map(strokeMs)), 1)}`).join(', ')} ms`,
          `first letter ${round(median(strokes.filter((s) => s.value.length === 1).map(strokeMs)), 1)} ms, slowest ${round(Math.max(...strokes.map(strokeMs)), 1)} ms`,
          `dispatch → next frame begins (incl. the wait for it) ${round(median(strokes.map((s) => s.frameMs)), 1)} ms`,
          early ? `${early} keystrokes re-rendered after the measure` : null,
        ]
      : [],
  });
  const cards = results.flatMap((r) => r.editors);
  add(NAMES.editorPage, results.map((r) => r.editors[0].first.ms), {
    budgetMs: RESPONSE_BUDGET,
    digits: 1,
    notes: results.length
      ? ['the first card of the feed, first click() of the page: the editor opens once content-actions.js is imported (on a hover or focus of a note button, or a triage key, it starts loading before the click)']
      : [],
  });
  add(NAMES.editorFirst, cards.map((card) => card.first.ms), {
    budgetMs: EDITOR_BUDGET,
    digits: 2,
    notes: cards.length
      ? [`${cards.length} cards (the first ${results[0].editors.length} of the page in each run, all noted): click() on the note button in the shadow root → textarea focused; builds the editor`]
      : [],
  });
  add(NAMES.editorAgain, cards.map((card) => card.again.ms), {
    budgetMs: EDITOR_BUDGET,
    digits: 2,
    notes: cards.length ? [`the same ${cards.length} cards after closing the editor`] : [],
  });
  return rows;
}

// A quick look with fewer runs than `npm run bench` allows: `node bench/library.mjs [runs]` prints
// this group's rows for the build in dist-e2e/chrome.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { OPEN_ROOTS_EXTENSION, closeAll } = await import('./lib.mjs');
  const { textTable } = await import('./report.mjs');
  try {
    const rows = await run({ runs: Number(process.argv[2] ?? 1) || 1, openRootsPath: OPEN_ROOTS_EXTENSION, log: (line) => console.log(line) });
    console.log(`\n${textTable(rows)}`);
  } finally {
    await closeAll();
  }
  process.exit(0);
}
