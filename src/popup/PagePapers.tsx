import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { type Annotation, hasContent } from '../shared/annotation';
import browser from '../shared/browser';
import { callBackground, callTab } from '../shared/call';
import { t } from '../shared/i18n';
import { type PaperStates, errorMessage } from '../shared/messages';
import type { Paper, PaperId } from '../shared/paper';
import { moveFocus } from './move-focus';
import { PaperItem } from './PaperItem';
import { useAnnotationEvents } from './use-annotation-events';

export type PagePapersProps = {
  tabId?: number;
  onCounts(counts: { total: number; noted: number }): void;
  /** The ids of the page's papers, in page order, once known. */
  onPapers(ids: Paper['id'][]): void;
  /** Called once the list (or the reason there is none) is on screen. */
  onSettled?(): void;
};

type Load = { kind: 'loading' } | { kind: 'none'; tabId?: number; error?: string } | { kind: 'ready'; papers: Paper[]; off?: boolean };

const FIND_WAIT_MS = 400;
// Items drawn in the popup's first frame (each has a note box, a tag field and a status menu): more
// than its height shows; the rest follow in the next frame.
const FIRST_ITEMS = 8;

async function activeTabId(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/** The papers detected on one tab, in page order, each with its note, tags and status. */
export function PagePapers({ tabId, onCounts, onPapers, onSettled }: PagePapersProps) {
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [states, setStates] = useState<PaperStates>({});

  const [attempt, setAttempt] = useState(0);
  // Why the page's papers were not saved (a full disk), as the background heard it.
  const [problem, setProblem] = useState<string | null>(null);
  // A layout effect: the question leaves for the tab as soon as the popup has rendered, not after
  // its first paint, which Preact waits for before running effects (a frame, 10–16 ms here).
  useLayoutEffect(() => {
    let cancelled = false;
    let id: number | undefined;
    (async () => {
      id = tabId ?? (await activeTabId());
      if (id === undefined) throw new Error('no tab');
      // Asked alongside the page, drawn when it comes: the list does not wait for it.
      callBackground('getRecordProblem', { tabId: id }).then((message) => !cancelled && setProblem(message), () => undefined);
      const answer = await callTab(id, 'getPagePapers', {});
      const { annotations, complete } = answer;
      // A paper the page shows on two cards is one item (one editor, counted once).
      const papers = [...new Map(answer.papers.map((paper) => [paper.id, paper])).values()];
      performance.mark('paper-margin:popup-page-papers');
      // The page keeps its papers' annotations current (it hears every change): ask the library only
      // when the page has not heard about all of them yet.
      const known: PaperStates = complete
        ? Object.fromEntries(Object.entries(annotations).map(([paperId, annotation]) => [paperId, { seenOn: [], annotation }]))
        : papers.length
          ? await callBackground('getStates', { ids: papers.map((paper) => paper.id) })
          : {};
      if (cancelled) return;
      setStates(known);
      setLoad({ kind: 'ready', papers, off: answer.off === true });
      onPapers(papers.map((paper) => paper.id));
    })().catch(() => {
      if (!cancelled) setLoad((old) => ({ kind: 'none', tabId: id, error: old.kind === 'none' ? old.error : undefined }));
    });
    return () => {
      cancelled = true;
    };
  }, [tabId, attempt]);

  const findHere = async (id: number) => {
    try {
      await callBackground('findPapersOnTab', { tabId: id });
      // The injected script needs a moment to read the page before it can answer.
      setTimeout(() => setAttempt((count) => count + 1), FIND_WAIT_MS);
    } catch (error) {
      setLoad({ kind: 'none', tabId: id, error: errorMessage(error) });
    }
  };

  const onSaved = (annotation: Annotation) =>
    setStates((old) => ({ ...old, [annotation.id]: { ...old[annotation.id], seenOn: old[annotation.id]?.seenOn ?? [], annotation } }));
  // Many papers changed at once (an import, a tag renamed or merged): the page's states are read again.
  const shownIds = useRef<PaperId[]>([]);
  // A change heard while the list was still loading: the page's answer may be older than it.
  const changedWhileLoading = useRef(false);
  const rereadStates = () => void callBackground('getStates', { ids: shownIds.current }).then(setStates, () => undefined);
  const onLibraryChanged = () => {
    if (shownIds.current.length) rereadStates();
    else changedWhileLoading.current = true;
  };
  useAnnotationEvents(onSaved, onLibraryChanged);

  const settled = load.kind !== 'loading';
  useEffect(() => {
    if (settled) onSettled?.();
  }, [settled]);

  const papers = load.kind === 'ready' ? load.papers : [];
  shownIds.current = papers.map((paper) => paper.id);
  useEffect(() => {
    if (load.kind !== 'ready' || !changedWhileLoading.current) return;
    changedWhileLoading.current = false;
    if (shownIds.current.length) rereadStates();
  }, [load]);
  // Read by `npm run bench` in the toolbar popup, which no test harness can script before it loads:
  // the first rows of the list are in the DOM.
  useLayoutEffect(() => {
    if (papers.length) performance.mark('paper-margin:popup-first-row', { detail: { rows: document.querySelectorAll('#panel-page li.paper').length } });
  }, [papers.length > 0]);
  const list = useRef<HTMLOListElement>(null);
  const [shown, setShown] = useState(FIRST_ITEMS);
  useEffect(() => {
    if (papers.length <= shown) return undefined;
    const frame = requestAnimationFrame(() => setShown(papers.length));
    return () => cancelAnimationFrame(frame);
  }, [papers.length, shown]);
  useEffect(() => {
    if (load.kind === 'ready') onCounts({ total: papers.length, noted: papers.filter((paper) => hasContent(states[paper.id]?.annotation)).length });
  }, [load, states]);

  if (load.kind === 'loading') return <p class="empty">{t('popupLoading')}</p>;
  if (load.kind === 'none') {
    const id = load.tabId;
    return (
      <div class="empty">
        <p>{t('popupNoPage')}</p>
        {id !== undefined && (
          <>
            <button type="button" class="more" data-action="find-here" onClick={() => void findHere(id)}>
              {t('popupFindHere')}
            </button>
            <p class="hint">{t('popupFindHereHelp')}</p>
          </>
        )}
        {load.error && <p class="error">{t('popupFindFailed', load.error)}</p>}
      </div>
    );
  }
  const alert = problem && (
    <p class="error" role="alert" data-problem="record">
      {t('popupRecordFailed', problem)}
    </p>
  );
  if (papers.length === 0) {
    return (
      <>
        {alert}
        <p class="empty">{t(load.off ? 'popupPageOff' : 'popupNoCards')}</p>
      </>
    );
  }
  return (
    <>
      {alert}
      {/* ↑/↓ from a paper's title to the next paper's, as in the Library: each paper is five or six Tab stops. */}
      <ol class="papers" ref={list} aria-label={t('popupPageList')} onKeyDown={(event) => moveFocus(event, list.current, 'li.paper h2 a')}>
        {papers.slice(0, shown).map((paper) => (
          <PaperItem key={paper.id} paper={paper} annotation={states[paper.id]?.annotation} onSaved={onSaved} />
        ))}
      </ol>
    </>
  );
}
