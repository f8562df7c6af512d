// Compares the site adapters of another revision with the working tree's, on a generated feed, the
// way a content script meets them: once, cold, in an isolated world of a freshly loaded page.
// Not part of `npm run bench`; for deciding whether a change to src/sites is worth keeping:
//
//   node bench/compare.mjs <revision> [huggingface|arxiv] [cards=1000] [trials=10]
//
// Each trial loads the page twice, once per version, in alternating order, and times reading the
// page (`readPageInSteps` run through) and every card (`readCard`), as the content script does
// without its marking and drawing. On this 2-core machine single readings move by ±25 % and come in
// two clusters (1 000 arXiv results: ~45 and ~65 ms); the medians of the same code compared with
// itself differed by up to 8 %, so only a difference well beyond that, seen again in a second
// comparison, says anything. The fastest reading of each version is shown too.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT, launch, median } from './lib.mjs';
import { ARXIV_URL, HF_URL, arxivPage, huggingfacePage } from './pages.mjs';

// Runs in the isolated world: `globalThis.__paperMarginCompare()` reads the page once.
const HARNESS = `import { findAdapter } from './src/sites/index.ts';
import { readCard } from './src/sites/read.ts';
import { runSteps } from './src/sites/types.ts';
globalThis.__paperMarginCompare = () => {
  const url = new URL(location.href);
  const adapter = findAdapter(url);
  const start = performance.now();
  const page = adapter.readPageInSteps ? runSteps(adapter.readPageInSteps(document, url)) : adapter.readPage(document, url);
  const read = performance.now();
  let cards = 0;
  // The cards the content script tries (src/sites/read.ts pageCards), written out: older revisions lack it.
  const all = adapter.cardsOf?.(page, document) ?? document.querySelectorAll(adapter.cardSelector);
  for (let index = 0; index < all.length; index++) if (readCard(adapter, all[index], page, url)) cards++;
  return { page: read - start, cards: performance.now() - read, found: cards };
};`;

/** The harness bundled, minified as build.mjs minifies, against the sources under `dir`. */
async function bundle(dir) {
  const result = await build({
    stdin: { contents: HARNESS, resolveDir: dir, loader: 'ts' },
    bundle: true,
    format: 'iife',
    target: ['chrome121'],
    minify: true,
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}

/** The revision's src/ in a temporary folder (with this checkout's node_modules). */
function checkout(revision) {
  const dir = mkdtempSync(join(tmpdir(), 'paper-margin-compare-'));
  execFileSync('sh', ['-c', `git -C "${ROOT}" archive "${revision}" src | tar -x -C "${dir}"`]);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** One cold reading of the page by `code`, in a new isolated world of a fresh page. */
async function readOnce(session, url, code) {
  const page = await session.context.newPage();
  try {
    const cdp = await session.context.newCDPSession(page);
    await page.goto(url, { waitUntil: 'load' });
    // Let the page's load settle before timing, as a content script runs at document_idle.
    await page.waitForTimeout(300);
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const { executionContextId: contextId } = await cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'compare' });
    await cdp.send('Runtime.evaluate', { expression: code, contextId });
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression: '__paperMarginCompare()', contextId, returnByValue: true });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value;
  } finally {
    await page.close();
  }
}

async function main() {
  const [revision, site = 'huggingface', cardsArg = '1000', trialsArg = '10'] = process.argv.slice(2);
  if (!revision || !['huggingface', 'arxiv'].includes(site)) {
    console.error('usage: node bench/compare.mjs <revision> [huggingface|arxiv] [cards=1000] [trials=10]');
    process.exit(2);
  }
  const cards = Number(cardsArg);
  const trials = Number(trialsArg);
  const dir = checkout(revision);
  const versions = [
    { name: revision, code: await bundle(dir), runs: [] },
    { name: 'working tree', code: await bundle(ROOT), runs: [] },
  ];
  const url = site === 'arxiv' ? ARXIV_URL : HF_URL;
  const session = await launch({ extension: false });
  try {
    session.serve(url, site === 'arxiv' ? arxivPage(cards) : huggingfacePage(cards));
    for (let trial = 0; trial < trials; trial++) {
      for (const version of trial % 2 ? [...versions].reverse() : versions) version.runs.push(await readOnce(session, url, version.code));
    }
  } finally {
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`${site}, ${cards} cards, ${trials} alternating trials, cold, in an isolated world (medians):`);
  for (const { name, runs } of versions) {
    const total = runs.map((run) => run.page + run.cards);
    console.log(
      `  ${name.padEnd(14)} ${median(total).toFixed(1)} ms, fastest ${Math.min(...total).toFixed(1)} ` +
        `(page ${median(runs.map((run) => run.page)).toFixed(1)}, ` +
        `cards ${median(runs.map((run) => run.cards)).toFixed(1)}; ${runs[0].found} found)  runs: ${total.map((ms) => ms.toFixed(0)).join(' ')}`,
    );
  }
}

await main();
