#!/usr/bin/env node
// `paper-margin`: a shim for the bundled CLI that `npm run build` writes to dist/cli/.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli/paper-margin.mjs', import.meta.url);
if (existsSync(cli)) {
  await import(cli.href);
} else {
  process.stderr.write('paper-margin: the command line is not built yet; run `npm run build` in the project first\n');
  process.exitCode = 2;
}
