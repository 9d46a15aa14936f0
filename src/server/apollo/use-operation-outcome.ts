import type { ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode, type GraphQLError } from 'graphql';
import type { GatewayContext } from '../../graphql/context.ts';
import { keepAccessLine } from '../http/access-lines.ts';
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
          const errors = [...encountered, ...partial];
          outcomes.record({
            operationName,
            type: operation?.operation,
            errors,
            hasData: Boolean(single?.data),
          });
          // Reads are sampled in the access log; what changes something or fails is not.
          if (errors.length > 0 || operation?.operation !== OperationTypeNode.QUERY)
            keepAccessLine(contextValue);
          return Promise.resolve();
        },
      });
    },
  };
}
