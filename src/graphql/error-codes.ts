/**
 * Every error code the gateway answers, in one list (README, Errors): its meaning, the HTTP status
 * it stands for (the answer's when a request is refused with it before any operation runs), where a client meets it (`errors` of the
 * response, and/or `userErrors` of a mutation payload), and whether the same request may succeed
 * if sent again unchanged. A plain `as const` list, so a schema enum can be generated from it.
 * The GraphQL-over-HTTP request codes (GRAPHQL_PARSE_FAILED …) are Apollo's, kept as clients know them.
 */
export const ERROR_CODES = [
  {
    code: 'UNAUTHENTICATED',
    meaning: 'No credential, or one that is unknown, forged or expired.',
    httpStatus: 401,
    appearsIn: ['errors'],
    retryable: false,
  },
  {
    code: 'FORBIDDEN',
    meaning: 'The credential lacks the scope the operation needs.',
    httpStatus: 403,
    appearsIn: ['errors'],
    retryable: false,
  },
  {
    code: 'NOT_FOUND',
    meaning: 'No such import (or path); the id is well formed.',
    httpStatus: 404,
    appearsIn: ['errors', 'userErrors'],
    retryable: false,
  },
  {
    code: 'BAD_USER_INPUT',
    meaning: 'An argument, variable or input the caller can fix.',
    httpStatus: 400,
    appearsIn: ['errors', 'userErrors'],
    retryable: false,
  },
  {
    code: 'RATE_LIMITED',
    meaning:
      'A vendor rate limit, or a cap on subscriptions, operations or connections, stops the request now.',
    httpStatus: 429,
    appearsIn: ['errors', 'userErrors'],
    retryable: true,
  },
  {
    code: 'UPSTREAM_UNAVAILABLE',
    meaning: 'A vendor (or the shared store) did not answer in time or is down.',
    httpStatus: 503,
    appearsIn: ['errors', 'userErrors'],
    retryable: true,
  },
  {
    code: 'UPSTREAM_ERROR',
    meaning: 'A vendor answered with an error the gateway cannot turn into another code.',
    httpStatus: 502,
    appearsIn: ['errors', 'userErrors'],
    retryable: false,
  },
  {
    code: 'UNSUPPORTED_OPERATION',
    meaning: 'The provider or transport does not offer this operation.',
    httpStatus: 400,
    appearsIn: ['errors', 'userErrors'],
    retryable: false,
  },
  {
    code: 'INTERNAL_SERVER_ERROR',
    meaning: 'A bug of the gateway; logged in full, shown as "Internal server error".',
    httpStatus: 500,
    appearsIn: ['errors'],
    retryable: false,
  },
  {
    code: 'GRAPHQL_PARSE_FAILED',
    meaning: 'The document is not GraphQL, or is longer or deeper than the limits.',
    httpStatus: 400,
    appearsIn: ['errors'],
    retryable: false,
  },
  {
    code: 'GRAPHQL_VALIDATION_FAILED',
    meaning: 'The document does not validate against the schema or a document limit.',
    httpStatus: 400,
    appearsIn: ['errors'],
    retryable: false,
  },
  {
    code: 'BAD_REQUEST',
    meaning: 'The HTTP request itself is malformed (body, method, headers).',
    httpStatus: 400,
    appearsIn: ['errors'],
    retryable: false,
  },
  {
    code: 'PERSISTED_QUERY_NOT_FOUND',
    meaning:
      'The persisted document is unknown: not registered (PERSISTED_OPERATIONS), or a hash sent before its document.',
    httpStatus: 400,
    appearsIn: ['errors'],
    retryable: false,
  },
  {
    code: 'PERSISTED_QUERY_NOT_SUPPORTED',
    meaning:
      "Apollo's code for a server without automatic persisted queries; listed for clients that handle it.",
    httpStatus: 400,
    appearsIn: ['errors'],
    retryable: false,
  },
  {
    code: 'OPERATION_RESOLUTION_FAILURE',
    meaning: 'The document holds several operations and the request names none of them.',
    httpStatus: 400,
    appearsIn: ['errors'],
    retryable: false,
  },
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number]['code'];
export type ErrorCodeEntry = (typeof ERROR_CODES)[number];

const BY_CODE = new Map<string, ErrorCodeEntry>(ERROR_CODES.map((entry) => [entry.code, entry]));

/** The entry of a code the gateway answers, or undefined for anything else. */
export function errorCodeEntry(code: unknown): ErrorCodeEntry | undefined {
  return typeof code === 'string' ? BY_CODE.get(code) : undefined;
}

/** Whether the catalogue says a retry may succeed; an unknown code is not retryable. */
export function isRetryable(code: unknown): boolean {
  return errorCodeEntry(code)?.retryable === true;
}
