import type { ImportOrder } from '../../imports/order.ts';
import type { ImportConditions, ImportCount } from '../../imports/import-source.ts';
import { UpstreamError } from '../http/upstream-error.ts';
import type { FleetioClient } from './client.ts';
import { planList } from './list-plan.ts';
import { importFromFleetio } from './map.ts';
import { MAX_PER_PAGE, MIN_PER_PAGE } from './page-size.ts';

/** `estimated_remaining_count` stops at 500 (List Imports page [D]); counting here stops there too. */
export const COUNT_CAP = 500;
/** Pages read to count conditions Fleetio cannot apply: as many records as Fleetio would count. */
const MAX_COUNT_PAGES = COUNT_CAP / MAX_PER_PAGE;

/**
 * Fleetio's count of first pages, one per status walk (list-plan.ts statusQueries), added up. Always
 * an estimate: the field is `estimated_remaining_count`, an estimate whatever its size, not only at
 * the cap (specs/VENDOR-REFERENCE.md §1.3).
 */
export function countFromRemaining(remaining: readonly (number | undefined)[]): ImportCount {
  let count = 0;
  let lowerBound = false;
  for (const one of remaining) {
    if (one === undefined) {
      throw new UpstreamError(
        'FLEETIO',
        'error',
        'Fleetio sent an import list without estimated_remaining_count.',
      );
    }
    count += one;
    // "up to a maximum of 500": a walk at the cap may hold any number more.
    lowerBound ||= one >= COUNT_CAP;
  }
  return lowerBound ? { count, estimate: true, lowerBound } : { count, estimate: true };
}

/**
 * `ImportSource.count` for Fleetio. When every condition is a Fleetio parameter, one smallest page
 * (per_page 2) per status walk with those parameters carries the count. Otherwise (resource types,
 * both bounds on one time field, statuses checked here) the matches are counted here over pages of
 * 100, sorted on a doubly bounded field so the walk stops at its far bound; at most 5 pages in all,
 * Fleetio's own 500, and a count cut short there is a lower bound. Even a walk that reached the
 * end is marked as an estimate: its pages are read one after the other while imports arrive and
 * move, so it is no snapshot, and a count with Fleetio in it is always an estimate to clients
 * (README, counts). Only an empty selection, which asks Fleetio nothing, is exact.
 */
export async function countImports(
  client: FleetioClient,
  conditions: ImportConditions,
  signal?: AbortSignal,
): Promise<ImportCount> {
  const simple = planList(conditions);
  if (simple.empty) return { count: 0, estimate: false };
  if (!simple.partial) {
    const pages = await Promise.all(
      simple.queries.map((query) => client.listImports({ ...query, per_page: MIN_PER_PAGE }, signal)),
    );
    return countFromRemaining(pages.map((page) => page.estimated_remaining_count));
  }
  const bounded = (after?: number, before?: number) => after !== undefined && before !== undefined;
  const order: ImportOrder = bounded(conditions.createdAfter, conditions.createdBefore)
    ? { field: 'CREATED_AT', direction: 'ASC' }
    : bounded(conditions.updatedAfter, conditions.updatedBefore)
      ? { field: 'UPDATED_AT', direction: 'ASC' }
      : { field: 'CREATED_AT', direction: 'DESC' };
  const plan = planList(conditions, order);
  let count = 0;
  let pages = 0;
  for (const query of plan.queries) {
    let cursor: string | undefined;
    for (;;) {
      if (pages++ === MAX_COUNT_PAGES) return { count, estimate: true, lowerBound: true };
      const page = await client.listImports(
        { ...query, per_page: MAX_PER_PAGE, start_cursor: cursor },
        signal,
      );
      let ended = page.next_cursor === null;
      for (const item of page.records.map(importFromFleetio)) {
        if (plan.beyond?.(item)) {
          ended = true;
          break;
        }
        if (plan.accept(item)) count++;
      }
      if (count >= COUNT_CAP) return { count: COUNT_CAP, estimate: true, lowerBound: true };
      if (ended) break;
      cursor = page.next_cursor!;
    }
  }
  return { count, estimate: true };
}
