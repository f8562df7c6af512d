import { t } from '../shared/i18n';
import { ExportSection } from './ExportSection';
import { HistorySection } from './HistorySection';
import { ImportSection } from './ImportSection';
import { ShortcutsSection } from './ShortcutsSection';
import { SitesSection } from './SitesSection';
import { StorageSection } from './StorageSection';
import { TagsSection } from './TagsSection';

/** The options page: sites, keys, tags, export, import, history and storage, in the order a reader needs them. */
export function Options() {
  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
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
