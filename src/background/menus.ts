import browser from '../shared/browser';
import { t } from '../shared/i18n';

/**
 * The context menus: "Find papers on this page" on the page and the toolbar button; on Firefox also
 * "Options" on the toolbar button, where Chrome puts its own and Firefox has only "Manage Extension".
 * Made at install and update (menus outlive the worker's sleep).
 */
export function createMenus(): void {
  browser.contextMenus.create({ id: 'find-papers', title: t('genericMenu'), contexts: ['page', 'action'] });
  // Firefox alone has getBrowserInfo: the one bundle serves both browsers.
  if ('getBrowserInfo' in browser.runtime) browser.contextMenus.create({ id: 'options', title: t('optionsLink'), contexts: ['action'] });
}

/** What a click on one of them does; `findPapers` reads the tab on request (activeTab). */
export function onMenuClick(menuItemId: string | number, tabId: number | undefined, findPapers: (tabId: number) => Promise<void>): Promise<void> {
  if (menuItemId === 'options') return browser.runtime.openOptionsPage();
  if (menuItemId === 'find-papers' && tabId !== undefined) return findPapers(tabId);
  return Promise.resolve();
}
