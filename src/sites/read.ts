import type { FoundPaper } from '../shared/paper';
import type { SiteAdapter } from './types';

/**
 * One card's paper as the adapter reads it (code links still as sources), or `undefined` for a
 * candidate that is no paper card or that makes the adapter throw. The content scripts' entry point:
 * nothing here pulls in the code-link engine.
 */
export function readCard<P>(adapter: SiteAdapter<P>, card: Element, page: P, url: URL): FoundPaper | undefined {
  try {
    return adapter.extract(card, page, url);
  } catch (error) {
    // Adapters are written not to throw; if a new page layout makes one throw, skip the card.
    console.debug('[paper-margin]', error);
    return undefined;
  }
}

/** A page's candidate cards: the adapter's own when reading the page told which (`cardsOf`), else every match of its selector. */
export function pageCards<P>(adapter: SiteAdapter<P>, page: P, doc: Document): ArrayLike<Element> {
  return adapter.cardsOf?.(page, doc) ?? doc.querySelectorAll(adapter.cardSelector);
}
