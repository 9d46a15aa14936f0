import { GraphQLError } from 'graphql';
import { UpstreamError, type UpstreamFailure } from '../providers/http/upstream-error.ts';
import { StoreUnavailableError } from '../store/store-unavailable.ts';

/** The error codes of the README; every GraphQL error the gateway makes carries one. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_ERROR'
  | 'UNSUPPORTED_OPERATION'
  | 'INTERNAL_SERVER_ERROR';

function gatewayError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

export const badUserInput = (message: string, extensions?: Record<string, unknown>) =>
  gatewayError('BAD_USER_INPUT', message, extensions);
export const notFound = (message: string) => gatewayError('NOT_FOUND', message);
export const unsupportedOperation = (message: string) => gatewayError('UNSUPPORTED_OPERATION', message);

const CODE_OF_FAILURE: Record<UpstreamFailure, ErrorCode> = {
  unavailable: 'UPSTREAM_UNAVAILABLE',
  'rate-limited': 'RATE_LIMITED',
  'not-found': 'NOT_FOUND',
  'invalid-request': 'BAD_USER_INPUT',
  error: 'UPSTREAM_ERROR',
};

export function codeOfUpstreamError(error: UpstreamError): ErrorCode {
  return CODE_OF_FAILURE[error.failure];
}

/** A vendor failure as a GraphQL error: code, provider and the allowlisted upstream fields only. */
export function upstreamGraphQLError(
  error: UpstreamError,
  path?: readonly (string | number)[],
): GraphQLError {
  return new GraphQLError(error.message, {
    path,
    extensions: { code: codeOfUpstreamError(error), provider: error.provider, upstream: error.upstream },
  });
}

/** Turns anything a resolver throws into an error with a contract code. */
export function asGraphQLError(error: unknown, path?: readonly (string | number)[]): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (error instanceof UpstreamError) return upstreamGraphQLError(error, path);
  // Not a vendor's failure (no provider), but as passing and as worth a retry as one.
  if (error instanceof StoreUnavailableError)
    return new GraphQLError(error.message, { path, extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
  // The cause stays attached (never shown to clients, see formatGatewayError) so it is logged.
  return new GraphQLError('Internal server error', {
    path,
    originalError: error instanceof Error ? error : undefined,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}
