/**
 * What an import reported and what it touched, in the gateway's words: every vendor adaptor maps
 * its error logs, results downloads and row results onto these, and its record lists onto
 * ImportRecord. Pages are addressed by a position token the adaptor chooses (an index, a vendor
 * cursor); detail-connection.ts wraps it in an opaque cursor bound to the import.
 */
export type ImportMessageSeverity = 'ERROR' | 'WARNING' | 'INFO';

export interface ImportMessage {
  severity: ImportMessageSeverity;
  code: string | null;
  text: string;
  subject: string | null;
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
}

export interface DetailPage<T> {
  items: { node: T; position: string }[];
  hasNextPage: boolean;
  /** Set when the list cannot be read any more (the vendor deleted it): why, in words; no items then. */
  unavailable?: string;
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

export const EMPTY_PAGE: DetailPage<never> = { items: [], hasNextPage: false };

/** An empty page that says why nothing can be read. */
export function unavailablePage(reason: string): DetailPage<never> {
  return { items: [], hasNextPage: false, unavailable: reason };
}
