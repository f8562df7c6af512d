// Runs at document_start on the feed hosts, before any script of the page, so its capture listeners
// on `window` are the first to hear every event. On a page read on request it runs just before the
// on-request script: there the page's capture listeners on `window` added before it still hear first.
//
// Key, text and clipboard events aimed at a field in one of our closed shadow roots (the note and tag
// fields) stop there: the page's listeners never hear what the reader types into a note. A closed root
// hides the text, but not the events that cross it. Our own listeners are run with the stopped event
// (field-events.ts), which so never reaches our root either. Typing itself (the default action) still
// happens. (A copy dispatched into the root stayed there in Chrome, but left it again in Firefox.)
//
// The keys pressed on the page while an editor loads, which the feed script holds to type them into
// the editor once it is there, are held here, before the page's listeners hear them.

type World = {
  chrome?: { dom?: { openOrClosedShadowRoot(element: Element): ShadowRoot | null } };
  // Set by the feed script (main.ts): holds a key pressed while the editor's module loads. Until
  // then a page's element of that id may show here (named access): only a function is called.
  pmHold?: unknown;
  // Set by the actions module (actions.ts): runs our fields' listeners with an event (field-events.ts).
  [DELIVER]?: unknown;
  // Set by the first shield of this world: a page read on request twice, or a feed page read on request, gets it again.
  [SHIELDED]?: true;
};
// As field-events.ts's; not imported, which would bring its registry into this script.
const DELIVER = Symbol.for('paper-margin.deliver');
const SHIELDED = Symbol.for('paper-margin.shielded');
const world = globalThis as World;
// Keys whose keydown the page did not hear (held, or typed into our fields), by `code`, until their keyup.
const unheard = new Set<string>();

// After an update, Firefox runs the new content scripts in the feed tabs already open, where the card
// UIs of the old ones stay, dead (their scripts are gone): the new feed script would draw a second UI
// on every card. This runs first; had the feed script come first, its global would be set (a function:
// as in main.ts, a page's element of that id does not count), and the UIs its own. On a page that just began to load there is nothing to find.
if (!world[SHIELDED] && typeof world.pmHold != 'function') for (const ui of document.querySelectorAll('[data-paper-margin-ui]')) ui.remove();

// What a field hears as the reader types: all stopped; our fields' listeners use keydown and input.
// (dragstart: text dragged out of a note carries it in its dataTransfer, which the page could read.)
const STOPPED = ['keydown', 'keyup', 'keypress', 'beforeinput', 'input', 'textInput', 'compositionstart', 'compositionupdate', 'compositionend', 'paste', 'copy', 'cut', 'dragstart'];

/** The focused field of the UI an event goes to: outside a closed root the target is its host. */
function focusedField(target: EventTarget | null): Element | undefined {
  if (!(target instanceof Element) || !target.hasAttribute('data-paper-margin-ui')) return undefined;
  // Extension scripts may open closed roots: through Chrome's API, or Firefox's property of elements.
  const root = world.chrome?.dom ? world.chrome.dom.openOrClosedShadowRoot(target) : (target as { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot;
  const field = root?.activeElement;
  return field && ['INPUT', 'TEXTAREA', 'SELECT'].includes(field.tagName) ? field : undefined;
}

function shield(event: Event): void {
  // Events a script made are left alone: a page's never enter our root (they go to the host), and ours
  // (the held keys' input) reach our listeners as they are.
  if (!event.isTrusted) return;
  const { type } = event;
  const { code, repeat } = event as KeyboardEvent;
  // A key pressed on the page while an editor loads is held by the feed script, to be typed into the
  // editor: held here, the page's listeners never hear it, as they do not hear the editor's keys.
  // (Held before the page's own listeners, a page's shortcut key pressed meanwhile is typed too.)
  if (type === 'keydown' && typeof world.pmHold == 'function') world.pmHold(event);
  // Nothing before us can have prevented a real key: prevented, it was held.
  const held = type === 'keydown' && event.defaultPrevented;
  // Ours only when our listeners can still be run: better the page hears a key than the note loses it.
  const deliver = world[DELIVER];
  const field = held || typeof deliver != 'function' ? undefined : focusedField(event.target);
  // The page hears a key's keyup when it heard its keydown, wherever the focus went between the two
  // (Escape closes the editor on keydown; its keyup goes to the note button). A first press decides:
  // a repeat held or typed after the page heard the press leaves the page its keyup.
  if (type === 'keydown' && !repeat) unheard[held || field ? 'add' : 'delete'](code);
  if (type === 'keyup') return void (unheard.delete(code) && event.stopImmediatePropagation());
  if (!field) return;
  event.stopImmediatePropagation();
  (deliver as (field: Element, event: Event) => void)(field, event);
}

// Twice in one world, a key would be held twice, and its keyup judged by the second copy's memory.
if (!world[SHIELDED]) for (const type of STOPPED) addEventListener(type, shield, true);
world[SHIELDED] = true;

// A module (for the unit test that imports it); the build wraps it, exporting nothing.
export {};
