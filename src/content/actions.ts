/**
 * What a reader does on a feed, as opposed to what every visit needs: editing (the note editor, its
 * tag input, saving), keyboard triage and the key list; and the links highlighted in an abstract's
 * text, once a card showing one is drawn.
 * Built as its own module (`content-actions.js`) and loaded on first use (`actions-loader.ts`), so
 * that every feed page starts with a smaller script; the on-request generic script bundles it in.
 */
import { DELIVER, deliver } from './field-events';

export { EditSession, type SessionHost, typeHeld } from './edit-session';
export { Triage, commandAction } from './triage';
export { highlightLinks, styleLinks } from './highlight';

// The key shield (shield.ts) runs the fields' listeners with the events it stops: see field-events.ts.
// A global of the content scripts' world, which the page cannot reach. Every copy of this module
// shares one registry of listeners, so whichever copy set it last delivers to all of them.
(globalThis as { [DELIVER]?: typeof deliver })[DELIVER] = deliver;
