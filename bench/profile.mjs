// Where does a scan's time go? A V8 CPU profile of the content script on a generated feed, with an
// unminified build (build.mjs --dev, in a temporary folder) so that functions keep their names.
// Not part of `npm run bench`:
//
//   node bench/profile.mjs [huggingface|arxiv] [cards=1000] [--save scan.cpuprofile]
//
// Prints the functions with the most self and total time over the samples taken while the content
// script's scan was on the stack (including its continuation after the background replies), then
// times and profiles the adapters alone (readPage + scanCards) in the same page. `--save` writes the
// profile for DevTools' Performance panel.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT, launch } from './lib.mjs';
import { ARXIV_URL, HF_URL, arxivPage, huggingfacePage } from './pages.mjs';

// The content script's own scan is the caller of `readCard` (esbuild may rename it, e.g. `scan2`).
const SCANNER = 'readCard';

/**
 * The extension built by the project's own build.mjs with `--dev` (no minification, so functions
 * keep their names), in a temporary folder: dist/ is left alone.
 */
export async function unminifiedExtension() {
  const dir = mkdtempSync(join(tmpdir(), 'paper-margin-bench-dev-'));
  for (const entry of readdirSync(ROOT)) {
    if (entry === 'dist' || entry === 'dist-e2e' || entry === 'bench' || entry === 'build.mjs' || entry.startsWith('.')) continue;
    symlinkSync(join(ROOT, entry), join(dir, entry));
  }
  copyFileSync(join(ROOT, 'build.mjs'), join(dir, 'build.mjs'));
  // --e2e: open shadow roots, for cardUiShape below; the code is the same.
  execFileSync(process.execPath, ['build.mjs', '--dev', '--e2e'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  return { path: join(dir, 'dist-e2e', 'chrome'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** src/sites as a page script: `window.__paperMarginBenchSites.benchAdapters()` runs readPage + scanCards. */
async function sitesScript() {
  const result = await build({
    stdin: {
      contents: `import { findAdapter } from './src/sites/index.ts';
import { scanCards } from './src/sites/scan.ts';
window.__paperMarginBenchSites = {
  benchAdapters() {
    const url = new URL(location.href);
    const adapter = findAdapter(url);
    const start = performance.now();
    const page = adapter.readPage(document, url);
    const found = scanCards(document, adapter, page, url);
    return { ms: performance.now() - start, cards: found.length };
  },
};`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    target: ['chrome121'],
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}

// What one card UI is made of, read through its shadow root (open in this build).
function cardUiShape() {
  const hosts = document.querySelectorAll('[data-paper-margin-ui]');
  const first = hosts[0]?.shadowRoot;
  return {
    hosts: hosts.length,
    elementsPerCard: first ? first.querySelectorAll('*').length : 0,
    styleElementsPerCard: first ? first.querySelectorAll('style').length : 0,
    cssChars: first ? [...first.querySelectorAll('style')].reduce((sum, style) => sum + style.textContent.length, 0) : 0,
  };
}

const short = (name) => (name.length > 90 ? `${name.slice(0, 87)}...` : name);
const frameKey = (frame) => `${frame.functionName || '(anonymous)'}${frame.url ? ` ${frame.url.split('/').pop()}:${frame.lineNumber + 1}` : ''}`;

/**
 * Self and total milliseconds per function over the samples whose stack holds `within` (a frame key;
 * by default the caller of `scanCards`, i.e. the content script's scan).
 */
export function summarise(profile, within) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  if (!within) {
    const scanner = profile.nodes.find((node) => node.callFrame.functionName === SCANNER);
    const caller = scanner && nodes.get(parent.get(scanner.id));
    if (!caller) throw new Error(`No ${SCANNER} in the profile`);
    within = frameKey(caller.callFrame);
  }
  const self = new Map();
  const total = new Map();
  let windowMs = 0;
  let allMs = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index + 1] ?? 0) / 1000;
    allMs += ms;
    const stack = [];
    for (let at = id; at !== undefined; at = parent.get(at)) stack.push(nodes.get(at).callFrame);
    if (!stack.some((frame) => frameKey(frame) === within || frame.functionName === within)) return;
    windowMs += ms;
    const leaf = frameKey(stack[0]);
    self.set(leaf, (self.get(leaf) ?? 0) + ms);
    for (const key of new Set(stack.map(frameKey))) total.set(key, (total.get(key) ?? 0) + ms);
  });
  const top = (map, n) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => ({ name: short(name), ms: Number(ms.toFixed(1)), share: `${((100 * ms) / windowMs).toFixed(1)}%` }));
  return { within, windowMs, allMs, self: top(self, 25), total: top(total, 30) };
}

async function main() {
  const args = process.argv.slice(2);
  const site = args.find((arg) => arg === 'huggingface' || arg === 'arxiv') ?? 'huggingface';
  const cards = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 1000);
  const saveAt = args.indexOf('--save');
  const url = site === 'arxiv' ? ARXIV_URL : HF_URL;
  const body = site === 'arxiv' ? arxivPage(cards) : huggingfacePage(cards);

  const extension = await unminifiedExtension();
  const session = await launch({ extension: true, extensionPath: extension.path });
  try {
    session.serve(url, body);
    const page = await session.context.newPage();
    const cdp = await session.context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction((n) => document.querySelectorAll('[data-paper-margin-id]').length >= n, cards, { polling: 50, timeout: 120_000 });
    const { profile } = await cdp.send('Profiler.stop');
    const scans = await page.evaluate(() => performance.getEntriesByName('paper-margin:scan').map((entry) => entry.duration));
    // The adapters alone, in the same page: cold (first call of a fresh copy), then warm.
    await page.addScriptTag({ content: await sitesScript() });
    const adapterRuns = [];
    await cdp.send('Profiler.start');
    for (let rep = 0; rep < 5; rep++) adapterRuns.push(await page.evaluate(() => window.__paperMarginBenchSites.benchAdapters()));
    const adapterSummary = summarise((await cdp.send('Profiler.stop')).profile, 'benchAdapters');
    const shape = await page.evaluate(cardUiShape);
    if (saveAt >= 0) writeFileSync(args[saveAt + 1] ?? 'scan.cpuprofile', JSON.stringify(profile));
    const summary = summarise(profile);
    console.log(`${site}, ${cards} cards, unminified build: scan measure ${scans.map((ms) => ms.toFixed(1)).join(' + ')} ms (profiling slows it down)`);
    console.log(
      `adapters only (readPage + scanCards over ${adapterRuns[0].cards} cards, same page): cold ${adapterRuns[0].ms.toFixed(1)} ms, ` +
        `warm ${adapterRuns.slice(1).map((run) => run.ms.toFixed(1)).join(' / ')} ms`,
    );
    console.log(
      `card UI: ${shape.elementsPerCard} elements and ${shape.styleElementsPerCard} <style> (${shape.cssChars} chars of CSS) ` +
        `in each of ${shape.hosts} shadow roots`,
    );
    console.log(`${summary.windowMs.toFixed(1)} ms of samples with \`${summary.within}\` on the stack\n\nSelf time:`);
    console.table(summary.self);
    console.log('Total time (the function and what it calls):');
    console.table(summary.total);
    console.log(`Adapters only, ${adapterSummary.windowMs.toFixed(1)} ms of samples over 5 passes. Self time:`);
    console.table(adapterSummary.self.slice(0, 15));
    console.log('Total time:');
    console.table(adapterSummary.total.slice(0, 20));
  } finally {
    await session.close();
    extension.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
