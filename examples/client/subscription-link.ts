import { ApolloLink, CombinedGraphQLErrors } from '@apollo/client';
import type { GraphQLFormattedError } from 'graphql';
import { TerminatedCloseEvent, type Client } from 'graphql-ws';
import { print } from 'graphql';
import { Observable } from 'rxjs';

/**
 * The WebSocket closed under a subscription. Unless `final`, subscribing again (with `after`)
 * resumes it.
 */
export class SocketClosedError extends Error {
  override readonly name = 'SocketClosedError';
  constructor(
    readonly code: number | undefined,
    readonly reason = '',
  ) {
    super(`The WebSocket closed${code === undefined ? '' : ` (${code}${reason ? `: ${reason}` : ''})`}.`);
  }

  /**
   * Closed by the gateway for a reason a new connection would meet again: 4400–4498 are
   * graphql-ws's refusals (4400 bad request, 4401 unauthorized, 4403 forbidden: a credential
   * refused or expired, 4408 no connection_init in time, 4409 duplicate id, 4429 too many inits).
   * 4499 is not one: graphql-ws closes with it when the app calls `terminate()` to restart a stale
   * socket. Lost connections (1006), shutdowns (1001), MAX_CONNECTIONS (1013) and a client too
   * slow to read (1008) are worth retrying.
   */
  get final(): boolean {
    return this.code !== undefined && this.code >= 4400 && this.code <= 4498;
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

/**
 * graphql-ws reports a refused operation as its errors, a closed socket as the close event, and
 * its own `terminate()` as a TerminatedCloseEvent (an Error with the code 4499).
 */
function asError(error: unknown): Error {
  if (error instanceof TerminatedCloseEvent) return new SocketClosedError(error.code, error.reason);
  if (error instanceof Error) return error;
  if (Array.isArray(error)) return new CombinedGraphQLErrors({ errors: error as GraphQLFormattedError[] });
  if (
    error &&
    typeof error === 'object' &&
    'type' in error &&
    (error.type === 'close' || error.type === 'error')
  )
    return new SocketClosedError(
      'code' in error && typeof error.code === 'number' ? error.code : undefined,
      'reason' in error && typeof error.reason === 'string' ? error.reason : '',
    );
  return new Error(String(error));
}
