import { type MessageKey, t } from '../shared/i18n';
import { h, shadow } from './dom';

export type HelpOverlay = { host: HTMLElement; root: ShadowRoot };

/** The key list (`?`): a dialog in a shadow root of its own, at the page's bottom right. */
export function helpOverlay(keys: ReadonlyArray<readonly [key: string, help: MessageKey]>, close: () => void): HelpOverlay {
  const host = h('div', { 'data-paper-margin-ui': 'help' });
  const root = shadow(host);
  const button = h('button', { type: 'button' }, t('close'));
  button.addEventListener('click', close);
  root.append(
    h('style', {}, HELP_CSS),
    h(
      'div',
      { class: 'help', role: 'dialog', 'aria-label': t('helpTitle') },
      h('h2', {}, t('helpTitle')),
      h('dl', {}, ...keys.flatMap(([key, help]) => [h('dt', {}, h('kbd', {}, key)), h('dd', {}, t(help))])),
      h('p', {}, t('helpFooter')),
      button,
    ),
  );
  root.addEventListener('keydown', (event) => {
    if ((event as KeyboardEvent).key === 'Escape') close();
  });
  return { host, root };
}

const HELP_CSS = `
:host { all: initial; position: fixed; z-index: 2147483647; right: 16px; bottom: 16px; }
.help { font: 13px/1.45 system-ui, sans-serif; color: #1f2937; background: #fffbeb; border: 1px solid #fcd34d;
  border-left: 4px solid #d97706; border-radius: 8px; padding: 12px 16px; width: 300px; box-shadow: 0 8px 24px rgb(0 0 0 / 20%); }
:host([data-theme="dark"]) .help { color: #e5e7eb; background: #292524; border-color: #d97706; }
@media (prefers-color-scheme: dark) { :host(:not([data-theme="light"])) .help { color: #e5e7eb; background: #292524; border-color: #d97706; } }
h2 { font-size: 14px; margin: 0 0 8px; }
dl { display: grid; grid-template-columns: auto 1fr; gap: 4px 12px; margin: 0 0 8px; }
dt, dd { margin: 0; }
kbd { font: 12px ui-monospace, monospace; border: 1px solid currentColor; border-radius: 4px; padding: 0 5px; }
p { font-size: 12px; opacity: 0.8; margin: 0 0 8px; }
button { font: inherit; cursor: pointer; border: 1px solid #d97706; border-radius: 999px; background: transparent; color: inherit; padding: 1px 10px; }
`;
