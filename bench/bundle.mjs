// Measure 5: the size of each built bundle, minified as build.mjs writes it. The files come from the
// built manifest (content scripts, background, popup, options), so a new or split bundle is measured
// without editing this file.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { EXTENSION, errorRow, row } from './lib.mjs';

export const group = 'bundle';

// What one page loads: every content script file of one `content_scripts` entry.
const CONTENT_BUDGET_BYTES = 25 * 1024;
const contentBudget = `≤ ${CONTENT_BUDGET_BYTES / 1024} KB (${CONTENT_BUDGET_BYTES} B)`;
const name = (files) => `Bundle size, dist/chrome/${files.join(' + ')}`;

export const measures = [
  { name: name(['content*.js']), unit: 'bytes', budget: contentBudget },
  { name: name(['background.js']), unit: 'bytes', budget: null },
  { name: name(['popup.js']), unit: 'bytes', budget: null },
];

function scriptsOfPage(dir, page) {
  if (!page || !existsSync(`${dir}/${page}`)) return [];
  const html = readFileSync(`${dir}/${page}`, 'utf8');
  return [...html.matchAll(/<script[^>]*\ssrc="([^"]+\.js)"/g)].map((match) => match[1].replace(/^\.?\//, ''));
}

/** The bundles to measure: `{ files, budgetBytes }`, content scripts first. */
export function bundles(dir = EXTENSION) {
  const manifest = JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8'));
  const list = [];
  const seen = new Set();
  const add = (files, budgetBytes = null) => {
    const fresh = files.filter((file) => !seen.has(file));
    if (fresh.length === 0) return;
    for (const file of fresh) seen.add(file);
    list.push({ files: fresh, budgetBytes });
  };
  for (const entry of manifest.content_scripts ?? []) add(entry.js ?? [], CONTENT_BUDGET_BYTES);
  // What the feed scripts load from the extension: the card styles at start, the actions on first use.
  for (const entry of manifest.web_accessible_resources ?? []) for (const file of entry.resources ?? []) add([file]);
  if (manifest.background?.service_worker) add([manifest.background.service_worker]);
  add(scriptsOfPage(dir, manifest.action?.default_popup));
  add(scriptsOfPage(dir, manifest.options_ui?.page ?? manifest.options_page));
  return list;
}

/** For a content script row: what the page gets at start in all, the script and card.css. */
function withStyles(dir, scriptBytes) {
  if (!existsSync(`${dir}/card.css`)) return '';
  const total = scriptBytes + statSync(`${dir}/card.css`).size;
  return `with card.css, which comes with the library's first answer: ${(total / 1024).toFixed(1)} KB (the styles were inside the script until fd68181)`;
}

const NOTES = {
  'card.css':
    'the cards\u2019 styles: the background sends them with its first answer to a page (bundled into background.js); a feed script reads this file (web-accessible) only when no answer comes',
  'content-actions.js':
    'editor, tag input, keyboard triage and key list, and the text-link highlighter: an ES module the feed scripts import() from the extension when the reader first acts (a note button hovered or focused, a triage key) or a drawn card shows an abstract to highlight links in',
};

/** Runs measure 5 and returns its rows. */
export async function run({ extensionPath = EXTENSION } = {}) {
  return bundles(extensionPath).map(({ files, budgetBytes }) => {
    const budget = budgetBytes ? contentBudget : null;
    try {
      const bytes = files.reduce((sum, file) => sum + statSync(`${extensionPath}/${file}`).size, 0);
      return row({
        group,
        name: name(files),
        value: bytes,
        unit: 'bytes',
        budget,
        ok: budgetBytes ? bytes <= budgetBytes : null,
        note: [`${(bytes / 1024).toFixed(1)} KB`, NOTES[files[0]], budgetBytes && withStyles(extensionPath, bytes)].filter(Boolean).join('; '),
      });
    } catch (error) {
      return errorRow(group, name(files), 'bytes', error, budget);
    }
  });
}
