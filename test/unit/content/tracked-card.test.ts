// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { CardUi, CardUiStart } from '../../../src/content/card-ui';
import { TrackedCard } from '../../../src/content/tracked-card';
import type { Annotation } from '../../../src/shared/annotation';
import type { FoundPaper } from '../../../src/shared/paper';

const found: FoundPaper = { id: 'arxiv:2407.21783', title: 'Llama', authors: [], url: 'https://huggingface.co/papers/2407.21783', source: 'huggingface', links: { urls: [], texts: [] } };
const note = (updatedAt: number, text: string): Annotation => ({ id: found.id, note: text, tags: [], status: 'none', createdAt: 1, updatedAt });

/** A card whose UI records what it was built from (the UI itself is card-ui.test.ts's). */
function tracked() {
  const starts: CardUiStart[] = [];
  const entry = new TrackedCard(document.createElement('article'), found, (card) => {
    starts.push(card.uiStart);
    return {} as CardUi;
  });
  return { entry, starts };
}

describe('a card whose UI is built later (long pages: near the viewport)', () => {
  it('builds it from the library’s answer, the relation to the last visit and the newest annotation heard meanwhile', () => {
    const { entry, starts } = tracked();
    const state = { seenOn: ['huggingface.co'], lastSeenAt: 5, annotation: note(2, 'old') };
    entry.setState(state, 'seen', [{ url: 'https://github.com/x/y', host: 'github', kind: 'code', status: 'available', label: 'x/y' }]);
    entry.setFreshness('new');
    entry.setAnnotation(note(9, 'typed in the popup'));
    entry.ensureUi();
    entry.ensureUi();
    expect(starts).toEqual([{ known: true, state, freshness: 'new', annotation: note(9, 'typed in the popup') }]);
    // Its paper carries the links the background read.
    expect(entry.paper.codeLinks.map((link) => link.url)).toEqual(['https://github.com/x/y']);
  });

  it('stays unknown when the answer has no state for it (the library could not be read), with its links', () => {
    const { entry, starts } = tracked();
    const links = [{ url: 'https://github.com/x/y', host: 'github', kind: 'code', status: 'available', label: 'x/y' }] as const;
    entry.setState(undefined, 'unknown', [...links]);
    entry.ensureUi();
    expect(entry.isKnown).toBe(false);
    expect(starts).toEqual([{ known: false, state: undefined, freshness: 'unknown', annotation: undefined }]);
    expect(entry.paper.codeLinks).toEqual(links);
  });

  it('builds it not ready when the library has not answered yet', () => {
    const { entry, starts } = tracked();
    entry.ensureUi();
    expect(starts).toEqual([{ known: false, state: undefined, freshness: 'unknown', annotation: undefined }]);
  });
});

describe('a card the page fills with another paper', () => {
  it('is live while on the page; dropped, it is not, and its UI leaves the card', () => {
    const card = document.createElement('article');
    document.body.append(card);
    const host = document.createElement('div');
    const entry = new TrackedCard(card, found, () => ({ host }) as unknown as CardUi);
    entry.ensureUi();
    card.append(host);
    expect(entry.live).toBe(true);
    entry.drop();
    expect(entry.live).toBe(false);
    expect(host.isConnected).toBe(false);
    expect(card.isConnected).toBe(true);
    card.remove();
  });

  it('is not live once the page removed the card', () => {
    const card = document.createElement('article');
    document.body.append(card);
    const entry = new TrackedCard(card, found, () => ({}) as CardUi);
    card.remove();
    expect(entry.live).toBe(false);
  });
});
