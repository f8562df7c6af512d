import { Fragment } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { callBackground } from '../shared/call';
import type { Annotation } from '../shared/annotation';
import { STATUS_MESSAGES, t } from '../shared/i18n';
import { formatCount } from '../popup/number';
import { type ConflictChoice, type ImportFile, type ImportPreview, errorMessage } from '../shared/messages';

/** Files larger than this are refused before reading: the library's reader takes up to 300 MB (MAX_IMPORT_CHARS). */
export const MAX_IMPORT_MB = 300;
/**
 * Up to this size a file's text goes to the background in the message; a larger one as a `blob:` URL
 * the background reads (Chrome refuses messages over 64 MB, and a backup of 40 000 papers is 60 MB).
 */
const MESSAGE_MB = 32;

type Step =
  | { kind: 'idle' }
  | { kind: 'reading' }
  | { kind: 'preview'; file: ImportFile; preview: ImportPreview; choices: Record<string, ConflictChoice>; applying?: boolean }
  | { kind: 'done'; text: string; error?: boolean; warnings?: string[] };

/** "12 new, 3 updated, 2 in conflict", in the reader's language. */
function summaryOf(preview: ImportPreview): string {
  return t('importSummary', formatCount(preview.added), formatCount(preview.updated), formatCount(preview.conflicts.length));
}

/** One side of a conflict: its note, tags and status (a conflict may be over any of them). */
function ConflictSide({ label, annotation }: { label: string; annotation: Annotation }) {
  return (
    <>
      <div>{label}:</div>
      {/* dir="auto" as in the popup: a note in Arabic or Hebrew reads right to left. Each tag isolated
          (<bdi>): a right-to-left tag would otherwise draw the "#"s around it into its run, scrambled. */}
      <pre dir="auto">{annotation.note}</pre>
      <div class="conflict-meta">
        {t('tagsLabel')}:{' '}
        {annotation.tags.length === 0
          ? '—'
          : annotation.tags.map((tag, index) => (
              <Fragment key={tag}>
                {index > 0 && ' '}
                <bdi>#{tag}</bdi>
              </Fragment>
            ))}{' '}
        · {t('statusLabel')}: {t(STATUS_MESSAGES[annotation.status])}
      </div>
    </>
  );
}

/** What reading the file left out or cut: said before the import is applied, and again after. */
function Warnings({ list }: { list: readonly string[] | undefined }) {
  if (!list?.length) return null;
  return (
    <ul class="warnings" aria-label={t('importWarnings')}>
      {list.map((warning) => (
        <li key={warning}>{warning}</li>
      ))}
    </ul>
  );
}

