// Where do the library measures' times go? V8 CPU profiles, with an unminified build (as
// bench/profile.mjs), of one run of bench/library.mjs's steps: the service worker during the import's
// preview and apply, during each export and while the popup reads the library; the popup page while
// its Library tab renders and while a query is typed. Not part of `npm run bench`:
//
//   node bench/profile-library.mjs [--top 12] [--save dir]
//
// Prints, per step, the wall time and the functions with the most self and total time (idle samples
// left out). `--save dir` writes each profile as <step>.cpuprofile for DevTools' Performance panel.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEARCH_WORDS, backupText, generateBackup } from './backup.mjs';
import {
  COUNT,
  EXPORT_DONE,
  FEED,
  FORMATS,
  IMPORT_DONE,
  LOADING,
  activeTabId,
  clickAndWait,
  openFeed,
  openLibraryTab,
  typeQueries,
  watchPopup,
} from './library.mjs';
import { launch, targetSession } from './lib.mjs';
import { summarise, unminifiedExtension } from './profile.mjs';

const args = process.argv.slice(2);
const topN = (args.includes('--top') && Number(args[args.indexOf('--top') + 1])) || 12;
const saveDir = args.includes('--save') ? args[args.indexOf('--save') + 1] : undefined;
if (saveDir) mkdirSync(saveDir, { recursive: true });

/**
 * A V8 profiler in the extension's service worker. Playwright opens CDP sessions for pages only, so
 * this attaches to the worker's target through a page's session (`targetSession`).
 */
async function workerProfiler(context, page) {
  const cdp = await context.newCDPSession(page);
  const { targetInfos } = await cdp.send('Target.getTargets');
  const target = targetInfos.find((info) => info.type === 'service_worker' && info.url.startsWith('chrome-extension://'));
  if (!target) throw new Error('no service worker target');
  const { send } = await targetSession(cdp, target.targetId);
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: 200 });
  return { start: () => send('Profiler.start'), stop: async () => (await send('Profiler.stop')).profile };
}

async function pageProfiler(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  return { start: () => cdp.send('Profiler.start'), stop: async () => (await cdp.send('Profiler.stop')).profile };
}

