import { describe, expect, it } from 'vitest';
import { Visit } from '../../../src/content/visit';
import type { Annotation } from '../../../src/shared/annotation';
import type { PaperState } from '../../../src/shared/messages';

const LLAMA = 'arxiv:2407.21783';
const MISTRAL = 'arxiv:2310.06825';
const START = 10_000;

describe('Visit', () => {
  it('calls a paper seen when the library last showed it before the visit began', () => {
    const visit = new Visit(START);
    const state = visit.hear(LLAMA, { seenOn: ['huggingface'], lastSeenAt: 500 });
    expect(visit.freshness(state)).toBe('seen');
    expect(visit.isReturn).toBe(true);
  });

  it('calls never-seen papers unknown on a first visit and new on a return', () => {
    const first = new Visit(START);
    expect(first.freshness(first.hear(MISTRAL, { seenOn: [] }))).toBe('unknown');
    expect(first.isReturn).toBe(false);
    const back = new Visit(START);
    back.hear(LLAMA, { seenOn: ['huggingface'], lastSeenAt: 500 });
    expect(back.freshness(back.hear(MISTRAL, { seenOn: [] }))).toBe('new');
  });

  it('keeps the first answer for a paper recorded again in the same visit (a re-rendered card)', () => {
    const visit = new Visit(START);
    visit.hear(LLAMA, { seenOn: ['huggingface'], lastSeenAt: 500 });
    // The library now holds this visit's own record.
    const again = visit.hear(LLAMA, { seenOn: ['huggingface'], lastSeenAt: START + 40, annotation: undefined });
    expect(again).toEqual({ seenOn: ['huggingface'], lastSeenAt: 500, annotation: undefined });
    expect(visit.freshness(again)).toBe('seen');
    // A paper first met in this visit stays news when its card comes back.
    visit.hear(MISTRAL, { seenOn: [] });
    const mistral = visit.hear(MISTRAL, { seenOn: ['huggingface'], lastSeenAt: START + 40 });
    expect(mistral).toEqual({ seenOn: ['huggingface'] });
    expect(visit.freshness(mistral)).toBe('new');
  });

  it('takes the newest annotation from a later answer while keeping when the paper was seen', () => {
    const visit = new Visit(START);
    visit.hear(LLAMA, { seenOn: ['huggingface'], lastSeenAt: 500 });
    const annotation: Annotation = { id: LLAMA, note: 'typed in the popup', tags: [], status: 'none', createdAt: 1, updatedAt: START + 90 };
    const later: PaperState = { seenOn: ['huggingface', 'arxiv'], lastSeenAt: START + 60, annotation };
    expect(visit.hear(LLAMA, later)).toEqual({ seenOn: ['huggingface', 'arxiv'], lastSeenAt: 500, annotation });
  });

  it('does not count a paper written by another tab during this visit as seen before it', () => {
    const visit = new Visit(START);
    const state = visit.hear(LLAMA, { seenOn: ['huggingface'], lastSeenAt: START + 5 });
    expect(visit.freshness(state)).toBe('unknown');
    expect(visit.isReturn).toBe(false);
  });

  it('hands back an unchanged state alike; no state (no answer) is unknown and not remembered', () => {
    const visit = new Visit(START);
    const state: PaperState = { seenOn: ['arxiv'], lastSeenAt: 500 };
    expect(visit.hear(LLAMA, state)).toEqual(state);
    expect(visit.hear(MISTRAL, undefined)).toBeUndefined();
    expect(visit.freshness(undefined)).toBe('unknown');
    // The library's answer when it can be read again counts as the first.
    expect(visit.freshness(visit.hear(MISTRAL, { seenOn: ['arxiv'], lastSeenAt: 700 }))).toBe('seen');
  });
});
