import { matchesConditions } from '../../imports/conditions.ts';
import type { Import } from '../../imports/model.ts';
import type { ImportOrder, ImportOrderField, OrderPosition } from '../../imports/order.ts';
import type { ImportConditions } from '../../imports/import-source.ts';
import type { FleetioQuery } from './client.ts';
import { fleetioStatusesFor } from './map.ts';
import { narrowsToReferences } from '../../imports/conditions.ts';

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
  /**
   * Filter and sort parameters, one query per vendor walk (several when the statuses are asked one
   * per request, merged here); paging (`per_page`, `start_cursor`) is added per request.
   */
  queries: FleetioQuery[];
  /** Every condition, checked again here, so results are exact whatever Fleetio applied. */
  accept: (item: Import) => boolean;
  /** True once the walk's order has passed the far bound of the order field (applied here). */
  beyond?: (item: Import) => boolean;
  /** Some condition is not in `queries`: Fleetio's `estimated_remaining_count` does not count these results. */
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

/**
 * Most Fleetio statuses a selection is asked for one request each (see statusQueries): every
 * normalized status alone (FAILED: `failed`, `incomplete`, `unsupported`) and the live ones together
 * (`new`, `queued`, `processing`, `rolling_back`).
 */
export const MAX_STATUS_REQUESTS = 4;

/**
 * The `filter[status][include]` of each vendor walk; `[undefined]` is one walk without it.
 * `include` takes one status (List Imports page [D]: a single string; a comma list may be read as
 * one status no import has, and an empty answer would look like a true one;
 * specs/VENDOR-REFERENCE.md §1). Asking one status and checking the others here would lose the
 * others (Fleetio returns only the one), so the choice is between one walk per status, merged in
 * order here, and no status at Fleetio with every status checked here. Both are exact; they differ
 * in requests. Merged walks cost one request per status and page, known in advance; an unfiltered
 * walk costs as many pages as it takes to find the matches, which for rare statuses (the live ones)
 * is the whole history at 20 requests a minute. So up to MAX_STATUS_REQUESTS statuses are merged; a
 * wider selection covers most of Fleetio's ten statuses, and its matches are common enough that
 * checking them here is the cheaper way.
 */
function statusQueries(statuses: readonly string[] | undefined): (string | undefined)[] {
  if (statuses === undefined || statuses.length > MAX_STATUS_REQUESTS) return [undefined];
  return [...statuses];
}

const bothBounds = (range: Range) => range.from !== undefined && range.until !== undefined;
const isEmptyRange = (range: Range) => bothBounds(range) && range.from! >= range.until!;

/**
 * Plans `GET /v1/imports` for a walk in `order` from `after` (specs/VENDOR-REFERENCE.md §1: one
 * operator per time field, `filter[status][include]` with one status per walk (statusQueries),
 * `sort[field]`). The walk's start, cursor and filter bound together, is pushed as the order
 * field's one operator (`gte` ascending, `lt` descending; items at the cursor's instant that are
 * not after it are dropped by takeAfter); the far bound of the order field stops the walk here
 * (`beyond`), and takes the operator itself when the walk has no start. The other field pushes its
 * lower bound (or its upper one when alone) and has its second bound checked here. Fleetio has no
 * filter on `type`: resource types are checked here. Without an order (counting) each field pushes
 * its lower bound, or its upper one when alone.
 */
export function planList(conditions: ImportConditions, order?: ImportOrder, after?: OrderPosition): ListPlan {
  const ranges = rangesOf(conditions);
  if (order && after) {
    const range = ranges[order.field];
    if (order.direction === 'ASC') range.from = Math.max(range.from ?? -Infinity, after.at);
    else range.until = Math.min(range.until ?? Infinity, after.at + 1);
  }
  const statuses = conditions.statuses && fleetioStatusesFor(conditions.statuses);
  // Fleetio imports have no reference and are never split (specs/VENDOR-REFERENCE.md §1: the list's
  // record has neither), so a reference or group condition matches none of them.
  const empty =
    narrowsToReferences(conditions) ||
    statuses?.length === 0 ||
    conditions.resourceTypes?.length === 0 ||
    Object.values(ranges).some(isEmptyRange);

  const query: FleetioQuery = {};
  const push = (param: string, operator: 'gte' | 'lt', ms: number) => {
    query[`filter[${param}][${operator}]`] = new Date(ms).toISOString();
  };
  let beyond: ((item: Import) => boolean) | undefined;
  const perStatus = statusQueries(statuses);
  const statusesHere = statuses !== undefined && perStatus[0] === undefined;
  let unpushed = conditions.resourceTypes !== undefined || statusesHere;
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
    queries: perStatus.map((status) =>
      status === undefined ? query : { 'filter[status][include]': status, ...query },
    ),
    // Fleetio's resource types hold no comma and its imports no reference or group: the shared check is exact.
    accept: (item) => matchesConditions(item, conditions),
    beyond,
    partial: unpushed,
    dropsItems:
      conditions.resourceTypes !== undefined ||
      statusesHere ||
      (order !== undefined && bothBounds(ranges[otherField])),
  };
}
