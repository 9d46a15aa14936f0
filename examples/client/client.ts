import { ApolloClient, ApolloLink, HttpLink } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient, type Client } from 'graphql-ws';
import { Kind, OperationTypeNode, type DocumentNode } from 'graphql';
import { createImportsCache } from './cache.ts';
import { SubscriptionLink } from './subscription-link.ts';

export interface ImportsClientOptions {
  /** The gateway's origin, e.g. `http://127.0.0.1:4000`; `/graphql` serves HTTP and WebSocket. */
  url: string;
  /** The WebSocket class: the browser's by default; Node 20 has none, pass `ws`'s. */
  webSocketImpl?: unknown;
  /**
   * Send only the hashes of the generated documents (generated/persisted-documents.json), for a
   * gateway whose PERSISTED_OPERATIONS lists that manifest. Default false: send the documents.
   */
  persistedDocuments?: boolean;
  /**
   * Sent with every request and as the socket's connection parameters, e.g. `Authorization`. A
   * function is called for each HTTP request and each new connection, so a refreshed token is the
   * one sent: a socket the gateway closed with 4403 (a JWT that expired) connects again with it.
   */
  headers?: RequestHeaders | (() => RequestHeaders | Promise<RequestHeaders>);
  /** The `fetch` of HTTP requests; default the global one. */
  fetch?: typeof fetch;
}

type RequestHeaders = Record<string, string>;

export interface ImportsClient {
  apollo: ApolloClient;
  /** The graphql-ws client under the subscriptions. */
  socket: Client;
  dispose(): Promise<void>;
}

/**
 * Apollo Client for the gateway: queries and mutations over HTTP, subscriptions over graphql-ws,
 * and `errorPolicy: 'all'` everywhere, so a list keeps the vendors that answered when one failed
 * (README.md, Partial results) and a mutation's answer arrives beside its errors.
 */
export function createImportsClient(options: ImportsClientOptions): ImportsClient {
  const { url, headers } = options;
  const headersNow = typeof headers === 'function' ? headers : () => headers ?? {};
  // No retries inside graphql-ws: it would subscribe again with the first `after`, replaying what
  // the client already has. live.ts subscribes again itself, after the last event it saw.
  const socket = createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: options.webSocketImpl,
    retryAttempts: 0,
    connectionParams: headersNow,
  });
  const transport = ApolloLink.split(
    ({ query }) => isSubscription(query),
    new SubscriptionLink(socket),
    ApolloLink.from([
      new SetContextLink(async (previous) => ({
        headers: { ...(previous.headers as RequestHeaders | undefined), ...(await headersNow()) },
      })),
      new HttpLink({ uri: `${url}/graphql`, fetch: options.fetch }),
    ]),
  );
  const link = options.persistedDocuments
    ? ApolloLink.from([
        new PersistedQueryLink({
          generateHash: persistedHash,
          // The gateway runs registered documents only: sending the text after an unknown hash
          // would be refused as well, so never send it.
          retry: () => false,
          disable: () => false,
        }),
        transport,
      ])
    : transport;
  const apollo = new ApolloClient({
    link,
    cache: createImportsCache(),
    defaultOptions: {
      watchQuery: { errorPolicy: 'all' },
      query: { errorPolicy: 'all' },
      mutate: { errorPolicy: 'all' },
    },
  });
  return {
    apollo,
    socket,
    async dispose() {
      apollo.stop();
      await socket.dispose();
    },
  };
}

// Makes `errorPolicy: 'all'` the declared default, so results are typed with `error` beside `data`.
// Apollo Client declares its default options in namespaces; augmenting them takes the same form.
/* eslint-disable @typescript-eslint/no-namespace */
declare module '@apollo/client' {
  namespace ApolloClient {
    namespace DeclareDefaultOptions {
      interface WatchQuery {
        errorPolicy: 'all';
      }
      interface Query {
        errorPolicy: 'all';
      }
      interface Mutate {
        errorPolicy: 'all';
      }
    }
  }
}
/* eslint-enable @typescript-eslint/no-namespace */

const isSubscription = (query: DocumentNode) => {
  const definition = getMainDefinition(query);
  return (
    definition.kind === Kind.OPERATION_DEFINITION && definition.operation === OperationTypeNode.SUBSCRIPTION
  );
};

/**
 * The hash the client preset put in each generated document (`__meta__.hash`, `sha256:<hex>`),
 * as the hex Apollo's persisted query protocol sends.
 */
function persistedHash(document: DocumentNode): string {
  const hash = (document as { __meta__?: { hash?: unknown } }).__meta__?.hash;
  if (typeof hash !== 'string')
    throw new Error('This document has no persisted hash: use the documents of examples/client/generated/.');
  return hash.replace(/^sha256:/, '');
}
