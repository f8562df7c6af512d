import { callBackground } from '../shared/call';
import { FIND_LINKS_LIMITS, type FoundLinks, LINK_ATTRIBUTE, errorMessage } from '../shared/messages';
import { safeHref } from './dom';

// The only style Paper Margin puts into the page itself (links inside the page's text cannot live in
// our shadow roots): it comes with the background's first answer about links, not in the script.
let pageCss: string | undefined;

function ensurePageStyle(): void {
  if (pageCss === undefined || document.querySelector(`style[${LINK_ATTRIBUTE}]`)) return;
  const style = document.createElement('style');
  style.setAttribute(LINK_ATTRIBUTE, '');
  style.textContent = pageCss;
  (document.head ?? document.documentElement).append(style);
}

/** Shows or hides the style of the links highlighted in the page (its site switched on or off). */
export function styleLinks(on: boolean): void {
  const style = document.querySelector<HTMLStyleElement>(`style[${LINK_ATTRIBUTE}]`);
  if (style) style.disabled = !on;
}

// Elements asked about in one task (the cards of one scan slice) go to the background in one message,
// or several when they hold more than the background reads from one.
const { urls: MAX_URLS, texts: MAX_TEXTS, textLength: MAX_TEXT } = FIND_LINKS_LIMITS;
let queue: Array<{ anchors: Element[]; texts: Text[]; values: string[] }> = [];
let flushed: Promise<void> = Promise.resolve();

/**
 * Highlights the code links in an abstract shown on the page: anchors the page already has get our
 * attribute, and URLs written as plain text become links. The background says which they are (the
 * code-link engine lives there); text is then split and rebuilt as text nodes and anchors, and nothing
 * is ever parsed as HTML. A text the page changed meanwhile is left as it is. Resolves once drawn.
 */
export function highlightLinks(element: Element): Promise<void> {
  const anchors = [...element.querySelectorAll('a[href]')];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    // Text inside an existing link stays as it is; a cheap test keeps prose without URLs at home.
    const value = node.nodeValue ?? '';
    if (value.length <= MAX_TEXT && !node.parentElement?.closest('a') && /https?:|www\.|\.(?:com|org|io|net|science)\//i.test(value)) texts.push(node as Text);
  }
  if (anchors.length === 0 && texts.length === 0) return Promise.resolve();
  if (queue.length === 0) flushed = Promise.resolve().then(flush);
  queue.push({ anchors, texts, values: texts.map((text) => text.nodeValue ?? '') });
  return flushed;
}

async function flush(): Promise<void> {
  const batch = queue;
  queue = [];
  const anchors = batch.flatMap((entry) => entry.anchors);
  const texts = batch.flatMap((entry) => entry.texts);
  const values = batch.flatMap((entry) => entry.values);
  // In messages within what the background answers (it reads no more than these).
  const chunks: Array<Promise<boolean>> = [];
  for (let at = 0; at * MAX_URLS < anchors.length || at * MAX_TEXTS < texts.length; at++) {
    chunks.push(
      draw(
        anchors.slice(at * MAX_URLS, (at + 1) * MAX_URLS),
        texts.slice(at * MAX_TEXTS, (at + 1) * MAX_TEXTS),
        values.slice(at * MAX_TEXTS, (at + 1) * MAX_TEXTS),
      ),
    );
  }
  if ((await Promise.all(chunks)).some(Boolean)) ensurePageStyle();
}

/** Asks about one chunk and marks what the answer says; true when anything was marked. */
async function draw(anchors: Element[], texts: Text[], sent: string[]): Promise<boolean> {
  let found: FoundLinks;
  try {
    const urls = anchors.map((anchor) => anchor.getAttribute('href') ?? '');
    found = await callBackground('findLinks', { urls, texts: sent, ...(pageCss === undefined && { style: true }) });
    pageCss ??= found.style;
  } catch (error) {
    console.warn('[paper-margin]', errorMessage(error));
    return false;
  }
  let changed = false;
  anchors.forEach((anchor, index) => {
    const kind = found.urls[index];
    if (kind) {
      anchor.setAttribute(LINK_ATTRIBUTE, kind);
      changed = true;
    }
  });
  texts.forEach((text, index) => {
    const ranges = found.texts[index] ?? [];
    if (ranges.length === 0 || !text.isConnected || text.nodeValue !== sent[index]) return;
    text.replaceWith(...linkedParts(sent[index]!, ranges));
    changed = true;
  });
  return changed;
}

/** The text as text nodes and our anchors, one anchor per range (as written, with its cleaned-up URL). */
function linkedParts(value: string, ranges: FoundLinks['texts'][number]): Node[] {
  const parts: Node[] = [];
  let plain = 0;
  for (const [start, end, url, kind] of ranges) {
    const href = safeHref(url);
    if (!href || start < plain || end > value.length) continue;
    if (start > plain) parts.push(document.createTextNode(value.slice(plain, start)));
    const anchor = document.createElement('a');
    anchor.href = href;
    anchor.target = '_blank';
    anchor.rel = 'noopener noreferrer';
    anchor.setAttribute(LINK_ATTRIBUTE, kind);
    anchor.textContent = value.slice(start, end);
    parts.push(anchor);
    plain = end;
  }
  if (plain < value.length) parts.push(document.createTextNode(value.slice(plain)));
  return parts;
}
