import type { Import } from '../../imports/model.ts';
import { compareImports } from '../../imports/order.ts';
import type { ListRequest } from '../../imports/import-source.ts';

/** What one vendor walk (one status of a selection, list-plan.ts statusQueries) returned. */
export interface WalkResult {
  items: Import[];
  /** The walk's list ended within `items`. */
  complete: boolean;
  /** Matching items follow `items` (then `limit - 1` of them, ordered-walk.ts takeAfterToEnd). */
  more?: boolean;
}

/**
 * One answer from walks over disjoint parts of a list (one Fleetio status each), as takeAfterToEnd
 * would give it for the whole list. A walk that did not end says nothing of what lies past its last
 * item, so the merge stops at the earliest such item: beyond it another walk's items may be missing
 * the unfetched items of this one. Every unfinished walk returned at least `limit` items, or
 * `limit - 1` and `more`, so at least `limit - 1` survive the cut, and when only that many do, the
 * cut walk's `more` items lie past it: the merge says `more` too.
 */
export function mergeWalks(walks: readonly WalkResult[], request: ListRequest): WalkResult {
  const { order } = request;
  const byOrder = (a: Import, b: Import) => compareImports(a, b, order);
  const horizons = walks
    .filter((walk) => !walk.complete && walk.items.length > 0)
    .map((walk) => walk.items.reduce((last, item) => (byOrder(item, last) > 0 ? item : last)));
  const horizon = horizons.sort(byOrder)[0];
  const merged = walks
    .flatMap((walk) => walk.items)
    .filter((item) => horizon === undefined || byOrder(item, horizon) <= 0)
    .sort(byOrder);
  const ended = walks.every((walk) => walk.complete);
  const more = walks.some((walk) => walk.more === true);
  if (request.prefetch) return { items: merged, complete: ended, ...(more && { more }) };
  if (more && merged.length < request.limit) return { items: merged, complete: false, more };
  return { items: merged.slice(0, request.limit), complete: ended && merged.length <= request.limit };
}
