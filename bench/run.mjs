// `npm run bench`: runs every measure group against the built extension (dist/chrome), prints the
// table of medians and writes BENCHMARKS.md and bench/results.json.
//
//   node bench/run.mjs [--runs N] [--only detection,load,bundle,library,pending] [--no-write]
//
// A group is a module exporting `group`, `measures` (its rows' names, units and budgets) and
// `run({ runs, log })` resolving to rows; one that throws or times out becomes error rows.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as bundle from './bundle.mjs';
import * as detection from './detection.mjs';
import * as library from './library.mjs';
import { EXTENSION, OPEN_ROOTS_EXTENSION, ROOT, closeAll, errorRow, machine, withTimeout } from './lib.mjs';
import * as load from './load.mjs';
import * as pending from './pending.mjs';
import { jsonResults, markdown, textTable } from './report.mjs';

// Per group: a soft limit after which no new run starts (rows say how many ran), and a hard one
// after which the group becomes error rows. Sized for a busy 2-core machine: five runs of every page
// come first, the limits only stop a pathological run. A library run (fresh profile, import, six
// exports, popup, editor) takes 40–60 s while the import and exports are as slow as they are now.
const GROUPS = [
  { module: detection, softMs: 420_000, timeoutMs: 600_000 },
  { module: load, softMs: 60_000, timeoutMs: 180_000 },
  { module: bundle, softMs: 10_000, timeoutMs: 10_000 },
  { module: library, softMs: 270_000, timeoutMs: 480_000 },
  { module: pending, softMs: 10_000, timeoutMs: 10_000 },
];

function option(name) {
  const args = process.argv.slice(2);
  const index = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (index < 0) return undefined;
  const arg = args[index];
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (args[index + 1] ?? '');
}

function revision() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'manifest.json', 'build.mjs'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${head} with uncommitted changes in src/` : head;
  } catch {
    return 'unknown';
  }
}

async function main() {
  const runs = Math.max(5, Number(option('runs') ?? 5) || 5);
  const only = option('only')?.split(',').filter(Boolean);
  const write = !process.argv.includes('--no-write');
  for (const [build, command] of [[EXTENSION, 'node build.mjs'], [OPEN_ROOTS_EXTENSION, 'node build.mjs --e2e']]) {
    if (!existsSync(`${build}/manifest.json`)) throw new Error(`${build} is missing: run \`${command}\` first (npm run bench does).`);
  }

  const startedAt = new Date();
  const info = machine();
  info.loadBefore = loadavg()[0];
  console.log(
    `Paper Margin bench: ${info.cpu}, nproc ${info.nproc}, ${info.browser}; ${runs} runs per measure; load average ${info.loadBefore.toFixed(1)}`,
  );

  // A private copy of the build: other work on this machine may rebuild dist/ while the bench runs.
  const extensionPath = mkdtempSync(join(tmpdir(), 'paper-margin-bench-extension-'));
  cpSync(EXTENSION, extensionPath, { recursive: true });
  const openRootsPath = mkdtempSync(join(tmpdir(), 'paper-margin-bench-extension-'));
  cpSync(OPEN_ROOTS_EXTENSION, openRootsPath, { recursive: true });

  const results = [];
  for (const { module, softMs, timeoutMs } of GROUPS) {
    if (only && !only.includes(module.group)) continue;
    const began = Date.now();
    console.log(`\n[${module.group}]`);
    try {
      const context = { runs, extensionPath, openRootsPath, deadline: began + softMs, log: (line) => console.log(line) };
      const rows = await withTimeout(module.run(context), timeoutMs, module.group);
      results.push(...rows);
    } catch (error) {
      await closeAll();
      console.log(`  ${module.group} failed: ${error instanceof Error ? error.message : error}`);
      results.push(...module.measures.map((measure) => errorRow(module.group, measure.name, measure.unit, error, measure.budget)));
    }
    console.log(`  (${((Date.now() - began) / 1000).toFixed(0)} s)`);
  }

  for (const path of [extensionPath, openRootsPath]) rmSync(path, { recursive: true, force: true });
  info.loadAfter = loadavg()[0];
  const seconds = (Date.now() - startedAt.getTime()) / 1000;
  console.log(`\n${textTable(results)}\n`);
  if (write) {
    writeFileSync(`${ROOT}bench/results.json`, `${JSON.stringify(jsonResults(results), null, 2)}\n`);
    writeFileSync(
      `${ROOT}BENCHMARKS.md`,
      markdown({ results, machine: info, runs, startedAt: startedAt.toISOString().replace(/\.\d+Z$/, 'Z'), seconds, revision: revision() }),
    );
    console.log('Wrote BENCHMARKS.md and bench/results.json');
  }
  const over = results.filter((result) => result.ok === false).length;
  console.log(`${Math.round(seconds)} s; ${over} row${over === 1 ? '' : 's'} over budget or failed`);
}

try {
  await main();
  // A timed-out group's work may still be pending; exiting now drops it.
  process.exit(0);
} catch (error) {
  console.error(error);
  await closeAll();
  process.exit(1);
}
