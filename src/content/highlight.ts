import { classifyLink, splitLinks } from '../shared/code-links';
import { safeHref } from './dom';

/** The attribute on every link Paper Margin highlights inside the page's own text. */
const LINK_ATTRIBUTE = 'data-paper-margin-link';

// The only style Paper Margin puts into the page itself: links inside the page's text cannot live in
// our shadow roots. It styles nothing but elements carrying our attribute.
const PAGE_CSS = `a[${LINK_ATTRIBUTE}]{background:#dcfce7;color:#166534;border-radius:3px;padding:0 2px;text-decoration:underline}
a[${LINK_ATTRIBUTE}="project"],a[${LINK_ATTRIBUTE}="data"]{background:#e0f2fe;color:#075985}
@media (prefers-color-scheme:dark){a[${LINK_ATTRIBUTE}]{background:#14532d;color:#bbf7d0}
a[${LINK_ATTRIBUTE}="project"],a[${LINK_ATTRIBUTE}="data"]{background:#0c4a6e;color:#bae6fd}}`;

function ensurePageStyle(): void {
  if (document.querySelector(`style[${LINK_ATTRIBUTE}]`)) return;
  const style = document.createElement('style');
  style.setAttribute(LINK_ATTRIBUTE, '');
  style.textContent = PAGE_CSS;
  (document.head ?? document.documentElement).append(style);
}

/**
 * Highlights the code links in an abstract shown on the page: anchors the page already has get our
 * attribute, and URLs written as plain text become links. Text is split and rebuilt as text nodes
 * and anchors; nothing is ever parsed as HTML.
 */
export function highlightLinks(element: Element): void {
  let changed = false;
  for (const anchor of element.querySelectorAll('a[href]')) {
    const link = classifyLink(anchor.getAttribute('href') ?? '');
    if (link) {
      anchor.setAttribute(LINK_ATTRIBUTE, link.kind);
      changed = true;
    }
  }
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    // Text inside an existing link stays as it is; cheap test before the real split.
    if (!node.parentElement?.closest('a') && /https?:|www\.|\.(?:com|org|io|net|science)\//i.test(node.nodeValue ?? '')) texts.push(node as Text);
  }
  for (const text of texts) {
    const segments = splitLinks(text.nodeValue ?? '');
    if (!segments.some((segment) => segment.link)) continue;
    const parts = segments.map(({ text: part, link }) => {
      const href = link && safeHref(link.url);
      if (!href) return document.createTextNode(part);
      const anchor = document.createElement('a');
      anchor.href = href;
      anchor.target = '_blank';
      anchor.rel = 'noopener noreferrer';
      anchor.setAttribute(LINK_ATTRIBUTE, link.kind);
      anchor.textContent = part;
      return anchor;
    });
    text.replaceWith(...parts);
    changed = true;
  }
  if (changed) ensurePageStyle();
}