/** Prints the busiest functions of a profile, without the idle samples. */
function report(label, wallMs, profile) {
  if (saveDir) writeFileSync(join(saveDir, `${label.replace(/[^\w-]+/g, '-')}.cpuprofile`), JSON.stringify(profile));
  const summary = summarise(profile, '(root)');
  const idle = summary.self.find((entry) => entry.name === '(idle)')?.ms ?? 0;
  const busy = summary.windowMs - idle;
  const share = (ms) => `${((100 * ms) / busy).toFixed(1)}%`;
  console.log(`\n## ${label}: ${wallMs.toFixed(0)} ms wall, ${busy.toFixed(0)} ms of non-idle samples`);
  const rows = (list) =>
    list
      .filter((entry) => !['(idle)', '(root)'].includes(entry.name))
      .slice(0, topN)
      .map((entry) => ({ function: entry.name, ms: entry.ms, share: share(entry.ms) }));
  console.log('Self:');
  console.table(rows(summary.self));
  console.log('Total:');
  console.table(rows(summary.total));
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'paper-margin-bench-backup-'));
  const file = join(dir, `paper-margin-${COUNT}-papers.json`);
  writeFileSync(file, backupText(generateBackup(COUNT)));
  const extension = await unminifiedExtension();
  const session = await launch({ extension: true, extensionPath: extension.path, downloads: true });
  try {
    session.serve(FEED.url, readFileSync(`${FEED.file}.html`));
    const expected = JSON.parse(readFileSync(`${FEED.file}.expected.json`, 'utf8')).papers.length;
    const feed = await openFeed(session, expected, 30_000);
    const tabId = await activeTabId(session);
    const options = await session.context.newPage();
    await options.goto(`chrome-extension://${session.extensionId}/options.html`);
    const worker = await workerProfiler(session.context, options);

    // Import: preview (file chosen → preview shown), then apply.
    await worker.start();
    let began = Date.now();
    await options.locator('#import-title ~ label.file input[type=file]').setInputFiles(file);
    await options.locator('button[data-action="apply-import"]').waitFor({ state: 'attached', timeout: 120_000 });
    report('import preview (service worker)', Date.now() - began, await worker.stop());
    await worker.start();
    const applied = await options.evaluate(clickAndWait, { section: 'import-title', button: 'button[data-action="apply-import"]', done: IMPORT_DONE, timeoutMs: 120_000 });
    report('import apply (service worker)', applied.ms, await worker.stop());

    for (const format of FORMATS) {
      await worker.start();
      const clicked = await options.evaluate(clickAndWait, { section: 'export-title', button: `button[data-format="${format}"]`, done: EXPORT_DONE, timeoutMs: 120_000 });
      report(`export ${format} (service worker)`, clicked.ms, await worker.stop());
    }

    // The popup with 10 000 papers: its load (page list), the Library tab, in the popup and in the
    // worker, then typing. One throw-away load first, as the bench does.
    const warm = await session.context.newPage();
    await warm.goto(`chrome-extension://${session.extensionId}/popup.html?tab=${tabId}`);
    await warm.waitForSelector('#panel-page li.paper');
    await warm.close();
    const popup = await session.context.newPage();
    await popup.addInitScript(watchPopup);
    // An extension page first, so that the popup loads in the process the profiler is attached to.
    await popup.goto(`chrome-extension://${session.extensionId}/manifest.json`);
    const popupProfiler = await pageProfiler(session.context, popup);
    await popupProfiler.start();
    await worker.start();
    await popup.goto(`chrome-extension://${session.extensionId}/popup.html?tab=${tabId}`);
    await popup.waitForFunction(() => window.__paperMarginBenchPopup.pageFrame !== null, null, { polling: 20 });
    const loaded = await popup.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const script = performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('/popup.js'));
      return {
        pageRow: window.__paperMarginBenchPopup.pageRow,
        responseEnd: nav.responseEnd,
        scriptStart: script?.startTime,
        scriptEnd: script?.responseEnd,
        domInteractive: nav.domInteractive,
        domContentLoaded: nav.domContentLoadedEventEnd,
      };
    });
    console.log(
      `\npopup load: document ${loaded.responseEnd.toFixed(0)} ms, popup.js fetched ${loaded.scriptStart?.toFixed(0)}–${loaded.scriptEnd?.toFixed(0)} ms, ` +
        `domInteractive ${loaded.domInteractive.toFixed(0)} ms, DOMContentLoaded ${loaded.domContentLoaded.toFixed(0)} ms, first page row ${loaded.pageRow.toFixed(0)} ms`,
    );
    report('popup load to first page row (service worker)', loaded.pageRow, await worker.stop());
    report('popup load to first page row (popup)', loaded.pageRow, await popupProfiler.stop());
    await popupProfiler.start();
    await worker.start();
    const library = await popup.evaluate(openLibraryTab, { loading: LOADING, timeoutMs: 60_000 });
    report('Library tab (service worker)', library.frameMs, await worker.stop());
    report('Library tab (popup)', library.frameMs, await popupProfiler.stop());
    await popupProfiler.start();
    const strokes = await popup.evaluate(typeQueries, { queries: [SEARCH_WORDS.note] });
    const typed = strokes.reduce((sum, stroke) => sum + stroke.renderMs + stroke.layoutMs, 0);
    console.log(`\nkeystrokes "${SEARCH_WORDS.note}": ${strokes.map((stroke) => (stroke.renderMs + stroke.layoutMs).toFixed(1)).join(', ')} ms`);
    console.log(`  render (dispatch → commit): ${strokes.map((stroke) => stroke.renderMs.toFixed(1)).join(', ')} ms`);
    console.log(`  style + layout: ${strokes.map((stroke) => stroke.layoutMs.toFixed(1)).join(', ')} ms`);
    report(`typing "${SEARCH_WORDS.note}" (popup)`, typed, await popupProfiler.stop());
    await popup.close();
    await feed.close();
  } finally {
    await session.close();
    extension.remove();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
