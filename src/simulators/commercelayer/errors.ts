import type { SimResponse } from '../core/http.ts';
import type { VendorErrorReason } from '../core/vendor.ts';

/**
 * JSON:API error documents as Commerce Layer writes them (docs, "Handling errors"):
 * `{ errors: [{ title, detail, code, status: "422", source?: { pointer }, meta? }] }`, served as
 * `application/vnd.api+json`. The API runs on jsonapi-resources, whose error codes and wording
 * (FILTER_NOT_ALLOWED, INVALID_PAGE_VALUE, …) the helpers below follow. One helper per code.
 */
export const JSON_API_MEDIA_TYPE = 'application/vnd.api+json';

export interface JsonApiError {
  title: string;
  detail: string;
  code: string;
  status: string;
  source?: { pointer: string };
  meta?: Record<string, unknown>;
}

export function errorDocument(status: number, errors: JsonApiError[]): SimResponse {
  return { status, headers: { 'content-type': JSON_API_MEDIA_TYPE }, body: { errors } };
}

function single(
  status: number,
  code: string,
  title: string,
  detail: string,
  extra: Partial<JsonApiError> = {},
) {
  return errorDocument(status, [{ title, detail, code, status: String(status), ...extra }]);
}

/** 401 with no (usable) bearer token. */
export const unauthorized = () =>
  single(
    401,
    'UNAUTHORIZED',
    'Unauthorized',
    'You are not authorized to perform this action on the requested resource.',
  );

/** 401 for an expired or foreign token; the SDK spots expiry by `errors[0].code == "INVALID_TOKEN"`. */
export const invalidToken = () =>
  single(401, 'INVALID_TOKEN', 'Invalid token', 'The access token you provided is invalid.');

export const recordNotFound = () =>
  single(
    404,
    'RECORD_NOT_FOUND',
    'Record not found',
    'The requested resource was not found. Please double-check the resource id.',
  );

export const notAcceptable = (accept: string) =>
  single(
    406,
    'NOT_ACCEPTABLE',
    'Not acceptable',
    `All requests must use the '${JSON_API_MEDIA_TYPE}' Accept without media type parameters. This request specified '${accept}'.`,
  );

export const unsupportedMediaType = (contentType: string) =>
  single(
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    'Unsupported media type',
    `All requests that create or update must use the '${JSON_API_MEDIA_TYPE}' Content-Type. This request specified '${contentType}'.`,
  );

export const badRequest = (detail: string) => single(400, 'BAD_REQUEST', 'Bad Request', detail);

export const paramNotAllowed = (param: string) =>
  single(400, 'PARAM_NOT_ALLOWED', 'Param not allowed', `${param} is not allowed.`);

export const paramMissing = (param: string) =>
  single(400, 'PARAM_MISSING', 'Missing Parameter', `The required parameter, ${param}, is missing.`);

export const invalidDataFormat = () =>
  single(400, 'INVALID_DATA_FORMAT', 'Invalid data format', 'Data must be a hash.');

export const invalidResource = (type: string) =>
  single(400, 'INVALID_RESOURCE', 'Invalid resource', `${type} is not a valid resource.`);

export const keyNotIncludedInUrl = (key: string) =>
  single(
    400,
    'KEY_NOT_INCLUDED_IN_URL',
    'Key is not included in URL',
    `The URL does not support the key ${key}`,
  );

export const invalidPageValue = (page: string, value: string, detail?: string) =>
  single(
    400,
    'INVALID_PAGE_VALUE',
    'Invalid page value',
    detail ?? `${value} is not a valid value for ${page} page parameter.`,
  );

export const pageParameterNotAllowed = (param: string) =>
  single(
    400,
    'PARAM_NOT_ALLOWED',
    'Page parameter not allowed',
    `${param} is not an allowed page parameter.`,
  );

export const filterNotAllowed = (filter: string) =>
  single(400, 'FILTER_NOT_ALLOWED', 'Filter not allowed', `${filter} is not allowed.`);

