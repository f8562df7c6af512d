import type { MessageKey } from './i18n';
import type { ExportFormat } from './messages';

/** Every export format with its label, in the order the popup and the options page offer them. */
export const FORMATS: ReadonlyArray<readonly [ExportFormat, MessageKey]> = [
  ['markdown-zip', 'exportMarkdownZip'],
  ['markdown', 'exportMarkdown'],
  ['json', 'exportJson'],
  ['bibtex', 'exportBibtex'],
  ['csv', 'exportCsv'],
  ['csl-json', 'exportCsl'],
];
