import { extensionUrl } from '../shared/runtime';

// The cards' styles live in card.css (a web-accessible resource, minified by the build): read once
// per page, while the page's papers go to the library (cards are drawn on its answer), and set in
// each card's shadow root. Cards drawn before it came get it when it comes.
let css: string | undefined;
const waiting = new Set<HTMLStyleElement>();

/** For scripts that bundle the styles in (the generic script runs where card.css is not web-accessible). */
export function provideCardStyle(text: string): void {
  css = text;
}

/** Starts reading card.css; `warn` hears why it failed (the cards then stay unstyled, still usable). */
export function loadCardStyle(warn: (error: unknown) => void): void {
  if (css !== undefined) return;
  fetch(extensionUrl('card.css'))
    .then((response) => {
      if (!response.ok) throw new Error(`card.css: HTTP ${response.status}`);
      return response.text();
    })
    .then(
      (text) => {
        css = text;
        for (const style of waiting) style.textContent = text;
        waiting.clear();
      },
      (error: unknown) => {
        // Unstyled from now on: keep no card waiting (a removed card would stay in memory).
        css = '';
        waiting.clear();
        warn(error);
      },
    );
}

/** A `<style>` for one card's shadow root, with the card styles now or once they are read. */
export function cardStyle(): HTMLStyleElement {
  const style = document.createElement('style');
  if (css !== undefined) style.textContent = css;
  else waiting.add(style);
  return style;
}
