import type { Import } from '../../imports/model.ts';
import { comparePositions, compareImports, positionOf, type OrderPosition } from '../../imports/order.ts';
import {
  MAX_SCAN_PAGES,
  type ImportCount,
  type ListRequest,
  type ListResult,
} from '../../imports/import-source.ts';
import type { ListPlan } from './list-plan.ts';
import type { VendorPages } from './vendor-pages.ts';

/** A guard against a list whose every import shares one instant: far above any real one. */
const MAX_TIE_PAGES = 40;

/**
 * A walk whose plan checks a reference or group here, on a superset the vendor returns
 * (ListPlan.scansHere): it reads the vendor's pages one by one, stops once it has `limit` settled
 * matches or the list ends, and otherwise after MAX_SCAN_PAGES pages, saying where it stopped.
 *
 * Where it stops is a position up to which every import was seen: the vendor sorts by the order
 * field (its `id` tie order is not relied on), so every import of an instant before the last one
 * read was seen, and the stop is the last of them in the gateway's order. Only when every import
 * read shares one instant does it read on, to find an instant to stop before.
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
    if (number >= MAX_SCAN_PAGES && (stop || number >= MAX_TIE_PAGES))
      return {
        items: matches,
        complete: false,
        checkedUntil: stop ?? positionOf(read[read.length - 1]!, order.field),
        count: countOf(read, request, plan, { lowerBound: true }),
      };
  }
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
