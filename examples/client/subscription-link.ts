import { ApolloLink, CombinedGraphQLErrors } from '@apollo/client';
import type { GraphQLFormattedError } from 'graphql';
import type { Client } from 'graphql-ws';
import { print } from 'graphql';
import { Observable } from 'rxjs';

/** The WebSocket closed under a subscription: subscribing again (with `after`) resumes it. */
export class SocketClosedError extends Error {
  override readonly name = 'SocketClosedError';
  constructor(readonly code: number | undefined) {
    super(`The WebSocket closed${code === undefined ? '' : ` (${code})`}.`);
  }
}

/**
 * Subscriptions over graphql-ws, in place of Apollo's GraphQLWsLink, for two reasons: that link
 * reads the global `WebSocket` when it sorts out an error, and Node 20 has none (every error
 * message became a ReferenceError); and it always sends the document, while with persisted
 * documents (`http.includeQuery: false`, set by PersistedQueryLink) only the hash must go.
 */
export class SubscriptionLink extends ApolloLink {
  constructor(private readonly client: Client) {
    super();
  }

  override request(operation: ApolloLink.Operation): Observable<ApolloLink.Result> {
    const http = operation.getContext().http as { includeQuery?: boolean } | undefined;
    const includeQuery = http?.includeQuery !== false;
    return new Observable((observer) =>
      this.client.subscribe(
        {
          operationName: operation.operationName,
          variables: operation.variables,
          extensions: operation.extensions,
          // graphql-ws requires a string; the gateway finds the document by its hash.
          query: includeQuery ? print(operation.query) : '',
        },
        {
          next: (result) => observer.next(result as ApolloLink.Result),
          complete: () => observer.complete(),
          error: (error: unknown) => observer.error(asError(error)),
        },
      ),
    );
  }
}

/** graphql-ws reports a refused operation as its errors, a lost socket as the close event. */
function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  if (Array.isArray(error)) return new CombinedGraphQLErrors({ errors: error as GraphQLFormattedError[] });
  if (
    error &&
    typeof error === 'object' &&
    'type' in error &&
    (error.type === 'close' || error.type === 'error')
  )
    return new SocketClosedError('code' in error && typeof error.code === 'number' ? error.code : undefined);
  return new Error(String(error));
}
