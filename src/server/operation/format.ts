import {
  GraphQLError,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
} from 'graphql';
import { errorCodeEntry, isRetryable } from '../../graphql/error-codes.ts';

/** graphql-js's own words when `parseOptions.maxTokens` stops a document. */
const TOKEN_LIMIT = /Document contains more th(?:at|an) (\d+) tokens/;
/** graphql-js quotes a refused value whole ("got invalid value …"): a message stops here instead. */
const MAX_MESSAGE_LENGTH = 1_000;

function bounded(message: string): string {
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH)}…` : message;
}

/**
 * Every error says whether the same request may succeed if sent again unchanged, as the list
 * says of its code (README, Errors), so a client needs no table of its own; an error that
 * says it itself keeps its word.
 */
function withRetryable({ code, ...rest }: { code: unknown; [key: string]: unknown }) {
  return { code, retryable: isRetryable(code), ...rest };
}

/** A code of the list (graphql/error-codes.ts) that a client may see as it is. */
export function isExpectedCode(code: unknown): boolean {
  return errorCodeEntry(code) !== undefined && code !== 'INTERNAL_SERVER_ERROR';
}

/**
 * Anything that is not one of our coded errors is a bug: clients get a plain message, never a
 * stack trace or an internal detail; variable-coercion problems are the caller's and say so.
 * Apollo's own refusals of a request (a persisted query whose hash does not match) come with an
 * HTTP status of 4xx and no code: they are the caller's too, BAD_REQUEST. The same rules on every
 * transport: Apollo's `formatError` for HTTP, `formatResult` for WebSocket and SSE.
 */
export function formatGatewayError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  const tokens = code === 'GRAPHQL_PARSE_FAILED' && TOKEN_LIMIT.exec(formatted.message);
  if (tokens) {
    return {
      message: `The document has more than ${tokens[1]} tokens (MAX_QUERY_TOKENS); send a shorter one, with inputs in variables.`,
      extensions: withRetryable({ code }),
    };
  }
  if (isExpectedCode(code)) {
    // `http` tells Apollo the status to answer; it is not for clients (and live transports have none).
    const { stacktrace: _stacktrace, http: _http, ...extensions } = formatted.extensions ?? {};
    return {
      ...formatted,
      message: bounded(formatted.message),
      extensions: withRetryable({ ...extensions, code }),
    };
  }
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  if (original instanceof GraphQLError && typeof original.extensions.code === 'string') {
    return {
      ...formatted,
      message: bounded(formatted.message),
      extensions: withRetryable({ code: original.extensions.code }),
    };
  }
  const status =
    error instanceof GraphQLError ? (error.extensions.http as { status?: unknown })?.status : undefined;
  if (!original && typeof status === 'number' && status >= 400 && status < 500) {
    return { message: bounded(formatted.message), extensions: withRetryable({ code: 'BAD_REQUEST' }) };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: withRetryable({ code: 'INTERNAL_SERVER_ERROR' }),
  };
}

/** One error as clients see it. */
export function formatError(error: GraphQLError): GraphQLFormattedError {
  return formatGatewayError(error.toJSON(), error);
}

export function formatResult(result: ExecutionResult): FormattedExecutionResult {
  const { errors, ...rest } = result;
  return errors ? { ...rest, errors: errors.map(formatError) } : rest;
}
