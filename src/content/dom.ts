/** A tiny element builder for the card UI. Text always goes in as text nodes, never as HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, string | boolean | undefined> = {},
  ...children: Array<Node | string | false | null | undefined>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  // An empty string appends nothing visible either.
  for (const child of children) if (child) element.append(child);
  return element;
}

/**
 * A shadow root for our UI, closed: a page's scripts would otherwise read the reader's notes, tags and
 * statuses in it, and press its buttons. We keep the roots we need (`getRootNode()` from inside
 * also reaches them).
 */
export function shadow(host: HTMLElement): ShadowRoot {
  return host.attachShadow({ mode: OPEN_SHADOW_ROOTS ? 'open' : 'closed' });
}

/**
 * A key Paper Margin leaves alone: made by the page's own script rather than pressed (a page could
 * otherwise triage the reader's papers), taken already, with a modifier (the browser's and the
 * page's), or typed into a field.
 */
export function notOurKey(event: KeyboardEvent): boolean {
  return !event.isTrusted || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event);
}

/**
 * True when a key event goes to a field the reader types into (a page's or ours): its keys are text.
 * Listeners outside our closed roots see their host as the target: our fields' keys stop at the root.
 */
export function isTyping(event: Event): boolean {
  const target = event.composedPath()[0];
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Only http(s) URLs ever become clickable: `javascript:` and friends from page data are dropped. */
export function safeHref(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
