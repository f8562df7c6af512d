import { useState } from 'preact/hooks';
import { t } from '../shared/i18n';
import type { ExportFormat } from '../shared/messages';
import type { PaperId } from '../shared/paper';
import { FORMATS } from '../shared/export-formats';
import { useExport } from './use-export';

export type ExportBarProps = {
  /** The current page's papers, for "This page"; empty when the page has none. */
  pageIds: PaperId[];
};

/** Export from the popup: the current page's papers or every noted paper, in any format. */
export function ExportBar({ pageIds }: ExportBarProps) {
  const [format, setFormat] = useState<ExportFormat>('markdown-zip');
  const { busy: running, message, run } = useExport();
  const busy = running !== undefined;

  return (
    <footer class="export-bar" aria-label={t('exportBar')}>
      <select aria-label={t('exportFormat')} value={format} onChange={(event) => setFormat(event.currentTarget.value as ExportFormat)}>
        {FORMATS.map(([value, label]) => (
          <option key={value} value={value}>
            {t(label)}
          </option>
        ))}
      </select>
      <button type="button" data-export="page" disabled={busy || pageIds.length === 0} onClick={() => void run({ format, ids: pageIds })}>
        {t('exportPage')}
      </button>
      <button type="button" data-export="library" disabled={busy} onClick={() => void run({ format })}>
        {t('exportLibrary')}
      </button>
      {busy && <progress aria-label={t('exportWorking')} />}
      {message && (
        <p class={message.error ? 'saved error' : 'saved'} role="status">
          {message.text}
        </p>
      )}
    </footer>
  );
}
