import type { Import } from '../../imports/model.ts';
import type { ImportOrder, ImportOrderField, OrderPosition } from '../../imports/order.ts';
import type { ImportConditions } from '../import-source.ts';
import type { FleetioQuery } from './client.ts';
import { fleetioStatusesFor } from './map.ts';

/** Instants in ms: `from` inclusive, `until` exclusive. */
interface Range {
  from?: number;
  until?: number;
}

const FIELD: Record<ImportOrderField, { param: 'created_at' | 'updated_at'; of: (item: Import) => number }> =
  {
    CREATED_AT: { param: 'created_at', of: (item) => item.createdAt.getTime() },
    UPDATED_AT: { param: 'updated_at', of: (item) => item.updatedAt.getTime() },
  };

/** How one list or count is split between Fleetio's query parameters and checks made here. */
export interface ListPlan {
  /** Nothing can match (an empty status set, an empty time range): no request needed. */
  empty: boolean;
  /** Filter and sort parameters; paging (`per_page`, `start_cursor`) is added per request. */
  query: FleetioQuery;
  /** Every condition, checked again here, so results are exact whatever Fleetio applied. */
  accept: (item: Import) => boolean;
  /** True once the walk's order has passed the far bound of the order field (applied here). */
  beyond?: (item: Import) => boolean;
  /** Some condition is not in `query`: Fleetio's `estimated_remaining_count` does not count these results. */
  partial: boolean;
  /** `accept` drops items Fleetio returns, in a share nobody can predict: pages are sized up. */
  dropsItems: boolean;
}

/**
 * Filters become bounds on two time fields: `after X` is `from X + 1` (ms), `before X` is `until X`.
 * Sent as `gte from` and `lt until`, both agree with the millisecond-truncated times the gateway
 * parses, even if Fleetio stores finer times than it writes.
 */
function rangesOf(conditions: ImportConditions): Record<ImportOrderField, Range> {
  const range = (after?: number, before?: number): Range => ({
    from: after === undefined ? undefined : after + 1,
    until: before,
  });
  return {
    CREATED_AT: range(conditions.createdAfter, conditions.createdBefore),
    UPDATED_AT: range(conditions.updatedAfter, conditions.updatedBefore),
  };
}

const bothBounds = (range: Range) => range.from !== undefined && range.until !== undefined;
const isEmptyRange = (range: Range) => bothBounds(range) && range.from! >= range.until!;

export function matchesConditions(item: Import, conditions: ImportConditions): boolean {
  const created = item.createdAt.getTime();
  const updated = item.updatedAt.getTime();
  return (
    (conditions.statuses === undefined || conditions.statuses.includes(item.status)) &&
    (conditions.resourceTypes === undefined ||
      (item.resourceType !== null && conditions.resourceTypes.includes(item.resourceType))) &&
    (conditions.createdAfter === undefined || created > conditions.createdAfter) &&
    (conditions.createdBefore === undefined || created < conditions.createdBefore) &&
    (conditions.updatedAfter === undefined || updated > conditions.updatedAfter) &&
    (conditions.updatedBefore === undefined || updated < conditions.updatedBefore)
  );
}

/**
 * Plans `GET /v1/imports` for a walk in `order` from `after` (reference §1: one operator per time
 * field, `filter[status][include]` as a comma list, `sort[field]`). The walk's start, cursor and
 * filter bound together, is pushed as the order field's one operator (`gte` ascending, `lt`
 * descending; items at the cursor's instant that are not after it are dropped by takeAfter); the far
 * bound of the order field stops the walk here (`beyond`), and takes the operator itself when the
 * walk has no start. The other field pushes its lower bound (or its upper one when alone) and has
 * its second bound checked here. Fleetio has no filter on `type`: resource types are checked here.
 * Without an order (counting) each field pushes its lower bound, or its upper one when alone.
 */
export function planList(conditions: ImportConditions, order?: ImportOrder, after?: OrderPosition): ListPlan {
  const ranges = rangesOf(conditions);
  if (order && after) {
    const range = ranges[order.field];
    if (order.direction === 'ASC') range.from = Math.max(range.from ?? -Infinity, after.at);
    else range.until = Math.min(range.until ?? Infinity, after.at + 1);
  }
  const statuses = conditions.statuses && fleetioStatusesFor(conditions.statuses);
  const empty =
    statuses?.length === 0 ||
    conditions.resourceTypes?.length === 0 ||
    Object.values(ranges).some(isEmptyRange);

  const query: FleetioQuery = {};
  if (statuses) query['filter[status][include]'] = statuses.join(',');
  const push = (param: string, operator: 'gte' | 'lt', ms: number) => {
    query[`filter[${param}][${operator}]`] = new Date(ms).toISOString();
  };
  let beyond: ((item: Import) => boolean) | undefined;
  let unpushed = conditions.resourceTypes !== undefined;
  for (const field of ['CREATED_AT', 'UPDATED_AT'] as const) {
    const { param, of } = FIELD[field];
    const { from, until } = ranges[field];
    const ascending = order?.direction !== 'DESC';
    if (order?.field === field) {
      if (ascending && until !== undefined) beyond = (item) => of(item) >= until;
      if (!ascending && from !== undefined) beyond = (item) => of(item) < from;
    }
    // The walk's start takes the field's one operator; with no start, the far bound may use it.
    const lowerFirst = order?.field === field ? ascending || until === undefined : from !== undefined;
    if (lowerFirst && from !== undefined) push(param, 'gte', from);
    else if (until !== undefined) push(param, 'lt', until);
    unpushed ||= from !== undefined && until !== undefined;
  }
  if (order) query[`sort[${FIELD[order.field].param}]`] = order.direction.toLowerCase();

  const otherField = order?.field === 'CREATED_AT' ? 'UPDATED_AT' : 'CREATED_AT';
  return {
    empty,
    query,
    accept: (item) => matchesConditions(item, conditions),
    beyond,
    partial: unpushed,
    dropsItems:
      conditions.resourceTypes !== undefined || (order !== undefined && bothBounds(ranges[otherField])),
  };
}
