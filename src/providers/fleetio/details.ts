import {
  InvalidPositionError,
  pageOfList,
  wantsSeverity,
  type DetailPage,
  type DetailPageRequest,
  type ImportMessage,
  type ImportRecord,
} from '../../imports/detail.ts';
import type { Import } from '../../imports/model.ts';
import { parseVendorJson } from '../http/upstream-client.ts';
import { UpstreamError } from '../http/upstream-error.ts';
import { vendorPath } from '../http/vendor-path.ts';
import type { FleetioClient } from './client.ts';
import { fleetioError } from './errors.ts';

/** Row results per request: Fleetio's largest `per_page` [D], so an error list costs few requests. */
const RESULTS_PER_PAGE = 100;
/** A guard against cursors that never end; 100 pages of 100 rows is far past any page asked. */
const MAX_REQUESTS = 100;

export interface RowResultWire {
  row_number?: unknown;
  message?: unknown;
  imported_type?: unknown;
  record_id?: unknown;
}

function shapeError(what: string): UpstreamError {
  return new UpstreamError(
    'FLEETIO',
    'error',
    `Fleetio sent ${what} that does not fit its documented shape.`,
  );
}

/**
 * `GET /imports/{id}/results` (no `/v1`, specs/VENDOR-REFERENCE.md §1), error rows only, ascending
 * ids.
 */
async function fetchErrorRows(
  client: FleetioClient,
  id: string,
  cursor: string | undefined,
  signal?: AbortSignal,
) {
  const { body } = await client.getJson(
    vendorPath('imports', id, 'results'),
    {
      'filter[status][include]': 'error',
      'sort[id]': 'asc',
      per_page: RESULTS_PER_PAGE,
      start_cursor: cursor,
    },
    signal,
    { lookup: true },
  );
  const page = body as { records?: unknown; next_cursor?: unknown } | undefined;
  if (!Array.isArray(page?.records)) throw shapeError('row results');
  const next = page.next_cursor;
  return {
    rows: page.records as RowResultWire[],
    next: typeof next === 'string' && next !== '' ? next : undefined,
  };
}

/** One row in error as a message; a field of the wrong type reads as absent. */
export function fleetioMessageOf(row: RowResultWire): ImportMessage {
  const number = Number.isSafeInteger(row.row_number) ? (row.row_number as number) : undefined;
  const type =
    typeof row.imported_type === 'string' && row.imported_type !== '' ? row.imported_type : undefined;
  const recordId = row.record_id;
  return {
    severity: 'ERROR',
    code: null,
    text: typeof row.message === 'string' && row.message !== '' ? row.message : 'The row was not imported.',
    subject: number === undefined ? (type ?? null) : `${type ? `${type} ` : ''}row ${number}`,
    rowNumber: number ?? null,
    recordId:
      typeof recordId === 'number' || (typeof recordId === 'string' && recordId !== '')
        ? String(recordId)
        : null,
    recordType: type ?? null,
  };
}

/**
 * Position of a row: its index in the vendor page and the cursor that page was asked with
 * (`<index>:<cursor>`), so the next page starts from that vendor page again and skips what was
 * shown. Fleetio's keyset cursors stay valid as rows are added.
 */
function readPosition(position: string): { index: number; cursor: string | undefined } {
  const match = /^(\d{1,4}):(.*)$/s.exec(position);
  if (!match) throw new InvalidPositionError('not a row position');
  return { index: Number(match[1]), cursor: match[2] === '' ? undefined : match[2] };
}

/** The import's rows in status `error`, with their messages (the MESSAGES capability of Fleetio). */
export async function fleetioMessages(
  client: FleetioClient,
  item: Import,
  request: DetailPageRequest,
  signal?: AbortSignal,
): Promise<DetailPage<ImportMessage>> {
  // Only rows in error become messages: a filter without ERROR needs no vendor request.
  if (!wantsSeverity(request, 'ERROR')) return { items: [], hasNextPage: false, totalCount: 0 };
  const start = request.after === undefined ? { index: -1, cursor: undefined } : readPosition(request.after);
  const items: DetailPage<ImportMessage>['items'] = [];
  let cursor = start.cursor;
  let skip = start.index + 1;
  for (let requests = 0; requests < MAX_REQUESTS; requests++) {
    const page = await fetchErrorRows(client, item.providerId, cursor, signal);
    for (let index = skip; index < page.rows.length; index++) {
      if (items.length === request.first) return { items, hasNextPage: true };
      items.push({ node: fleetioMessageOf(page.rows[index]!), position: `${index}:${cursor ?? ''}` });
    }
    if (page.next === undefined) return { items, hasNextPage: false };
    // The last page may end exactly here: a further cursor is taken to mean more rows.
    if (items.length === request.first) return { items, hasNextPage: true };
    cursor = page.next;
    skip = 0;
  }
  throw new UpstreamError('FLEETIO', 'error', 'Fleetio kept paging row results without an end.');
}

/** `VehicleImport` → `Vehicle`: the object a Fleetio import type creates. */
function recordTypeOf(item: Import): string {
  const type = item.resourceType?.replace(/Import$/, '');
  return type && type !== '' ? type : 'Record';
}

/**
 * `GET /v1/imports/{id}/records` answers 302 to a storage URL whose 200 is the array of records
 * (specs/VENDOR-REFERENCE.md §1.2). The redirect is followed once, with Fleetio's credentials only
 * on Fleetio's own origin (client.ts). The file is read whole for every page (it has no paging);
 * positions are indexes into it.
 */
export async function fleetioRecords(
  client: FleetioClient,
  item: Import,
  request: DetailPageRequest,
  signal?: AbortSignal,
): Promise<DetailPage<ImportRecord>> {
  const path = vendorPath('v1', 'imports', item.providerId, 'records');
  let response = await client.send(path, {}, signal);
  if (response.status >= 300 && response.status < 400) {
    const raw = response.headers.location;
    const location = Array.isArray(raw) ? raw[0] : raw;
    if (!location) throw shapeError('a records redirect without a Location');
    response = await client.fetchRedirected(location, path, signal);
    // One redirect is what the records page documents; a chain is not Fleetio's
    // (specs/VENDOR-REFERENCE.md §1.2).
    if (response.status >= 300 && response.status < 400) {
      throw new UpstreamError(
        'FLEETIO',
        'error',
        `The records of import ${item.providerId} were redirected a second time (${response.status}); the gateway follows Fleetio's one redirect only.`,
        { status: response.status },
      );
    }
    if (response.status !== 200) {
      throw new UpstreamError(
        'FLEETIO',
        response.status >= 500 ? 'unavailable' : 'error',
        `The storage Fleetio redirected the records of import ${item.providerId} to answered ${response.status}.`,
        { status: response.status },
      );
    }
  } else if (response.status !== 200) {
    throw fleetioError(response, { lookup: true });
  }
  const body = parseVendorJson('FLEETIO', response);
  if (!Array.isArray(body)) throw shapeError('a records file');
  const type = recordTypeOf(item);
  const records = body.flatMap((entry: unknown): ImportRecord[] => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { id, name } = entry as { id?: unknown; name?: unknown };
    if (typeof id !== 'number' && typeof id !== 'string') return [];
    return [{ type, providerId: String(id), name: typeof name === 'string' ? name : null, raw: entry }];
  });
  return pageOfList(records, request);
}
