import type { FoundPaper } from '../shared/paper';

/**
 * A site adapter: everything Paper Margin knows about one site's markup, as plain data and pure
 * functions (the zotero-translator shape). Adapters never write to the DOM, never store and never fetch,
 * so the same code runs in the content script, in unit tests and in the `paper-margin` CLI.
 */
export interface SiteAdapter<PageData = unknown> {
  /** Stable id, equal to the file name (`huggingface` for `huggingface.ts`); stored on each paper. */
  id: string;
  /** Human name for the README and the options page. */
  name: string;
  /** Manifest match patterns of the pages it runs on; a test checks them against manifest.json. */
  matches: string[];
  /** True for list pages (daily/weekly feeds, listings, search results). */
  isFeed(url: URL): boolean;
  /** True for a single paper's page. */
  isPaper(url: URL): boolean;
  /**
   * Selector for candidate card elements. It may over-match: `extract` returns `undefined` for a
   * candidate that is not a paper (a heading, an ad), and the caller ignores it.
   */
  cardSelector: string;
  /**
   * Reads what the whole page knows once per scan (embedded JSON, meta tags), so that `extract`
   * stays O(card). Must not throw on malformed pages.
   */
  readPage(doc: Document, url: URL): PageData;
  /**
   * `readPage` in small steps, for pages where reading alone would block the page (the JSON of a
   * 5 000-paper feed): the content script runs the steps between frames. Must not throw either.
   */
  readPageInSteps?(doc: Document, url: URL): Generator<void, PageData, void>;
  /**
   * The cards themselves, in page order, when reading the page tells which they are: the ones it already
   * found (generic digests), or the only kind of card the page has (arXiv). Then not every element
   * that `cardSelector` matches need be tried. `undefined`: the page's matches of `cardSelector`.
   */
  cardsOf?(page: PageData, doc: Document): ArrayLike<Element> | undefined;
  /**
   * The paper shown by one card, or `undefined` when the element is not a paper card. Must not throw.
   * Its code links come back as sources (`links`): `linkPaper` reads them, away from the page's thread.
   */
  extract(card: Element, page: PageData, url: URL): FoundPaper | undefined;
  /**
   * The element inside (or beside) a card that Paper Margin's card UI is appended to; the card itself
   * when absent. A query only: the content script does the writing.
   */
  mountPoint?(card: Element): Element | null;
  /**
   * The elements of a card that show its abstract or comments, where code links written as text are
   * turned into highlighted links in place. A query only; none when absent.
   */
  linkableText?(card: Element, page: PageData): Element[];
}

/** Runs every step of a `readPageInSteps` at once: for the CLI and tests, where nothing else waits. */
export function runSteps<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
