import { beforeEach, describe, expect, it, vi } from 'vitest';

// The extension APIs menus.ts uses, as Chrome or Firefox give them (Firefox alone has getBrowserInfo).
const created: Array<{ id: string; title: string; contexts: string[] }> = [];
const runtime: Record<string, unknown> = { openOptionsPage: vi.fn(async () => undefined) };
vi.mock('../../src/shared/browser', () => ({
  default: { runtime, contextMenus: { create: (item: (typeof created)[number]) => void created.push(item) } },
}));

const { createMenus, onMenuClick } = await import('../../src/background/menus');

beforeEach(() => {
  created.length = 0;
  delete runtime.getBrowserInfo;
});

describe('the context menus', () => {
  it('give Firefox an Options item on the toolbar button, which opens the options page', async () => {
    runtime.getBrowserInfo = async () => ({ name: 'Firefox' });
    createMenus();
    expect(created.map(({ id, contexts }) => [id, contexts])).toEqual([
      ['find-papers', ['page', 'action']],
      ['options', ['action']],
    ]);
    expect(created[1]!.title).toBe('Options, export and import');
    await onMenuClick('options', 3, async () => expect.unreachable());
    expect(runtime.openOptionsPage).toHaveBeenCalledOnce();
  });

  it('leave Chrome its own Options item, and find papers on the tab clicked', async () => {
    createMenus();
    expect(created.map(({ id }) => id)).toEqual(['find-papers']);
    const findPapers = vi.fn(async () => undefined);
    await onMenuClick('find-papers', 5, findPapers);
    expect(findPapers).toHaveBeenCalledWith(5);
    await onMenuClick('find-papers', undefined, findPapers);
    expect(findPapers).toHaveBeenCalledOnce();
  });
});
