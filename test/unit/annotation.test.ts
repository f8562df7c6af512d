import { describe, expect, it } from 'vitest';
import { type Annotation, type AnnotationPatch, CONCURRENT_NOTE_SEPARATOR, type TagUse, cleanTag, mergeNote, mergeTagEdits, parseTagInput, rankTags, takeSaved } from '../../src/shared/annotation';

const BOTH = (stored: string, mine: string) => `${stored}${CONCURRENT_NOTE_SEPARATOR}${mine}`;

describe('mergeNote: two editors of one note, nothing typed is lost', () => {
  it.each([
    // [stored now, mine, base mine started from, result]
    ['old', 'new', undefined, 'new'], // no base: an old client, last write wins
    ['start', 'start + mine', 'start', 'start + mine'], // nobody else wrote
    ['start + theirs', 'start', 'start', 'start + theirs'], // I did not change it
    ['start + theirs', 'start + theirs + mine', 'start', 'start + theirs + mine'], // typed on from theirs
    ['start + theirs + more', 'start + theirs', 'start', 'start + theirs + more'],
    ['same', 'same', 'start', 'same'],
    ['start, A', 'B', 'start', BOTH('start, A', 'B')], // both changed: both kept, stored first
    ['', '', 'start', ''], // both emptied it
  ])('stored %j, mine %j from %j → %j', (stored, mine, base, expected) => {
    expect(mergeNote(stored, mine, base)).toBe(expected);
  });
});

describe('mergeTagEdits: the tags an editor added and removed, applied to the stored tags', () => {
  it.each([
    [['a'], ['b'], undefined, ['b']],
    [['a', 'x'], ['a', 'b'], ['a'], ['a', 'x', 'b']], // x added elsewhere stays
    [['a', 'x'], ['x'], ['a', 'x'], ['x']], // a removed here
    [['A', 'x'], ['b'], ['a'], ['x', 'b']], // matched case-insensitively
    [[], ['a'], ['a'], []], // removed elsewhere, untouched here: stays removed
    [['rl'], ['RL', 'vision'], ['rl'], ['RL', 'vision']], // respelt here: the reader's spelling
    [['Rl', 'x'], ['rl'], ['rl', 'x'], ['Rl']], // respelt elsewhere, untouched here: stays respelt
    [['Rl', 'x'], ['RL', 'x', 'y'], ['rl', 'x'], ['RL', 'x', 'y']], // respelt in both places: the last edit's
  ])('stored %j, mine %j from %j → %j', (stored, mine, base, expected) => {
    expect(mergeTagEdits(stored, mine, base)).toEqual(expected);
  });
});

describe('rankTags: autocomplete by frequency and recency', () => {
  const DAY = 86_400_000;
  const now = 1_000 * DAY;
  const use = (tag: string, count: number, daysAgo: number): TagUse => ({ tag, key: tag.toLowerCase(), count, lastUsedAt: now - daysAgo * DAY });

  it('puts prefix matches first, then the most used, with old use counting less', () => {
    const tags = [use('robotics', 10, 365), use('rl', 4, 1), use('reasoning', 5, 60), use('hardware', 9, 0)];
    // 10 uses a year ago weigh less than 4 uses yesterday.
    expect(rankTags(tags, 'r', [], now).map((tag) => tag.tag)).toEqual(['rl', 'reasoning', 'robotics', 'hardware']);
  });

  it('leaves out tags already on the paper and stops at the limit', () => {
    const tags = [use('rl', 4, 1), use('rlhf', 3, 1), use('vision', 1, 1)];
    expect(rankTags(tags, 'rl', ['RL'], now).map((tag) => tag.tag)).toEqual(['rlhf']);
    expect(rankTags(tags, '', [], now, 2)).toHaveLength(2);
  });

  // Found by a review: Tab took the top suggestion, so a typed `rl` was saved as the more used `rlhf`.
  it('puts the tag typed in full first, however much more a longer one is used', () => {
    const tags = [use('rlhf', 30, 0), use('RL', 1, 90), use('url', 50, 0)];
    expect(rankTags(tags, 'rl', [], now).map((tag) => tag.tag)).toEqual(['RL', 'rlhf', 'url']);
  });
});

describe('takeSaved: an editor after each save', () => {
  const saved = (note: string, tags: string[] = []): Annotation => ({ id: 'arxiv:2407.21783', note, tags, status: 'none', createdAt: 1, updatedAt: 2 });

  it('rebases the edits typed while the save was on its way, so a deletion after it is not undone', () => {
    const base = { note: '', tags: [] };
    // "v1" went out; meanwhile the reader deleted it again: that edit was queued from the old base.
    const pending: AnnotationPatch = { note: '', base: { note: '', tags: [] } };
    expect(takeSaved({ note: 'v1', base: { note: '', tags: [] } }, saved('v1'), base, pending)).toEqual({});
    expect(base.note).toBe('v1');
    // Sent next, the deletion now says it started from "v1": the background takes it.
    expect(mergeNote('v1', pending.note!, pending.base!.note)).toBe('');
  });

  it('hands back what the background merged, and drops the pending edits of those fields', () => {
    const base = { note: '', tags: ['rl'] };
    const pending: AnnotationPatch = { note: 'mine!', tags: ['rl', 'x'], base: { note: '', tags: ['rl'] } };
    const merged = takeSaved({ note: 'mine', tags: ['rl', 'nlp'] }, saved(`theirs${CONCURRENT_NOTE_SEPARATOR}mine`, ['rl', 'vision', 'nlp']), base, pending);
    expect(merged).toEqual({ note: `theirs${CONCURRENT_NOTE_SEPARATOR}mine`, tags: ['rl', 'vision', 'nlp'] });
    expect(pending.note).toBeUndefined();
    expect(pending.tags).toBeUndefined();
    expect(base).toEqual({ note: `theirs${CONCURRENT_NOTE_SEPARATOR}mine`, tags: ['rl', 'vision', 'nlp'] });
  });
});

describe('tags as typed and stored', () => {
  it('splits a tag field at commas, semicolons, lines and a # that starts a word', () => {
    expect(parseTagInput('rl, diffusion models #vision;  ML\ncv')).toEqual(['rl', 'diffusion models', 'vision', 'ML', 'cv']);
    // A tag list as the editors show it, with a tag added: "C#" stays whole.
    expect(parseTagInput('C#, F#, ml')).toEqual(['C#', 'F#', 'ml']);
    expect(parseTagInput('#C#')).toEqual(['C#']);
  });

  it('makes separators inside a tag spaces, so that every stored tag survives an edit in a tag field', () => {
    expect(cleanTag('a, b;c')).toBe('a b c');
    expect(cleanTag('  ##deep   learning ')).toBe('deep learning');
    expect(parseTagInput([cleanTag('a, b'), 'ml'].join(', '))).toEqual(['a b', 'ml']);
  });
});
