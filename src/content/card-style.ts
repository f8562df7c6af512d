import { extensionUrl } from '../shared/runtime';

// The cards' styles (card.css, minified by the build) come with the library's first answer for the
// page, which the cards are drawn on; a script reads the file itself (a web-accessible resource) only
// when that answer does not bring them. Set in each card's shadow root; cards drawn before they came
// get them when they come.
let css: string | undefined;
// A request for them is out: in a record message, or a read of the file.
let pending = false;
const waiting = new Set<HTMLStyleElement>();

/**
 * True when the next message to the library should ask for the styles: none yet and none on the way.
 * The caller then asks; one request at a time, so a long page's batches do not each bring them.
 */
export function askForCardStyle(): boolean {
  if (css !== undefined || pending) return false;
  pending = true;
  return true;
}

/** The styles, from the library's answer or bundled in (the generic script runs where card.css is not web-accessible). */
export function provideCardStyle(text: string): void {
  if (css !== undefined) return;
  css = text;
  pending = false;
  for (const style of waiting) style.textContent = text;
  waiting.clear();
}

/**
 * Reads card.css when the library's answer did not bring it; never throws (an orphaned script's
 * `getURL` does), `warn` hears why it failed. The cards stay unstyled but usable meanwhile, and a
 * later answer may still bring the styles.
 */
export function loadCardStyle(warn: (error: unknown) => void): void {
  if (css !== undefined) return;
  pending = true;
  Promise.resolve()
    .then(() => fetch(extensionUrl('card.css')))
    .then((response) => {
      if (!response.ok) throw new Error(`card.css: HTTP ${response.status}`);
      return response.text();
    })
    .then(provideCardStyle, (error: unknown) => {
      pending = false;
      warn(error);
    });
}

/** A `<style>` for one card's shadow root, with the card styles now or once they come. */
export function cardStyle(): HTMLStyleElement {
  const style = document.createElement('style');
  if (css !== undefined) style.textContent = css;
  else waiting.add(style);
  return style;
}
