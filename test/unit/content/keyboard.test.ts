import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS, commandAction } from '../../../src/content/triage';

const manifest = JSON.parse(readFileSync(new URL('../../../manifest.json', import.meta.url), 'utf8')) as {
  commands: Record<string, { description?: string; suggested_key?: unknown }>;
};
const messages = JSON.parse(readFileSync(new URL('../../../_locales/en/messages.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('keyboard commands the browser can rebind', () => {
  const names = Object.keys(manifest.commands).filter((name) => name !== '_execute_action');

  it('every manifest command runs a triage action, and every action key has a command', () => {
    expect(names.sort()).toEqual(Object.keys(COMMANDS).sort());
    expect(new Set(Object.values(COMMANDS))).toEqual(new Set(['next', 'previous', 'note', 'tags', 'starred', 'read', 'skip', 'to-read', 'open']));
  });

  it('every command is described from _locales', () => {
    for (const name of names) {
      const key = /^__MSG_(\w+)__$/.exec(manifest.commands[name]!.description ?? '')?.[1];
      expect(key && messages[key], name).toBeTruthy();
    }
  });

  it('maps a command to its action, and ignores one it does not know', () => {
    expect(commandAction('star-paper')).toBe('starred');
    expect(commandAction('toString')).toBeUndefined();
    expect(commandAction('no-such-command')).toBeUndefined();
  });

  it('suggests at most four keys (the browsers refuse more)', () => {
    expect(Object.values(manifest.commands).filter((command) => command.suggested_key).length).toBeLessThanOrEqual(4);
  });
});
