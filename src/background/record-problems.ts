// Why a page's papers could not be recorded (a full disk, a library that cannot be opened), per tab.
// The page itself has drawn its cards by then: the library answers before its writes are done. So the
// reader hears of it from the toolbar button (a red "!" and the reason in its title) and from the
// popup, until the tab shows another page. Kept in storage.session, which outlives the worker's sleep
// but not the browser's session.
import browser from '../shared/browser';
import { t } from '../shared/i18n';

const PREFIX = 'recordProblem:';
const key = (tabId: number) => `${PREFIX}${tabId}`;

// Pages shown in each tab since the worker started: a write of the page before that fails late (its
// tab has moved on meanwhile) is not pinned on the page after it. A record never outlives the worker
// that runs it, so counting in memory is enough.
const pages = new Map<number, number>();

/** The page now shown in the tab, as a number to hand back to `reportRecordProblem`. */
export function pageOf(tabId: number | undefined): number {
  return tabId === undefined ? 0 : (pages.get(tabId) ?? 0);
}

/**
 * Remembers why the papers of the tab's page were not recorded, and shows it on the toolbar button;
 * nothing when the tab shows another page than `page` by now.
 */
export async function reportRecordProblem(tabId: number | undefined, page: number, message: string): Promise<void> {
  if (tabId === undefined || pageOf(tabId) !== page) return;
  await browser.storage.session.set({ [key(tabId)]: message });
  await showRecordProblem(tabId, message);
}

/** Why the papers of the tab's page were not recorded, if they were not. */
export async function recordProblem(tabId: number): Promise<string | undefined> {
  const stored = (await browser.storage.session.get(key(tabId)))[key(tabId)];
  return typeof stored === 'string' ? stored : undefined;
}

/** The tab shows another page (`closed`: no more). */
export async function clearRecordProblem(tabId: number, closed = false): Promise<void> {
  if (closed) pages.delete(tabId);
  else pages.set(tabId, pageOf(tabId) + 1);
  await browser.storage.session.remove(key(tabId));
}

/** The toolbar button of the tab says that its papers were not recorded, and why. */
export async function showRecordProblem(tabId: number, message: string): Promise<void> {
  await browser.action.setBadgeBackgroundColor({ tabId, color: '#b91c1c' });
  await browser.action.setBadgeText({ tabId, text: '!' });
  await browser.action.setTitle({ tabId, title: t('badgeRecordFailed', message) });
}
