import { useState } from 'preact/hooks';
import { t } from '../shared/i18n';
import type { ExportFormat } from '../shared/messages';
import type { PaperId } from '../shared/paper';
import { FORMATS } from '../shared/export-formats';
import { formatCount } from './number';
import { useExport } from './use-export';

export type ExportBarProps = {
  /** The current page's papers, for "This page"; empty when the page has none. */
  pageIds: PaperId[];
  /** The papers the Library tab lists under a search, a tag or a status, for "Listed (N)"; no button when absent. */
  listedIds?: PaperId[];
};

/** Export from the popup: the current page's papers, the Library's search results or every noted paper, in any format. */
export function ExportBar({ pageIds, listedIds }: ExportBarProps) {
  const [format, setFormat] = useState<ExportFormat>('markdown-zip');
  const { busy: running, message, run } = useExport();
  // aria-disabled, not disabled, while a file is written: a disabled button loses the focus to the
  // page's body, and Tab starts again from the top (useExport refuses a second run meanwhile).
  const busy = running !== undefined ? 'true' : undefined;

  return (
    <footer class="export-bar" aria-label={t('exportBar')}>
      <select aria-label={t('exportFormat')} value={format} onChange={(event) => setFormat(event.currentTarget.value as ExportFormat)}>
        {FORMATS.map(([value, label]) => (
          <option key={value} value={value}>
            {t(label)}
          </option>
        ))}
      </select>
      <button type="button" data-export="page" disabled={pageIds.length === 0} aria-disabled={busy} onClick={() => void run({ format, ids: pageIds })}>
        {t('exportPage')}
      </button>
      {listedIds && (
        <button
          type="button"
          data-export="listed"
          disabled={listedIds.length === 0}
          aria-disabled={busy}
          title={t('exportListedTitle')}
          onClick={() => void run({ format, ids: listedIds, listed: true })}
        >
          {t('exportListed', formatCount(listedIds.length))}
        </button>
      )}
      <button type="button" data-export="library" aria-disabled={busy} onClick={() => void run({ format })}>
        {t('exportLibrary')}
      </button>
      {busy && <progress aria-label={t('exportWorking')} />}
      {/* In the popup from the start, empty: a live region added with its text in it is not reliably read out. */}
      <p class={message?.error ? 'saved error' : 'saved'} role="status">
        {message?.text}
      </p>
    </footer>
  );
}
