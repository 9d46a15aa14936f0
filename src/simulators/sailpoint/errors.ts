import { STATUS_CODES } from 'node:http';
import { json, type SimResponse } from '../core/http.ts';
import type { VendorErrorReason } from '../core/vendor.ts';

/**
 * SailPoint's three error bodies [S]: ErrorResponseDto `{detailCode, trackingId, messages, causes}`
 * for 400/403/404/500 (and, by the same service, any other status), `{error}` for 401 and
 * `{message}` with `Retry-After` for 429.
 */

/** detailCodes seen in the spec's examples and the vendor's CLI tests; others are `<status> <reason>` [I]. */
export const DETAIL_CODES = {
  badContent: '400.1 Bad Request Content',
  missingData: '400.1.0 Required data missing or empty',
} as const;

const DEFAULT_DETAIL_CODES: Readonly<Record<number, string>> = {
  400: DETAIL_CODES.badContent,
  403: '403 Forbidden',
  404: '404 Not found',
  500: '500.0 Internal Fault',
};

/** The generic `messages` text per status, as the spec's examples word it [S]. */
const STATUS_TEXTS: Readonly<Record<number, string>> = {
  400: 'The request was syntactically correct but its content is semantically invalid.',
  403: 'The server understood the request but refuses to authorize it.',
  404: 'The server did not find a current representation for the target resource.',
  500: 'An internal fault occurred.',
};

const localized = (text: string) => ({ locale: 'en-US', localeOrigin: 'DEFAULT', text });

export function errorResponseDto(
  status: number,
  trackingId: string,
  cause?: string,
  detailCode = DEFAULT_DETAIL_CODES[status] ?? `${status} ${STATUS_CODES[status] ?? 'Error'}`,
  headers: Record<string, string> = {},
): SimResponse {
  const body: Record<string, unknown> = {
    detailCode,
    trackingId,
    messages: [localized(STATUS_TEXTS[status] ?? STATUS_CODES[status] ?? 'Error')],
  };
  if (cause !== undefined) body.causes = [localized(cause)];
  return json(status, body, headers);
}

export function unauthorized(error: string): SimResponse {
  return json(401, { error });
}

/** The leading and trailing spaces are the vendor's own [S]. */
export function rateLimited(retryAfterSeconds: number | undefined): SimResponse {
  const headers: Record<string, string> =
    retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
  return json(429, { message: ' Rate Limit Exceeded ' }, headers);
}

/** Bodies for what the shared server answers by itself (unknown route, faults, rate limit). */
export function vendorErrorResponse(
  status: number,
  reason: VendorErrorReason,
  trackingId: string,
): SimResponse {
  if (status === 401) return unauthorized('JWT validation failed: JWT is expired');
  if (status === 429)
    return rateLimited(reason.kind === 'rate-limited' ? reason.retryAfterSeconds : undefined);
  switch (reason.kind) {
    case 'route-not-found':
      return errorResponseDto(404, trackingId, 'No API is served at this path.');
    case 'method-not-allowed':
      return errorResponseDto(status, trackingId, undefined, undefined, { allow: reason.allowed.join(', ') });
    case 'body-too-large':
      return errorResponseDto(
        status,
        trackingId,
        `The request body is larger than ${reason.limitBytes} bytes.`,
      );
    default:
      return errorResponseDto(status, trackingId);
  }
}
