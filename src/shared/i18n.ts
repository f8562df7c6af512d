import type messages from '../../_locales/en/messages.json';
import type { LinkKind } from './paper';

/** A key of `_locales/en/messages.json`: a missing string fails to compile. */
export type MessageKey = keyof typeof messages;

type I18n = { getMessage(key: string, substitutions?: string[]): string };

// getMessage is synchronous in Chrome and Firefox alike, so the polyfill is not needed here, and
// modules using `t` stay importable in unit tests, where there is no extension API.
const api = (globalThis as { browser?: { i18n?: I18n }; chrome?: { i18n?: I18n } }).browser?.i18n ??
  (globalThis as { chrome?: { i18n?: I18n } }).chrome?.i18n;

/**
 * The user's-language string for a key, with `$1`-style substitutions. Falls back to the key itself
 * where the i18n API is missing (unit tests), so a test can still read which string was meant.
 */
export function t(key: MessageKey, ...substitutions: Array<string | number>): string {
  return api?.getMessage(key, substitutions.map(String)) || key;
}

/** The name of each kind of link, as badges and link titles show it. */
export const LINK_KIND_MESSAGES: Record<LinkKind, MessageKey> = { code: 'linkCode', project: 'linkProject', data: 'linkData' };
