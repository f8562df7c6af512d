import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useAnnotationEvents } from '../popup/use-annotation-events';
import { callBackground } from '../shared/call';
import { t } from '../shared/i18n';
import { type HistoryAge, type HistoryCounts, errorMessage } from '../shared/messages';
import { formatCount } from '../popup/number';

const AGES: ReadonlyArray<[HistoryAge, Parameters<typeof t>[0]]> = [
  [30, 'historyAge30'],
  [90, 'historyAge90'],
  [365, 'historyAge365'],
  ['all', 'historyAgeAll'],
];

/**
 * The papers remembered only because a feed showed them: how many, and forgetting those last shown
 * before a chosen time, after saying how many that is. Annotated papers are never forgotten here.
 */
export function HistorySection() {
  const [counts, setCounts] = useState<HistoryCounts>();
  const [age, setAge] = useState<HistoryAge>(365);
  // The papers the chosen age meant when asked, and how many: the confirmation shows while it is set.
  const [pending, setPending] = useState<{ before: number; count: number }>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error?: boolean }>();
  const cancel = useRef<HTMLButtonElement>(null);
  const forgetButton = useRef<HTMLButtonElement>(null);

  const reload = () => void callBackground('getHistory', {}).then(setCounts, () => undefined);
  useEffect(reload, []);
  // An import, a forget in another tab, or an automatic one changes the counts. A note written on a
  // card changes them by one at most: they are read again when the page is shown again, not at every
  // autosave (a count reads the whole library: 0.5–1 s at 200 000 papers).
  useAnnotationEvents(() => undefined, reload);
  useEffect(() => {
    const shown = () => document.visibilityState === 'visible' && reload();
    document.addEventListener('visibilitychange', shown);
    return () => document.removeEventListener('visibilitychange', shown);
  }, []);
  // The safe choice has the focus while the reader decides; then the button that asked has it again.
  // Before the browser paints: a key pressed in between would go to the page's body.
  const asked = useRef(false);
  useLayoutEffect(() => {
    if (pending) cancel.current?.focus();
    else if (asked.current) forgetButton.current?.focus();
    asked.current = pending !== undefined;
  }, [pending]);

  // Set at the click, before the button is drawn unavailable: a second click meanwhile asks nothing more.
  const asking = useRef(false);
  const ask = async () => {
    if (asking.current) return;
    asking.current = true;
    setBusy(true);
    setMessage({ text: t('historyCounting') });
    try {
      const { forgettable = 0, before } = await callBackground('getHistory', { olderThanDays: age });
      if (forgettable === 0 || before === undefined) setMessage({ text: t('historyNone') });
      else {
        setMessage(undefined);
        setPending({ before, count: forgettable });
      }
    } catch (error) {
      setMessage({ text: errorMessage(error), error: true });
    } finally {
      asking.current = false;
      setBusy(false);
    }
  };

  const forget = async (before: number) => {
    setBusy(true);
    setMessage({ text: t('historyForgetting') });
    try {
      const forgotten = await callBackground('forgetHistory', { before });
      setMessage({ text: forgotten === 1 ? t('historyForgottenOne') : t('historyForgotten', formatCount(forgotten)) });
    } catch (error) {
      setMessage({ text: errorMessage(error), error: true });
    } finally {
      setBusy(false);
      setPending(undefined);
      reload();
    }
  };

  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('optionsHistory')}</h2>
      {counts && (
        <>
          <p class="help">{t('historyHelp', formatCount(counts.limit))}</p>
          <p class="message" data-papers={counts.papers} data-annotated={counts.annotated}>
            {counts.papers === 1 ? t('historyCountsOne', formatCount(counts.annotated)) : t('historyCounts', formatCount(counts.papers), formatCount(counts.annotated))}
          </p>
          {counts.pruned && (
            <p class="message" data-pruned={counts.pruned.count}>
              {counts.pruned.count === 1
                ? t('historyPrunedOne', new Date(counts.pruned.at).toLocaleDateString())
                : t('historyPruned', new Date(counts.pruned.at).toLocaleDateString(), formatCount(counts.pruned.count))}
            </p>
          )}
        </>
      )}
      <label class="toggle">
        {t('historyAgeLabel')}
        <select
          value={String(age)}
          disabled={busy || pending !== undefined}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setAge(value === 'all' ? 'all' : Number(value));
          }}
        >
          {AGES.map(([value, label]) => (
            <option key={value} value={String(value)}>
              {t(label)}
            </option>
          ))}
        </select>
      </label>
      {pending ? (
        // Escape is "Keep them", as it closes the popup's editors: the focus goes back to Forget….
        <div
          class="confirm"
          role="group"
          aria-labelledby="history-question"
          onKeyDown={(event) => {
            if (event.key === 'Escape' && !busy) {
              event.preventDefault();
              setPending(undefined);
            }
          }}
        >
          <p class="message" id="history-question">
            {pending.count === 1 ? t('historyConfirmOne') : t('historyConfirm', formatCount(pending.count))}
          </p>
          <div class="buttons">
            <button type="button" data-action="forget-history" disabled={busy} onClick={() => void forget(pending.before)}>
              {pending.count === 1 ? t('historyConfirmButtonOne') : t('historyConfirmButton', formatCount(pending.count))}
            </button>
            <button type="button" ref={cancel} disabled={busy} onClick={() => setPending(undefined)}>
              {t('historyCancel')}
            </button>
          </div>
        </div>
      ) : (
        <div class="buttons">
          {/* aria-disabled, not disabled, while it counts (seconds at 200 000 papers): a disabled button
              loses Chromium's focus to the page's body, where "Nothing to forget" left it. */}
          <button type="button" ref={forgetButton} data-action="ask-forget-history" aria-disabled={busy ? 'true' : undefined} onClick={() => void ask()}>
            {t('historyForget')}
          </button>
        </div>
      )}
      {/* A library of 200 000 papers takes seconds to read; the status line says what is going on. */}
      {busy && <progress aria-hidden="true" />}
      <p class={message?.error ? 'message error' : 'message'} role="status">
        {message?.text ?? ''}
      </p>
    </section>
  );
}
