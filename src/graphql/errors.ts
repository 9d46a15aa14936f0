import { GraphQLError, type ASTNode } from 'graphql';
import type { ProviderFailure } from '../imports/failures.ts';
import { UpstreamError, type UpstreamFailure } from '../providers/http/upstream-error.ts';
import { StoreUnavailableError } from '../store/store-unavailable.ts';
import { errorCodeEntry, isRetryable, type ErrorCode } from './error-codes.ts';

export type { ErrorCode } from './error-codes.ts';

/** What an error may carry beside its code; anything else a client sees is in error-codes.ts. */
export interface GatewayErrorOptions {
  path?: readonly (string | number)[];
  nodes?: ASTNode | readonly ASTNode[];
  /** Kept for the log (never shown to clients, see operation/format.ts). */
  originalError?: Error;
  /** More extensions, e.g. `provider` and `upstream` of a vendor failure. */
  extensions?: Record<string, unknown>;
}

type ErrorHelper = (message: string, options?: GatewayErrorOptions) => GraphQLError;

/** The one way an error with a code is made: every helper below is this, for one code. */
function helperFor(code: ErrorCode): ErrorHelper {
  return (message, options = {}) =>
    new GraphQLError(message, {
      path: options.path,
      nodes: options.nodes,
      originalError: options.originalError,
      extensions: { code, ...options.extensions },
    });
}

export const unauthenticated = helperFor('UNAUTHENTICATED');
export const forbidden = helperFor('FORBIDDEN');
export const notFound = helperFor('NOT_FOUND');
export const badUserInput = helperFor('BAD_USER_INPUT');
export const rateLimited = helperFor('RATE_LIMITED');
export const upstreamUnavailable = helperFor('UPSTREAM_UNAVAILABLE');
export const upstreamError = helperFor('UPSTREAM_ERROR');
export const unsupportedOperation = helperFor('UNSUPPORTED_OPERATION');
export const internalServerError = helperFor('INTERNAL_SERVER_ERROR');
export const graphqlParseFailed = helperFor('GRAPHQL_PARSE_FAILED');
export const graphqlValidationFailed = helperFor('GRAPHQL_VALIDATION_FAILED');
export const badRequest = helperFor('BAD_REQUEST');
export const persistedQueryNotFound = helperFor('PERSISTED_QUERY_NOT_FOUND');
export const operationResolutionFailure = helperFor('OPERATION_RESOLUTION_FAILURE');

/** The helper of a code chosen at run time (a vendor failure's, a limit's). */
export function errorWithCode(code: ErrorCode, message: string, options?: GatewayErrorOptions): GraphQLError {
  return helperFor(code)(message, options);
}

/**
 * The same error with the HTTP status of its code (error-codes.ts) in `extensions.http`, which
 * tells Apollo the status to answer when a plugin refuses a request. Never shown to clients
 * (operation/format.ts drops it), and meaningless on a stream.
 */
export function withHttpStatus(error: GraphQLError): GraphQLError {
  const entry = errorCodeEntry(error.extensions.code);
  if (!entry) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, http: { status: entry.httpStatus } },
  });
}

const CODE_OF_FAILURE: Record<UpstreamFailure, ErrorCode> = {
  unavailable: 'UPSTREAM_UNAVAILABLE',
  'rate-limited': 'RATE_LIMITED',
  'not-found': 'NOT_FOUND',
  'invalid-request': 'BAD_USER_INPUT',
  error: 'UPSTREAM_ERROR',
};

export function codeOfUpstreamError(error: ProviderFailure): ErrorCode {
  return CODE_OF_FAILURE[error.failure];
}

/** What a client needs to retry after a vendor failure, wherever it is shown (errors, sources). */
export interface RetryHint {
  code: ErrorCode;
  retryable: boolean;
  /** Only for a failure worth retrying: the gateway's own limiter's estimate, else the vendor's hint. */
  retryAfterSeconds?: number;
}

export function retryHintOf(error: ProviderFailure): RetryHint {
  const code = codeOfUpstreamError(error);
  const retryable = isRetryable(code);
  const seconds = retryable
    ? ((error instanceof UpstreamError ? error.retryAfterSeconds : undefined) ??
      error.upstream.retryAfterSeconds)
    : undefined;
  return seconds === undefined ? { code, retryable } : { code, retryable, retryAfterSeconds: seconds };
}

/** A vendor failure as a GraphQL error: code, provider and the allowlisted upstream fields only. */
export function upstreamGraphQLError(
  error: ProviderFailure,
  path?: readonly (string | number)[],
): GraphQLError {
  // Top level: when to retry (`retryable` itself is added for every code, operation/format.ts).
  const { code, retryAfterSeconds } = retryHintOf(error);
  return errorWithCode(code, error.message, {
    path,
    extensions: {
      provider: error.provider,
      upstream: error.upstream,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    },
  });
}

/** Turns anything a resolver throws into an error with a contract code. */
export function asGraphQLError(error: unknown, path?: readonly (string | number)[]): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (error instanceof UpstreamError) return upstreamGraphQLError(error, path);
  // Not a vendor's failure (no provider), but as passing and as worth a retry as one.
  if (error instanceof StoreUnavailableError) return upstreamUnavailable(error.message, { path });
  // The cause stays attached (never shown to clients, see operation/format.ts) so it is logged.
  return internalServerError('Internal server error', {
    path,
    originalError: error instanceof Error ? error : undefined,
  });
}
