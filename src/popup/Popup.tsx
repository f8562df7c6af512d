import { useEffect, useState } from 'preact/hooks';
import type { Annotation } from '../shared/annotation';
import browser from '../shared/browser';
import { callBackground, callTab } from '../shared/call';
import { type PaperStates, isEnvelope } from '../shared/messages';
import type { Paper } from '../shared/paper';
import { PaperItem } from './PaperItem';

export type PopupProps = {
  /** The tab to show; the active tab when absent (`popup.html?tab=N` opens it for a given tab). */
  tabId?: number;
};

type Load =
  | { kind: 'loading' }
  | { kind: 'none'; reason: string }
  | { kind: 'ready'; papers: Paper[] };

async function activeTabId(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/** The papers detected on the current tab, in page order, each with its note, tags and status. */
export function Popup({ tabId }: PopupProps) {
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [states, setStates] = useState<PaperStates>({});

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const id = tabId ?? (await activeTabId());
      if (id === undefined) throw new Error('no tab');
      const papers = await callTab(id, 'getPagePapers', {});
      const known = papers.length ? await callBackground('getStates', { ids: papers.map((paper) => paper.id) }) : {};
      if (cancelled) return;
      setStates(known);
      setLoad({ kind: 'ready', papers });
    })().catch(() => {
      if (!cancelled) {
        setLoad({
          kind: 'none',
          reason: 'No papers here. Open Hugging Face Daily Papers or an arXiv listing, and Paper Margin marks every paper on it.',
        });
      }
    });
    return () => {
      cancelled = true;
    };
  }, [tabId]);

  useEffect(() => {
    // Edits made on a card (or in another window) show here at once.
    const listener = (message: unknown) => {
      if (isEnvelope(message) && message.pm === 'event' && message.name === 'annotationChanged') {
        const { annotation } = message.data;
        setStates((old) => ({ ...old, [annotation.id]: { ...old[annotation.id], seenOn: old[annotation.id]?.seenOn ?? [], annotation } }));
      }
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, []);

  const onSaved = (annotation: Annotation) =>
    setStates((old) => ({ ...old, [annotation.id]: { ...old[annotation.id], seenOn: old[annotation.id]?.seenOn ?? [], annotation } }));

  const papers = load.kind === 'ready' ? load.papers : [];
  const noted = papers.filter((paper) => states[paper.id]?.annotation).length;
  return (
    <>
      <header>
        <h1>Paper Margin</h1>
        {load.kind === 'ready' && (
          <span class="count">
            {papers.length} on this page · {noted} noted
          </span>
        )}
      </header>
      <main>
        {load.kind === 'loading' && <p class="empty">Reading the page…</p>}
        {load.kind === 'none' && <p class="empty">{load.reason}</p>}
        {load.kind === 'ready' && papers.length === 0 && (
          <p class="empty">This page has no paper cards yet. Scroll to load more, then open Paper Margin again.</p>
        )}
        {papers.length > 0 && (
          <ol class="papers" aria-label="Papers on this page">
            {papers.map((paper) => (
              <PaperItem key={paper.id} paper={paper} annotation={states[paper.id]?.annotation} onSaved={onSaved} />
            ))}
          </ol>
        )}
      </main>
    </>
  );
}
