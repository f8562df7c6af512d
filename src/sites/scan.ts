import { linkPaper } from '../shared/code-links';
import type { Paper } from '../shared/paper';
import { readCard } from './read';
import type { SiteAdapter } from './types';

/** A card element and the paper it shows. */
export interface FoundCard {
  card: Element;
  paper: Paper;
}

/**
 * Runs an adapter over the candidate cards under `root` in document order. A candidate for which the
 * adapter throws or finds no paper is passed over: one bad card never hides the others.
 * `isDone` lets the content script skip cards it has already processed.
 */
export function scanCards<P>(
  root: ParentNode,
  adapter: SiteAdapter<P>,
  page: P,
  url: URL,
  isDone: (card: Element) => boolean = () => false,
): FoundCard[] {
  const found: FoundCard[] = [];
  for (const card of root.querySelectorAll(adapter.cardSelector)) {
    if (isDone(card)) continue;
    const paper = extractCard(adapter, card, page, url);
    if (paper) found.push({ card, paper });
  }
  return found;
}

/** One card's paper with its code links, or `undefined` where `readCard` finds none. */
export function extractCard<P>(adapter: SiteAdapter<P>, card: Element, page: P, url: URL): Paper | undefined {
  const found = readCard(adapter, card, page, url);
  return found && linkPaper(found);
}

/** Reads the page and extracts every card: the whole pipeline for the CLI and the fixture tests. */
export function extractPage(doc: Document, url: URL, adapter: SiteAdapter): FoundCard[] {
  let page: unknown;
  try {
    page = adapter.readPage(doc, url);
  } catch (error) {
    console.debug('[paper-margin] readPage failed', error);
    page = undefined;
  }
  return scanCards(doc, adapter, page, url);
}
