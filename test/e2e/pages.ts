import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeEntities } from '../../src/shared/paper';

/** A saved page and the real URL it is served at. */
export interface ServedPage {
  url: string;
  file: string;
}

const fixtures = new URL('../fixtures/', import.meta.url).pathname;

export const HF_2024: ServedPage = {
  url: 'https://huggingface.co/papers?date=2024-08-01',
  file: `${fixtures}huggingface/daily-2024-08-01.html`,
};
export const HF_2026: ServedPage = {
  url: 'https://huggingface.co/papers',
  file: `${fixtures}huggingface/daily-2026-09-28.html`,
};

export const HF_PAPER: ServedPage = {
  url: 'https://huggingface.co/papers/2509.24002',
  file: `${fixtures}huggingface/paper-2509.24002-2025.html`,
};
export const ARXIV_SEARCH: ServedPage = {
  url: 'https://arxiv.org/search/?searchtype=abstract&query=distributed+systems&size=200',
  file: `${fixtures}arxiv/search-abstract-2025-12.html`,
};
export const ARXIV_NEW: ServedPage = { url: 'https://arxiv.org/list/cs.LG/new', file: `${fixtures}arxiv/list-new-2025.html` };
export const ARXIV_RECENT: ServedPage = {
  url: 'https://arxiv.org/list/cs.CL/recent',
  file: `${fixtures}arxiv/list-recent-2023.html`,
};
export const ARXIV_CATCHUP: ServedPage = {
  url: 'https://arxiv.org/catchup/cs.LG/2025-03-20',
  file: `${fixtures}arxiv/catchup-2025.html`,
};
export const ARXIV_ABS: ServedPage = { url: 'https://arxiv.org/abs/2106.09608', file: `${fixtures}arxiv/abs-2106.09608-2021.html` };

/** Every fixture page with its expected JSON, served at the real URL written there. */
function allFixturePages(dir = fixtures): ServedPage[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return allFixturePages(path);
    if (!entry.name.endsWith('.expected.json')) return [];
    const { url } = JSON.parse(readFileSync(path, 'utf8')) as { url: string };
    return [{ url, file: path.replace(/\.expected\.json$/, '.html') }];
  });
}

export const SERVED: ServedPage[] = allFixturePages();

/** The page served for a request URL, matched on origin, path and query. */
export function findServed(url: string): ServedPage | undefined {
  const wanted = new URL(url);
  return SERVED.find((page) => {
    const candidate = new URL(page.url);
    return candidate.origin === wanted.origin && candidate.pathname === wanted.pathname && candidate.search === wanted.search;
  });
}

export function readServed(page: ServedPage): string {
  return readFileSync(page.file, 'utf8');
}

/**
 * Counts the papers in a Hugging Face page's embedded JSON, independently of the extension's code:
 * the number of cards the extension must mark.
 */
export function countJsonPapers(page: ServedPage): number {
  const props = /data-target="DailyPapers" data-props="([^"]*)"/.exec(readServed(page))?.[1];
  if (!props) throw new Error(`No DailyPapers JSON in ${page.file}`);
  return (JSON.parse(decodeEntities(props)) as { dailyPapers: unknown[] }).dailyPapers.length;
}

/** The number of papers a fixture's reviewed expected JSON lists: what the browser must mark. */
export function countExpectedPapers(page: ServedPage): number {
  const expected = JSON.parse(readFileSync(page.file.replace(/\.html$/, '.expected.json'), 'utf8')) as { papers: unknown[] };
  return expected.papers.length;
}

/** Hosts whose requests are answered from fixtures (or with an empty 404); everything else is aborted. */
export const SERVED_HOSTS = [...new Set(SERVED.map((page) => new URL(page.url).hostname))];

/**
 * Run in a feed page (`page.evaluate(focusedNote)`, Playwright or Puppeteer): the card whose note field
 * has the focus, and what the field holds. The e2e builds' open roots let it look in.
 */
export function focusedNote(): { id: string | null; text: string } | undefined {
  const host = [...document.querySelectorAll('[data-paper-margin-ui]')].find((ui) => ui.shadowRoot?.activeElement?.tagName === 'TEXTAREA');
  return host && { id: host.getAttribute('data-paper-margin-ui'), text: (host.shadowRoot!.activeElement as HTMLTextAreaElement).value };
}

/**
 * Run in an extension page (`page.evaluate(menuItems)`, Playwright or Puppeteer): which of Paper Margin's
 * context menu items the background made. Updating an item that does not exist is refused, in both browsers.
 */
export async function menuItems(): Promise<{ findPapers: boolean; options: boolean }> {
  type Menus = { contextMenus: { update(id: string, change: object): Promise<void> } };
  const world = globalThis as unknown as { browser?: Menus; chrome: Menus };
  const menus = (world.browser ?? world.chrome).contextMenus;
  const has = (id: string) => menus.update(id, {}).then(() => true, () => false);
  return { findPapers: await has('find-papers'), options: await has('options') };
}

/**
 * A page's own script, first in its <head>: capture listeners on window and document for every event
 * that carries what is typed, into `window.__heard`. Only a content script at document_start runs earlier.
 */
export function withEavesdropper(html: string): string {
  const script = `<script>window.__heard = [];
for (const type of ['keydown', 'keypress', 'keyup', 'beforeinput', 'input', 'textInput', 'compositionend', 'paste'])
  for (const target of [window, document]) target.addEventListener(type, (event) => window.__heard.push(event.key ?? event.data ?? ''), true);
</script>`;
  return html.replace(/<head[^>]*>/, (head) => head + script);
}

/** Where a test profile's browser saves the extension's exports (Chromium's downloadsPath, Firefox's download dir). */
export function downloadsOf(profile: string): string {
  return join(profile, 'downloads');
}
