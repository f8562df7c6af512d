import { useEffect, useState } from 'preact/hooks';
import { t } from '../shared/i18n';
import browser from '../shared/browser';
import { type Settings, isSiteEnabled, readSettings, setSiteEnabled } from '../shared/settings';
import { adapters } from '../sites/index';

/** One switch per site adapter that runs by itself (the generic one runs only on request). */
export function SitesSection() {
  const [settings, setSettings] = useState<Settings>();
  useEffect(() => {
    const reload = () => void readSettings().then(setSettings);
    reload();
    // A switch made in another options tab shows here too.
    const changed = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && 'settings' in changes) reload();
    };
    browser.storage.onChanged.addListener(changed);
    return () => browser.storage.onChanged.removeListener(changed);
  }, []);
  const sites = adapters.filter((adapter) => adapter.matches.length > 0);
  return (
    <section aria-labelledby="sites-title">
      <h2 id="sites-title">{t('optionsSites')}</h2>
      <p class="help">{t('optionsSitesHelp')}</p>
      {sites.map((adapter) => (
        <label class="toggle" key={adapter.id}>
          <input
            type="checkbox"
            disabled={!settings}
            checked={!settings || isSiteEnabled(settings, adapter.id)}
            onChange={async (event) => setSettings(await setSiteEnabled(adapter.id, event.currentTarget.checked))}
          />
          {adapter.name}
        </label>
      ))}
      <p class="help">{t('optionsGenericHelp')}</p>
    </section>
  );
}
