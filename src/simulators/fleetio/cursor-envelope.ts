import type { KeysetPage, SortDirection } from './keyset.ts';
import type { ListParams } from './list-params.ts';

/** `estimated_remaining_count` counts "up to a maximum of 500" (List Imports page [D]). */
const REMAINING_COUNT_CAP = 500;

/**
 * The body of a cursor endpoint (List Imports page [D]). `start_cursor` is the cursor this page was
 * asked with, null on the first page, as the pagination page's "current cursor" confirms the
 * position [I]; `sorted_by` lists every sort applied, the id tie-break included.
 */
export function cursorEnvelope<T, W>(
  params: ListParams,
  sort: readonly [string, SortDirection][],
  page: KeysetPage<T>,
  toWire: (item: T) => W,
): Record<string, unknown> {
  return {
    start_cursor: params.cursor?.value ?? null,
    next_cursor: page.nextCursor,
    per_page: params.perPage,
    estimated_remaining_count: Math.min(REMAINING_COUNT_CAP, page.remaining),
    filtered_by: params.filteredBy,
    sorted_by: sort.map(([field, direction]) => ({ [field]: direction })),
    records: page.records.map(toWire),
  };
}
