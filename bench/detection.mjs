// Measures 1–3: detection + extraction on generated feeds (against a bare querySelectorAll floor),
// the incremental cost of 50 appended cards, and the longest main-thread task while the extension works.
import { cardSelectors } from './adapters.mjs';
import { errorRow, launch, median, round, row, withTimeout } from './lib.mjs';
import { ARXIV_URL, HF_URL, arxivPage, huggingfaceCard, huggingfacePage } from './pages.mjs';

export const group = 'detection';

// A 10 000-card Hugging Face page would be 150 MB of HTML (15 KB of card and JSON per paper, as on the
// real page): more than request interception can hand to Chromium, which closes. arXiv's is 44 MB.
const SITES = [
  { id: 'huggingface', label: 'Hugging Face', url: HF_URL, page: huggingfacePage, sizes: [100, 1000, 5000] },
  { id: 'arxiv', label: 'arXiv', url: ARXIV_URL, page: arxivPage, sizes: [100, 1000, 5000, 10000] },
];
const APPENDED = 50;
const INCREMENTAL_BASE = 1000;
const FLOOR_REPS = 9;
// The budget rows (1 000 cards) move by ±20 % between runs on a 2-core machine: their median is
// taken over more runs, which cost a few seconds each.
const BUDGET_RUNS = 9;
const DETECT_BUDGET_MS = 30;
const DETECT_BUDGET_RATIO = 2;
const LONG_TASK_BUDGET_MS = 50;

const fmtCount = (n) => n.toLocaleString('en-US').replace(/,/g, ' ');
const detectName = (site, size) => `Detection + extraction, ${site.label}, ${fmtCount(size)} cards`;
const longTaskName = (site, size) => `Longest task, ${site.label}, ${fmtCount(size)} cards`;
const incrementalName = `Incremental +${APPENDED} cards, Hugging Face ${fmtCount(INCREMENTAL_BASE)}`;
const runsFor = (size, runs) => (size === 1000 ? Math.max(runs, BUDGET_RUNS) : runs);
const detectBudget = (size) => (size === 1000 ? `≤ ${DETECT_BUDGET_MS} ms and ≤ ${DETECT_BUDGET_RATIO}× floor` : null);

/** Every row this group reports, in table order (used for error rows when the group fails as a whole). */
export const measures = [
  ...SITES.flatMap((site) => site.sizes.map((size) => ({ name: detectName(site, size), unit: 'ms', budget: detectBudget(size) }))),
  { name: incrementalName, unit: 'ms', budget: null },
  ...SITES.flatMap((site) => site.sizes.map((size) => ({ name: longTaskName(site, size), unit: 'ms', budget: `< ${LONG_TASK_BUDGET_MS} ms` }))),
];

// Main world, before any page script: every long task the Long Tasks API reports (see analyseTrace).
function observeLongTasks() {
  const tasks = [];
  Object.defineProperty(window, '__paperMarginBenchLongTasks', { value: tasks });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No Long Tasks API: the row reads 0.
  }
}

// Cheap first (the extension's own count in its measures), then the public contract itself.
function allMarked(count) {
  let cards = 0;
  for (const entry of performance.getEntriesByName('paper-margin:scan')) cards += entry.detail?.cards ?? 0;
  return cards >= count && document.querySelectorAll('[data-paper-margin-id]').length >= count;
}

// Every paper sent to the background and every answer drawn: the extension's work on the page is done.
function allRecorded(count) {
  let sent = 0;
  let drawn = 0;
  for (const entry of performance.getEntriesByName('paper-margin:record')) {
    sent += entry.detail?.sent ?? 0;
    drawn += entry.detail?.drawn ?? 0;
  }
  return sent >= count && drawn >= sent;
}

function readTimeline() {
  return {
    scans: performance.getEntriesByName('paper-margin:scan').map((entry) => ({
      start: entry.startTime,
      duration: entry.duration,
      cards: entry.detail?.cards ?? 0,
    })),
    longTasks: window.__paperMarginBenchLongTasks ?? [],
  };
}

