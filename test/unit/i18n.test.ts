import { beforeEach, describe, expect, it, vi } from 'vitest';
import messages from '../../_locales/en/messages.json';
import type { MessageKey } from '../../src/shared/i18n';

type I18nModule = typeof import('../../src/shared/i18n');
const keys = Object.keys(messages) as MessageKey[];
const getMessage = () => (globalThis as unknown as { chrome: { i18n: { getMessage(key: string, subs?: string[]): string } } }).chrome.i18n;

describe('strings given by another context', () => {
  let i18n: I18nModule;
  beforeEach(async () => {
    // The given strings are module state: a fresh module per test.
    vi.resetModules();
    vi.restoreAllMocks();
    i18n = await import('../../src/shared/i18n');
  });

  it('read every string of the catalog as getMessage does, with and without substitutions', () => {
    // Values with replacement patterns in them must stay literal.
    const values = ['one $& $1 $$', 'two', 3];
    const direct = keys.map((key) => i18n.t(key, ...values));
    const bare = keys.map((key) => i18n.t(key));
    i18n.provideMessages(i18n.messageTemplates(keys));
    const asked = vi.spyOn(getMessage(), 'getMessage');
    expect(keys.map((key) => i18n.t(key, ...values))).toEqual(direct);
    expect(keys.map((key) => i18n.t(key))).toEqual(bare);
    expect(asked).not.toHaveBeenCalled();
    // The catalog has strings with substitutions, or this test would prove little.
    expect(direct.filter((text, index) => text !== bare[index]).length).toBeGreaterThan(10);
  });

  it('ask getMessage for a key they lack, and keep the first strings given', () => {
    i18n.provideMessages({ noteButton: 'Notiz' });
    i18n.provideMessages({ noteButton: 'Note later', statusRead: 'Read later' });
    expect(i18n.t('noteButton')).toBe('Notiz');
    expect(i18n.t('statusRead')).toBe(messages.statusRead.message);
  });

  it('ignore what is no string in a damaged answer', () => {
    i18n.provideMessages({ noteButton: 42, statusRead: 'Gelesen' } as unknown as Record<string, string>);
    expect(i18n.t('noteButton')).toBe(messages.noteButton.message);
    expect(i18n.t('statusRead')).toBe('Gelesen');
  });
});
