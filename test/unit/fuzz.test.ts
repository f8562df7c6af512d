/**
 * Mutation fuzzing of every fixture page: 1000 random DOM mutations per page (nodes deleted,
 * duplicated, moved, inserted; attributes and embedded JSON garbled; text swapped), in rounds, with an
 * extraction after each round. Adapters must never throw, and every paper they return must keep the
 * model's promises: a well-formed id, a title, http(s) links only, no `javascript:` URL anywhere.
 *
 * Deterministic: `FUZZ_SEED=<n> npx vitest run test/unit/fuzz.test.ts` replays a run (the default seed
 * is fixed); a failure prints the seed, the round and the mutations since the page was last re-parsed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Paper } from '../../src/shared/paper';
import { expectAdapter, generic } from '../../src/sites/index';
import { extractPage } from '../../src/sites/scan';
import type { SiteAdapter } from '../../src/sites/types';
import { type Expected, listFixtures, loadDocument } from '../helpers/fixtures';
import { type Rng, seededRandom } from '../helpers/random';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) >>> 0 : 0x5eed2025;
const MUTATIONS_PER_PAGE = 1000;
/** Rounds between re-parses of the original page: damage accumulates, then starts over. */
const REPARSE_EVERY = 10;


/** FNV-1a, to give each page its own seed derived from the run's seed. */
function hash(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let index = 0; index < text.length; index++) h = Math.imul(h ^ text.charCodeAt(index), 0x01000193) >>> 0;
  return h;
}

const JUNK = [
  '',
  ' ',
  'javascript:alert(1)',
  ' JaVaScRiPt:alert(document.domain)',
  'java\tscript:alert(1)',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  '//evil.example/x',
  'https://github.com/owner/repo',
  'https://github.com/owner/repo"><script>',
  'javascript:https://github.com/a/b',
  'https://arxiv.org/abs/2501.00001v3',
  '/papers/2501.00001',
  '/abs/hep-th/9901001',
  'https://huggingface.co/papers/2407.21783',
  'https://doi.org/10.1234/ABC',
  'Jung, Whie, Lee, Dong Hoon, Hong, Seunghoon',
  'Code: https://github.com/a/b (coming soon)',
  '\u0000\u202e\ufeff\u2028',
  '%E0%A4%A',
  '\ud800',
  '{"dailyPapers":[',
  'null',
  '[]',
  '{}',
  '-1',
  'NaN',
  '1e400',
  '\\u0000',
  'x'.repeat(3000),
  '\u{1f642}'.repeat(200),
  'https://'.repeat(300),
];

const TAGS = ['h1', 'h3', 'p', 'a', 'strong', 'article', 'li', 'dt', 'dd', 'div', 'span', 'br', 'script', 'meta', 'section'];
const ATTRIBUTES = ['href', 'class', 'data-props', 'data-target', 'content', 'name', 'property', 'rel', 'id', 'role', 'title', 'hidden'];

/** What a randomly typed JSON value looks like after a schema change or an attack. */
function junkValue(rng: Rng): unknown {
  switch (rng.int(8)) {
    case 0:
      return null;
    case 1:
      return rng.pick([-1, 0, 1.5, 1e308, Number.MAX_SAFE_INTEGER]);
    case 2:
      return rng.pick(JUNK);
    case 3:
      return [];
    case 4:
      return { name: rng.pick(JUNK), id: rng.pick(JUNK) };
    case 5:
      return rng.chance(0.5);
    case 6:
      return [rng.pick(JUNK), null, { paper: null }];
    default:
      return { paper: { id: rng.pick(JUNK), title: rng.pick(JUNK), authors: rng.pick(JUNK) } };
  }
}

/** Replaces one value, found by a random walk from the root, with a junk value. */
function retype(value: unknown, rng: Rng, depth = 0): unknown {
  if (depth > 12 || value === null || typeof value !== 'object' || rng.chance(0.08)) return junkValue(rng);
  const keys = Object.keys(value);
  const key = rng.pick(keys);
  if (key === undefined) return junkValue(rng);
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
  copy[key] = retype(copy[key], rng, depth + 1);
  return copy;
}

function garble(value: string, rng: Rng): string {
  switch (rng.int(6)) {
    case 0:
      return value.slice(0, rng.int(value.length + 1));
    case 1:
      return rng.pick(JUNK)!;
    case 2:
      return `javascript:${value}`;
    case 3:
      return `${value.slice(0, rng.int(value.length + 1))}"><script>alert(1)</script>`;
    case 4:
      return value + rng.pick(JUNK)!;
    default:
      return value.split('').reverse().join('');
  }
}

