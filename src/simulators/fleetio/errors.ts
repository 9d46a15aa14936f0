import { json, type SimResponse } from '../core/http.ts';
import type { VendorErrorReason, VendorRequestLine } from '../core/vendor.ts';
import type { ParamErrors } from './list-params.ts';
import { isStoragePath, storageError } from './storage-errors.ts';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The 429 body of Fleetio's rate-limiting page [D], word for word as clients match on it. */
export const RATE_LIMIT_MESSAGE =
  'Too many requests detected from your account token. Please try again later. If you believe this is an error, please contact Fleetio Support at api@fleetio.com';

/**
 * RFC 7807-style body Fleetio's date-versioned endpoints use for 401, 403, 404 and 500
 * (specs/VENDOR-REFERENCE.md §1 [D]).
 */
export function problem(status: number, detail: string, instance?: string): SimResponse {
  const title = TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
  const headers: Record<string, string> = {};
  // Rails' token authentication answers with this challenge.
  if (status === 401) headers['www-authenticate'] = 'Token realm="Application"';
  return json(status, { status, title, detail, ...(instance === undefined ? {} : { instance }) }, headers);
}

/**
 * `{errors: {field: [messages]}}`, Fleetio's body for 400 and 422 (specs/VENDOR-REFERENCE.md §1
 * [B]/[D]).
 */
export function invalidParams(errors: ParamErrors, status = 400): SimResponse {
  return json(status, { errors });
}

/** 429 with `Retry-After` in seconds and no rate-limit headers (rate-limiting page [D]). */
export function tooManyRequests(retryAfterSeconds?: number): SimResponse {
  const headers: Record<string, string> =
    retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
  return json(429, { error: RATE_LIMIT_MESSAGE }, headers);
}

/** Fleetio's envelope for any status, as an injected fault of that status gets it. */
export function errorForStatus(status: number, detail: string, instance?: string): SimResponse {
  if (status === 400 || status === 422) return invalidParams({ base: [detail] }, status);
  if (status === 429) return tooManyRequests();
  return problem(status, detail, instance);
}

/** Bodies for what the shared server refuses by itself; the storage URLs answer as S3 would. */
export function fleetioErrorResponse(
  status: number,
  reason: VendorErrorReason,
  request?: VendorRequestLine,
): SimResponse {
  if (request && isStoragePath(request.path)) return storageError(status, reason);
  const instance = request?.path;
  switch (reason.kind) {
    case 'rate-limited':
      return tooManyRequests(reason.retryAfterSeconds);
    // A Rails router knows no "method not allowed": an unrouted method is an unknown route.
    case 'route-not-found':
    case 'method-not-allowed':
      return problem(404, 'The requested resource could not be located', instance);
    case 'body-too-large':
      return problem(413, `The request body is larger than ${reason.limitBytes} bytes`, instance);
    case 'injected':
      return errorForStatus(
        status,
        status >= 500 ? 'Something unexpected happened' : 'The request was refused',
        instance,
      );
  }
}
