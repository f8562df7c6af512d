/**
 * The key and input listeners of the editor's fields, and of the editor around them.
 *
 * On the feed hosts the key shield (shield.ts) stops the key and input events aimed at our fields
 * before any listener of the page hears them, so they never reach our root either: the shield then
 * runs these listeners itself, with the stopped event (`deliver`). A copy of the event dispatched
 * into the root would leave it again in Firefox, where the page would hear it.
 *
 * Each is also a real listener, for pages the shield does not run on (pages read on request) and
 * for events the shield leaves alone (those a script made, such as the held keys' input).
 */

/** What the listeners read of a key or input event, and may do to it. */
export interface FieldEvent {
  key: string;
  repeat: boolean;
  isComposing: boolean;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  preventDefault(): void;
  stopPropagation(): void;
}

type FieldType = 'keydown' | 'input';
type Listener = (event: FieldEvent) => void;

// One registry for every copy of this module in the content scripts' world: the on-request script
// bundles its own, and may be run on a feed whose script loaded the actions module, so the shield must
// run the listeners whichever copy registered them. Keyed by symbols, for which no element of the page
// can stand in (as one can, by its id, for a named global).
const REGISTRY = Symbol.for('paper-margin.field-listeners');
/** Where the shield finds `deliver`. */
export const DELIVER = Symbol.for('paper-margin.deliver');
const world = globalThis as { [REGISTRY]?: WeakMap<EventTarget, Partial<Record<FieldType, Listener[]>>> };
const listeners = (world[REGISTRY] ??= new WeakMap());

/** Listens for a key or input event on a field, or on an element of our root around fields. */
export function onField(target: EventTarget, type: FieldType, listener: Listener): void {
  target.addEventListener(type, listener as unknown as EventListener);
  const byType = listeners.get(target) ?? {};
  (byType[type] ??= []).push(listener);
  listeners.set(target, byType);
}

/**
 * Runs the listeners an event aimed at `field` would have reached, from the field up to its root
 * and in that order, until one stops its propagation.
 */
export function deliver(field: Element, event: Event): void {
  if (event.type !== 'keydown' && event.type !== 'input') return;
  const key = event as Partial<KeyboardEvent>;
  let stopped = false;
  const seen: FieldEvent = {
    key: key.key ?? '',
    repeat: key.repeat ?? false,
    isComposing: key.isComposing ?? false,
    shiftKey: key.shiftKey ?? false,
    ctrlKey: key.ctrlKey ?? false,
    metaKey: key.metaKey ?? false,
    altKey: key.altKey ?? false,
    preventDefault: () => event.preventDefault(),
    stopPropagation: () => (stopped = true),
  };
  for (let node: Node | null = field; node && !stopped; node = node.parentNode) {
    for (const listener of listeners.get(node)?.[event.type] ?? []) listener(seen);
  }
}
