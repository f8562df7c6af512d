import { describe, expect, it } from 'vitest';
import type { ReadingStatus } from '../../src/shared/annotation';
import { type Entry, buildIndex, search } from '../../src/popup/search';

function entry(id: string, title: string, extra: Partial<{ authors: string[]; note: string; tags: string[]; date: string; edited: number; status: ReadingStatus }> = {}): Entry {
  return {
    paper: { id: `arxiv:${id}`, title, authors: extra.authors ?? [], url: `https://arxiv.org/abs/${id}`, codeLinks: [], source: 'arxiv', date: extra.date },
    annotation: { id: `arxiv:${id}`, note: extra.note ?? '', tags: extra.tags ?? [], status: extra.status ?? 'none', createdAt: 1, updatedAt: extra.edited ?? 1 },
  };
}

const library = [
  entry('2401.00001', 'Diffusion Policies for Robot Manipulation', { authors: ['Cheng Chi'], tags: ['robotics'], date: '2024-01-01', edited: 5 }),
  entry('2401.00002', 'Kernel Methods Revisited', { authors: ['Bernhard Schölkopf'], note: 'compare with diffusion kernels', date: '2024-02-01', edited: 9 }),
  entry('2401.00003', 'Scaling Laws for Language Models', { tags: ['LLM', 'scaling laws'], note: '大规模 模型', date: '2023-05-01', edited: 7 }),
];
const index = buildIndex(library);
const ids = (entries: Entry[]) => entries.map((item) => item.paper.id.slice(6));

describe('library search', () => {
  it('ranks title matches before note matches', () => {
    expect(ids(search(index, 'diffusion', { sort: 'edited' }))).toEqual(['2401.00001', '2401.00002']);
  });

  it('needs every word, in any field', () => {
    expect(ids(search(index, 'diffusion chi', { sort: 'edited' }))).toEqual(['2401.00001']);
    expect(ids(search(index, 'diffusion nobody', { sort: 'edited' }))).toEqual([]);
  });

  it('ignores accents and case', () => {
    expect(ids(search(index, 'SCHOLKOPF', { sort: 'edited' }))).toEqual(['2401.00002']);
  });

  it('finds notes in any script', () => {
    expect(ids(search(index, '模型', { sort: 'edited' }))).toEqual(['2401.00003']);
  });

  it('tolerates letters missing from a title word, but not letters spread over the title', () => {
    expect(ids(search(index, 'mnpulation', { sort: 'edited' }))).toEqual(['2401.00001']);
    expect(ids(search(index, 'dlrm', { sort: 'edited' }))).toEqual([]);
  });

  it('reads "#tag" as the tag, and ranks a whole tag above a title that only contains its letters', () => {
    const tagged = buildIndex([
      entry('2402.00001', 'World Models for Early Exit', { edited: 9 }),
      entry('2402.00002', 'Policy Gradients Revisited', { tags: ['RL'], edited: 1 }),
    ]);
    expect(ids(search(tagged, '#rl', { sort: 'edited' }))).toEqual(['2402.00002']);
    expect(ids(search(tagged, 'rl', { sort: 'edited' }))).toEqual(['2402.00002', '2402.00001']);
    expect(ids(search(index, '#scal', { sort: 'edited' }))).toEqual(['2401.00003']);
  });

  it('filters by tag case-insensitively and sorts by last edit or date', () => {
    expect(ids(search(index, '', { tag: 'llm', sort: 'edited' }))).toEqual(['2401.00003']);
    expect(ids(search(index, '', { sort: 'edited' }))).toEqual(['2401.00002', '2401.00003', '2401.00001']);
    expect(ids(search(index, '', { sort: 'date' }))).toEqual(['2401.00002', '2401.00001', '2401.00003']);
  });

  it('filters by reading status (the reading list), with a tag and words too', () => {
    const marked = buildIndex([
      entry('2402.00001', 'Diffusion one', { status: 'to-read', tags: ['rl'] }),
      entry('2402.00002', 'Diffusion two', { status: 'starred', tags: ['rl'] }),
      entry('2402.00003', 'Diffusion three', { status: 'to-read' }),
      entry('2402.00004', 'Other four', { note: 'n' }),
    ]);
    expect(ids(search(marked, '', { status: 'to-read', sort: 'edited' }))).toEqual(['2402.00001', '2402.00003']);
    expect(ids(search(marked, '', { status: 'to-read', tag: 'RL', sort: 'edited' }))).toEqual(['2402.00001']);
    expect(ids(search(marked, 'three', { status: 'to-read', sort: 'edited' }))).toEqual(['2402.00003']);
    expect(ids(search(marked, '', { status: 'none', sort: 'edited' }))).toEqual(['2402.00004']);
    expect(ids(search(marked, '', { status: 'read', sort: 'edited' }))).toEqual([]);
  });
});
