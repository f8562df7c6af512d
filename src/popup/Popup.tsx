import { useEffect, useState } from 'preact/hooks';
import browser from '../shared/browser';
import { t } from '../shared/i18n';
import type { PaperId } from '../shared/paper';
import { ExportBar } from './ExportBar';
import { Library } from './Library';
import { PagePapers } from './PagePapers';
import { readRecentAhead } from './recent';

export type PopupProps = {
  /** The tab whose papers to show; the active tab when absent (`popup.html?tab=N`). */
  tabId?: number;
};

type Tab = 'page' | 'library';

/** The toolbar popup: the current page's papers, and the whole annotated library. */
export function Popup({ tabId }: PopupProps) {
  const [tab, setTab] = useState<Tab>('page');
  // The Library stays as it was (search, open row, scroll) once shown; the search box takes the focus
  // when the tab is chosen by a click or Enter, not while the reader moves between tabs with arrows.
  const [libraryShown, setLibraryShown] = useState(false);
  const [focusSearch, setFocusSearch] = useState(false);
  const choose = (id: Tab, byArrow: boolean) => {
    setTab(id);
    setFocusSearch(!byArrow);
    if (id === 'library') setLibraryShown(true);
  };
  const [counts, setCounts] = useState<{ total: number; noted: number }>();
  const [pageIds, setPageIds] = useState<PaperId[]>([]);
  const [listedIds, setListedIds] = useState<PaperId[]>();
  // The Library tab is the next thing a reader opens: its first rows are read once the page's list is
  // drawn (not before: both would wait on each other), while the reader looks at it.
  const [pageSettled, setPageSettled] = useState(false);
  useEffect(() => {
    if (!pageSettled) return undefined;
    const handle = requestIdleCallback(readRecentAhead, { timeout: 300 });
    return () => cancelIdleCallback(handle);
  }, [pageSettled]);

  const tabButton = (id: Tab, label: string) => (
    <button
      type="button"
      role="tab"
      id={`tab-${id}`}
      aria-selected={tab === id}
      aria-controls={`panel-${id}`}
      tabIndex={tab === id ? 0 : -1}
      onClick={() => choose(id, false)}
      onKeyDown={(event) => {
        // Arrow keys move between the two tabs (WAI-ARIA tabs pattern); the focus stays on the tabs.
        if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
          const next = tab === 'page' ? 'library' : 'page';
          choose(next, true);
          document.getElementById(`tab-${next}`)?.focus();
        }
      }}
    >
      {label}
    </button>
  );

  return (
    <>
      <div class="top">
        <header>
          <h1>{t('extName')}</h1>
          {counts && <span class="count">{t('popupCounts', counts.total, counts.noted)}</span>}
          <button type="button" class="options" title={t('optionsLink')} aria-label={t('optionsLink')} onClick={() => void browser.runtime.openOptionsPage()}>
            ⚙
          </button>
        </header>
        <div role="tablist" class="tabs">
          {tabButton('page', t('popupTabPage'))}
          {tabButton('library', t('popupTabLibrary'))}
        </div>
      </div>
      <main>
        <section role="tabpanel" id="panel-page" aria-labelledby="tab-page" hidden={tab !== 'page'}>
          <PagePapers tabId={tabId} onCounts={setCounts} onPapers={setPageIds} onSettled={() => setPageSettled(true)} />
        </section>
        {libraryShown && (
          <section role="tabpanel" id="panel-library" aria-labelledby="tab-library" hidden={tab !== 'library'}>
            <Library active={tab === 'library'} focusSearch={focusSearch} onListed={setListedIds} />
          </section>
        )}
      </main>
      <ExportBar pageIds={pageIds} listedIds={tab === 'library' ? listedIds : undefined} />
    </>
  );
}
