/**
 * What an import reported and what it touched, in the gateway's words: every vendor adaptor maps
 * its error logs, results downloads and row results onto these, and its record lists onto
 * ImportRecord. Pages are addressed by a position token the adaptor chooses (an index, a vendor
 * cursor); detail-connection.ts wraps it in an opaque cursor bound to the import.
 */
export const IMPORT_MESSAGE_SEVERITIES = ['ERROR', 'WARNING', 'INFO'] as const;
export type ImportMessageSeverity = (typeof IMPORT_MESSAGE_SEVERITIES)[number];

export interface ImportMessage {
  severity: ImportMessageSeverity;
  code: string | null;
  text: string;
  subject: string | null;
  /** The input row the message concerns, 1-based as the vendor numbers it (Fleetio). */
  rowNumber?: number | null;
  /** The input's attribute the message concerns (Commerce Layer's `errors_log` attribute). */
  field?: string | null;
  /** The vendor's id of the record or input concerned (Fleetio `record_id`, Commerce Layer's log key). */
  recordId?: string | null;
  /** The kind of record concerned, in the vendor's words (Fleetio `imported_type`, SailPoint's object type). */
  recordType?: string | null;
}

export interface ImportRecord {
  type: string;
  providerId: string;
  name: string | null;
  raw: unknown;
}

export type DetailKind = 'messages' | 'records';

export interface DetailPageRequest {
  /** How many items at most (1..100). */
  first: number;
  /** Only items after this position, as a previous page of the same import gave it. */
  after?: string;
  /** Messages only: those of these severities; absent means all. */
  severities?: readonly ImportMessageSeverity[];
}

export interface DetailPage<T> {
  items: { node: T; position: string }[];
  hasNextPage: boolean;
  /** Set when the list cannot be read any more (the vendor deleted it): why, in words; no items then. */
  unavailable?: string;
  /** How many items the whole list holds (after `severities`), where known without another vendor request. */
  totalCount?: number | null;
}

/** The adaptor could not read a position token: it is not one it issued (BAD_USER_INPUT). */
export class InvalidPositionError extends Error {}

/**
 * A page of a list the adaptor holds whole (a log, a download, a records file): positions are
 * indexes into it, so they stay valid as long as the list only grows at its end.
 */
export function pageOfList<T>(list: readonly T[], request: DetailPageRequest): DetailPage<T> {
  let start = 0;
  if (request.after !== undefined) {
    if (!/^\d{1,9}$/.test(request.after)) throw new InvalidPositionError('not an index');
    start = Number(request.after) + 1;
  }
  const items = list
    .slice(start, start + request.first)
    .map((node, offset) => ({ node, position: String(start + offset) }));
  return { items, hasNextPage: start + request.first < list.length };
}

/** Whether a message passes the request's `severities` (none given: every message does). */
export function wantsSeverity(request: DetailPageRequest, severity: ImportMessageSeverity): boolean {
  return request.severities === undefined || request.severities.includes(severity);
}

/** A page of messages held whole, filtered by `severities`, with the filtered total. */
export function pageOfMessages(
  list: readonly ImportMessage[],
  request: DetailPageRequest,
): DetailPage<ImportMessage> {
  const wanted = list.filter((message) => wantsSeverity(request, message.severity));
  return { ...pageOfList(wanted, request), totalCount: wanted.length };
}

export const EMPTY_PAGE: DetailPage<never> = { items: [], hasNextPage: false };

/** An empty page that says why nothing can be read. */
export function unavailablePage(reason: string): DetailPage<never> {
  return { items: [], hasNextPage: false, unavailable: reason };
}
