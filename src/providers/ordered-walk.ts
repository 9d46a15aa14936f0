import type { Import } from '../imports/model.ts';
import { compareImports, comparePositions, positionOf } from '../imports/order.ts';
import type { ListRequest } from '../imports/import-source.ts';

/** One page of a vendor list, and how to fetch the page after it. */
export interface VendorPage {
  /** Items in the vendor's order: by the order field, ties in any order. */
  items: Import[];
  next: (() => Promise<VendorPage>) | undefined;
}

export interface WalkOptions {
  /** Conditions the vendor could not apply itself. */
  accept?: (item: Import) => boolean;
  /** True once the vendor's order has passed a bound applied here (nothing later can match). */
  beyond?: (item: Import) => boolean;
}

/**
 * Takes `request.limit` items strictly after `request.after` from a vendor list sorted by the
 * order field only. Vendors break ties on the time field in their own way, so items sharing the
 * last timestamp of what was fetched may have partners on the next vendor page: they are only
 * trusted once a later timestamp (or the end) has been seen. The vendor query should start at the
 * cursor's instant inclusively; items at that instant but not after the cursor are dropped here.
 */
export async function takeAfter(
  firstPage: Promise<VendorPage>,
  request: ListRequest,
  options: WalkOptions = {},
): Promise<Import[]> {
  return (await takeAfterToEnd(firstPage, request, options)).items;
}

/** What a walk took: the items, whether the list ended within them, whether more follow them. */
export interface Taken {
  items: Import[];
  complete: boolean;
  /** Set with `limit - 1` items: matching items come after them (ListResult.more). */
  more?: boolean;
}

/**
 * takeAfter that also says whether the vendor's list ended within the items (`complete`). With
 * `request.prefetch` it returns every settled item of the pages it fetched, `limit` or more.
 *
 * One item short of `limit` with matching items at the last timestamp seen (a tie the next vendor
 * page may add to), it stops there and says `more`: those items follow every settled one whatever
 * the tie order, so the merge knows another page exists without the vendor's next page.
 */
export async function takeAfterToEnd(
  firstPage: Promise<VendorPage>,
  request: ListRequest,
  options: WalkOptions = {},
): Promise<Taken> {
  const { order, after, limit } = request;
  const timeOf = (item: Import) => positionOf(item, order.field).at;
  const laterInWalk = (a: number, b: number) => (order.direction === 'ASC' ? a > b : a < b);
  const kept: Import[] = [];
  let page = await firstPage;
  for (;;) {
    let ended = page.next === undefined;
    for (const item of page.items) {
      if (options.beyond?.(item)) {
        ended = true;
        break;
      }
      if (options.accept && !options.accept(item)) continue;
      if (after && comparePositions(positionOf(item, order.field), after, order.direction) <= 0) continue;
      kept.push(item);
    }
    const lastSeen = page.items[page.items.length - 1];
    const settled =
      ended || lastSeen === undefined
        ? kept
        : kept.filter((item) => laterInWalk(timeOf(lastSeen), timeOf(item)));
    const sorted = () => settled.sort((a, b) => compareImports(a, b, order));
    if (ended || settled.length >= limit || page.next === undefined) {
      const complete = ended || page.next === undefined;
      if (request.prefetch) return { items: sorted(), complete };
      return { items: sorted().slice(0, limit), complete: complete && settled.length <= limit };
    }
    if (limit > 1 && settled.length === limit - 1 && kept.length > settled.length)
      return { items: sorted(), complete: false, more: true };
    page = await page.next();
  }
}
