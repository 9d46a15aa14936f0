import type { Import, ImportProvider } from './model.ts';

/** What one provider returned past the end of a page, in the walk's order. */
export interface ProviderRest {
  items: Import[];
  /** The provider's list ended within `items`: nothing else comes after them. */
  complete: boolean;
}

interface Entry {
  /** Whose walk this is (the principal's id). */
  scope: string;
  rests: Map<ImportProvider, ProviderRest>;
  expiresAt: number;
  size: number;
}

export interface PageCacheOptions {
  /** How long a page's rest may serve the next page (PAGE_CACHE_TTL_MS). */
  ttlMs: number;
  /** Imports kept over all entries; the oldest entries go first. Default 20,000 (a few MB). */
  maxItems?: number;
  now?: () => number;
}

/**
 * A short-lived cache of what the vendors returned past the end of a page, under who asked (the
 * scope) and the key of that page's end (filter, order, direction, end position). A forward walk
 * asks for `after: endCursor`, finds the rest here, and asks each vendor only for what the rest
 * does not cover, so each vendor page is fetched once per walk instead of once per page of it.
 *
 * The trade (README.md, Pages and the page cache; PAGE_CACHE_TTL_MS, 5 s by default): for up to
 * the TTL, the next page shows the vendors' answer as it was when the previous page was read: a
 * status that changed, an import deleted, or an import inserted *below* the position (only the
 * simulators can back-date one; the vendors stamp `created_at` at creation, above any position a
 * CREATED_AT DESC walk has reached) is seen once the entry has expired. What a caller changed itself is seen at
 * once: its mutations `forget` its scope. Entries are read, never consumed, so a page asked again
 * (a retry) is answered the same way; memory is bounded by `maxItems`. The cache lives in one
 * process: a walk whose pages reach other instances asks their vendors again, and is as exact.
 */
export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private items = 0;
  private readonly maxItems: number;
  private readonly now: () => number;

  constructor(private readonly options: PageCacheOptions) {
    this.maxItems = options.maxItems ?? 20_000;
    this.now = options.now ?? Date.now;
  }

  get(scope: string, page: string): Map<ImportProvider, ProviderRest> | undefined {
    const key = keyOf(scope, page);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.remove(key, entry);
      return undefined;
    }
    return entry.rests;
  }

  put(scope: string, page: string, rests: Map<ImportProvider, ProviderRest>): void {
    const size = [...rests.values()].reduce((sum, rest) => sum + rest.items.length, 0);
    if (size > this.maxItems) return;
    const key = keyOf(scope, page);
    const previous = this.entries.get(key);
    if (previous) this.remove(key, previous);
    this.entries.set(key, { scope, rests, expiresAt: this.now() + this.options.ttlMs, size });
    this.items += size;
    // Oldest first (Map order is insertion order): expired entries, then whatever exceeds the bound.
    for (const [oldKey, entry] of this.entries) {
      if (this.items <= this.maxItems && entry.expiresAt > this.now()) break;
      this.remove(oldKey, entry);
    }
  }

  /** Drops every page of `scope`: after a mutation its caller's next page asks the vendors. */
  forget(scope: string): void {
    for (const [key, entry] of this.entries) if (entry.scope === scope) this.remove(key, entry);
  }

  /** Imports held now, over all entries. */
  get size(): number {
    return this.items;
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.items -= entry.size;
  }
}

/** One string per (scope, page) that no two pairs share, whatever characters a principal id holds. */
const keyOf = (scope: string, page: string) => JSON.stringify([scope, page]);
