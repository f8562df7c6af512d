import { readFileSync } from 'node:fs';

// Formats the rows for the terminal, BENCHMARKS.md and bench/results.json.

const group3 = (text) => text.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

function formatNumber(value, unit) {
  if (value === null || value === undefined) return '—';
  if (unit === 'bytes') return `${group3(String(value))} B (${(value / 1024).toFixed(1)} KB)`;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${group3(value.toFixed(digits))} ${unit}`;
}

function formatRatio(ratio) {
  if (ratio === null || ratio === undefined) return '—';
  return `${ratio >= 10 ? ratio.toFixed(0) : ratio >= 1.2 ? ratio.toFixed(1) : ratio.toFixed(2)}×`;
}

const mark = (ok) => (ok === true ? '✅' : ok === false ? '❌' : '');

/** One display line per row: the columns shared by the terminal table and the Markdown table. */
export function cells(result) {
  return {
    measure: result.name,
    value: formatNumber(result.value, result.unit),
    baseline: formatNumber(result.baseline, result.unit),
    ratio: formatRatio(result.ratio),
    budget: result.budget ? `${mark(result.ok)} ${result.budget}` : '',
    runs: result.runs === null || result.runs === undefined ? '' : String(result.runs),
    note: result.note ?? '',
  };
}

const HEADERS = { measure: 'Measure', value: 'Median', baseline: 'Floor / baseline', ratio: 'Ratio', budget: 'Budget', runs: 'Runs', note: 'Notes' };

/** A plain-text table for the terminal. */
export function textTable(results) {
  const rows = [HEADERS, ...results.map(cells)];
  const keys = Object.keys(HEADERS);
  // Emoji are two columns wide in a terminal.
  const width = (text) => [...text].length + (text.match(/[✅❌]/gu)?.length ?? 0);
  const widths = keys.map((key) => Math.max(...rows.map((line) => width(line[key]))));
  const pad = (text, size) => text + ' '.repeat(Math.max(0, size - width(text)));
  const lines = rows.map((line) => keys.map((key, k) => pad(line[key], widths[k])).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((size) => '-'.repeat(size)).join('  '));
  return lines.join('\n');
}

const escapeCell = (text) => text.replaceAll('|', '\\|');

/** The Markdown table of BENCHMARKS.md. */
export function markdownTable(results) {
  const keys = Object.keys(HEADERS);
  const lines = [`| ${keys.map((key) => HEADERS[key]).join(' | ')} |`, `|${keys.map((key) => (key === 'measure' || key === 'note' || key === 'budget' ? '---' : '---:')).join('|')}|`];
  for (const result of results) {
    const line = cells(result);
    lines.push(`| ${keys.map((key) => escapeCell(line[key])).join(' | ')} |`);
  }
  return lines.join('\n');
}

const history = JSON.parse(readFileSync(new URL('history.json', import.meta.url), 'utf8'));

/** The before/after table: each history entry beside this run's row of the same name. */
export function historyTable(results) {
  const lines = ['| Measure | Budget | Before | What changed | This run |', '|---|---|---:|---|---:|'];
  for (const entry of history.entries) {
    const now = results.find((result) => result.name === entry.measure);
    const value = now ? `${mark(now.ok)} ${formatNumber(now.value, now.unit)}${now.ratio && entry.before.startsWith('ratio') ? ` (ratio ${formatRatio(now.ratio)})` : ''}` : 'not measured';
    const cellsOf = [entry.measure, now?.budget ?? '', `${entry.before} (${entry.at})`, entry.changes, value];
    lines.push(`| ${cellsOf.map(escapeCell).join(' | ')} |`);
  }
  return lines.join('\n');
}

/** bench/results.json: one object per measure. */
export function jsonResults(results) {
  return results.map(({ name, value, unit, baseline, ratio, budget, ok, note }) => ({ name, value, unit, baseline, ratio, budget, ok, note }));
}

/** The whole of BENCHMARKS.md. */
export function markdown({ results, machine, runs, startedAt, seconds, revision }) {
  const pendingLine = results.some((result) => result.note === 'not built')
    ? '- Rows with no value and the note *not built* are measures of features still being written (`bench/pending.mjs`).\n'
    : '';
  const failed = results.filter((result) => result.ok === false).length;
  const passed = results.filter((result) => result.ok === true).length;
  return `# Benchmarks

\`npm run bench\` builds the extension (\`node build.mjs\`, and \`--e2e\`) and runs \`bench/run.mjs\`: the **built** extension
(\`dist/chrome\`, minified; the library group runs \`dist-e2e/chrome\`, the same but for open shadow roots, to click
into the cards' editors) in headless Chromium, with every page served at its real URL by request interception —
nothing goes to the network. Each number is the **median of ${runs} runs** (page loads and the 1 000-card detection rows: at least 9; keystrokes and
note editors: the median over every keystroke or card of those runs); ratios are taken within each run and their
median is shown. Most of the run time is Chromium laying out the 5 000-card pages while they load and the library
group's imports and exports of 10 000 papers; other work on the machine makes every number larger, so the run's
duration and load average are recorded below. The run rewrites this file and \`bench/results.json\` (one object
per row: \`name, value, unit, baseline, ratio, budget, ok, note\`). \`node bench/run.mjs --runs 9 --only detection\`
runs more or fewer; \`node bench/profile.mjs [huggingface|arxiv] [cards]\` shows where a scan's time goes (a CPU
profile of an unminified content script, and the adapters timed alone in the same page);
\`node bench/profile-library.mjs\` does the same for the library rows (CPU profiles of the service worker and the
popup during one import, each export, the popup's load and Library tab, and typing);
\`node bench/compare.mjs <revision> [huggingface|arxiv] [cards] [trials]\` times another revision's site adapters
against the working tree's, cold, in an isolated world of fresh pages, in alternating order (a change to
\`src/sites\` is kept for its speed only when the difference is well beyond the up to 8 % that the same code
shows against itself).

## What the rows mean

- **Detection + extraction** — a generated feed of N cards: for Hugging Face, the saved 2026-09-28 Daily Papers
  page with its first real \`<article>\` repeated N times (new arXiv id and title each) and a matching
  \`DailyPapers\` JSON in \`data-props\`, served at \`https://huggingface.co/papers?date=2026-09-28\`; for arXiv, the
  saved December 2025 search page with one real \`li.arxiv-result\` (the first with a GitHub link in its abstract)
  repeated N times, at \`https://arxiv.org/search/?query=bench&searchtype=all\`. *Median* = the sum of the content
  script's \`paper-margin:scan\` measures until all N cards carry \`data-paper-margin-id\` (reading the page's
  embedded JSON, finding, extracting, marking and drawing each card's UI; not the background round trip, where
  code links are read since e6a180d). The note gives what recording costs the page's thread besides: sending the
  papers to the library and drawing its answers (\`paper-margin:record\` measures).
  Hugging Face goes up to 5 000 cards: a 10 000-card page is 150 MB of HTML (15 KB of card and JSON per paper, as
  on the real page), more than request interception hands to Chromium; arXiv's 10 000-card page (44 MB) is measured. *Floor* = in the same page and run, a bare
  \`document.querySelectorAll(<the adapter's card selector>)\` reading every card's \`textContent\` (median of 9
  passes). *Ratio* = median / floor. Budget at 1 000 cards: ≤ 30 ms **and** ≤ 2× floor.
- **Incremental +50 cards** — on the 1 000-card Hugging Face page, after the first scan, 50 more cards (the same real
  card, new ids) are appended in one go; the median is the sum of the *new* scan measures. *Baseline* = that run's
  1 000-card scan × 50/1 000: a ratio near 1 means the cost follows the new cards, not the 1 050 on the page.
- **Longest task** — the longest main-thread task that ran part of a scan, from a Chromium trace (categories
  \`toplevel,blink.user_timing\`, recorded from DOMContentLoaded until the last answer of the library is drawn; the
  extension's tasks are those overlapping its \`paper-margin:scan\` and \`paper-margin:record\` measures). The Long Tasks API is
  not enough here: the scan runs in a microtask checkpoint after an extension message
  (\`BlinkScheduler_PerformMicrotaskCheckpoint\`), which is not a \`RunTask\` and gets no \`longtask\` entry. The
  note gives the longest task of any kind in the traced window and what a \`PerformanceObserver({ type: 'longtask',
  buffered: true })\` registered before navigation reported between navigation and the last card marked (0 if
  none). Budget < 50 ms.
- **Page load to idle** — the real saved pages \`test/fixtures/huggingface/daily-2024-08-01.html\` and
  \`daily-2026-09-28.html\`: milliseconds from navigation start to the first \`requestIdleCallback\` after the
  \`load\` event — and, with the extension, after every expected card is marked and its UI drawn complete
  (\`data-state="ready"\`: the library's answer, markers and code links in). *Baseline* = the same page in a
  second Chromium launched without the extension; runs alternate between the two. Budget: ratio ≤ 1.05.
- **Bundle size** — the files the built manifest names (content scripts, web-accessible resources, background,
  popup, options), minified as \`build.mjs\` writes them. Budget for the script every feed page runs (the files of
  one \`content_scripts\` entry): ≤ 25 KB (25 600 bytes). Its rows leave out what it loads from the extension, which
  have rows of their own: \`card.css\` (sent by the background with its first answer) and \`content-actions.js\` (imported when
  the reader first acts).
- **Library of 10 000 papers** (\`bench/library.mjs\`) — each run is a **fresh profile**. The backup is generated
  (\`bench/backup.mjs\`, seeded): 10 000 papers in the \`paper-margin-backup\` v1 format, the 28 papers of the saved
  2026-09-28 Daily Papers page among them, every one annotated — notes of 1–4 sentences in eight scripts
  (Latin in six languages, Cyrillic, Greek, Arabic, Devanagari, Han, Kana, Hangul) and emoji, 1–4 tags from a pool of ~200, status, code links on most
  (≈ 15 MB). The saved page is open at \`https://huggingface.co/papers\` throughout.
  - **Import** — the file is set on the options page's file input, the preview appears, *apply* is clicked.
    *Median* = the background's \`paper-margin:import\` measure (plan + apply of the file, in the service worker;
    the file was parsed and checked for the preview, and that parse is reused when the same text is applied — a
    restarted worker parses again). *Baseline* = IndexedDB alone: the records the import wrote, read back and put
    into an empty database with the same stores and indexes, in one transaction of plain requests, in the same
    worker (one sample per run). The note gives \`JSON.parse\` of the file in the options page, the wall time from
    the click to the *Imported* message and from choosing the file to the preview (the parse, the checks and the
    plan). Budget ≤ 2 s.
  - **Export** — after the import, each format's button on the options page is clicked in turn, each waited for
    until its *Exported* message. *Median* = the background's \`paper-margin:export:<format>\` measure: reading the
    library, building the file and turning it into the download URL, not the download itself (the note gives
    click → message, download included). *Baseline* = reading the library whole (\`getAll\` of every store in one
    transaction) in the same service worker, median of 3: every format starts with that read.
    The sum row adds a run's six measures. Budget ≤ 1 s per format.
  - **Popup first render** — *Page list* = the toolbar popup, opened as a click on the extension's button opens it
    (\`chrome.action.openPopup()\` from the service worker while the feed's tab is active; the popup asks for the
    active tab): from its navigation start (the popup's \`performance.timeOrigin\`) until the first rows of *On this
    page* are in the DOM (a \`paper-margin:popup-first-row\` mark the popup sets when it commits them: no harness
    script runs in that popup before it loads); a throw-away popup, then the median of three, per run. The note
    gives when popup.js began, how long the browser took from the call to the navigation (its popup view, the same
    for any extension), and the figure the row measured until 2026-11-30: \`popup.html?tab=<the feed's tab>\` opened
    in a new tab (a \`MutationObserver\` installed before the popup's scripts), where a tab's \`about:blank\` and a
    process swap come first. *Library tab* = in that tab, from a \`click()\` on \`#tab-library\` until its first
    rows are in the DOM. *Baseline* = the same popup, same run, before the import (empty library; for the Library
    tab, until its *empty* message); a throw-away popup is opened first so both find popup.js compiled. The notes
    give the time to the next animation frame. Budget ≤ 100 ms each.
  - **Search keystroke** — in that popup's Library tab, four queries (a word in about a quarter of the notes, a
    tag, a title word, a word in three notes) are typed one letter at a time: each letter sets the search box's
    value and dispatches an \`input\` event. Per keystroke: from the dispatch until Preact has committed the new
    list (Preact 11 renders in a microtask queued by the state update, so a microtask queued after the dispatch
    runs after the commit), plus the style and layout of that DOM, forced at the start of the next animation frame.
    The wait for that frame is left out (it depends on where in the 16.7 ms frame the key fell); the note gives
    dispatch → next frame with it. Budget ≤ 16 ms (one frame).
  - **Note editor** — on the feed page (its cards noted by the import), a \`click()\` on each of the first 12
    cards' note button inside the card's shadow root; the time until the textarea has the focus. Once the actions
    module (\`content-actions.js\`) is loaded, that happens inside the click: the time until \`click()\` returns.
    The page's first click loads the module (a scripted click is no hover, so nothing loaded it before): its own
    row, *first of the page*, is the time until the \`focusin\`, budget ≤ 100 ms (a response that feels
    immediate). *First open* builds a card's editor; *re-open* is the same card after closing it. Two animation
    frames separate the clicks. Budget ≤ 16 ms.
${pendingLine}
## Budgets missed: before and after

Where a budget was missed, the code was changed, not the budget. Each row: the figure when the budget was first
measured, what changed since (commits in \`git log\`), and this run's figure. Kept in \`bench/history.json\`.

${historyTable(results)}

## Machine

| | |
|---|---|
| CPU | ${machine.cpu} |
| \`nproc\` | ${machine.nproc} |
| Browser | ${machine.browser} (headless) |
| Node | ${machine.node} (${machine.platform}) |
| Revision | ${revision} |
| Run | ${startedAt}, ${Math.round(seconds)} s; 1-minute load average ${machine.loadBefore.toFixed(1)} before, ${machine.loadAfter.toFixed(1)} after |

## Results

${passed} within budget, ${failed} over budget or failed.

${markdownTable(results)}
`;
}
