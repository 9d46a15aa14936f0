import { STATUS_CODES } from 'node:http';
import { retryAfterSeconds, type UpstreamResponse } from '../http/upstream-client.ts';
import { providerLabel } from '../../imports/provider-labels.ts';
import { UpstreamError, type UpstreamDetails, type UpstreamFailure } from '../http/upstream-error.ts';
import { firstVendorError, WireShapeError } from './wire.ts';

/** What the gateway was asking Commerce Layer for, to say so in messages and to read a 400 or 404 right. */
export interface CommerceLayerOperation {
  /** E.g. "the import list request"; used in messages. */
  what: string;
  /** The request names one import by id: a 404 means the vendor does not know it. */
  importId?: string;
  /** The request carries a document the caller wrote (create, update): a 400 or 422 is theirs to fix. */
  callerInput?: boolean;
  /** The token request: a 400 or 401 is about the configured client credentials. */
  token?: boolean;
}

const LABEL = providerLabel('COMMERCE_LAYER');

function reasonOf(status: number): string {
  return (STATUS_CODES[status] ?? 'error').toLowerCase();
}

/** A JSON:API error code (`INVALID_TOKEN`, `RECORD_NOT_FOUND`, …) or a short OAuth error name. */
const CODE = /^[A-Za-z0-9_.-]{1,64}$/;

