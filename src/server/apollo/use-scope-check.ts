import type { ApolloServerPlugin } from '@apollo/server';
import { withHttpStatus } from '../../graphql/errors.ts';
import type { Principal } from '../../principal.ts';
import { scopeRefusal } from '../operation/scope-check.ts';

/** The pipeline's scope check (operation/scope-check.ts) once Apollo knows the operation: 403 FORBIDDEN. */
export function useScopeCheck<Context extends { principal: Principal }>(): ApolloServerPlugin<Context> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation({ operation, contextValue }) {
          const refused = operation && scopeRefusal(contextValue.principal, operation.operation);
          if (refused) throw withHttpStatus(refused);
          return Promise.resolve();
        },
      }),
  };
}
