/**
 * Moves focus between a list's papers with ↑/↓, as in a list box: from one element matching `rows`
 * (a Library row's button, a page paper's title) to the next or the one before. ↑ on the first goes
 * back to `before` (the Library's search box, whose ↓ led there), when there is one.
 */
export function moveFocus(event: KeyboardEvent, list: HTMLElement | null, rows: string, before?: HTMLElement | null): void {
  if (!list || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) return;
  const targets = [...list.querySelectorAll<HTMLElement>(rows)];
  const at = targets.indexOf(document.activeElement as HTMLElement);
  // Inside a paper's fields (its note, its status menu) the arrows are the field's own.
  if (at < 0) return;
  const next = targets[event.key === 'ArrowDown' ? at + 1 : at - 1] ?? (at === 0 && event.key === 'ArrowUp' ? before : undefined);
  if (next) {
    event.preventDefault();
    next.focus();
  }
}
