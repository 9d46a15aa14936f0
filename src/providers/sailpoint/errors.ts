import { STATUS_CODES } from 'node:http';
import { retryAfterSeconds, type UpstreamResponse } from '../http/upstream-client.ts';
import { UpstreamError, type UpstreamDetails } from '../http/upstream-error.ts';
import { WireShapeError } from './wire.ts';

/** What the gateway was asking SailPoint for, to say so in error messages. */
export type SailpointOperation =
  | { kind: 'token' }
  | { kind: 'status'; jobId: string }
  | { kind: 'results'; jobId: string }
  | { kind: 'create'; preview: boolean };

function described(operation: SailpointOperation): string {
  switch (operation.kind) {
    case 'token':
      return 'the access token request';
    case 'status':
      return `the status request of import job ${operation.jobId}`;
    case 'results':
      return `the results download of import job ${operation.jobId}`;
    case 'create':
      return operation.preview ? 'the creation of a preview import job' : 'the creation of an import job';
  }
}

function reasonOf(status: number): string {
  return (STATUS_CODES[status] ?? 'error').toLowerCase();
}

/**
 * The allowlisted fields of SailPoint's three error bodies [S]: ErrorResponseDto `{detailCode,
 * trackingId, messages, causes}` (400, 403, 404, 500), `{error}` (401) and `{message}` (429, with
 * Retry-After). Only the status, detailCode (or an OAuth error code), trackingId and Retry-After
 * leave this function: never the messages, which may quote what was sent.
 */
export function upstreamDetails(response: UpstreamResponse): UpstreamDetails {
  const details: UpstreamDetails = { status: response.status };
  let body: unknown;
  try {
    body = JSON.parse(response.body.toString('utf8'));
  } catch {
    body = undefined;
  }
  if (typeof body === 'object' && body !== null) {
    const { detailCode, trackingId, error } = body as Record<string, unknown>;
    if (typeof detailCode === 'string') details.code = detailCode.slice(0, 200);
    // OAuth answers `{"error":"invalid_client"}`; the JWT errors are sentences, not codes.
    else if (typeof error === 'string' && /^[a-z_]{1,64}$/.test(error)) details.code = error;
    if (typeof trackingId === 'string' && /^[\w-]{1,64}$/.test(trackingId)) details.trackingId = trackingId;
  }
  const retryAfter = retryAfterSeconds(response.headers);
  if (retryAfter !== undefined) details.retryAfterSeconds = retryAfter;
  return details;
}

/**
 * A 400 to an upload (the caller's document or options) with what SailPoint said was wrong: the
 * text of each ErrorResponseDto `causes` entry, or of `messages` when it gave no cause [S]. The
 * texts describe the caller's own upload, so they may go back to that caller in `userErrors`; they
 * never enter the error's message, which other readers (logs, GraphQL errors) see.
 */
export class SailpointRefusal extends UpstreamError {
  constructor(
    message: string,
    upstream: UpstreamDetails,
    readonly reasons: string[],
  ) {
    super('SAILPOINT', 'invalid-request', message, upstream);
    this.name = 'SailpointRefusal';
  }
}

/** Enough for any sentence a validator writes; a body that is longer is not one. */
const MAX_REASON_LENGTH = 500;
const MAX_REASONS = 10;

function textsOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown) => {
    const text = typeof entry === 'object' && entry !== null ? (entry as { text?: unknown }).text : undefined;
    if (typeof text !== 'string') return [];
    // Control characters would only garble a userError; the vendor's sentence survives without them.
    const clean = text.replace(/\p{Cc}+/gu, ' ').trim();
    return clean === '' ? [] : [clean.slice(0, MAX_REASON_LENGTH)];
  });
}

/** `causes` are the specific reasons, `messages` the generic one per status [S]; the first present wins. */
function refusalReasons(response: UpstreamResponse): string[] {
  let body: unknown;
  try {
    body = JSON.parse(response.body.toString('utf8'));
  } catch {
    return [];
  }
  if (typeof body !== 'object' || body === null) return [];
  const { causes, messages } = body as { causes?: unknown; messages?: unknown };
  const reasons = textsOf(causes);
  return (reasons.length > 0 ? reasons : textsOf(messages)).slice(0, MAX_REASONS);
}

/**
 * A non-2xx SailPoint answer as an UpstreamError. `callerInput` says whether a 400 can be the
 * caller's fault (a document they sent); on lookups and the token request it cannot, so it is the
 * gateway's or the vendor's problem (UPSTREAM_ERROR).
 */
export function errorFromResponse(
  response: UpstreamResponse,
  operation: SailpointOperation,
  callerInput = false,
): UpstreamError {
  const { status } = response;
  const upstream = upstreamDetails(response);
  const what = described(operation);
  const fail = (failure: UpstreamError['failure'], message: string) =>
    new UpstreamError('SAILPOINT', failure, message, upstream);

  if (status === 429) {
    const wait =
      upstream.retryAfterSeconds === undefined ? '' : `; retry after ${upstream.retryAfterSeconds} s`;
    return fail('rate-limited', `SailPoint answered 429 (rate limit exceeded) to ${what}${wait}.`);
  }
  if (status >= 500)
    return fail('unavailable', `SailPoint answered ${status} (${reasonOf(status)}) to ${what}.`);
  if (status === 401 && operation.kind === 'token') {
    return fail(
      'error',
      'SailPoint refused the client credentials (401): check SAILPOINT_CLIENT_ID and SAILPOINT_CLIENT_SECRET.',
    );
  }
  if (status === 401) {
    return fail(
      'error',
      `SailPoint did not accept the gateway's access token (401) for ${what}, even a fresh one.`,
    );
  }
  if (status === 403) {
    return fail(
      'error',
      `SailPoint answered 403 (forbidden) to ${what}: sp-config needs a personal access token of an ORG_ADMIN user.`,
    );
  }
  if (status === 404 && (operation.kind === 'status' || operation.kind === 'results')) {
    return fail(
      'not-found',
      `SailPoint does not know import job ${operation.jobId} (404): it expired or was removed.`,
    );
  }
  if ((status === 400 || status === 422) && callerInput) {
    return new SailpointRefusal(
      `SailPoint refused ${what} as invalid (${status}).`,
      upstream,
      refusalReasons(response),
    );
  }
  return fail('error', `SailPoint answered ${status} (${reasonOf(status)}) to ${what}.`);
}

/** A 2xx body that is not what the spec describes: the vendor's fault, UPSTREAM_ERROR. */
export function unexpectedBody(
  response: UpstreamResponse,
  operation: SailpointOperation,
  error: unknown,
): UpstreamError {
  const reason = error instanceof WireShapeError ? `: ${error.message}` : '';
  return new UpstreamError(
    'SAILPOINT',
    'error',
    `SailPoint answered ${described(operation)} with a body that does not match its documented shape${reason}.`,
    { status: response.status },
  );
}
