import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { GatewayContext } from '../../graphql/context.ts';

/**
 * Apollo Server on plain node:http: Apollo 5 ships no integration for it, so this adapts a request
 * to `executeHTTPGraphQLRequest` and writes its answer back (complete or incremental).
 */
export interface GraphQLRequestHandling {
  apollo: ApolloServer<GatewayContext>;
  request: IncomingMessage;
  response: ServerResponse;
  /** The body and query string Apollo reads (persisted operations already resolved). */
  operation: { body: unknown; search: string };
  /** The execution context, made once Apollo has accepted the request. */
  context: () => Promise<GatewayContext>;
}

export async function handleGraphQLRequest(handling: GraphQLRequestHandling): Promise<void> {
  const { apollo, request, response, operation, context } = handling;
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const result = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: {
      method: request.method ?? 'GET',
      headers,
      search: operation.search,
      body: operation.body,
    },
    context,
  });
  // Answers are per caller and change as imports move: no shared cache may keep one. (Apollo's
  // cache-control plugin, switched off in apollo-server.ts, used to say so on every answer.)
  response.setHeader('cache-control', 'no-store');
  for (const [name, value] of result.headers) response.setHeader(name, value);
  response.statusCode = result.status ?? 200;
  if (result.body.kind === 'complete') {
    response.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) response.write(chunk);
  response.end();
}