/** Import with a preview: nothing is written until the reader has seen the counts and chosen for each conflict. */
export function ImportSection() {
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  // Set at the first click, before the button is drawn disabled: two clicks in one task both run.
  const applying = useRef(false);
  // The large file the background reads, kept readable until it is imported or set aside.
  const blobUrl = useRef<string | undefined>(undefined);
  const forgetFile = () => {
    if (blobUrl.current) URL.revokeObjectURL(blobUrl.current);
    blobUrl.current = undefined;
  };
  useEffect(() => forgetFile, []);
  // Import and Cancel remove the preview with the focused button in it, and the file chooser is
  // disabled while it reads the file it was given (Chromium then drops its focus): the focus goes to
  // what the file or the import said, or back to the file chooser after Cancel, not to the page's
  // start. Before the browser paints.
  const fileInput = useRef<HTMLInputElement>(null);
  const doneMessage = useRef<HTMLParagraphElement>(null);
  const summary = useRef<HTMLParagraphElement>(null);
  const shown = useRef<Step>(step);
  useLayoutEffect(() => {
    const before = shown.current;
    shown.current = step;
    if (step === before) return;
    if (step.kind === 'done') doneMessage.current?.focus();
    else if (step.kind === 'preview' && before.kind === 'reading') summary.current?.focus();
    else if (step.kind === 'idle' && before.kind === 'preview') fileInput.current?.focus();
  }, [step]);

  const choose = async (file: File) => {
    if (file.size > MAX_IMPORT_MB * 1024 * 1024) {
      setStep({ kind: 'done', text: t('importTooLarge', Math.round(file.size / 1024 / 1024), MAX_IMPORT_MB), error: true });
      return;
    }
    setStep({ kind: 'reading' });
    forgetFile();
    try {
      let source: ImportFile;
      if (file.size > MESSAGE_MB * 1024 * 1024) {
        blobUrl.current = URL.createObjectURL(file);
        source = { file: blobUrl.current, name: file.name };
      } else source = { text: await file.text(), name: file.name };
      const preview = await callBackground('previewImport', source);
      const choices = Object.fromEntries(preview.conflicts.map((conflict) => [conflict.id, 'keep-local' as ConflictChoice]));
      setStep({ kind: 'preview', file: source, preview, choices });
    } catch (error) {
      forgetFile();
      setStep({ kind: 'done', text: t('importFailed', errorMessage(error)), error: true });
    }
  };

  const apply = async () => {
    // Once: a second click while the first import is written would be refused as a conflict (the
    // library changed since the preview) and say "nothing was changed" about a file just imported.
    if (step.kind !== 'preview' || applying.current) return;
    applying.current = true;
    setStep({ ...step, applying: true });
    try {
      const shown = Object.fromEntries(step.preview.conflicts.map((conflict) => [conflict.id, conflict.local.updatedAt]));
      const result = await callBackground('applyImport', { ...step.file, resolution: step.choices, shown });
      setStep({ kind: 'done', text: t('importDone', summaryOf(result)), warnings: result.warnings });
    } catch (error) {
      setStep({ kind: 'done', text: t('importFailed', errorMessage(error)), error: true });
    } finally {
      applying.current = false;
      forgetFile();
    }
  };

  const cancel = () => {
    forgetFile();
    setStep({ kind: 'idle' });
  };

  return (
    <section aria-labelledby="import-title">
      <h2 id="import-title">{t('optionsImport')}</h2>
      <p class="help">{t('optionsImportHelp')}</p>
      {/* The input is hidden from sight only: it keeps the keyboard focus and its name (the label). */}
      <label class="file">
        {t('importChoose')}
        <input
          ref={fileInput}
          type="file"
          class="visually-hidden"
          accept=".json,application/json"
          disabled={step.kind === 'reading' || (step.kind === 'preview' && step.applying)}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.value = '';
            if (file) void choose(file);
          }}
        />
      </label>
      {step.kind === 'reading' && (
        <p class="message" role="status">
          {t('importReading')}
        </p>
      )}
      {step.kind === 'done' && (
        <>
          <p ref={doneMessage} tabIndex={-1} class={step.error ? 'message error' : 'message'} role="status">
            {step.text}
          </p>
          <Warnings list={step.warnings} />
        </>
      )}
      {step.kind === 'preview' && (
        // Escape anywhere in the preview is its Cancel, as it closes the popup's editors.
        <div
          class="preview"
          onKeyDown={(event) => {
            if (event.key === 'Escape' && !step.applying) {
              event.preventDefault();
              cancel();
            }
          }}
        >
          <p ref={summary} tabIndex={-1} class="message" role="status">
            <strong>{step.file.name}</strong>: {summaryOf(step.preview)}
          </p>
          <Warnings list={step.preview.warnings} />
          {step.preview.conflicts.length > 0 && <p class="help">{t('importConflicts')}</p>}
          {step.preview.conflicts.map((conflict) => (
            <div class="conflict" key={conflict.id} data-paper-id={conflict.id}>
              <strong dir="auto">{conflict.title}</strong>
              <ConflictSide label={t('importLocal')} annotation={conflict.local} />
              <ConflictSide label={t('importIncoming')} annotation={conflict.incoming} />
              <div class="buttons" role="radiogroup" aria-label={conflict.title}>
                {(
                  [
                    ['keep-local', t('importKeepLocal')],
                    ['take-incoming', t('importTakeIncoming')],
                    ['keep-both', t('importKeepBoth')],
                  ] as Array<[ConflictChoice, string]>
                ).map(([value, label]) => (
                  <label class="toggle" key={value}>
                    <input
                      type="radio"
                      name={`conflict-${conflict.id}`}
                      checked={step.choices[conflict.id] === value}
                      onChange={() => setStep({ ...step, choices: { ...step.choices, [conflict.id]: value } })}
                    />
                    {label}
                  </label>
                ))}
              </div>
            </div>
          ))}
          <div class="buttons">
            {/* aria-disabled, not disabled, while it imports (seconds for 10 000 papers): a disabled button
                loses Chromium's focus to the page's body; `applying` refuses a second click. */}
            <button type="button" data-action="apply-import" aria-disabled={step.applying ? 'true' : undefined} onClick={() => void apply()}>
              {t('importApply')}
            </button>
            <button type="button" disabled={step.applying} onClick={cancel}>
              {t('importCancel')}
            </button>
          </div>
          {step.applying && <progress aria-label={t('importApplying')} />}
        </div>
      )}
    </section>
  );
}
