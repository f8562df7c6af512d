// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as actions from '../../../src/content/actions';
import { type Actions, onHeldKey, provideActions, setActionsSource } from '../../../src/content/actions-loader';
import { CardUi } from '../../../src/content/card-ui';
import { Triage } from '../../../src/content/triage';
import { TrackedCard } from '../../../src/content/tracked-card';
import type { Annotation } from '../../../src/shared/annotation';
import type { FoundPaper } from '../../../src/shared/paper';

// The release build's closed roots (the unit tests' build opens them, src/globals.d.ts): nothing may
// reach into a card's UI through `host.shadowRoot`. The test keeps the roots to look inside.
const roots = new Map<Element, ShadowRoot>();
vi.mock('../../../src/content/dom', async (original) => ({
  ...(await original<typeof import('../../../src/content/dom')>()),
  shadow: (host: HTMLElement) => {
    const root = host.attachShadow({ mode: 'closed' });
    roots.set(host, root);
    return root;
  },
}));

const found: FoundPaper = {
  id: 'arxiv:2407.21783',
  title: 'Llama',
  authors: [],
  url: 'https://huggingface.co/papers/2407.21783',
  source: 'huggingface',
  links: { urls: [], texts: [] },
};
const save = vi.fn(async (): Promise<Annotation> => ({ id: found.id, note: '', tags: [], status: 'none', createdAt: 1, updatedAt: 2 }));

function feedWithOneCard() {
  const card = document.createElement('article');
  document.body.append(card);
  const entry = new TrackedCard(card, found, (tracked) => {
    const ui = new CardUi({ paper: tracked.paper, save, loadTags: async () => [], openPanel: () => undefined });
    card.append(ui.host);
    return ui;
  });
  const ui = entry.ensureUi();
  return { ui, root: roots.get(ui.host)!, triage: new Triage(() => [entry]) };
}

/** A key the reader presses (trusted) where the focus is. */
function press(key: string): void {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, composed: true });
  Object.defineProperty(event, 'isTrusted', { value: true });
  (document.activeElement ?? document.body).dispatchEvent(event);
}

// The actions module as the feed scripts have it once loaded; one test loads it late.
provideActions(actions);
afterEach(() => {
  document.body.replaceChildren();
  roots.clear();
  provideActions(actions);
});

describe('a card UI in a closed shadow root', () => {
  it('is closed to the page: the host shows no root', () => {
    const { ui, root } = feedWithOneCard();
    expect(ui.host.shadowRoot).toBeNull();
    expect(root.querySelector('button')).not.toBeNull();
  });

  it('gets the focus back from the key list, which the page’s DOM shows only as the card’s host', () => {
    const { ui, root, triage } = feedWithOneCard();
    const button = root.querySelector('button')!;
    button.focus();
    expect(document.activeElement).toBe(ui.host);
    triage.run('help');
    expect(document.activeElement?.getAttribute('data-paper-margin-ui')).toBe('help');
    triage.run('help');
    expect(document.activeElement).toBe(ui.host);
    expect(root.activeElement).toBe(button);
  });

  it('gets the keys typed while the editor loaded, found from inside the root', async () => {
    let finish: (module: Actions) => void = () => undefined;
    setActionsSource(() => new Promise<Actions>((resolve) => (finish = resolve)));
    onHeldKey(() => undefined);
    const { ui, root } = feedWithOneCard();
    ui.openEditor();
    ['o', 'k', 'Backspace', 'x'].forEach(press);
    await Promise.resolve();
    finish(actions);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(root.querySelector('textarea')!.value).toBe('ox');
  });
});

describe('the key list gives the focus back', () => {
  it('inside an open shadow root of the page’s own', () => {
    const { triage } = feedWithOneCard();
    const widget = document.createElement('div');
    const search = document.createElement('input');
    widget.attachShadow({ mode: 'open' }).append(search);
    document.body.append(widget);
    search.focus();
    triage.run('help');
    triage.run('help');
    expect(widget.shadowRoot!.activeElement).toBe(search);
  });
});