interface Target {
  doc: Document;
  rng: Rng;
  /** The page's elements and cards when the round began (querying them per mutation costs more than extracting). */
  elements: Element[];
  cards: Element[];
}

/** A connected random element: half the time anywhere, half the time in or on a card, where adapters look. */
function pickElement({ rng, elements, cards }: Target): Element | undefined {
  for (let tries = 0; tries < 5; tries++) {
    let element: Element | undefined;
    const card = rng.chance(0.5) ? rng.pick(cards) : undefined;
    if (card) element = rng.chance(0.2) ? card : (rng.pick([...card.querySelectorAll('*')]) ?? card);
    else element = rng.pick(elements);
    if (element?.isConnected) return element;
  }
  return undefined;
}

function pickText(target: Target): Text | undefined {
  for (let tries = 0; tries < 10; tries++) {
    const element = pickElement(target);
    const texts = element ? [...element.childNodes].filter((node): node is Text => node.nodeType === 3) : [];
    const text = target.rng.pick(texts);
    if (text) return text;
  }
  return undefined;
}

const describeElement = (element: Element): string =>
  `<${element.localName}${element.id ? `#${element.id}` : ''}${element.getAttribute('class') ? `.${element.getAttribute('class')!.trim().split(/\s+/).join('.')}` : ''}>`.slice(0, 120);
const show = (text: string): string => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);

/** Each mutation changes the page and says what it did, or returns undefined when it found nothing to change. */
const MUTATIONS: Record<string, (target: Target) => string | undefined> = {
  delete(target) {
    const element = pickElement(target);
    if (!element || element === target.doc.documentElement) return undefined;
    element.remove();
    return `delete ${describeElement(element)}`;
  },
  deleteText(target) {
    const text = pickText(target);
    if (!text) return undefined;
    text.remove();
    return `delete text ${show(text.data)}`;
  },
  duplicate(target) {
    const element = pickElement(target);
    // A copy of the whole page would double it each time.
    if (!element || /^(?:html|head|body)$/.test(element.localName) || (element.textContent?.length ?? 0) > 20_000) return undefined;
    element.after(element.cloneNode(true));
    return `duplicate ${describeElement(element)}`;
  },
  move(target) {
    const element = pickElement(target);
    const parent = pickElement(target);
    if (!element || !parent || element === target.doc.documentElement || element.contains(parent)) return undefined;
    if (target.rng.chance(0.5)) parent.append(element);
    else parent.prepend(element);
    return `move ${describeElement(element)} into ${describeElement(parent)}`;
  },
  insert(target) {
    const parent = pickElement(target);
    if (!parent) return undefined;
    const { rng, doc } = target;
    const element = doc.createElement(rng.pick(TAGS)!);
    element.textContent = rng.pick(JUNK)!;
    element.setAttribute(rng.pick(ATTRIBUTES)!, rng.pick(JUNK)!);
    if (element.localName === 'meta') element.setAttribute('name', rng.pick(['citation_title', 'citation_author', 'citation_doi', 'citation_arxiv_id', 'og:url'])!);
    if (rng.chance(0.5)) parent.append(element);
    else parent.before(element);
    return `insert ${describeElement(element)} ${show(element.textContent)} at ${describeElement(parent)}`;
  },
  attribute(target) {
    const element = pickElement(target);
    if (!element) return undefined;
    const { rng } = target;
    const existing = element.getAttributeNames();
    const name = rng.chance(0.7) && existing.length ? rng.pick(existing)! : rng.pick(ATTRIBUTES)!;
    if (rng.chance(0.1)) {
      element.removeAttribute(name);
      return `remove ${name} of ${describeElement(element)}`;
    }
    const value = garble(element.getAttribute(name) ?? '', rng);
    element.setAttribute(name, value);
    return `set ${name}=${show(value)} on ${describeElement(element)}`;
  },
  headTag(target) {
    const { doc, rng } = target;
    const tag = rng.pick([...doc.querySelectorAll('meta, link, title')]);
    if (!tag) return undefined;
    const name = rng.pick(['content', 'href', 'name', 'property', 'rel'])!;
    const value = garble(tag.getAttribute(name) ?? '', rng);
    tag.setAttribute(name, value);
    return `set ${name}=${show(value)} on ${describeElement(tag)} ${show(tag.getAttribute('name') ?? tag.getAttribute('property') ?? '')}`;
  },
  json(target) {
    const { doc, rng } = target;
    const holder = rng.pick([...doc.querySelectorAll('[data-props]')]);
    if (!holder) return undefined;
    const props = holder.getAttribute('data-props') ?? '';
    if (rng.chance(0.5)) {
      const cut = rng.int(props.length + 1);
      holder.setAttribute('data-props', props.slice(0, cut));
      return `truncate data-props of ${describeElement(holder)} at ${cut}/${props.length}`;
    }
    try {
      holder.setAttribute('data-props', JSON.stringify(retype(JSON.parse(props), rng)));
      return `retype a value in data-props of ${describeElement(holder)}`;
    } catch {
      holder.setAttribute('data-props', garble(props, rng));
      return `garble unparsable data-props of ${describeElement(holder)}`;
    }
  },
  swapText(target) {
    const first = pickText(target);
    const second = pickText(target);
    if (!first || !second || first === second) return undefined;
    [first.data, second.data] = [second.data, first.data];
    return `swap text ${show(first.data)} <-> ${show(second.data)}`;
  },
  text(target) {
    const text = pickText(target);
    if (!text) return undefined;
    const before = text.data;
    text.data = garble(before, target.rng);
    return `text ${show(before)} -> ${show(text.data)}`;
  },
};
const KINDS = Object.keys(MUTATIONS);

