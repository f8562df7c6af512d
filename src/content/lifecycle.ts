/**
 * Runs page work for the current URL and starts it again after client-side navigation.
 * `start(url, signal)` answers the scan to run now and whenever new nodes appear (or nothing, when
 * the page is not one we handle); the signal is aborted when the URL changes.
 */
export function watchPage(start: (url: URL, signal: AbortSignal) => (() => unknown) | undefined): void {
  let href = '';
  let controller = new AbortController();
  let scan: (() => unknown) | undefined;
  let queued = false;

  const run = () => {
    queued = false;
    if (location.href !== href) {
      href = location.href;
      controller.abort();
      controller = new AbortController();
      scan = start(new URL(href), controller.signal);
    }
    scan?.();
  };

  // One batch per ~frame: a re-render that adds 100 nodes costs one scan, and the selector query skips
  // processed cards, so the work is proportional to the new cards.
  const schedule = () => {
    if (queued) return;
    queued = true;
    setTimeout(run, 16);
  };

  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        // Our own card UI being appended is not news.
        if (node.nodeType === Node.ELEMENT_NODE && !(node as Element).hasAttribute('data-paper-margin-ui')) {
          schedule();
          return;
        }
      }
    }
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  addEventListener('popstate', schedule);
  run();
}
