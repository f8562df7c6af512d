import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/store/db';
import { setAnnotation } from '../../src/store/library';
import { errorMessage } from '../../src/shared/messages';
import { t } from '../../src/shared/i18n';

vi.mock('../../src/shared/runtime', () => ({
  sendMessage: vi.fn(),
  sendTabMessage: vi.fn(),
}));
const runtime = await import('../../src/shared/runtime');
const { callBackground } = await import('../../src/shared/call');

describe('errors a reader can act on', () => {
  it.each([
    [new DOMException('quota', 'QuotaExceededError'), t('errorDiskFull')],
    [new DOMException('The database connection is closing.', 'InvalidStateError'), t('errorDatabaseClosed')],
    [new DOMException('Internal error.', 'UnknownError'), t('errorDatabase', 'Internal error.')],
    [new Error('A note must be text'), 'A note must be text'],
    ['plain', 'plain'],
  ])('%s → %s', (error, message) => {
    expect(errorMessage(error)).toBe(message);
  });

  it('says the library was closed when the browser closed the database under a write', async () => {
    const db = await openDatabase('errors-closed');
    db.close();
    const failure = await setAnnotation(db, 'arxiv:2407.21783', { note: 'kept in the editor' }).catch((error: unknown) => error);
    expect(errorMessage(failure)).toBe(t('errorDatabaseClosed'));
    expect(t('errorDatabaseClosed')).toContain('nothing was changed');
  });

  it('tells a page whose extension was reloaded to reload, and a page without an answer that it is not served', async () => {
    vi.mocked(runtime.sendMessage).mockRejectedValueOnce(new Error('Extension context invalidated.'));
    await expect(callBackground('getTags', {})).rejects.toThrow(t('errorReloaded'));
    vi.mocked(runtime.sendMessage).mockResolvedValueOnce(undefined);
    await expect(callBackground('getTags', {})).rejects.toThrow(t('errorNoAnswer'));
    vi.mocked(runtime.sendMessage).mockResolvedValueOnce({ ok: false, error: t('errorDiskFull') });
    await expect(callBackground('getTags', {})).rejects.toThrow('no room');
  });
});
