import { useEffect, useState } from 'preact/hooks';
import { t } from '../shared/i18n';
import browser from '../shared/browser';
import { type Settings, isSiteEnabled, readSettings, setSiteEnabled } from '../shared/settings';
import { adapters } from '../sites/index';
import type { SiteAdapter } from '../sites/types';

/**
 * The host permissions a site's content script needs: its match patterns themselves, which are what
 * Firefox grants (a wider origin pattern would not count as granted there).
 */
const siteOrigins = (adapter: SiteAdapter): string[] => adapter.matches;

const sites = adapters.filter((adapter) => adapter.matches.length > 0);

/**
 * Which sites the browser lets Paper Margin run on. A reader may withhold the access (Chrome's "on
 * click" site access, Firefox's add-on permissions), and then a switch that says "on" runs nothing.
 */
function useSiteAccess(): [Record<string, boolean>, () => void] {
  const [access, setAccess] = useState<Record<string, boolean>>({});
  const check = () =>
    void Promise.all(sites.map((adapter) => browser.permissions.contains({ origins: siteOrigins(adapter) }).catch(() => true))).then((granted) =>
      setAccess(Object.fromEntries(sites.map((adapter, index) => [adapter.id, granted[index]!]))),
    );
  useEffect(() => {
    check();
    browser.permissions.onAdded.addListener(check);
    browser.permissions.onRemoved.addListener(check);
    return () => {
      browser.permissions.onAdded.removeListener(check);
      browser.permissions.onRemoved.removeListener(check);
    };
  }, []);
  return [access, check];
}

/** One switch per site adapter that runs by itself (the generic one runs only on request). */
export function SitesSection() {
  const [settings, setSettings] = useState<Settings>();
  const [access, checkAccess] = useSiteAccess();
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
  return (
    <section aria-labelledby="sites-title">
      <h2 id="sites-title">{t('optionsSites')}</h2>
      <p class="help">{t('optionsSitesHelp')}</p>
      {sites.map((adapter) => (
        <div class="site" key={adapter.id} data-site={adapter.id}>
          <label class="toggle">
            <input
              type="checkbox"
              disabled={!settings}
              checked={!settings || isSiteEnabled(settings, adapter.id)}
              onChange={(event) =>
                // A write that fails leaves the switch as stored: read back either way.
                void setSiteEnabled(adapter.id, event.currentTarget.checked).then(setSettings, () => void readSettings().then(setSettings))
              }
            />
            {adapter.name}
          </label>
          {access[adapter.id] === false && (
            <p class="message error">
              {t('optionsSiteNoAccess')}{' '}
              {/* Asked on the click itself: browsers grant permissions only in answer to the reader's gesture. */}
              <button
                type="button"
                onClick={() => void browser.permissions.request({ origins: siteOrigins(adapter) }).then(checkAccess, checkAccess)}
              >
                {t('optionsSiteAllow', adapter.name)}
              </button>
            </p>
          )}
        </div>
      ))}
      <p class="help">{t('optionsGenericHelp')}</p>
    </section>
  );
}
