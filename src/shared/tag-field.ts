// The tag fields of the card's editor and of the popup: one text of comma-separated tags each.

/** Tags as a tag field shows them: ending in a separator, ready for one more. */
export const tagsText = (tags: readonly string[]): string => (tags.length ? `${tags.join(', ')}, ` : '');

/**
 * On a tag field's focus. Tabbed into, Chromium and Firefox select a field's whole value, and the next
 * letter typed replaced every tag: the caret goes to the end instead, after a separator, ready for one
 * more. A caret or selection the reader placed (a click, a drag) is left alone. True when the field's
 * value changed (a separator added), for a caller that keeps it in state.
 */
export function readyForAnotherTag(field: HTMLInputElement): boolean {
  const { value, selectionStart, selectionEnd } = field;
  if (!value || selectionStart !== 0 || selectionEnd !== value.length) return false;
  const changed = value.trim() !== '' && !/[,;]\s*$/.test(value);
  if (changed) field.value = `${value.trimEnd()}, `;
  field.setSelectionRange(field.value.length, field.value.length);
  return changed;
}
