import { useRef, useState } from 'preact/hooks';
import { callBackground } from '../shared/call';
import { t } from '../shared/i18n';
import { type ExportRequest, errorMessage } from '../shared/messages';
import { formatCount } from './number';

export type ExportMessage = { text: string; error?: boolean };

/**
 * Runs an export through the background and reports it to the reader: working, done (count and
 * file name) or why not. Shared by the popup's export bar and the options page.
 */
export function useExport(): { busy: ExportRequest | undefined; message: ExportMessage | undefined; run(request: ExportRequest): Promise<void> } {
  const [busy, setBusy] = useState<ExportRequest>();
  const [message, setMessage] = useState<ExportMessage>();
  // Set at the click, before the buttons are drawn unavailable: a second click meanwhile writes no second file.
  const running = useRef(false);
  const run = async (request: ExportRequest) => {
    if (running.current) return;
    running.current = true;
    setBusy(request);
    setMessage({ text: t('exportWorking') });
    try {
      const { filename, count, noted, tooLargeToImport, longCellPapers } = await callBackground('exportLibrary', request);
      const text =
        noted !== undefined
          ? count === 1
            ? t('exportDoneBackupOne', formatCount(noted), filename)
            : t('exportDoneBackup', formatCount(count), formatCount(noted), filename)
          : count === 1
            ? t('exportDoneOne', filename)
            : t('exportDone', formatCount(count), filename);
      // Said as a problem: this file alone cannot bring the library back.
      if (tooLargeToImport) setMessage({ text: `${text} ${t('exportTooLargeToImport')}`, error: true });
      // Not an error (the file is whole), but said: a spreadsheet would cut these cells without a word.
      else if (longCellPapers) {
        setMessage({ text: `${text} ${longCellPapers === 1 ? t('exportCsvLongCellOne') : t('exportCsvLongCells', formatCount(longCellPapers))}` });
      } else setMessage({ text });
    } catch (error) {
      setMessage({ text: errorMessage(error), error: true });
    } finally {
      running.current = false;
      setBusy(undefined);
    }
  };
  return { busy, message, run };
}
