import { arxiv } from './arxiv';
import { generic } from './generic';
import { huggingface } from './huggingface';
import type { SiteAdapter } from './types';

/**
 * Every adapter, most specific first. The first one whose `isFeed` or `isPaper` accepts a URL
 * handles that page. (The generic adapter, run only on the user's request, comes last.)
 */
export const adapters: readonly SiteAdapter[] = [huggingface as SiteAdapter, arxiv as SiteAdapter, generic as SiteAdapter];

export { generic };

/** The adapter for a page, or `undefined` when no adapter knows the URL. */
export function findAdapter(url: URL): SiteAdapter | undefined {
  return adapters.find((adapter) => adapter.isFeed(url) || adapter.isPaper(url));
}

/** The adapter with this id; throws for an unknown id (a programming error). */
export function expectAdapter(id: string): SiteAdapter {
  const adapter = adapters.find((candidate) => candidate.id === id);
  if (!adapter) throw new Error(`Unknown site adapter: ${id}`);
  return adapter;
}
