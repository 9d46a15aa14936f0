import type { Import } from '../../imports/model.ts';
import { comparePositions, compareImports, positionOf, type OrderPosition } from '../../imports/order.ts';
import {
  MAX_SCAN_PAGES,
  type ImportCount,
  type ListRequest,
  type ListResult,
} from '../../imports/import-source.ts';
import { UpstreamError } from '../http/upstream-error.ts';
import type { ListPlan } from './list-plan.ts';
import type { VendorPages } from './vendor-pages.ts';

/**
 * Vendor pages read at most while every import read shares one instant, looking for an earlier
 * one to stop at (docs/SECURITY.md, List arguments): far above any real tie.
 */
const MAX_TIE_PAGES = 40;

/**
 * A walk whose plan checks a reference or group here, on a superset the vendor returns
 * (ListPlan.scansHere): it reads the vendor's pages one by one, stops once it has `limit` settled
 * matches or the list ends, and otherwise after MAX_SCAN_PAGES pages, saying where it stopped.
 *
 * Where it stops is a position up to which every import was seen: the vendor sorts by the order
 * field (its `id` tie order is not relied on), so every import of an instant before the last one
 * read was seen, and the stop is the last of them in the gateway's order. Only when every import
 * read shares one instant does it read on, to find an instant to stop before, and after
 * MAX_TIE_PAGES it fails the provider rather than claim a position.
 *
 * On a list's first page it also counts the matches it read (countOf): a count read apart would
 * check other vendor pages and could fall below the rows the page shows.
 */
export async function walkChecking(
  pages: VendorPages,
  request: ListRequest,
  plan: ListPlan,
): Promise<ListResult> {
  const { order, after, limit } = request;
  const timeOf = (item: Import) => positionOf(item, order.field).at;
  const beforeInWalk = (a: number, b: number) => (order.direction === 'ASC' ? a < b : a > b);
  const seen = new Map<string, Import>();
  const isMatch = (item: Import) =>
    plan.accept(item) &&
    (!after || comparePositions(positionOf(item, order.field), after, order.direction) > 0);
  for (let number = 1; ; number++) {
    const page = await pages.page(number);
    for (const item of page.items) if (!seen.has(item.providerId)) seen.set(item.providerId, item);
    const read = [...seen.values()];
    const ended = pages.isLast(number, page);
    if (ended) {
      const matches = read.filter(isMatch).sort((a, b) => compareImports(a, b, order));
      return {
        items: request.prefetch ? matches : matches.slice(0, limit),
        complete: request.prefetch === true || matches.length <= limit,
        count: countOf(read, request, plan, { lowerBound: false }),
      };
    }
    const lastAt = timeOf(page.items[page.items.length - 1]!);
    const settled = read.filter((item) => beforeInWalk(timeOf(item), lastAt));
    const matches = settled.filter(isMatch).sort((a, b) => compareImports(a, b, order));
    if (matches.length >= limit) {
      // A superset longer than a check may read would be counted over a few pages by count(),
      // the oldest ones, maybe not these: the count is then what this walk saw.
      const countHere = page.pageCount > MAX_SCAN_PAGES;
      return {
        items: request.prefetch ? matches : matches.slice(0, limit),
        complete: false,
        count: countHere ? countOf(read, request, plan, { lowerBound: true }) : undefined,
      };
    }
    const stop = lastSettled(settled, order.field, order.direction);
    if (number >= MAX_SCAN_PAGES && stop)
      return {
        items: matches,
        complete: false,
        checkedUntil: stop,
        count: countOf(read, request, plan, { lowerBound: true }),
      };
    if (number >= MAX_TIE_PAGES) throw tooManyTied(read.length, lastAt, order.field);
  }
}

/**
 * Every import read so far shares one instant: no position is known up to which every import
 * was seen (the vendor's order within the instant is not the gateway's), so claiming one would
 * hide matches of that instant or skip unread ones. The provider fails instead, saying why.
 */
function tooManyTied(count: number, at: number, field: ListRequest['order']['field']): UpstreamError {
  const name = field === 'CREATED_AT' ? 'createdAt' : 'updatedAt';
  return new UpstreamError(
    'COMMERCE_LAYER',
    'error',
    `Commerce Layer: ${count} imports share one ${name} (${new Date(at).toISOString()}), more than the gateway ` +
      'can page through while it checks `filter.reference` or `filter.groupId` itself. Leave that instant ' +
      'out with a time filter, or order by the other time field.',
  );
}

/**
 * On a list's first page (no cursor), the imports of `conditions` among those read, so that
 * `totalCount` covers what the page shows: at least that many, or exactly when the list ended.
 * After a cursor the count is not the list's, and count() answers it.
 */
function countOf(
  read: readonly Import[],
  request: ListRequest,
  plan: ListPlan,
  { lowerBound }: { lowerBound: boolean },
): ImportCount | undefined {
  if (request.after) return undefined;
  const count = read.filter((item) => plan.accept(item)).length;
  return lowerBound ? { count, estimate: false, lowerBound } : { count, estimate: false };
}

function lastSettled(
  settled: Import[],
  field: ListRequest['order']['field'],
  direction: ListRequest['order']['direction'],
): OrderPosition | undefined {
  let last: OrderPosition | undefined;
  for (const item of settled) {
    const position = positionOf(item, field);
    if (!last || comparePositions(position, last, direction) > 0) last = position;
  }
  return last;
}
