import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../../graphql/context.ts';
import type { OperationRules } from '../limits/operation-rules.ts';
import { hideFormattedSuggestions } from '../limits/suggestions.ts';
import type { DocumentCache } from '../operation/document-cache.ts';
import { formatGatewayError } from '../operation/format.ts';
import type { OperationOutcomes } from '../operation/outcome.ts';
import { useOperationOutcome } from './use-operation-outcome.ts';
import { usePartialErrors } from './use-partial-errors.ts';
import { useScopeCheck } from './use-scope-check.ts';

export interface ApolloServerOptions {
  schema: GraphQLSchema;
  rules: OperationRules;
  outcomes: OperationOutcomes;
  /** The gateway's document cache (MAX_DOCUMENT_CACHE_BYTES), Apollo's document store too. */
  documents: DocumentCache;
}

/**
 * Apollo serves HTTP (CSRF prevention, GET and POST, incremental delivery, its parse and
 * validation cache); each step of the operation pipeline it runs is a thin plugin over
 * server/operation, the same code WebSocket and SSE call: the scope check, partial errors, the
 * outcome (metrics and logging), error formatting, and the limits of OperationRules.
 */
export async function createApolloServer(
  options: ApolloServerOptions,
): Promise<ApolloServer<GatewayContext>> {
  const { rules } = options;
  const apollo = new ApolloServer<GatewayContext>({
    schema: options.schema,
    plugins: [
      // The playground is ours (served offline by the HTTP layer), not Apollo's CDN landing page.
      ApolloServerPluginLandingPageDisabled(),
      // GraphQL answers are never cacheable here (per caller, and imports move), so Apollo's
      // cache-control hints were work on every resolved field for a constant `no-store`, which
      // handle-request.ts now sets itself.
      ApolloServerPluginCacheControlDisabled(),
      useScopeCheck<GatewayContext>(),
      ...(rules.apolloPlugins as ApolloServerPlugin<GatewayContext>[]),
      usePartialErrors(),
      useOperationOutcome(options.outcomes),
    ],
    parseOptions: rules.parseOptions,
    validationRules: rules.validationRules,
    // A cross-site form or a simple GET cannot run an operation (read preventCsrf.ts in Apollo).
    csrfPrevention: true,
    introspection: rules.introspection,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) =>
      formatGatewayError(rules.introspection ? formatted : hideFormattedSuggestions(formatted), error),
    documentStore: options.documents.asApolloStore(),
  });
  await apollo.start();
  return apollo;
}
