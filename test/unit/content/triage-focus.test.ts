// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import * as actions from '../../../src/content/actions';
import { provideActions } from '../../../src/content/actions-loader';
import { CardUi } from '../../../src/content/card-ui';
import { Triage } from '../../../src/content/triage';
import { TrackedCard } from '../../../src/content/tracked-card';
import type { Annotation } from '../../../src/shared/annotation';
import type { FoundPaper } from '../../../src/shared/paper';

provideActions(actions);

const found: FoundPaper = { id: 'arxiv:2407.21783', title: 'Llama', authors: [], url: 'https://huggingface.co/papers/2407.21783', source: 'huggingface' };
const save = async (): Promise<Annotation> => ({ id: found.id, note: '', tags: [], status: 'none', createdAt: 1, updatedAt: 2 });

function feedWithOneCard() {
  const card = document.createElement('article');
  document.body.append(card);
  const entry = new TrackedCard(card, found, (tracked) => {
    const ui = new CardUi({ paper: tracked.paper, save, loadTags: async () => [], openPanel: () => undefined });
    card.append(ui.host);
    return ui;
  });
  return { entry, ui: entry.ensureUi(), triage: new Triage(() => [entry]) };
}

afterEach(() => document.body.replaceChildren());

describe('the key list gives the focus back where it was', () => {
  it('inside a card’s UI, which the page’s DOM shows only as its host', () => {
    const { ui, triage } = feedWithOneCard();
    const button = (ui.host.shadowRoot ?? document).querySelector<HTMLButtonElement>('button')!;
    button.focus();
    expect(document.activeElement).toBe(ui.host);
    triage.run('help');
    expect(document.activeElement?.getAttribute('data-paper-margin-ui')).toBe('help');
    triage.run('help');
    expect(document.activeElement).toBe(ui.host);
    expect(ui.focused).toBe(button);
  });

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
