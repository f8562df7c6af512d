import { useEffect, useState } from 'preact/hooks';
import browser from '../shared/browser';
import { t } from '../shared/i18n';

type Command = { name?: string; description?: string; shortcut?: string };

/** Lists the browser-level shortcuts and links to where the browser lets the reader change them. */
export function ShortcutsSection() {
  const [commands, setCommands] = useState<Command[]>([]);
  useEffect(() => {
    const reload = () => void browser.commands.getAll().then(setCommands, () => undefined);
    reload();
    // Back from the browser's shortcut settings (another tab): the keys changed there show here.
    const visible = () => document.visibilityState === 'visible' && reload();
    document.addEventListener('visibilitychange', visible);
    return () => document.removeEventListener('visibilitychange', visible);
  }, []);
  const openSettings = () => {
    // Firefox 137+ opens its own shortcut page; Chrome's is a chrome:// URL only an extension may open.
    const commandsApi = browser.commands as { openShortcutSettings?: () => Promise<void> };
    if (commandsApi.openShortcutSettings) void commandsApi.openShortcutSettings();
    else void browser.tabs.create({ url: 'chrome://extensions/shortcuts' });
  };
  return (
    <section aria-labelledby="keys-title">
      <h2 id="keys-title">{t('optionsShortcuts')}</h2>
      <p class="help">{t('optionsShortcutsHelp')}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('optionsShortcutsHeadAction')}</th>
            <th scope="col">{t('optionsShortcutsHeadKeys')}</th>
          </tr>
        </thead>
        <tbody>
          {commands.map((command) => (
            <tr key={command.name}>
              <td>{command.name === '_execute_action' ? t('actionTitle') : command.description}</td>
              <td>
                <kbd>{command.shortcut || t('optionsShortcutUnset')}</kbd>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="buttons">
        <button type="button" onClick={openSettings}>
          {t('optionsShortcutsChange')}
        </button>
      </div>
    </section>
  );
}
