// Generated feed pages of N cards, built from the real saved pages: one real card is the template,
// only its arXiv id and title change; everything around the cards is the saved page as it is.
import { readFileSync } from 'node:fs';
import { FIXTURES } from './lib.mjs';

export const HF_URL = 'https://huggingface.co/papers?date=2026-09-28';
export const ARXIV_URL = 'https://arxiv.org/search/?query=bench&searchtype=all';

const HF_FILE = `${FIXTURES}huggingface/daily-2026-09-28.html`;
const ARXIV_FILE = `${FIXTURES}arxiv/search-abstract-2025-12.html`;

/** A fresh new-style arXiv id per card: `<yymm>.1xxxx` (five digits, never one of the saved page's). */
export const benchId = (prefix, index) => `${prefix}.${String(10000 + index).padStart(5, '0')}`;

// Svelte escapes attribute values as `&` → `&amp;` and `"` → `&quot;` only, as the saved page shows.
const escapeAttribute = (text) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
const unescapeAttribute = (text) => text.replaceAll('&quot;', '"').replaceAll('&amp;', '&');

function huggingfaceParts() {
  const html = readFileSync(HF_FILE, 'utf8');
  const first = html.indexOf('<article');
  const lastEnd = html.lastIndexOf('</article>') + '</article>'.length;
  const template = html.slice(first, html.indexOf('</article>', first) + '</article>'.length);
  const id = /href="\/papers\/(\d{4}\.\d{4,5})"/.exec(template)?.[1];
  const title = /<h3[^>]*><a[^>]*>([^<]+)<\/a><\/h3>/.exec(template)?.[1];
  if (!id || !title) throw new Error(`No card template in ${HF_FILE}`);

  // The DailyPapers island sits before the card grid.
  const island = html.indexOf('data-target="DailyPapers"');
  const propsStart = html.indexOf('data-props="', island) + 'data-props="'.length;
  const propsEnd = html.indexOf('"', propsStart);
  if (island < 0 || propsEnd > first) throw new Error(`Unexpected DailyPapers layout in ${HF_FILE}`);
  const data = JSON.parse(unescapeAttribute(html.slice(propsStart, propsEnd)));
  const entry = data.dailyPapers.find((candidate) => candidate.paper.id === id);
  if (!entry) throw new Error(`No JSON entry for the template card ${id}`);
  return {
    head: html.slice(0, propsStart),
    middle: html.slice(propsEnd, first),
    tail: html.slice(lastEnd),
    template,
    id,
    title,
    data,
    entry,
  };
}

let hf;

/** One Hugging Face card (outerHTML) for card `index`, and its JSON entry. */
export function huggingfaceCard(index) {
  hf ??= huggingfaceParts();
  const id = benchId(hf.id.slice(0, 4), index);
  const title = `${hf.title} (bench ${index})`;
  const html = hf.template.replaceAll(hf.id, id).replace(`>${hf.title}</a></h3>`, `>${title}</a></h3>`);
  const entry = structuredClone(hf.entry);
  entry.paper.id = id;
  entry.paper.title = title;
  entry.title = title;
  return { id, html, entry };
}

/**
 * The 2026 Daily Papers page with `count` cards: the saved page around them, the real first card as
 * the template and a matching `DailyPapers` JSON built from its real entry.
 */
export function huggingfacePage(count) {
  hf ??= huggingfaceParts();
  const cards = [];
  const entries = [];
  for (let index = 0; index < count; index++) {
    const card = huggingfaceCard(index);
    cards.push(card.html);
    entries.push(card.entry);
  }
  const props = escapeAttribute(JSON.stringify({ ...hf.data, dailyPapers: entries }));
  // The saved page separates cards with Svelte's empty comment anchors.
  return `${hf.head}${props}${hf.middle}${cards.join('<!---->')}${hf.tail}`;
}

function arxivParts() {
  const html = readFileSync(ARXIV_FILE, 'utf8');
  const first = html.indexOf('<li class="arxiv-result"');
  const listEnd = html.indexOf('</ol>', first);
  // The first result whose abstract links its code, so the code-link path is part of the work.
  let template;
  for (let start = first; start >= 0 && start < listEnd; start = html.indexOf('<li class="arxiv-result"', start + 1)) {
    const li = html.slice(start, html.indexOf('</li>', start) + '</li>'.length);
    if (li.includes('https://github.com/')) {
      template = li;
      break;
    }
  }
  const id = template && /arxiv\.org\/abs\/(\d{4}\.\d{4,5})"/.exec(template)?.[1];
  const title = template && /<p class="title is-5 mathjax">\s*([^<]*?)\s*<\/p>/.exec(template)?.[1];
  if (!id || !title) throw new Error(`No result template in ${ARXIV_FILE}`);
  return { head: html.slice(0, first), tail: html.slice(listEnd), template, id, title };
}

let arxiv;

/** One arXiv search result (outerHTML) for result `index`. */
export function arxivResult(index) {
  arxiv ??= arxivParts();
  const id = benchId(arxiv.id.slice(0, 4), index);
  return arxiv.template.replaceAll(arxiv.id, id).replace(arxiv.title, `${arxiv.title} (bench ${index})`);
}

/** The December 2025 search-results page with `count` results, each a copy of one real result. */
export function arxivPage(count) {
  arxiv ??= arxivParts();
  const results = [];
  for (let index = 0; index < count; index++) results.push(arxivResult(index));
  return `${arxiv.head}${results.join('\n\n  ')}\n\n${arxiv.tail}`;
}