function parsedBody(response: UpstreamResponse): unknown {
  try {
    return JSON.parse(response.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** `errors[0].code` of a JSON:API error document, e.g. `INVALID_TOKEN` (what the SDK checks). */
export function vendorErrorCode(response: UpstreamResponse): string | undefined {
  return firstVendorError(parsedBody(response)).code;
}

/**
 * The allowlisted fields of a JSON:API error document (README, Errors): the HTTP status,
 * `errors[0].code` and `errors[0].title`, and Retry-After when sent. Never `detail`, `source` or
 * `meta`, which may quote what was sent.
 */
export function upstreamDetails(response: UpstreamResponse): UpstreamDetails {
  const details: UpstreamDetails = { status: response.status };
  const { code, title } = firstVendorError(parsedBody(response));
  if (code !== undefined && CODE.test(code)) details.code = code;
  if (title !== undefined && title.trim() !== '') details.title = title.trim().slice(0, 200);
  const retryAfter = retryAfterSeconds(response.headers);
  if (retryAfter !== undefined) details.retryAfterSeconds = retryAfter;
  return details;
}

function failureOf(
  status: number,
  code: string | undefined,
  operation: CommerceLayerOperation,
): UpstreamFailure {
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'unavailable';
  if (status === 404 && operation.importId !== undefined) return 'not-found';
  if ((status === 400 || status === 422) && operation.callerInput) return 'invalid-request';
  // A filter value the caller chose (a resource type, a date) that the vendor refuses.
  if (status === 400 && code === 'INVALID_FILTER_VALUE') return 'invalid-request';
  return 'error';
}

function messageOf(
  status: number,
  failure: UpstreamFailure,
  details: UpstreamDetails,
  operation: CommerceLayerOperation,
) {
  const answered = `${LABEL} answered ${status} (${reasonOf(status)}) to ${operation.what}`;
  if (failure === 'rate-limited') {
    const wait =
      details.retryAfterSeconds === undefined ? '' : `; retry after ${details.retryAfterSeconds} s`;
    return `${LABEL} answered 429 (rate limit exceeded) to ${operation.what}${wait}.`;
  }
  if (operation.token && (status === 400 || status === 401)) {
    return `${LABEL} refused the client credentials (${status}): check COMMERCELAYER_CLIENT_ID and COMMERCELAYER_CLIENT_SECRET.`;
  }
  if (status === 401 && details.code === 'INVALID_TOKEN') {
    return `${LABEL} did not accept the gateway's access token (401) for ${operation.what}, even a fresh one.`;
  }
  if (status === 401) return `${answered}: the access token does not allow it.`;
  if (status === 403)
    return `${answered}: the API credentials may not read imports (an integration client is needed).`;
  if (failure === 'not-found') return `${LABEL} has no import ${operation.importId} (404).`;
  if (failure === 'invalid-request')
    return `${answered}: it refused a value of the request${details.title ? ` (${details.title})` : ''}.`;
  return `${answered}.`;
}

/** One attribute Commerce Layer refused in a document the caller wrote (a 422's `source.pointer`). */
export interface RefusedAttribute {
  /** E.g. `resource_type`; absent when the error names no attribute. */
  attribute?: string;
  /** The JSON:API `title`, e.g. "is not included in the list". */
  title: string;
  /** The error's `code`, e.g. `VALIDATION_ERROR`. */
  code?: string;
}

/**
 * A 400 or 422 to a document the caller wrote (create, update), with every refused attribute, so
 * a mutation can answer them one by one in `userErrors`. Only `title` and the pointer's attribute
 * name are kept: `detail` and `meta` may quote the values sent.
 */
export class CommerceLayerRefusal extends UpstreamError {
  constructor(
    message: string,
    upstream: UpstreamDetails,
    readonly refused: RefusedAttribute[],
  ) {
    super('COMMERCE_LAYER', 'invalid-request', message, upstream);
    this.name = 'CommerceLayerRefusal';
  }
}

const POINTER = /^\/data\/attributes\/([a-z_]{1,64})$/;

function refusedAttributes(response: UpstreamResponse): RefusedAttribute[] {
  const body = parsedBody(response) as { errors?: unknown } | undefined;
  if (!Array.isArray(body?.errors)) return [];
  return body.errors.flatMap((entry: unknown): RefusedAttribute[] => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { title, code, source } = entry as {
      title?: unknown;
      code?: unknown;
      source?: { pointer?: unknown };
    };
    const pointer = typeof source?.pointer === 'string' ? POINTER.exec(source.pointer) : null;
    const refused: RefusedAttribute = {
      title: typeof title === 'string' && title.trim() !== '' ? title.trim().slice(0, 200) : 'is invalid',
    };
    if (pointer) refused.attribute = pointer[1]!;
    if (typeof code === 'string' && CODE.test(code)) refused.code = code;
    return [refused];
  });
}

/** A non-2xx Commerce Layer answer as an UpstreamError of the right kind, with a message for a person. */
export function errorFromResponse(
  response: UpstreamResponse,
  operation: CommerceLayerOperation,
): UpstreamError {
  const details = upstreamDetails(response);
  const failure = failureOf(response.status, details.code, operation);
  const message = messageOf(response.status, failure, details, operation);
  if (failure === 'invalid-request' && operation.callerInput) {
    return new CommerceLayerRefusal(message, details, refusedAttributes(response));
  }
  return new UpstreamError('COMMERCE_LAYER', failure, message, details);
}

/** A 2xx body that is not what the vendor documents: UPSTREAM_ERROR for Commerce Layer alone. */
export function unexpectedBody(
  response: UpstreamResponse,
  operation: CommerceLayerOperation,
  error: unknown,
): UpstreamError {
  const reason = error instanceof WireShapeError ? `: ${error.message}` : '';
  return new UpstreamError(
    'COMMERCE_LAYER',
    'error',
    `${LABEL} answered ${operation.what} with a body that does not match its documented shape${reason}.`,
    { status: response.status },
  );
}

/** As `unexpectedBody`, for a document read through `getJson`/`sendJson` (already past its status). */
export function unexpectedDocument(operation: CommerceLayerOperation, error: unknown): UpstreamError {
  const reason = error instanceof WireShapeError ? `: ${error.message}` : '';
  return new UpstreamError(
    'COMMERCE_LAYER',
    'error',
    `${LABEL} answered ${operation.what} with a body that does not match its documented shape${reason}.`,
  );
}
