import type { ImportOrder } from '../../imports/order.ts';
import type { ImportConditions, ImportCount } from '../import-source.ts';
import { UpstreamError } from '../upstream-error.ts';
import type { FleetioClient } from './client.ts';
import { planList } from './list-plan.ts';
import { importFromFleetio } from './map.ts';
import { MAX_PER_PAGE, MIN_PER_PAGE } from './page-size.ts';

/** `estimated_remaining_count` stops at 500 (List Imports page [D]); counting here stops there too. */
export const COUNT_CAP = 500;
/** Pages read to count conditions Fleetio cannot apply: as many records as Fleetio would count. */
const MAX_COUNT_PAGES = COUNT_CAP / MAX_PER_PAGE;

/** Fleetio's count of a first page: exact below the cap, an estimate at it. */
export function countFromRemaining(remaining: number | undefined): ImportCount {
  if (remaining === undefined) {
    throw new UpstreamError(
      'FLEETIO',
      'error',
      'Fleetio sent an import list without estimated_remaining_count.',
    );
  }
  return { count: remaining, estimate: remaining >= COUNT_CAP };
}

/**
 * `ImportSource.count` for Fleetio. When every condition is a Fleetio parameter, one smallest page
 * (per_page 2) with those parameters carries the count. Otherwise (resource types, or both bounds
 * on one time field) the matches are counted here over pages of 100, sorted on a doubly bounded
 * field so the walk stops at its far bound; at most 5 pages, Fleetio's own 500, and a count cut
 * short there is a lower bound marked as an estimate.
 */
export async function countImports(
  client: FleetioClient,
  conditions: ImportConditions,
  signal?: AbortSignal,
): Promise<ImportCount> {
  const simple = planList(conditions);
  if (simple.empty) return { count: 0, estimate: false };
  if (!simple.partial) {
    const page = await client.listImports({ ...simple.query, per_page: MIN_PER_PAGE }, signal);
    return countFromRemaining(page.estimated_remaining_count);
  }
  const bounded = (after?: number, before?: number) => after !== undefined && before !== undefined;
  const order: ImportOrder = bounded(conditions.createdAfter, conditions.createdBefore)
    ? { field: 'CREATED_AT', direction: 'ASC' }
    : bounded(conditions.updatedAfter, conditions.updatedBefore)
      ? { field: 'UPDATED_AT', direction: 'ASC' }
      : { field: 'CREATED_AT', direction: 'DESC' };
  const plan = planList(conditions, order);
  let count = 0;
  let cursor: string | undefined;
  for (let pages = 0; pages < MAX_COUNT_PAGES; pages++) {
    const page = await client.listImports(
      { ...plan.query, per_page: MAX_PER_PAGE, start_cursor: cursor },
      signal,
    );
    for (const item of page.records.map(importFromFleetio)) {
      if (plan.beyond?.(item)) return { count, estimate: false };
      if (plan.accept(item)) count++;
    }
    if (count >= COUNT_CAP) return { count: COUNT_CAP, estimate: true };
    if (page.next_cursor === null) return { count, estimate: false };
    cursor = page.next_cursor;
  }
  return { count, estimate: true };
}
