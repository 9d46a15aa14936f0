import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../../graphql/context.ts';
import { formatError } from '../operation/format.ts';

/**
 * Errors collected beside data (a provider that failed while others answered) join the response,
 * formatted as every other error (operation/format.ts); live transports do the same in
 * operation/execute.ts.
 */
export function usePartialErrors(): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || contextValue.partialErrors.length === 0)
            return Promise.resolve();
          const formatted = contextValue.partialErrors.map(formatError);
          response.body.singleResult.errors = [...(response.body.singleResult.errors ?? []), ...formatted];
          return Promise.resolve();
        },
      }),
  };
}