// The floor: what any extension must at least do — find the cards and touch their text.
function floorPass({ selector, reps }) {
  const times = [];
  let found = 0;
  let chars = 0;
  for (let rep = 0; rep < reps; rep++) {
    const start = performance.now();
    const cards = document.querySelectorAll(selector);
    chars = 0;
    for (const card of cards) chars += (card.textContent ?? '').length;
    times.push(performance.now() - start);
    found = cards.length;
  }
  return { times, found, chars };
}

function appendCards(cards) {
  const grid = document.querySelector('article')?.parentElement;
  if (!grid) throw new Error('no card grid');
  const template = document.createElement('template');
  template.innerHTML = cards.join('<!---->');
  grid.append(template.content);
}

/**
 * The main thread's longest tasks from a Chromium trace (categories `toplevel,blink.user_timing`).
 * The Long Tasks API is not enough: the content script's scan runs in a microtask checkpoint that
 * follows an extension message (`BlinkScheduler_PerformMicrotaskCheckpoint`), outside any
 * `RunTask`, and Chromium reports no `longtask` entry for it. The scan's own user-timing measure
 * is in the trace too, which names the page's main thread. The extension's tasks are those overlapping
 * its measures: the scan's slices and the sending and drawing of each batch of records.
 */
const EXTENSION_MEASURES = new Set(['paper-margin:scan', 'paper-margin:record']);

export function analyseTrace(events) {
  const marks = events.filter((event) => EXTENSION_MEASURES.has(event.name) && (event.ph === 'b' || event.ph === 'e'));
  const begins = marks.filter((event) => event.ph === 'b');
  if (begins.length === 0) throw new Error('the trace started after the scan');
  const { pid, tid } = begins[0];
  const key = (event) => event.id2?.local ?? event.id2?.global ?? event.id;
  const scans = begins.map((begin) => ({
    start: begin.ts,
    end: marks.find((end) => end.ph === 'e' && key(end) === key(begin))?.ts ?? begin.ts,
  }));
  const lastScanEnd = Math.max(...scans.map((scan) => scan.end));
  // Nested slices are shorter than the task around them, so the longest slice is a whole task.
  const tasks = events.filter(
    (event) => event.pid === pid && event.tid === tid && event.ph === 'X' && event.dur > 0 && event.cat.includes('toplevel'),
  );
  const longest = (list) => list.reduce((max, task) => Math.max(max, task.dur / 1000), 0);
  return {
    extensionTaskMs: longest(tasks.filter((task) => scans.some((scan) => task.ts < scan.end && task.ts + task.dur > scan.start))),
    pageTaskMs: longest(tasks.filter((task) => task.ts < lastScanEnd)),
  };
}

async function startTrace(session, page) {
  const cdp = await session.context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  await cdp.send('Tracing.start', { categories: 'toplevel,blink.user_timing', transferMode: 'ReportEvents' });
  return async () => {
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach().catch(() => {});
    return events;
  };
}

