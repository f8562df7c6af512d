import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adapters, findAdapter } from '../../src/sites/index';
import { listFixtures } from '../helpers/fixtures';
import { EXAMPLES } from '../../src/sites/examples';

const root = new URL('../../', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(`${root}manifest.json`, 'utf8')) as {
  content_scripts: Array<{ matches: string[] }>;
};
const manifestMatches = manifest.content_scripts.flatMap((script) => script.matches);
const readme = readFileSync(`${root}README.md`, 'utf8');

/** A manifest match pattern as a RegExp over whole URLs (scheme, host, path with `*`). */
function patternToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

// Adapters without match patterns (the generic one) are injected only on the user's request, through
// activeTab + scripting: no content script runs them, so they need no manifest entry.
const isOnDemand = (adapter: (typeof adapters)[number]): boolean => adapter.matches.length === 0;

describe('site adapter registry', () => {
  it('has unique ids equal to the file names', () => {
    const ids = adapters.map((adapter) => adapter.id);
    expect(new Set(ids).size).toBe(ids.length);
    const files = readdirSync(`${root}src/sites`).map((file) => file.replace(/\.ts$/, ''));
    for (const id of ids) expect(files).toContain(id);
  });

  it.each(adapters.filter((adapter) => !isOnDemand(adapter)).map((adapter) => [adapter.id, adapter] as const))(
    '%s: its matches are in manifest.json',
    (_id, adapter) => {
      for (const pattern of adapter.matches) expect(manifestMatches).toContain(pattern);
    },
  );

  it.each(adapters.map((adapter) => [adapter.id, adapter] as const))('%s: has a fixture page', (id) => {
    expect(listFixtures().some((fixture) => fixture.name.startsWith(`${id}/`))).toBe(true);
  });

  it.each(adapters.map((adapter) => [adapter.id, adapter] as const))('%s: is listed in the README', (_id, adapter) => {
    expect(readme).toContain(`| ${adapter.name} |`);
  });

  it('has example URLs for every adapter, and for no other', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual(adapters.map((adapter) => adapter.id).sort());
    for (const adapter of adapters) expect(EXAMPLES[adapter.id]!.length, adapter.id).toBeGreaterThan(2);
  });

  it.each(adapters.map((adapter) => [adapter.id, adapter] as const))(
    '%s: accepts its example URLs, which its manifest patterns cover',
    (_id, adapter) => {
      for (const example of EXAMPLES[adapter.id]!) {
        const url = new URL(example);
        expect(adapter.isFeed(url) || adapter.isPaper(url), example).toBe(true);
        expect(findAdapter(url)?.id, example).toBe(adapter.id);
        if (isOnDemand(adapter)) continue;
        expect(adapter.matches.some((pattern) => patternToRegExp(pattern).test(example)), example).toBe(true);
      }
    },
  );

  it.each(adapters.map((adapter) => [adapter.id, adapter] as const))('%s: rejects every other adapter’s examples', (_id, adapter) => {
    for (const other of adapters) {
      if (other === adapter) continue;
      for (const example of EXAMPLES[other.id]!) {
        const url = new URL(example);
        expect(adapter.isFeed(url) || adapter.isPaper(url), example).toBe(false);
      }
    }
  });
});
