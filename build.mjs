// Builds dist/chrome and dist/firefox from one manifest.json and one set of sources.
// Usage: node build.mjs [--dev] [--e2e]
//   --dev: no minification, inline source maps.
//   --e2e: the end-to-end tests' build, in dist-e2e/ (no CLI): the same but for open shadow roots,
//          which their locators need (they cannot reach into closed ones); see src/globals.d.ts.
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { build, transform } from 'esbuild';

const dev = process.argv.includes('--dev');
const e2e = process.argv.includes('--e2e');
const root = new URL('.', import.meta.url).pathname;
const dist = e2e ? 'dist-e2e' : 'dist';
const out = (browser, file = '') => `${root}${dist}/${browser}/${file}`;

// One content script per site (manifest.json content_scripts), so a page loads only its adapter.
const entryPoints = {
  'content-huggingface': 'src/content/huggingface.ts',
  'content-arxiv': 'src/content/arxiv.ts',
  'content-generic': 'src/content/generic.ts',
  // At document_start on the feed hosts, ahead of the page's listeners (see the file).
  'content-shield': 'src/content/shield.ts',
  background: 'src/background/index.ts',
  popup: 'src/popup/index.tsx',
  options: 'src/options/index.tsx',
};

// Loaded by the feed content scripts on first use (src/content/actions-loader.ts), with `import()`:
// an ES module, listed in the manifest's web_accessible_resources.
const modules = { 'content-actions': 'src/content/actions.ts' };
const scripts = [...Object.keys(entryPoints), ...Object.keys(modules)];

rmSync(`${root}${dist}`, { recursive: true, force: true });
// A .css file imported by a script comes in as its minified text.
const cssAsText = {
  name: 'css-as-text',
  setup(context) {
    context.onLoad({ filter: /\.css$/ }, async ({ path }) => {
      const { code } = await transform(readFileSync(path, 'utf8'), { loader: 'css', minify: !dev });
      return { contents: code, loader: 'text' };
    });
  },
};

// A script that imports the English catalog (the background, for its keys) gets its keys only: the
// strings themselves come from i18n.getMessage, in the user's language. Its texts and descriptions
// would make background.js 18 KB larger, parsed at every start of the worker.
const messageKeysOnly = {
  name: 'message-keys-only',
  setup(context) {
    context.onLoad({ filter: /_locales[\\/]en[\\/]messages\.json$/ }, ({ path }) => {
      const keys = Object.keys(JSON.parse(readFileSync(path, 'utf8')));
      return { contents: JSON.stringify(Object.fromEntries(keys.map((key) => [key, 0]))), loader: 'json' };
    });
  },
};

const options = {
  outdir: out('chrome'),
  bundle: true,
  // Chrome 121 and Firefox 142 are the oldest versions we promise (see README).
  target: ['chrome121', 'firefox142'],
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  legalComments: 'none',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  logLevel: 'warning',
  absWorkingDir: root,
  define: { OPEN_SHADOW_ROOTS: String(e2e) },
};
await build({ ...options, entryPoints, format: 'iife', plugins: [cssAsText, messageKeysOnly] });
await build({ ...options, entryPoints: modules, format: 'esm' });
// The cards' styles, as a file: the background sends them with its first answer to a page (bundled
// into background.js); a content script reads this file only when no answer comes (card-style.ts).
await build({ ...options, entryPoints: { card: 'src/content/card.css' }, sourcemap: false });

const manifest = JSON.parse(readFileSync(`${root}manifest.json`, 'utf8'));
const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
manifest.version = version;

// Chrome runs the background as a service worker and warns on unknown keys; Firefox runs it as event-page scripts.
const chrome = structuredClone(manifest);
delete chrome.background.scripts;
delete chrome.browser_specific_settings;
// The oldest Chrome the bundles are built for (esbuild's target below): an older one refuses to install.
chrome.minimum_chrome_version = '121';
const firefox = structuredClone(manifest);
delete firefox.background.service_worker;

for (const [browser, browserManifest] of [['chrome', chrome], ['firefox', firefox]]) {
  mkdirSync(out(browser), { recursive: true });
  if (browser !== 'chrome') {
    for (const file of scripts) cpSync(out('chrome', `${file}.js`), out(browser, `${file}.js`));
    cpSync(out('chrome', 'card.css'), out(browser, 'card.css'));
  }
  cpSync(`${root}src/popup/popup.html`, out(browser, 'popup.html'));
  cpSync(`${root}src/popup/popup.css`, out(browser, 'popup.css'));
  cpSync(`${root}src/options/options.html`, out(browser, 'options.html'));
  cpSync(`${root}src/options/options.css`, out(browser, 'options.css'));
  cpSync(`${root}icons`, out(browser, 'icons'), { recursive: true, filter: (path) => !path.endsWith('.svg') });
  cpSync(`${root}_locales`, out(browser, '_locales'), { recursive: true });
  writeFileSync(out(browser, 'manifest.json'), JSON.stringify(browserManifest, null, 2) + '\n');
}

const sizes = scripts.map((file) => `${file}.js ${(statSync(out('chrome', `${file}.js`)).size / 1024).toFixed(1)} KB`);
console.log(`Built ${dist}/chrome and ${dist}/firefox (v${version}${dev ? ', dev' : ''}): ${sizes.join(', ')}`);
if (e2e) process.exit(0);

// The `paper-margin` command line (bin/paper-margin.mjs loads it): the same adapters over a saved page
// in Node. linkedom is bundled in, so dist/cli runs without node_modules; linkedom's optional native
// `canvas` stays out (its guarded `require` fails in ESM and linkedom falls back to its shim).
const cli = `${root}dist/cli/paper-margin.mjs`;
await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: cli,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['canvas'],
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: root,
});
console.log(`Built dist/cli/paper-margin.mjs ${(statSync(cli).size / 1024).toFixed(1)} KB`);