/** Loads one generated page and measures it; `appended` adds the incremental step. */
async function measurePage(session, { site, size, body, selector, appended, timeout }) {
  const page = await session.context.newPage();
  try {
    await page.addInitScript(observeLongTasks);
    session.serve(site.url, body);
    // Traced from DOMContentLoaded: the content script runs after it (document_idle, then an
    // extension message), and tracing the parse of a 5 000-card page would cost seconds per run.
    await page.goto(site.url, { waitUntil: 'domcontentloaded', timeout });
    const stopTrace = await startTrace(session, page);
    await page.waitForFunction(allMarked, size, { polling: 50, timeout });
    const timeline = await page.evaluate(readTimeline);
    // The trace goes on until the library's answers are drawn: their tasks are the extension's too.
    await page.waitForFunction(allRecorded, size, { polling: 50, timeout });
    let trace;
    try {
      trace = analyseTrace(await stopTrace());
    } catch (error) {
      trace = { error: error instanceof Error ? error.message : String(error) };
    }
    const scanMs = timeline.scans.reduce((sum, scan) => sum + scan.duration, 0);
    const recordMs = await page.evaluate(() =>
      performance.getEntriesByName('paper-margin:record').reduce((sum, entry) => sum + entry.duration, 0),
    );
    const markedAt = Math.max(...timeline.scans.map((scan) => scan.start + scan.duration));
    const longest = (tasks) => tasks.reduce((max, task) => Math.max(max, task.duration), 0);
    const apiLongTaskMs = longest(timeline.longTasks.filter((task) => task.start < markedAt));
    const floor = await page.evaluate(floorPass, { selector, reps: FLOOR_REPS });
    if (floor.found < size) throw new Error(`floor pass found ${floor.found} of ${size} cards`);
    const floorMs = median(floor.times);
    const result = {
      scanMs,
      recordMs,
      scans: timeline.scans.length,
      floorMs,
      ratio: floorMs > 0 ? scanMs / floorMs : null,
      // Without a trace, a scan is one synchronous stretch: its task lasts at least as long.
      extensionTaskMs: trace.extensionTaskMs ?? Math.max(apiLongTaskMs, ...timeline.scans.map((scan) => scan.duration)),
      pageTaskMs: trace.pageTaskMs ?? null,
      apiLongTaskMs,
      traceError: trace.error,
    };
    if (appended) {
      const before = timeline.scans.length;
      await page.evaluate(appendCards, appended);
      await page.waitForFunction(allMarked, size + appended.length, { polling: 50, timeout });
      const after = await page.evaluate(readTimeline);
      const fresh = after.scans.slice(before);
      result.incrementalMs = fresh.reduce((sum, scan) => sum + scan.duration, 0);
      result.incrementalScans = fresh.length;
    }
    return result;
  } finally {
    await page.close().catch(() => {});
  }
}

const summary = (runs, key) => median(runs.map((run) => run[key]));

function failuresNote(failures, done, total) {
  if (done >= total && failures.length === 0) return null;
  return `${total - done} of ${total} runs missing: ${failures[0] ?? 'unknown'}`;
}

