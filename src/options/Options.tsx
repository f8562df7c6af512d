import { t } from '../shared/i18n';
import { ExportSection } from './ExportSection';
import { HistorySection } from './HistorySection';
import { ImportSection } from './ImportSection';
import { ShortcutsSection } from './ShortcutsSection';
import { SitesSection } from './SitesSection';
import { StorageSection } from './StorageSection';
import { TagsSection } from './TagsSection';

/** The sections, by their headings' ids and names: the page's table of contents. */
const SECTIONS: ReadonlyArray<[string, Parameters<typeof t>[0]]> = [
  ['sites-title', 'optionsSites'],
  ['keys-title', 'optionsShortcuts'],
  ['tags-title', 'optionsTags'],
  ['export-title', 'optionsExport'],
  ['import-title', 'optionsImport'],
  ['history-title', 'optionsHistory'],
  ['storage-title', 'optionsStorage'],
];

/** The options page: sites, keys, tags, export, import, history and storage, in the order a reader needs them. */
export function Options() {
  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      {/* A library of 200 tags puts 400 tab stops (a box and a Rename button each) before Export: a link
          to each section lets the keyboard jump there (the next Tab goes on from the heading). */}
      <nav class="contents" aria-label={t('optionsContents')}>
        <ul>
          {SECTIONS.map(([id, name]) => (
            <li key={id}>
              <a href={`#${id}`}>{t(name)}</a>
            </li>
          ))}
        </ul>
      </nav>
      <SitesSection />
      <ShortcutsSection />
      <TagsSection />
      <ExportSection />
      <ImportSection />
      <HistorySection />
      <StorageSection />
    </main>
  );
}
