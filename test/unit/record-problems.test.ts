import { describe, expect, it, vi } from 'vitest';

// The extension APIs record-problems.ts uses: storage.session as a map, the toolbar button's state per tab.
const session = new Map<string, unknown>();
const badge = new Map<number, { text?: string; title?: string; color?: string }>();
const at = (tabId: number) => badge.get(tabId) ?? badge.set(tabId, {}).get(tabId)!;
vi.mock('../../src/shared/browser', () => ({
  default: {
    storage: {
      session: {
        get: async (key: string) => (session.has(key) ? { [key]: session.get(key) } : {}),
        set: async (items: Record<string, unknown>) => Object.entries(items).forEach(([key, value]) => session.set(key, value)),
        remove: async (key: string) => void session.delete(key),
      },
    },
    action: {
      setBadgeText: async ({ tabId, text }: { tabId: number; text: string }) => void (at(tabId).text = text),
      setTitle: async ({ tabId, title }: { tabId: number; title: string }) => void (at(tabId).title = title),
      setBadgeBackgroundColor: async ({ tabId, color }: { tabId: number; color: string }) => void (at(tabId).color = color),
    },
  },
}));

const { clearRecordProblem, pageOf, recordProblem, reportRecordProblem } = await import('../../src/background/record-problems');

describe("a page's papers that could not be stored", () => {
  it('are shown on the tab that sent them, and forgotten when the tab shows another page', async () => {
    await reportRecordProblem(7, pageOf(7), 'The disk is full.');
    expect(await recordProblem(7)).toBe('The disk is full.');
    expect(badge.get(7)).toEqual({ text: '!', title: 'Paper Margin could not save the papers of this page: The disk is full.', color: '#b91c1c' });
    expect(await recordProblem(8)).toBeUndefined();
    await clearRecordProblem(7);
    expect(await recordProblem(7)).toBeUndefined();
  });

  it('are not pinned on the next page when the write of the page before fails late', async () => {
    const page = pageOf(9);
    await clearRecordProblem(9);
    await reportRecordProblem(9, page, 'The disk is full.');
    expect(await recordProblem(9)).toBeUndefined();
    expect(badge.has(9)).toBe(false);
    await reportRecordProblem(9, pageOf(9), 'The disk is full.');
    expect(await recordProblem(9)).toBe('The disk is full.');
    // A closed tab is forgotten; its id may come back for a new tab, with nothing pinned on it.
    await clearRecordProblem(9, true);
    expect(pageOf(9)).toBe(0);
    expect(await recordProblem(9)).toBeUndefined();
  });

  it('need a tab to be shown on', async () => {
    await reportRecordProblem(undefined, 0, 'The disk is full.');
    expect([...session.keys()].filter((key) => key.endsWith('undefined'))).toEqual([]);
  });
});
