import { extensionUrl } from '../shared/runtime';

// The cards' styles (card.css, minified by the build) come with the library's first answer for the
// page, which the cards are drawn on; a script reads the file itself (a web-accessible resource) only
// when that answer does not come. Set in each card's shadow root; cards drawn before they came get
// them when they come.
let css: string | undefined;
let reading = false;
const waiting = new Set<HTMLStyleElement>();

/** True until the styles are in or being read: ask the library's answer for them. */
export function needsCardStyle(): boolean {
  return css === undefined && !reading;
}

/** The styles, from the library's answer or bundled in (the generic script runs where card.css is not web-accessible). */
export function provideCardStyle(text: string): void {
  if (css !== undefined) return;
  css = text;
  for (const style of waiting) style.textContent = text;
  waiting.clear();
}

/** Reads card.css; `warn` hears why it failed (the cards then stay unstyled, still usable). */
export function loadCardStyle(warn: (error: unknown) => void): void {
  if (css !== undefined || reading) return;
  reading = true;
  fetch(extensionUrl('card.css'))
    .then((response) => {
      if (!response.ok) throw new Error(`card.css: HTTP ${response.status}`);
      return response.text();
    })
    .then(provideCardStyle, (error: unknown) => {
      // Unstyled from now on: keep no card waiting (a removed card would stay in memory).
      provideCardStyle('');
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
