// The card selectors the adapters really use, read from src/sites/ (bundled on the fly), so the
// "floor" pass queries exactly what the content script queries.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './lib.mjs';

let cached;

/** `{ huggingface: 'article, …', arxiv: 'li.arxiv-result, dl > dt, #abs' }` from the adapter registry. */
export async function cardSelectors() {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'paper-margin-bench-sites-'));
  try {
    const outfile = join(dir, 'sites.mjs');
    await build({
      entryPoints: [`${ROOT}src/sites/index.ts`],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      logLevel: 'error',
      absWorkingDir: ROOT,
    });
    const { adapters } = await import(outfile);
    cached = Object.fromEntries(adapters.map((adapter) => [adapter.id, adapter.cardSelector]));
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
