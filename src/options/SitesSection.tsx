import { useEffect, useState } from 'preact/hooks';
import { t } from '../shared/i18n';
import { type Settings, isSiteEnabled, readSettings, writeSettings } from '../shared/settings';
import { adapters } from '../sites/index';

/** One switch per site adapter that runs by itself (the generic one runs only on request). */
export function SitesSection() {
  const [settings, setSettings] = useState<Settings>();
  useEffect(() => {
    void readSettings().then(setSettings);
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
            onChange={async (event) => {
              const enabledSites = { ...settings?.enabledSites, [adapter.id]: event.currentTarget.checked };
              setSettings(await writeSettings({ enabledSites }));
            }}
          />
          {adapter.name}
        </label>
      ))}
      <p class="help">{t('optionsGenericHelp')}</p>
    </section>
  );
}
