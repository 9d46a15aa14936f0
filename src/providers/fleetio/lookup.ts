import type { Import } from '../../imports/model.ts';
import type { ImportReference } from '../../imports/import-source.ts';
import { UpstreamError } from '../http/upstream-error.ts';
import type { FleetioClient } from './client.ts';
import { FLEETIO_IMPORT_IDS } from './ids.ts';
import { importFromFleetio, importsOfPage } from './map.ts';
import { MAX_PER_PAGE } from './page-size.ts';

/** A guard against a vendor whose cursors never move on; far above any real lookup. */
const MAX_REQUESTS = 1_000;

interface TimedReference {
  providerId: string;
  createdAt: number;
}

function tooLong(): UpstreamError {
  return new UpstreamError('FLEETIO', 'error', 'Fleetio kept paging without reaching the imports looked up.');
}

/**
 * Finds many imports by id. Fleetio has neither a show endpoint nor an id filter
 * (specs/VENDOR-REFERENCE.md §1), but global ids carry `created_at`: one ascending query from the
 * earliest wanted instant returns a window of up to 100 imports, which settles every wanted id
 * created inside it (found, or absent if it is not there). Only the window's last instant stays
 * open, since its ties may continue on the next page. Then the next query starts at the earliest id
 * still open: through `next_cursor` when that id is still at the window's edge, with a fresh `gte`
 * that skips the gap otherwise.
 */
async function findByCreation(
  client: FleetioClient,
  wanted: TimedReference[],
  found: Map<string, Import>,
  signal?: AbortSignal,
): Promise<void> {
  const ids = new Set(wanted.map((reference) => reference.providerId));
  let open = [...wanted].sort((a, b) => a.createdAt - b.createdAt);
  let window: { from: number; cursor: string; lastAt: number } | undefined;
  for (let requests = 0; open.length > 0; requests++) {
    if (requests === MAX_REQUESTS) throw tooLong();
    const earliest = open[0]!.createdAt;
    const continued = window && earliest <= window.lastAt ? window : undefined;
    const from = continued?.from ?? earliest;
    const page = await client.listImports(
      {
        'filter[created_at][gte]': new Date(from).toISOString(),
        'sort[created_at]': 'asc',
        per_page: MAX_PER_PAGE,
        start_cursor: continued?.cursor,
      },
      signal,
    );
    const items = importsOfPage(page);
    for (const item of items) if (ids.has(item.providerId)) found.set(item.providerId, item);
    const last = items[items.length - 1];
    const coveredUntil =
      page.next_cursor === null || last === undefined ? Infinity : last.createdAt.getTime();
    open = open.filter(
      (reference) => !found.has(reference.providerId) && reference.createdAt >= coveredUntil,
    );
    window =
      page.next_cursor !== null && last !== undefined
        ? { from, cursor: page.next_cursor, lastAt: last.createdAt.getTime() }
        : undefined;
  }
}

/**
 * Ids that come without a creation instant (an id typed in by hand, not a global id) can only be
 * found by reading the list, newest id first; it stops once the ids fall below the smallest wanted.
 */
async function findByWalk(
  client: FleetioClient,
  wanted: string[],
  found: Map<string, Import>,
  signal?: AbortSignal,
): Promise<void> {
  const open = new Set(wanted);
  const smallest = Math.min(...wanted.map(Number));
  let cursor: string | undefined;
  for (let requests = 0; open.size > 0; requests++) {
    if (requests === MAX_REQUESTS) throw tooLong();
    const page = await client.listImports(
      { 'sort[id]': 'desc', per_page: MAX_PER_PAGE, start_cursor: cursor },
      signal,
    );
    for (const record of page.records) {
      const id = String(record.id);
      if (open.delete(id)) found.set(id, importFromFleetio(record));
    }
    const last = page.records[page.records.length - 1];
    if (page.next_cursor === null || last === undefined || last.id < smallest) return;
    cursor = page.next_cursor;
  }
}

/** `ImportSource.get` for Fleetio: absent imports are left out of the map. */
export async function lookUpImports(
  client: FleetioClient,
  references: readonly ImportReference[],
  signal?: AbortSignal,
): Promise<Map<string, Import>> {
  const found = new Map<string, Import>();
  const unique = new Map<string, ImportReference>();
  // Fleetio ids are integers (ids.ts): anything else cannot exist.
  for (const reference of references)
    if (FLEETIO_IMPORT_IDS.accepts(reference.providerId)) unique.set(reference.providerId, reference);
  const timed: TimedReference[] = [];
  const untimed: string[] = [];
  for (const reference of unique.values()) {
    if (reference.createdAt !== undefined && Number.isFinite(reference.createdAt)) {
      timed.push({ providerId: reference.providerId, createdAt: reference.createdAt });
    } else untimed.push(reference.providerId);
  }
  if (timed.length > 0) await findByCreation(client, timed, found, signal);
  const missing = untimed.filter((id) => !found.has(id));
  if (missing.length > 0) await findByWalk(client, missing, found, signal);
  return found;
}