const URL_FIELDS = ['url', 'projectPage'] as const;

/** What is wrong with one extracted paper; empty when nothing is. */
function problems(paper: Paper, adapter: SiteAdapter): string[] {
  const found: string[] = [];
  if (typeof paper.id !== 'string' || !/^(arxiv|doi|title):\S/.test(paper.id)) found.push(`bad id ${JSON.stringify(paper.id)}`);
  if (typeof paper.title !== 'string' || !paper.title.trim()) found.push(`empty title ${JSON.stringify(paper.title)}`);
  if (!Array.isArray(paper.authors) || paper.authors.some((author) => typeof author !== 'string')) found.push('authors not strings');
  if (paper.source !== adapter.id) found.push(`source ${JSON.stringify(paper.source)}`);
  if (!Array.isArray(paper.codeLinks)) found.push('codeLinks not an array');
  for (const link of Array.isArray(paper.codeLinks) ? paper.codeLinks : []) {
    if (typeof link?.url !== 'string' || !/^https?:\/\//i.test(link.url)) found.push(`code link ${JSON.stringify(link?.url)}`);
  }
  for (const field of URL_FIELDS) {
    const value = paper[field];
    if (value !== undefined && (typeof value !== 'string' || !/^https?:\/\//i.test(value))) found.push(`${field} ${JSON.stringify(value)}`);
  }
  // No javascript: URL, whatever the scheme check above let through (e.g. `https://x/?u=javascript:`
  // is harmless text, but a field holding a bare `javascript:` URL never is).
  const urls = [...URL_FIELDS.map((field) => paper[field]), ...(Array.isArray(paper.codeLinks) ? paper.codeLinks.map((link) => link?.url) : [])];
  for (const value of urls) {
    // Browsers skip leading spaces and control characters before a scheme.
    const start = typeof value === 'string' ? [...value].findIndex((char) => char.charCodeAt(0) > 32) : -1;
    if (start >= 0 && /^javascript:/i.test((value as string).slice(start))) found.push(`javascript: URL ${JSON.stringify(value)}`);
  }
  return found;
}

/** A page, the adapter and URL it is read with: its expected JSON's, or the generic adapter for pages of other tests. */
const pages = listFixtures().map((fixture) => {
  const expected = existsSync(fixture.expectedPath) ? (JSON.parse(readFileSync(fixture.expectedPath, 'utf8')) as Expected) : undefined;
  return {
    name: fixture.name,
    html: fixture.html,
    adapter: expected ? expectAdapter(expected.adapter) : (generic as SiteAdapter),
    url: new URL(expected?.url ?? 'https://unknown.invalid/'),
  };
});

const stats: string[] = [];
afterAll(() => {
  if (stats.length) console.log(`fuzz (FUZZ_SEED=${SEED}):\n  ${stats.join('\n  ')}`);
});

interface FuzzPage {
  name: string;
  html: string;
  adapter: SiteAdapter;
  url: URL;
}

/** Mutates and extracts `page` round after round; throws with the seed and the mutation log at the first problem. */
function fuzz({ name, html, adapter, url }: FuzzPage, rounds: number, seed = SEED): { papers: number; mutations: number } {
  const perRound = MUTATIONS_PER_PAGE / rounds;
  const pageSeed = hash(name, seed);
  const rng = seededRandom(pageSeed);
  const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
  let doc = loadDocument(html);
  let log: string[] = [];
  let mutations = 0;
  let papers = 0;
  try {
    for (let round = 0; round < rounds; round++) {
      if (round % REPARSE_EVERY === 0 && round > 0) {
        doc = loadDocument(html);
        log = [];
      }
      const target: Target = { doc, rng, elements: [...doc.querySelectorAll('*')], cards: [...doc.querySelectorAll(adapter.cardSelector)] };
      for (let count = 0; count < perRound; count++) {
        const kind = rng.pick(KINDS)!;
        // A mutation that found nothing to change is still one of the 1000: pages without JSON get none.
        const done = MUTATIONS[kind]!(target);
        mutations++;
        log.push(`  r${round}.${count} ${done ?? `${kind}: nothing to change`}`);
      }
      const fail = (problem: string): never => {
        throw new Error(
          `fuzz failure on ${name}: FUZZ_SEED=${seed} (page seed ${pageSeed}), round ${round}: ${problem}\n` +
            `mutations since the last re-parse:\n${log.join('\n')}`,
        );
      };
      let found: ReturnType<typeof extractPage> = [];
      try {
        found = extractPage(doc, url, adapter);
      } catch (error) {
        fail(`extractPage threw ${(error as Error)?.stack ?? String(error)}`);
      }
      // scanCards and extractPage catch what an adapter throws and report it on console.debug.
      const thrown = debug.mock.calls[0];
      if (thrown) fail(`the adapter threw: ${String(thrown[0])} ${(thrown[1] as Error)?.stack ?? String(thrown[1])}`);
      for (const { paper } of found) {
        const wrong = problems(paper, adapter);
        if (wrong.length) fail(`${wrong.join('; ')} in ${JSON.stringify(paper).slice(0, 500)}`);
      }
      papers += found.length;
    }
  } finally {
    debug.mockRestore();
  }
  return { papers, mutations };
}

describe.each(pages)('fuzzing $name', (page) => {
  // Large pages cost more per extraction: fewer rounds of more mutations, 1000 in all.
  const rounds = page.html.length > 500_000 ? 25 : page.html.length > 150_000 ? 50 : 100;

  it(`survives ${MUTATIONS_PER_PAGE} mutations (${rounds} rounds of ${MUTATIONS_PER_PAGE / rounds})`, () => {
    const start = performance.now();
    const { papers, mutations } = fuzz(page, rounds);
    stats.push(`${page.name}: ${mutations} mutations, ${rounds} extractions, ${papers} papers checked, ${(performance.now() - start).toFixed(0)} ms`);
  });
});

describe('the fuzz harness', () => {
  const digest = pages.find((page) => page.name === 'generic/digest-2025.html')!;

  it('reports an adapter that throws, with the seed and the mutations', () => {
    const adapter: SiteAdapter = {
      ...(generic as SiteAdapter),
      extract(card, data, url) {
        if (card.textContent?.includes('javascript:')) throw new Error('boom');
        return generic.extract(card, data as never, url);
      },
    };
    expect(() => fuzz({ ...digest, adapter }, 100, 1)).toThrow(/FUZZ_SEED=1 .*round \d+: the adapter threw: .*boom[\s\S]*mutations since the last re-parse:\n {2}r\d+\.\d /);
  });

  it('reports a javascript: URL and a malformed id', () => {
    const badUrl: SiteAdapter = {
      ...(generic as SiteAdapter),
      extract: (card, data, url) => {
        const paper = generic.extract(card, data as never, url);
        return paper && { ...paper, url: ' javascript:alert(1)' };
      },
    };
    expect(() => fuzz({ ...digest, adapter: badUrl }, 100)).toThrow(/javascript: URL/);
    const badId: SiteAdapter = {
      ...(generic as SiteAdapter),
      extract: (card, data, url) => {
        const paper = generic.extract(card, data as never, url);
        return paper && { ...paper, id: 'title:' as Paper['id'] };
      },
    };
    expect(() => fuzz({ ...digest, adapter: badId }, 100)).toThrow(/bad id "title:"/);
  });
});
