import { useState } from 'preact/hooks';
import { useExport } from '../popup/use-export';
import { useTags } from '../popup/use-annotation-events';
import { FORMATS } from '../shared/export-formats';
import { t } from '../shared/i18n';
import type { ExportFormat } from '../shared/messages';

/** One button per format, for all annotated papers or one tag. */
export function ExportSection() {
  // A tag renamed in the section above, or added on a card meanwhile, is offered here too.
  const [tags = []] = useTags();
  const [chosen, setTag] = useState('');
  // A chosen tag renamed or merged away: all papers, not an export of a tag no paper has.
  const tag = tags.some((use) => use.tag === chosen) ? chosen : '';
  const { busy, message, run } = useExport();

  const exportAs = (format: ExportFormat) => run({ format, ...(tag ? { tag } : {}) });

  return (
    <section aria-labelledby="export-title">
      <h2 id="export-title">{t('optionsExport')}</h2>
      <p class="help">{t('optionsExportHelp')}</p>
      <label class="toggle">
        {t('optionsExportScope')}
        <select value={tag} onChange={(event) => setTag(event.currentTarget.value)}>
          <option value="">{t('optionsExportAll')}</option>
          {tags.map((use) => (
            <option key={use.key} value={use.tag}>
              {t('optionsExportTag', use.tag)}
            </option>
          ))}
        </select>
      </label>
      <div class="buttons">
        {FORMATS.map(([format, label]) => (
          // aria-disabled, not disabled, while a file is written: a disabled button loses Chromium's
          // focus to the page's body, and the keyboard's place with it (Tab then starts from the top).
          <button key={format} type="button" data-format={format} aria-disabled={busy ? 'true' : undefined} onClick={() => void exportAs(format)}>
            {t(label)}
          </button>
        ))}
      </div>
      {busy && <progress aria-label={t('exportWorking')} />}
      {/* In the page from the start, empty: a live region added with its text in it is not read out. */}
      <p class={message?.error ? 'message error' : 'message'} role="status">
        {message?.text ?? ''}
      </p>
    </section>
  );
}
