import {
  InvalidPositionError,
  type DetailKind,
  type DetailPage,
  type DetailPageRequest,
  type ImportMessage,
  type ImportMessageSeverity,
  type ImportRecord,
} from './detail.ts';
import { InvalidSeverities, severitiesFilter, severitiesMark } from './message-severities.ts';
import { IMPORT_PROVIDERS, type Import } from './model.ts';

export interface DetailEdge<T> {
  cursor: string;
  node: T;
}

/** `ImportMessageConnection` / `ImportRecordConnection` as resolvers return them. */
export interface DetailConnectionResult<T> {
  edges: DetailEdge<T>[];
  nodes: T[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  available: boolean;
  unavailableReason: string | null;
  /** The whole list's size where the adaptor knew it without another vendor request. */
  totalCount: number | null;
}

export type MessageConnectionResult = DetailConnectionResult<ImportMessage>;
export type RecordConnectionResult = DetailConnectionResult<ImportRecord>;

export interface DetailConnectionArgs {
  first?: number | null;
  after?: string | null;
  /** `messages` only (message-severities.ts). */
  severities?: readonly ImportMessageSeverity[] | null;
}

/** A `first` or `after` the caller must fix (BAD_USER_INPUT). */
export class InvalidDetailArgument extends Error {}

export const DEFAULT_DETAIL_PAGE = 20;
export const MAX_DETAIL_PAGE = 100;

const KIND_CODES: Record<DetailKind, string> = { messages: 'm', records: 'r' };

/**
 * Cursors name the import and the connection they were taken from, and carry the adaptor's
 * position: a cursor of another import, or of `records` passed to `messages`, would otherwise
 * read as a position in the wrong list and silently skip or repeat items.
 */
export function encodeDetailCursor(
  item: Import,
  kind: DetailKind,
  position: string,
  filter: readonly ImportMessageSeverity[] | undefined = undefined,
): string {
  const payload = [
    KIND_CODES[kind] + severitiesMark(filter),
    IMPORT_PROVIDERS.indexOf(item.provider),
    item.providerId,
    position,
  ];
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export function decodeDetailCursor(
  cursor: string,
  item: Import,
  kind: DetailKind,
  filter: readonly ImportMessageSeverity[] | undefined = undefined,
): string {
  let payload: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidDetailArgument(
      'This cursor is malformed: pass a cursor exactly as a previous page returned it.',
    );
  }
  if (!Array.isArray(payload) || payload.length !== 4 || typeof payload[3] !== 'string') {
    throw new InvalidDetailArgument(`This cursor does not belong to the ${kind} of an import.`);
  }
  const [code, rank, providerId, position] = payload as [unknown, unknown, unknown, string];
  if (typeof code !== 'string' || code[0] !== KIND_CODES[kind]) {
    throw new InvalidDetailArgument(`This cursor belongs to another connection, not to \`${kind}\`.`);
  }
  if (code.slice(1) !== severitiesMark(filter)) {
    throw new InvalidDetailArgument(
      'This cursor was taken with other `severities`: page on with the filter it was taken with.',
    );
  }
  if (IMPORT_PROVIDERS[rank as number] !== item.provider || providerId !== item.providerId) {
    throw new InvalidDetailArgument(`This cursor belongs to the ${kind} of another import.`);
  }
  return position;
}

/** `first` defaults to 20 and takes 1..100, as the imports connection does. */
export function detailPageRequest(
  item: Import,
  kind: DetailKind,
  args: DetailConnectionArgs,
): DetailPageRequest {
  const first = args.first ?? DEFAULT_DETAIL_PAGE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_DETAIL_PAGE) {
    throw new InvalidDetailArgument(`\`first\` must be between 1 and ${MAX_DETAIL_PAGE}, got ${first}.`);
  }
  let severities: ImportMessageSeverity[] | undefined;
  try {
    severities = kind === 'messages' ? severitiesFilter(args.severities) : undefined;
  } catch (error) {
    if (error instanceof InvalidSeverities) throw new InvalidDetailArgument(error.message);
    throw error;
  }
  const request: DetailPageRequest = { first };
  if (severities !== undefined) request.severities = severities;
  const after = args.after ?? undefined;
  if (after !== undefined) request.after = decodeDetailCursor(after, item, kind, severities);
  return request;
}

/** Why a list of a provider without the capability is empty. */
const NOT_OFFERED: Record<DetailKind, string> = {
  messages: 'This provider exposes no messages of its imports.',
  records: 'This provider exposes no records of what its imports created or updated.',
};

/**
 * Reads one page through the adaptor's method, or answers an empty connection with
 * `available: false` when the provider has none (a field of every import must not fail a list of
 * imports because one vendor lacks a feature) or the adaptor says the list is gone.
 */
export async function loadDetailConnection<T>(
  item: Import,
  kind: DetailKind,
  args: DetailConnectionArgs,
  read: ((request: DetailPageRequest) => Promise<DetailPage<T>>) | undefined,
): Promise<DetailConnectionResult<T>> {
  const request = detailPageRequest(item, kind, args);
  if (!read) return unavailableConnection(NOT_OFFERED[kind], request);
  let page: DetailPage<T>;
  try {
    page = await read(request);
  } catch (error) {
    if (error instanceof InvalidPositionError) {
      throw new InvalidDetailArgument(
        'This cursor is malformed: pass a cursor exactly as a previous page returned it.',
      );
    }
    throw error;
  }
  if (page.unavailable !== undefined) return unavailableConnection(page.unavailable, request);
  return connectionOf(item, kind, page, request);
}

/** An empty connection that says why it is empty. */
export function unavailableConnection<T>(
  reason: string,
  request?: DetailPageRequest,
): DetailConnectionResult<T> {
  return {
    edges: [],
    nodes: [],
    pageInfo: {
      hasNextPage: false,
      hasPreviousPage: request?.after !== undefined,
      startCursor: null,
      endCursor: null,
    },
    available: false,
    unavailableReason: reason,
    totalCount: null,
  };
}

function connectionOf<T>(
  item: Import,
  kind: DetailKind,
  page: DetailPage<T>,
  request: DetailPageRequest,
): DetailConnectionResult<T> {
  const edges = page.items.map(({ node, position }) => ({
    cursor: encodeDetailCursor(item, kind, position, request.severities),
    node,
  }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: request.after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    available: true,
    unavailableReason: null,
    totalCount: page.totalCount ?? null,
  };
}
