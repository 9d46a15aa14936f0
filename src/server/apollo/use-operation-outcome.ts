import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { GatewayContext } from '../../graphql/context.ts';
import type { OperationOutcomes } from '../operation/outcome.ts';

/**
 * Hands each HTTP operation's end to the pipeline's outcome (operation/outcome.ts): counted once
 * when its response is sent, its unexpected errors logged, as over WebSocket and SSE.
 */
export function useOperationOutcome(outcomes: OperationOutcomes): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: () => {
      let encountered: readonly GraphQLError[] = [];
      return Promise.resolve({
        didEncounterErrors({ errors }) {
          encountered = errors;
          return Promise.resolve();
        },
        willSendResponse({ operationName, operation, response, contextValue }) {
          const single = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const partial = single ? contextValue.partialErrors : [];
          outcomes.record({
            operationName,
            type: operation?.operation,
            errors: [...encountered, ...partial],
            hasData: Boolean(single?.data),
          });
          return Promise.resolve();
        },
      });
    },
  };
}