/** Runs measures 1–3 and returns their rows. `runs` ≥ 5; `log` prints progress. */
export async function run({ runs = 5, log = () => {}, extensionPath, deadline = Infinity, pageTimeoutMs = 60_000 } = {}) {
  const selectors = await cardSelectors();
  const configs = [];
  for (const site of SITES) {
    for (const size of site.sizes) {
      const appended =
        site.id === 'huggingface' && size === INCREMENTAL_BASE
          ? Array.from({ length: APPENDED }, (_, k) => huggingfaceCard(INCREMENTAL_BASE + k).html)
          : undefined;
      configs.push({ site, size, body: Buffer.from(site.page(size)), selector: selectors[site.id], appended, results: [], failures: [] });
    }
  }

  const session = await launch({ extension: true, extensionPath });
  try {
    // One throw-away load so that the first measured page does not pay for compiling the content script.
    const warm = configs[0];
    await measurePage(session, { ...warm, appended: undefined, timeout: pageTimeoutMs }).catch(() => {});
    const total = runsFor(1000, runs);
    for (let index = 0; index < total; index++) {
      // A slow machine gets fewer runs (said in each row's note) rather than no result at all.
      if (index > 0 && Date.now() > deadline) {
        log(`  time limit reached after ${index} runs`);
        for (const config of configs) config.failures.push('time limit reached');
        break;
      }
      for (const config of configs) {
        if (index >= runsFor(config.size, runs)) continue;
        try {
          const began = Date.now();
          const result = await withTimeout(
            measurePage(session, { ...config, timeout: pageTimeoutMs }),
            pageTimeoutMs * 2,
            `${config.site.label} ${config.size}`,
          );
          config.results.push(result);
          log(
            `  run ${index + 1}/${runsFor(config.size, runs)} ${config.site.label} ${config.size}: scan ${result.scanMs.toFixed(1)} ms ` +
              `(${result.scans} scan${result.scans === 1 ? '' : 's'}), floor ${result.floorMs.toFixed(2)} ms, ` +
              `longest task ${result.extensionTaskMs.toFixed(0)} ms (page ${result.pageTaskMs?.toFixed(0) ?? '?'}, ` +
              `Long Tasks API ${result.apiLongTaskMs.toFixed(0)})` +
              (result.incrementalMs !== undefined ? `, +${APPENDED}: ${result.incrementalMs.toFixed(1)} ms` : '') +
              ` [${((Date.now() - began) / 1000).toFixed(1)} s]`,
          );
        } catch (error) {
          config.failures.push(error instanceof Error ? error.message.split('\n')[0] : String(error));
          log(`  run ${index + 1}/${runsFor(config.size, runs)} ${config.site.label} ${config.size}: FAILED ${config.failures.at(-1)}`);
        }
      }
    }
  } finally {
    await session.close();
  }

  const rows = [];
  for (const config of configs) {
    const { site, size, results, failures } = config;
    const name = detectName(site, size);
    const budget = detectBudget(size);
    if (results.length === 0) {
      rows.push(errorRow(group, name, 'ms', failures[0] ?? 'no run', budget));
      continue;
    }
    const value = summary(results, 'scanMs');
    const ratio = summary(results, 'ratio');
    rows.push(
      row({
        group,
        name,
        value: round(value),
        unit: 'ms',
        baseline: round(summary(results, 'floorMs'), 3),
        ratio: round(ratio, 1),
        budget,
        ok: budget ? value <= DETECT_BUDGET_MS && ratio <= DETECT_BUDGET_RATIO : null,
        // Not detection, but the page's thread pays for it too: said beside it.
        note: [
          `recording (sending the papers to the library, drawing its answers): ${round(summary(results, 'recordMs'))} ms`,
          failuresNote(failures, results.length, runsFor(size, runs)),
        ]
          .filter(Boolean)
          .join('; '),
        runs: results.length,
      }),
    );
  }

  const base = configs.find((config) => config.appended);
  if (base.results.some((result) => result.incrementalMs !== undefined)) {
    const withIncrement = base.results.filter((result) => result.incrementalMs !== undefined);
    const value = summary(withIncrement, 'incrementalMs');
    // Same run: what 50 cards cost at the 1 000-card page's own per-card rate.
    const proRata = withIncrement.map((result) => (result.scanMs * APPENDED) / INCREMENTAL_BASE);
    const ratios = withIncrement.map((result, k) => result.incrementalMs / proRata[k]);
    rows.push(
      row({
        group,
        name: incrementalName,
        value: round(value),
        unit: 'ms',
        baseline: round(median(proRata)),
        ratio: round(median(ratios), 1),
        note: failuresNote(base.failures, withIncrement.length, runsFor(INCREMENTAL_BASE, runs)),
        runs: withIncrement.length,
      }),
    );
  } else {
    rows.push(errorRow(group, incrementalName, 'ms', base.failures[0] ?? 'no run'));
  }

  for (const config of configs) {
    const { site, size, results, failures } = config;
    const name = longTaskName(site, size);
    const budget = `< ${LONG_TASK_BUDGET_MS} ms`;
    if (results.length === 0) {
      rows.push(errorRow(group, name, 'ms', failures[0] ?? 'no run', budget));
      continue;
    }
    const value = summary(results, 'extensionTaskMs');
    const traceErrors = results.filter((result) => result.traceError);
    rows.push(
      row({
        group,
        name,
        value: round(value, 0),
        unit: 'ms',
        budget,
        ok: value < LONG_TASK_BUDGET_MS,
        note: [
          `longest task of any kind from DOMContentLoaded to the last record drawn: ${round(summary(results, 'pageTaskMs'), 0) ?? '?'} ms`,
          `Long Tasks API, navigation to marked: ${round(summary(results, 'apiLongTaskMs'), 0)} ms`,
          traceErrors.length ? `${traceErrors.length} runs without a trace (${traceErrors[0].traceError}): scan measure used` : null,
          failuresNote(failures, results.length, runsFor(size, runs)),
        ]
          .filter(Boolean)
          .join('; '),
        runs: results.length,
      }),
    );
  }
  return rows;
}