export const invalidFilterValue = (filter: string, value: string) =>
  single(400, 'INVALID_FILTER_VALUE', 'Invalid filter value', `${value} is not a valid value for ${filter}.`);

export const invalidSortCriteria = (criteria: string) =>
  single(
    400,
    'INVALID_SORT_CRITERIA',
    'Invalid sort criteria',
    `${criteria} is not a valid sort criteria for imports`,
  );

export const invalidField = (type: string, field: string) =>
  single(400, 'INVALID_FIELD', 'Invalid field', `${field} is not a valid field for ${type}.`);

export const invalidInclude = (relationship: string) =>
  single(400, 'INVALID_INCLUDE', 'Invalid field', `${relationship} is not a valid relationship of imports`);

/**
 * [I] A creation while `cap` imports are pending or in progress (settings.ts). The vendor does not
 * document refusing one; if it does, a 422 in its validation format naming no attribute (no
 * `source`: the whole document) is the plausible answer, and what a client must handle anyway.
 */
export const queueFull = (cap: number) =>
  single(
    422,
    'VALIDATION_ERROR',
    `too many imports pending or in progress (at most ${cap})`,
    `imports - at most ${cap} imports can be pending or in progress at once; retry when one has finished`,
    { meta: { error: 'too_many_imports', count: cap } },
  );

/** One failed attribute validation; `detail` is "<attribute> - <message>" as in the docs' 422 example. */
export interface ValidationFailure {
  attribute: string;
  message: string;
  /** Rails' error key, e.g. `blank`, `inclusion`, `too_long`. */
  error: string;
  extra?: Record<string, unknown>;
}

export function validationErrors(failures: ValidationFailure[]): SimResponse {
  return errorDocument(
    422,
    failures.map((failure) => ({
      title: failure.message,
      detail: `${failure.attribute} - ${failure.message}`,
      code: 'VALIDATION_ERROR',
      source: { pointer: `/data/attributes/${failure.attribute}` },
      status: '422',
      meta: { error: failure.error, ...failure.extra },
    })),
  );
}

/** [I] Titles and codes for statuses the server answers itself (injected faults, unknown routes). */
const GENERIC: Record<number, [code: string, title: string]> = {
  400: ['BAD_REQUEST', 'Bad request'],
  401: ['UNAUTHORIZED', 'Unauthorized'],
  403: ['FORBIDDEN', 'Forbidden'],
  404: ['RECORD_NOT_FOUND', 'Record not found'],
  405: ['METHOD_NOT_ALLOWED', 'Method not allowed'],
  409: ['CONFLICT', 'Conflict'],
  413: ['REQUEST_ENTITY_TOO_LARGE', 'Request entity too large'],
  422: ['VALIDATION_ERROR', 'Unprocessable entity'],
  423: ['LOCKED', 'Locked'],
  429: ['TOO_MANY_REQUESTS', 'Too many requests'],
  500: ['INTERNAL_SERVER_ERROR', 'Internal Server Error'],
  502: ['BAD_GATEWAY', 'Bad gateway'],
  503: ['SERVICE_UNAVAILABLE', 'Service unavailable'],
  504: ['GATEWAY_TIMEOUT', 'Gateway timeout'],
};

/** The vendor envelope for what the shared server refuses before a route handler runs. */
export function serverError(status: number, reason: VendorErrorReason): SimResponse {
  const [code, title] = GENERIC[status] ?? [status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST', 'Error'];
  switch (reason.kind) {
    case 'route-not-found':
      return single(404, 'NOT_FOUND', 'Not found', 'The requested URL does not exist.');
    case 'method-not-allowed':
      return single(405, code, title, `Allowed methods: ${reason.allowed.join(', ')}.`);
    case 'body-too-large':
      return single(413, code, title, `The request body is larger than ${reason.limitBytes} bytes.`);
    case 'rate-limited':
      // [I] The docs list 429 but show no body; the usual error object is the likely one.
      return single(
        429,
        code,
        title,
        'You have exceeded the rate limit for this endpoint. Please retry later.',
      );
    case 'injected':
      return single(status, code, title, `The server answered ${status}.`);
  }
}
