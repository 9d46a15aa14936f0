import type { ImportConditions } from '../../imports/import-source.ts';
import type { QueryParams } from './client.ts';
import { matchesAtCommerceLayer, planList } from './list-plan.ts';
import { MAX_PAGE_SIZE, VendorPages, type FetchedPage } from './vendor-pages.ts';

/** Pages read at once when every page of a query is needed. */
const READ_CONCURRENCY = 4;

/** One vendor page of `query`, read as the calling list or count reads (source.ts). */
export type PageReader = (query: QueryParams, number: number, size: number) => Promise<FetchedPage>;

/** How many imports matched, and whether reading stopped at `maxPages` with pages left (`cut`). */
export interface CountedByReading {
  count: number;
  cut: boolean;
}

/**
 * Counts what no Ransack query can count: a resource type or reference with a comma, which the
 * gateway does not send, or a group, asked for as a superset (`reference_start`). Reads the
 * pages of the superset oldest first (imports arriving meanwhile land after them) and checks
 * each import here; a reference or group is read over at most `maxPages` (MAX_SCAN_PAGES), the
 * bound of the list's own check, and the count then says `cut`. When a list's first page has
 * counted what its own check read (checking-walk.ts), this is not asked.
 */
export function countByReading(options: {
  conditions: ImportConditions;
  gatewayInterrupts: boolean;
  readPage: PageReader;
  maxPages?: number;
}): Promise<CountedByReading> {
  const { conditions, gatewayInterrupts } = options;
  const plan = planList(conditions, { field: 'CREATED_AT', direction: 'ASC' }, undefined, gatewayInterrupts);
  return countMatches({ ...options, query: plan.params });
}

/**
 * Reads every page of `query` (at most `maxPages`, then `cut`), a few pages at a time, and counts
 * the imports matching `conditions`.
 */
export async function countMatches(options: {
  query: QueryParams;
  conditions: ImportConditions;
  readPage: PageReader;
  maxPages?: number;
}): Promise<CountedByReading> {
  const { query, conditions, readPage, maxPages = Infinity } = options;
  const sorted: QueryParams = query.some(([name]) => name === 'sort')
    ? query
    : [...query, ['sort', 'created_at,id']];
  const pages = new VendorPages(MAX_PAGE_SIZE, (number, pageSize) => readPage(sorted, number, pageSize));
  const matching = new Set<string>();
  const first = await pages.page(1);
  const last = Math.min(maxPages, Math.max(1, first.pageCount));
  for (let next = 1; next <= last; next += READ_CONCURRENCY) {
    for (const page of await pages.pagesFrom(next, Math.min(READ_CONCURRENCY, last - next + 1))) {
      for (const item of page.items)
        if (matchesAtCommerceLayer(item, conditions)) matching.add(item.providerId);
    }
  }
  return { count: matching.size, cut: last < first.pageCount };
}
