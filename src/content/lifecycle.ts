import { LINK_ATTRIBUTE } from '../shared/messages';

/** What runs on a page we handle. */
export interface PageWork {
  /** Finds and decorates the cards not processed yet: at start, and whenever new nodes appear. */
  scan(): unknown;
  /** Puts back the card UIs the page took out of cards it kept (a re-render or a late hydration). */
  reattach(): void;
}

/**
 * Runs page work for the current URL and starts it again after client-side navigation.
 * `start(url, signal)` answers the work for that page (or nothing, when the page is not one we
 * handle); the signal is aborted when the URL changes. Answers a function that starts it again on
 * the same URL (the reader switched the site on or off).
 */
export function watchPage(start: (url: URL, signal: AbortSignal) => PageWork | undefined): () => void {
  let href = '';
  let controller = new AbortController();
  let work: PageWork | undefined;
  let queued = false;
  let added = false;
  let uiRemoved = false;

  const run = () => {
    queued = false;
    if (location.href !== href) {
      href = location.href;
      controller.abort();
      controller = new AbortController();
      work = start(new URL(href), controller.signal);
      added = true;
    }
    // Without work (a site switched off, a page that is no feed), UIs the page took out wait for the
    // next start; new cards need no flag kept, as every start scans (and a kept one made each later
    // batch of mutations schedule a run for nothing).
    if (work) {
      if (uiRemoved) work.reattach();
      if (added) work.scan();
      uiRemoved = false;
    }
    added = false;
  };

  // One batch per ~frame: a re-render that adds 100 nodes costs one scan, and the selector query skips
  // processed cards, so the work is proportional to the new cards.
  const schedule = () => {
    if (queued) return;
    queued = true;
    setTimeout(run, 16);
  };

  const isElement = (node: Node): node is Element => node.nodeType === Node.ELEMENT_NODE;
  const isUi = (node: Node) => isElement(node) && node.hasAttribute('data-paper-margin-ui');
  // Ours too: the links the highlighter makes of addresses written in abstracts (and their style).
  const isOurs = (node: Node) => isUi(node) || (isElement(node) && node.hasAttribute(LINK_ATTRIBUTE));
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      // What we add (a card UI, a highlighted link) is not news, and rescanning a 1 000-result page
      // for it cost 4–5 ms; a card UI taken out is news.
      if (!added) added = [...record.addedNodes].some((node) => isElement(node) && !isOurs(node));
      if (!uiRemoved) uiRemoved = [...record.removedNodes].some(isUi);
      if (added && uiRemoved) break;
    }
    // A router may show the next page by changing text alone (no element added): the URL says so.
    if (added || uiRemoved || location.href !== href) schedule();
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  addEventListener('popstate', () => {
    added = true;
    schedule();
  });
  run();
  return () => {
    href = '';
    schedule();
  };
}
