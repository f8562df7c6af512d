import type messages from '../../_locales/en/messages.json';
import type { ReadingStatus } from './annotation';
import type { LinkKind } from './paper';

/** A key of `_locales/en/messages.json`: a missing string fails to compile. */
export type MessageKey = keyof typeof messages;

type I18n = { getMessage(key: string, substitutions?: string[]): string };

// getMessage is synchronous in Chrome and Firefox alike, so the polyfill is not needed here, and
// modules using `t` stay importable in unit tests, where there is no extension API.
const api = (globalThis as { browser?: { i18n?: I18n }; chrome?: { i18n?: I18n } }).browser?.i18n ??
  (globalThis as { chrome?: { i18n?: I18n } }).chrome?.i18n;

// Strings handed over by another context: a content script gets them with the library's first answer
// for its page, because a page's first getMessage blocks the page's thread on a round trip to the
// browser (7–9 ms of a feed's load). In them, private-use marks stand where substitutions go. Kept on
// the global object, so that the actions module, a bundle of its own in the same world, reads them too.
const GIVEN = Symbol.for('paper-margin.strings');
const MARK = /[\uF000-\uF008]/g;
const given = (): Map<string, string> | undefined => (globalThis as { [GIVEN]?: Map<string, string> })[GIVEN];

/**
 * The user's-language string for a key, with `$1`-style substitutions. Falls back to the key itself
 * where the i18n API is missing (unit tests), so a test can still read which string was meant.
 */
export function t(key: MessageKey, ...substitutions: Array<string | number>): string {
  // Missing substitutions read as nothing, as in getMessage; a function keeps `$&` in values literal.
  const text =
    given()
      ?.get(key)
      ?.replace(MARK, (mark) => String(substitutions[mark.charCodeAt(0) - 0xf000] ?? '')) ?? api?.getMessage(key, substitutions.map(String));
  return text || key;
}

/** The given keys' strings in the user's language, with marks for `t` in another context to fill. */
export function messageTemplates(keys: Iterable<string>): Record<string, string> {
  const marks = Array.from({ length: 9 }, (_, index) => String.fromCharCode(0xf000 + index));
  return Object.fromEntries([...keys].map((key) => [key, api?.getMessage(key, marks) ?? '']).filter(([, template]) => template));
}

// A request for the strings is out.
let asking = false;

/** True when the next message to the background should ask for the strings: none given, none on the way. */
export function askForMessages(): boolean {
  if (given() || asking) return false;
  asking = true;
  return true;
}

/** Strings from `messageTemplates` (or `undefined`: none came), used by `t` from now on; the first ones given stay. */
export function provideMessages(templates: Record<string, string> | undefined): void {
  asking = false;
  if (!templates || given()) return;
  const strings = Object.entries(templates).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '');
  (globalThis as { [GIVEN]?: Map<string, string> })[GIVEN] = new Map(strings);
}

/** The name of each kind of link, as badges and link titles show it. */
export const LINK_KIND_MESSAGES: Record<LinkKind, MessageKey> = { code: 'linkCode', project: 'linkProject', data: 'linkData' };

/** The name of each reading status, in the order menus list them. */
export const STATUS_MESSAGES: Record<ReadingStatus, MessageKey> = {
  none: 'statusNone',
  'to-read': 'statusToRead',
  read: 'statusRead',
  starred: 'statusStarred',
  skip: 'statusSkip',
};
