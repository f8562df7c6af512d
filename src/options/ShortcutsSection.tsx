import { useEffect, useState } from 'preact/hooks';
import browser from '../shared/browser';
import { t } from '../shared/i18n';

type Command = { name?: string; description?: string; shortcut?: string };

/**
 * The commands in the order the feed's keys are told (j/k, n, t, r, s, x, u, o): Chromium lists them
 * by name (next, note, open, previous…), and its getManifest() has the manifest's keys sorted too.
 * A test checks every command of the manifest is here.
 */
export const COMMAND_ORDER = [
  '_execute_action',
  'next-paper',
  'previous-paper',
  'note-paper',
  'tags-paper',
  'read-paper',
  'star-paper',
  'skip-paper',
  'to-read-paper',
  'open-paper-code',
];

function inOrder(commands: readonly Command[]): Command[] {
  const rank = (command: Command) => {
    const index = COMMAND_ORDER.indexOf(command.name ?? '');
    return index === -1 ? COMMAND_ORDER.length : index;
  };
  return [...commands].sort((a, b) => rank(a) - rank(b));
}

/** Lists the browser-level shortcuts and links to where the browser lets the reader change them. */
export function ShortcutsSection() {
  const [commands, setCommands] = useState<Command[]>([]);
  useEffect(() => {
    const reload = () => void browser.commands.getAll().then((all) => setCommands(inOrder(all)), () => undefined);
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
