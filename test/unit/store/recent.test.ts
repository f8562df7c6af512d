import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/store/db';
import { recentLibrary } from '../../../src/store/query';
import { putRecords } from '../../helpers/library';

describe('recentLibrary', () => {
  it('answers the latest edited annotated papers, newest first, skipping empty annotations', async () => {
    const db = await openDatabase('recent-library');
    for (let index = 0; index < 120; index++) {
      const id = `arxiv:2401.${String(index).padStart(5, '0')}` as const;
      // Every third annotation was emptied by its reader: it is not in the library.
      await putRecords(db, [], [{ id, note: index % 3 === 0 ? '' : `note ${index}`, tags: [], status: 'none', createdAt: index, updatedAt: 1000 + index }]);
      if (index % 2 === 0) await putRecords(db, [{ id, title: `Paper ${index}`, authors: [], url: `https://arxiv.org/abs/2401.${index}`, codeLinks: [], source: 'arxiv', firstSeenAt: 1, lastSeenAt: 1, seenOn: ['arxiv'], createdAt: 1, updatedAt: 1 }]);
    }
    const recent = await recentLibrary(db, 50);
    expect(recent).toHaveLength(50);
    expect(recent[0]!.annotation?.note).toBe('note 119');
    expect(recent.map((entry) => entry.annotation!.updatedAt)).toEqual([...recent.map((entry) => entry.annotation!.updatedAt)].sort((a, b) => b - a));
    expect(recent.every((entry) => entry.annotation!.note !== '')).toBe(true);
    // Papers without a stored record get a stand-in with the paper's arXiv page.
    expect(recent.find((entry) => entry.paper.id === 'arxiv:2401.00119')?.paper.url).toContain('2401.00119');
    db.close();
  });
});
