// Measure 4: page load to idle on real saved Hugging Face pages, with the extension against without it.
import { readFileSync } from 'node:fs';
import { FIXTURES, errorRow, launch, median, round, row, withTimeout } from './lib.mjs';

export const group = 'load';

// The URLs the e2e tests serve these fixtures at.
const PAGES = [
  { label: 'daily 2024-08-01', url: 'https://huggingface.co/papers?date=2024-08-01', file: 'huggingface/daily-2024-08-01' },
  { label: 'daily 2026-09-28', url: 'https://huggingface.co/papers', file: 'huggingface/daily-2026-09-28' },
];
const BUDGET_RATIO = 1.05;
const budget = `≤ ${BUDGET_RATIO}× without`;
const name = (page) => `Page load to idle, Hugging Face ${page.label}`;

export const measures = PAGES.map((page) => ({ name: name(page), unit: 'ms', budget }));

/**
 * Main world, before any page script. Idle = the first requestIdleCallback after the `load` event
 * and — with the extension — after the last expected card got `data-paper-margin-id` and its UI was
 * drawn complete (`data-state="ready"`: the library's answer, markers and code links included). The
 * observer is installed without the extension too, so both sides pay for it.
 */
function watchIdle({ expected, requireMarked }) {
  const state = { load: null, marked: requireMarked ? null : 0, idle: null, waiting: false, resolve: null };
  Object.defineProperty(window, '__paperMarginBenchIdle', { value: state });
  const maybeIdle = () => {
    if (state.load === null || state.marked === null || state.waiting) return;
    state.waiting = true;
    requestIdleCallback(() => {
      state.idle = performance.now();
      state.resolve?.();
    });
  };
  let marked = 0;
  // A card's UI built with the library's answer is inserted complete (since 2026-11-30); one built
  // before it turns complete in place. Each UI counts once.
  const ready = new WeakSet();
  let readyCount = 0;
  const isReady = (node) => node.nodeType === 1 && node.getAttribute('data-state') === 'ready' && node.hasAttribute('data-paper-margin-ui');
  const count = (node) => {
    if (!isReady(node) || ready.has(node)) return;
    ready.add(node);
    readyCount++;
  };
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'childList') for (const node of record.addedNodes) count(node);
      else if (record.attributeName === 'data-paper-margin-id' && record.oldValue === null) marked++;
      else if (record.attributeName === 'data-state') count(record.target);
    }
    if (state.marked === null && marked >= expected && readyCount >= expected) {
      state.marked = performance.now();
      maybeIdle();
    }
  }).observe(document, { attributes: true, attributeFilter: ['data-paper-margin-id', 'data-state'], attributeOldValue: true, childList: true, subtree: true });
  addEventListener('load', () => {
    state.load = performance.now();
    maybeIdle();
  });
}

function idleReached() {
  const state = window.__paperMarginBenchIdle;
  return new Promise((resolve) => {
    const done = () => resolve({ load: state.load, marked: state.marked, idle: state.idle });
    if (state.idle !== null) done();
    else state.resolve = done;
  });
}

async function loadOnce(session, page, requireMarked, timeout) {
  const tab = await session.context.newPage();
  try {
    await tab.addInitScript(watchIdle, { expected: page.expected, requireMarked });
    await tab.goto(page.url, { waitUntil: 'load', timeout });
    return await tab.evaluate(idleReached);
  } finally {
    await tab.close().catch(() => {});
  }
}

/** Runs measure 4 and returns its rows. */
export async function run({ runs: requested = 5, log = () => {}, extensionPath, deadline = Infinity, pageTimeoutMs = 20_000 } = {}) {
  // Small pages load in well under a second but vary by ±30 % between loads: more runs are cheap.
  const runs = Math.max(requested, 9);
  const pages = PAGES.map((page) => ({
    ...page,
    body: readFileSync(`${FIXTURES}${page.file}.html`),
    // The reviewed expected JSON lists what the extension must mark on this page.
    expected: JSON.parse(readFileSync(`${FIXTURES}${page.file}.expected.json`, 'utf8')).papers.length,
    results: [],
    failures: [],
  }));
  const [withExtension, without] = await Promise.all([launch({ extension: true, extensionPath }), launch({ extension: false })]);
  try {
    for (const session of [withExtension, without]) for (const page of pages) session.serve(page.url, page.body);
    // One throw-away load per page and browser: compile caches and the extension's first start.
    for (const page of pages) {
      await loadOnce(withExtension, page, true, pageTimeoutMs).catch(() => {});
      await loadOnce(without, page, false, pageTimeoutMs).catch(() => {});
    }
    // Interleaved, so that drift on the machine hits both sides alike.
    for (let index = 0; index < runs; index++) {
      if (index >= requested && Date.now() > deadline) break;
      for (const page of pages) {
        try {
          const step = `${page.label} run ${index + 1}`;
          const on = await withTimeout(loadOnce(withExtension, page, true, pageTimeoutMs), pageTimeoutMs * 2, `${step} with`);
          const off = await withTimeout(loadOnce(without, page, false, pageTimeoutMs), pageTimeoutMs * 2, `${step} without`);
          page.results.push({ with: on.idle, without: off.idle, ratio: on.idle / off.idle, markedAt: on.marked, loadWith: on.load, loadWithout: off.load });
          log(
            `  run ${index + 1}/${runs} ${page.label}: idle ${on.idle.toFixed(0)} ms with (load ${on.load.toFixed(0)}, ` +
              `marked ${on.marked.toFixed(0)}), ${off.idle.toFixed(0)} ms without (load ${off.load.toFixed(0)})`,
          );
        } catch (error) {
          page.failures.push(error instanceof Error ? error.message.split('\n')[0] : String(error));
          log(`  run ${index + 1}/${runs} ${page.label}: FAILED ${page.failures.at(-1)}`);
        }
      }
    }
  } finally {
    await Promise.all([withExtension.close(), without.close()]);
  }

  return pages.map((page) => {
    if (page.results.length === 0) return errorRow(group, name(page), 'ms', page.failures[0] ?? 'no run', budget);
    const ratio = median(page.results.map((result) => result.ratio));
    const notes = [`${page.expected} cards; load event ${round(median(page.results.map((r) => r.loadWith)), 0)} ms with, ${round(median(page.results.map((r) => r.loadWithout)), 0)} ms without`];
    if (page.failures.length) notes.push(`${page.failures.length}/${runs} runs failed: ${page.failures[0]}`);
    return row({
      group,
      name: name(page),
      value: round(median(page.results.map((result) => result.with)), 1),
      unit: 'ms',
      baseline: round(median(page.results.map((result) => result.without)), 1),
      ratio: round(ratio, 3),
      budget,
      ok: ratio <= BUDGET_RATIO,
      note: notes.join('; '),
      runs: page.results.length,
    });
  });
}
