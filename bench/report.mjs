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

/** bench/results.json: one object per measure. */
export function jsonResults(results) {
  return results.map(({ name, value, unit, baseline, ratio, budget, ok, note }) => ({ name, value, unit, baseline, ratio, budget, ok, note }));
}

/** The whole of BENCHMARKS.md. */
export function markdown({ results, machine, runs, startedAt, seconds, revision }) {
  const failed = results.filter((result) => result.ok === false).length;
  const passed = results.filter((result) => result.ok === true).length;
  return `# Benchmarks

\`npm run bench\` builds the extension (\`node build.mjs\`) and runs \`bench/run.mjs\`: the **built** extension
(\`dist/chrome\`, minified) in headless Chromium, with every page served at its real URL by request interception —
nothing goes to the network. Each number is the **median of ${runs} runs** (page loads: at least 9); ratios are taken
within each run and their median is shown. Most of the run time is Chromium laying out the 5 000-card pages while
they load (not measured); other work on the machine makes every number larger, so the run's duration and load
average are recorded below. The run rewrites this file and \`bench/results.json\` (one object per row:
\`name, value, unit, baseline, ratio, budget, ok, note\`). \`node bench/run.mjs --runs 9 --only detection\` runs
more or fewer; \`node bench/profile.mjs [huggingface|arxiv] [cards]\` shows where a scan's time goes (a CPU profile
of an unminified content script, and the adapters timed alone in the same page).

## What the rows mean

- **Detection + extraction** — a generated feed of N cards: for Hugging Face, the saved 2026-09-28 Daily Papers
  page with its first real \`<article>\` repeated N times (new arXiv id and title each) and a matching
  \`DailyPapers\` JSON in \`data-props\`, served at \`https://huggingface.co/papers?date=2026-09-28\`; for arXiv, the
  saved December 2025 search page with one real \`li.arxiv-result\` (the first with a GitHub link in its abstract)
  repeated N times, at \`https://arxiv.org/search/?query=bench&searchtype=all\`. *Median* = the sum of the content
  script's \`paper-margin:scan\` measures until all N cards carry \`data-paper-margin-id\` (finding, extracting,
  marking and drawing each card's UI; not the background round trip). *Floor* = in the same page and run, a bare
  \`document.querySelectorAll(<the adapter's card selector>)\` reading every card's \`textContent\` (median of 9
  passes). *Ratio* = median / floor. Budget at 1 000 cards: ≤ 30 ms **and** ≤ 2× floor.
- **Incremental +50 cards** — on the 1 000-card Hugging Face page, after the first scan, 50 more cards (the same real
  card, new ids) are appended in one go; the median is the sum of the *new* scan measures. *Baseline* = that run's
  1 000-card scan × 50/1 000: a ratio near 1 means the cost follows the new cards, not the 1 050 on the page.
- **Longest task** — the longest main-thread task that ran part of a scan, from a Chromium trace (categories
  \`toplevel,blink.user_timing\`, recorded from DOMContentLoaded until the last card is marked). The Long Tasks API is
  not enough here: the scan runs in a microtask checkpoint after an extension message
  (\`BlinkScheduler_PerformMicrotaskCheckpoint\`), which is not a \`RunTask\` and gets no \`longtask\` entry. The
  note gives the longest task of any kind in the traced window and what a \`PerformanceObserver({ type: 'longtask',
  buffered: true })\` registered before navigation reported between navigation and the last card marked (0 if
  none). Budget < 50 ms.
- **Page load to idle** — the real saved pages \`test/fixtures/huggingface/daily-2024-08-01.html\` and
  \`daily-2026-09-28.html\`: milliseconds from navigation start to the first \`requestIdleCallback\` after the
  \`load\` event — and, with the extension, after every expected card is marked. *Baseline* = the same page in a
  second Chromium launched without the extension; runs alternate between the two. Budget: ratio ≤ 1.05.
- **Bundle size** — the scripts the built manifest names (content scripts, background, popup, options), minified as
  \`build.mjs\` writes them. Budget for what one page loads (the files of one \`content_scripts\` entry): ≤ 25 KB
  (25 600 bytes).
- Rows with no value and the note *not built* are measures of features still being written (\`bench/pending.mjs\`).

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
