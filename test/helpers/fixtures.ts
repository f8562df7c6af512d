import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseHTML } from 'linkedom';
import type { Paper } from '../../src/shared/paper';

export const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

/** What sits beside each fixture page as `<name>.expected.json`. */
export interface Expected {
  /** The real URL the page was saved from; the adapter is chosen from it. */
  url: string;
  /** Id of the adapter that must handle the page. */
  adapter: string;
  papers: Paper[];
}

export interface Fixture {
  name: string;
  htmlPath: string;
  expectedPath: string;
  html: string;
}

/** Every `test/fixtures/<site>/<page>.html`, in a stable order. */
export function listFixtures(dir = FIXTURES): Fixture[] {
  const out: Fixture[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...listFixtures(path));
    else if (entry.endsWith('.html')) {
      out.push({
        name: relative(FIXTURES, path),
        htmlPath: path,
        expectedPath: path.replace(/\.html$/, '.expected.json'),
        html: readFileSync(path, 'utf8'),
      });
    }
  }
  return out;
}

/** A DOM for a saved page, through the same implementation the CLI uses. */
export function loadDocument(html: string): Document {
  return parseHTML(html).document as unknown as Document;
}

/** Pages of site adapters: `test/fixtures/<adapter id>/*.html` (other folders hold other test data). */
export function listSitePages(adapterIds: readonly string[]): Fixture[] {
  return listFixtures().filter((fixture) => adapterIds.some((id) => fixture.name.startsWith(`${id}/`)));
}
