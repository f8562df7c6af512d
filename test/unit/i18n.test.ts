import { beforeEach, describe, expect, it, vi } from 'vitest';
import messages from '../../_locales/en/messages.json';
import type { MessageKey } from '../../src/shared/i18n';

type I18nModule = typeof import('../../src/shared/i18n');
const keys = Object.keys(messages) as MessageKey[];
const i18nApi = () => (globalThis as unknown as { chrome: { i18n: { getMessage(key: string, subs?: string[]): string } } }).chrome.i18n;

describe('strings given by another context', () => {
  let i18n: I18nModule;
  beforeEach(async () => {
    // The given strings live on the global object (shared by the script's bundles): reset per test.
    delete (globalThis as Record<symbol, unknown>)[Symbol.for('paper-margin.strings')];
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
    const asked = vi.spyOn(i18nApi(), 'getMessage');
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

  it('ignore what is no string, or empty, in a damaged answer', () => {
    i18n.provideMessages({ noteButton: 42, statusRead: 'Gelesen', statusSkip: '' } as unknown as Record<string, string>);
    expect(i18n.t('noteButton')).toBe(messages.noteButton.message);
    expect(i18n.t('statusRead')).toBe('Gelesen');
    expect(i18n.t('statusSkip')).toBe(messages.statusSkip.message);
  });

  it('reach another bundle of the same script (the actions module has its own copy of this code)', async () => {
    i18n.provideMessages({ noteButton: 'Notiz' });
    vi.resetModules();
    const otherCopy: I18nModule = await import('../../src/shared/i18n');
    expect(otherCopy).not.toBe(i18n);
    expect(otherCopy.t('noteButton')).toBe('Notiz');
  });

  it('are asked for once at a time, and again when an answer brought none', () => {
    expect(i18n.askForMessages()).toBe(true);
    expect(i18n.askForMessages()).toBe(false);
    i18n.provideMessages(undefined);
    expect(i18n.askForMessages()).toBe(true);
    i18n.provideMessages({ noteButton: 'Notiz' });
    expect(i18n.askForMessages()).toBe(false);
  });
});
