import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Principal } from './authenticate.ts';
import type { Scope } from './settings.ts';

/** Queries and subscriptions read; mutations write (docs/SECURITY.md, Authentication). */
export function requiredScope(operation: 'query' | 'mutation' | 'subscription'): Scope {
  return operation === 'mutation' ? 'imports:write' : 'imports:read';
}

export function forbidden(principal: Principal, scope: Scope): GraphQLError {
  return new GraphQLError(
    `This credential (${principal.name}) lacks the ${scope} scope this operation needs.`,
    {
      extensions: { code: 'FORBIDDEN', http: { status: 403 } },
    },
  );
}

/** Checks the operation's scope once it is known, before any resolver (and any vendor call) runs. */
export function scopePlugin<Context extends { principal: Principal }>(): ApolloServerPlugin<Context> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation({ operation, contextValue }) {
          if (!operation) return Promise.resolve();
          const scope = requiredScope(operation.operation);
          if (!contextValue.principal.scopes.has(scope)) throw forbidden(contextValue.principal, scope);
          return Promise.resolve();
        },
      }),
  };
}
