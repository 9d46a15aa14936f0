import type { Import } from '../../imports/model.ts';
import { comparePositions, positionOf } from '../../imports/order.ts';
import type { ListRequest, ListResult } from '../../imports/import-source.ts';
import { takeAfterToEnd, type VendorPage } from '../ordered-walk.ts';
import type { ListPlan } from './list-plan.ts';
import type { VendorPages } from './vendor-pages.ts';

/** The vendor's answer broke the order the walk trusted; `tieOrder` when it was the `id` order within a tie. */
export class OrderBroken {
  constructor(readonly tieOrder: boolean) {}
}

/**
 * Pages a plan needs up front: `need` items at `size` a page. With a tie order to trust and an
 * exact plan, `limit - 1` items are enough (the walk can say `more` instead of showing the last
 * one), which is what keeps a page of 50 at 2 requests of 25.
 */
export function firstRound(need: number, size: number): number {
  return Math.max(1, Math.ceil(need / size));
}

/**
 * Walks the vendor's list trusting its `sort=<field>,id` as the gateway's order, which it is when
 * the vendor sorts ids within a tie as the gateway does (plain strings of one length: the
 * simulator's order, the gateway's order (README)). Every adjacent pair is checked: a pair out
 * of order ends this walk with OrderBroken, and the caller falls back to `takeAfter`. Stops at
 * `limit` items, at the end of the list, or (exact plans only) at `limit - 1` items when the
 * vendor says more records follow: every record of an exact plan matches, so the next one exists.
 */
export async function walkInVendorOrder(
  pages: VendorPages,
  request: ListRequest,
  plan: ListPlan,
  rounds: number,
): Promise<ListResult | OrderBroken> {
  const { order, after, limit } = request;
  const seen = new Set<string>();
  const kept: Import[] = [];
  let previous: Import | undefined;
  let next = 1;
  for (let count = rounds; ;) {
    const batch = await pages.pagesFrom(next, count);
    let ended = false;
    for (const page of batch) {
      for (const item of page.items) {
        if (seen.has(item.providerId)) continue;
        seen.add(item.providerId);
        if (previous) {
          const before = positionOf(previous, order.field);
          const current = positionOf(item, order.field);
          if (comparePositions(before, current, order.direction) > 0)
            return new OrderBroken(before.at === current.at);
        }
        previous = item;
        if (after && comparePositions(positionOf(item, order.field), after, order.direction) <= 0) continue;
        if (plan.accept(item)) kept.push(item);
      }
      ended ||= pages.isLast(next, page);
      next += 1;
      if (ended) break;
    }
    // With prefetch every item of the pages read is returned (the page cache keeps the rest).
    if (request.prefetch && (kept.length >= limit || ended)) return { items: kept, complete: ended };
    if (kept.length >= limit || ended)
      return { items: kept.slice(0, limit), complete: ended && kept.length <= limit };
    if (plan.exact && kept.length > 0 && kept.length === limit - 1) return { items: kept, more: true };
    const missing = limit - kept.length - (plan.exact ? 1 : 0);
    count = Math.max(
      1,
      Math.min(Math.ceil(missing / pages.size), batch[batch.length - 1]!.pageCount - next + 1),
    );
  }
}

/**
 * The tie-safe walk of ordered-walk.ts: the vendor's order is trusted for the time field only.
 * The first `rounds` pages are asked at once; takeAfter asks for more one page at a time.
 */
export async function walkByTime(pages: VendorPages, request: ListRequest, plan: ListPlan, rounds: number) {
  const seen = new Set<string>();
  const pageAt = async (number: number): Promise<VendorPage> => {
    const page = await pages.page(number);
    const items = page.items.filter((item) => !seen.has(item.providerId));
    for (const item of items) seen.add(item.providerId);
    return { items, next: pages.isLast(number, page) ? undefined : () => pageAt(number + 1) };
  };
  void pages.pagesFrom(1, rounds).catch(() => undefined);
  return takeAfterToEnd(pageAt(1), request, { accept: plan.accept });
}
