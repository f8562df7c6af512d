/**
 * The reader's actions (`actions.ts`, built as `content-actions.js`: the note editor, keyboard triage,
 * the key list, the highlighting of links in abstracts) load the first time a reader shows they may
 * act (a triage key, the pointer or focus on a note button) or a drawn card has text to highlight
 * links in. Every visit to a feed runs the content script and most never open an editor, so pages
 * start with a smaller script. Keys pressed while the module loads are held, then replayed: typed
 * into the editor that opened, or run as triage keys.
 */
import { extensionUrl } from '../shared/runtime';
import type * as ActionsModule from './actions';
import { notOurKey } from './dom';

export type Actions = typeof ActionsModule;

let loaded: Actions | undefined;
let loading: Promise<Actions> | undefined;
// A web-accessible resource of the feed hosts only. Not `use_dynamic_url`: Chrome 130 refused content
// scripts' import() of such URLs (crbug.com/363027634), and we support Chrome 121+. The module runs in
// the content script's world.
let source = (): Promise<Actions> => import(extensionUrl('content-actions.js')) as Promise<Actions>;

/** The module, if it has loaded. */
export function actions(): Actions | undefined {
  return loaded;
}

/** Loads the module once; a failed load is tried again on the next call. */
export function loadActions(): Promise<Actions> {
  // Through a promise, so that a source that throws (an orphaned script's `getURL`) rejects like a failed import.
  loading ??= Promise.resolve().then(() => source()).then(
    (module) => (loaded = module),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** For scripts that bundle the actions in (the on-request generic script) and for tests. */
export function provideActions(module: Actions): void {
  loaded = module;
  loading = Promise.resolve(module);
}

/** Tests: load the module from elsewhere, starting afresh (a load still waiting is forgotten). */
export function setActionsSource(load: () => Promise<Actions>): void {
  source = load;
  loaded = undefined;
  loading = undefined;
  waiting = undefined;
  removeEventListener('keydown', holdKey, true);
}

// What a held key that lands in no field does once the module is there (the keyboard's triage).
let keyHandler: ((key: string) => void) | undefined;

/** Set by the keyboard: held keys that are not typed into a field go to it. */
export function onHeldKey(handler: (key: string) => void): void {
  keyHandler = handler;
}

type Waiting = { runs: Array<(module: Actions) => void>; failed: Array<(error: unknown) => void>; keys: string[] };
let waiting: Waiting | undefined;

/** Holds a key pressed while the module loads. Also called by the key shield (see main.ts). */
export function holdKey(event: KeyboardEvent): void {
  // Neither a key made by the page's script, nor one the reader types into a field of the page.
  if (!waiting || event.isComposing || notOurKey(event)) return;
  if (event.key.length !== 1 && event.key !== 'Backspace' && event.key !== 'Enter') return;
  // Neither the page nor our own listeners act on it now: it is replayed when the module is there.
  // Auto-repeats before any key was held come from the key that opened the editor, still held down
  // (`n` typed `nnn`); after one, they are that key's (a keyboard repeats the last key pressed).
  event.preventDefault();
  event.stopImmediatePropagation();
  if (!event.repeat || waiting.keys.length) waiting.keys.push(event.key);
}

/**
 * Runs `run` with the module: at once when it has loaded, else once it has, in the order asked; then
 * replays the keys held meanwhile. `failed` hears why the module could not load.
 */
export function withActions(run: (module: Actions) => void, failed: (error: unknown) => void): void {
  if (loaded) return run(loaded);
  if (waiting) {
    waiting.runs.push(run);
    waiting.failed.push(failed);
    return;
  }
  const request: Waiting = (waiting = { runs: [run], failed: [failed], keys: [] });
  addEventListener('keydown', holdKey, true);
  const settle = () => {
    if (waiting !== request) return;
    removeEventListener('keydown', holdKey, true);
    waiting = undefined;
  };
  loadActions().then(
    (module) => {
      settle();
      // One action that throws must not keep the others, or the held keys, from running.
      for (const queued of request.runs) {
        try {
          queued(module);
        } catch (error) {
          console.warn('[paper-margin]', error);
        }
      }
      replay(module, request.keys);
    },
    (error: unknown) => {
      settle();
      for (const tell of request.failed) tell(error);
    },
  );
}

/** Each held key, as it would have acted: typed into the editor field that has the focus, else given to the keyboard. */
function replay(module: Actions, keys: readonly string[]): void {
  for (const key of keys) if (!module.typeHeld(key)) keyHandler?.(key);
}
