import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../graphql/context.ts';
import type { Logger } from '../log.ts';
import { scopePlugin } from './auth/scope-plugin.ts';
import type { OperationRules } from './limits/operation-rules.ts';
import type { GatewayMetrics } from './metrics.ts';

/** Errors collected beside data (a provider that failed while others answered) join the response. */
const partialErrorsPlugin: ApolloServerPlugin<GatewayContext> = {
  requestDidStart: () =>
    Promise.resolve({
      willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single' || contextValue.partialErrors.length === 0)
          return Promise.resolve();
        const formatted = contextValue.partialErrors.map((error) => error.toJSON());
        response.body.singleResult.errors = [...(response.body.singleResult.errors ?? []), ...formatted];
        return Promise.resolve();
      },
    }),
};

const KNOWN_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_ERROR',
  'UNSUPPORTED_OPERATION',
  'INTERNAL_SERVER_ERROR',
  // Apollo's own request-level codes, kept as they are standard for clients.
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** graphql-js's own words when `parseOptions.maxTokens` stops a document. */
const TOKEN_LIMIT = /Document contains more th(?:at|an) (\d+) tokens/;
/** graphql-js quotes a refused value whole ("got invalid value …"): a message stops here instead. */
const MAX_MESSAGE_LENGTH = 1_000;

function bounded(message: string): string {
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH)}…` : message;
}

/**
 * Anything that is not one of our coded errors is a bug: clients get a plain message, never a
 * stack trace or an internal detail; variable-coercion problems are the caller's and say so.
 * Apollo's own refusals of a request (a persisted query whose hash does not match) come with an
 * HTTP status of 4xx and no code: they are the caller's too, BAD_REQUEST.
 */
export function formatGatewayError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  const tokens = code === 'GRAPHQL_PARSE_FAILED' && TOKEN_LIMIT.exec(formatted.message);
  if (tokens) {
    return {
      message: `The document has more than ${tokens[1]} tokens (MAX_QUERY_TOKENS); send a shorter one, with inputs in variables.`,
      extensions: { code },
    };
  }
  if (typeof code === 'string' && KNOWN_CODES.has(code) && code !== 'INTERNAL_SERVER_ERROR') {
    // `http` tells Apollo the status to answer; it is not for clients (and live transports have none).
    const { stacktrace: _stacktrace, http: _http, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, message: bounded(formatted.message), extensions };
  }
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  if (original instanceof GraphQLError && typeof original.extensions.code === 'string') {
    return {
      ...formatted,
      message: bounded(formatted.message),
      extensions: { code: original.extensions.code },
    };
  }
  const status =
    error instanceof GraphQLError ? (error.extensions.http as { status?: unknown })?.status : undefined;
  if (!original && typeof status === 'number' && status >= 400 && status < 500) {
    return { message: bounded(formatted.message), extensions: { code: 'BAD_REQUEST' } };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/** Unexpected errors are logged in full here, since clients only ever see "Internal server error". */
function unexpectedErrorLogger(log: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            const code = error.extensions.code;
            if (typeof code === 'string' && KNOWN_CODES.has(code) && code !== 'INTERNAL_SERVER_ERROR')
              continue;
            // Resolvers wrap what they did not expect (graphql/errors.ts), and graphql-js wraps that
            // again with a path: the innermost error says what went wrong.
            let cause: Error = error;
            while (cause instanceof GraphQLError && cause.originalError) cause = cause.originalError;
            if (cause instanceof GraphQLError && cause.extensions.code !== 'INTERNAL_SERVER_ERROR') continue;
            log.error({ err: cause, operationName, path: error.path }, 'unexpected error in an operation');
          }
          return Promise.resolve();
        },
      }),
  };
}

export interface ApolloServerOptions {
  schema: GraphQLSchema;
  rules: OperationRules;
  metrics: GatewayMetrics;
  log: Logger;
}

export async function createApolloServer(
  options: ApolloServerOptions,
): Promise<ApolloServer<GatewayContext>> {
  const { rules, log } = options;
  const apollo = new ApolloServer<GatewayContext>({
    schema: options.schema,
    plugins: [
      // The playground is ours (served offline by the HTTP layer), not Apollo's CDN landing page.
      ApolloServerPluginLandingPageDisabled(),
      // GraphQL answers are never cacheable here (per caller, and imports move), so Apollo's
      // cache-control hints were work on every resolved field for a constant `no-store`, which
      // graphql-handler.ts now sets itself.
      ApolloServerPluginCacheControlDisabled(),
      scopePlugin<GatewayContext>(),
      ...(rules.apolloPlugins as ApolloServerPlugin<GatewayContext>[]),
      partialErrorsPlugin,
      // After partialErrorsPlugin, so an answer with a provider's error beside data counts as partial.
      options.metrics.apolloPlugin<GatewayContext>(),
      unexpectedErrorLogger(log),
    ],
    parseOptions: rules.parseOptions,
    validationRules: rules.validationRules,
    // A cross-site form or a simple GET cannot run an operation (read preventCsrf.ts in Apollo).
    csrfPrevention: true,
    introspection: rules.introspection,
    includeStacktraceInErrorResponses: false,
    formatError: formatGatewayError,
  });
  await apollo.start();
  return apollo;
}
