import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { createExecutionContext, type GatewayContext, type RequestScope } from '../../graphql/context.ts';
import {
  badRequest,
  forbidden,
  graphqlParseFailed,
  persistedQueryNotFound,
  unauthenticated,
} from '../../graphql/errors.ts';
import type { CreationsInFlight } from '../../graphql/creations-in-flight.ts';
import type { LiveImports } from '../../live/live-imports.ts';
import type { PageCache } from '../../imports/page-cache.ts';
import type { ProviderSet } from '../../imports/provider-info.ts';
import { traceOperation } from '../../telemetry/spans.ts';
import { handleGraphQLRequest } from '../apollo/handle-request.ts';
import type { Authenticator } from '../auth/authenticate.ts';
import type { GatedRequest, SourceGate } from '../limits/source-gate.ts';
import { startOperationDeadline } from '../operation/deadline.ts';
import type { PersistedOperations } from '../operation/persisted-operations.ts';
import { linkAccessLine } from './access-lines.ts';
import { BodyTooLargeError, readBody, sendGraphQLError } from './http-body.ts';
import type { HostPolicy } from './host-policy.ts';
import { playgroundPage, wantsPlayground } from './playground.ts';

export interface GraphQLRouteOptions {
  apollo: ApolloServer<GatewayContext>;
  providers: ProviderSet;
  authenticate: Authenticator;
  maxBodyBytes: number;
  /** Overall deadline of one GraphQL operation, vendor calls included. */
  requestDeadlineMs: number;
  playground: boolean;
  /** Host names the playground (and, open, the API) answers to (DNS rebinding). */
  hosts: HostPolicy;
  /** Mutations tell the live layer what they changed (a deletion no poll can see). */
  live: LiveImports;
  /** Set in persisted-operations-only mode. */
  persisted: PersistedOperations | undefined;
  /** Refuses a request before Apollo parses, validates and coerces it (limits/source-gate.ts). */
  checkSource: SourceGate;
  /** PAGE_CACHE_TTL_MS > 0: the rest of each page serves the next one for that long. */
  pageCache?: PageCache;
  /** The creations a shutdown waits for (graphql/creations-in-flight.ts). */
  creations?: CreationsInFlight;
}

type Route = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * `/graphql` over HTTP: the playground for a browser, else authentication (before the body is
 * even read), the body limit, persisted operations, and Apollo with a per-operation deadline.
 */
export function createGraphQLRoute(options: GraphQLRouteOptions): Route {
  return async (request, response) => {
    if (options.playground && wantsPlayground(request.method ?? 'GET', request.headers.accept)) {
      if (!options.hosts.allows(request))
        return sendGraphQLError(response, { error: forbidden(options.hosts.refusal(request)) });
      const page = await playgroundPage();
      response.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': page.contentSecurityPolicy,
        'cache-control': 'no-store',
      });
      response.end(page.html);
      return;
    }
    const auth = await options.authenticate(request.headers.authorization);
    if (!auth.ok) {
      return sendGraphQLError(response, {
        error: unauthenticated(auth.message),
        headers: { 'www-authenticate': 'Bearer realm="import-gateway"' },
      });
    }
    let raw: Buffer;
    try {
      raw = await readBody(request, options.maxBodyBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      return sendGraphQLError(response, {
        status: 413,
        error: badRequest(`The request body is larger than ${options.maxBodyBytes} bytes (MAX_BODY_BYTES).`),
      });
    }
    const parsed = parseBody(request, raw);
    if (parsed instanceof Error) return sendGraphQLError(response, { error: badRequest(parsed.message) });
    const operation = options.persisted ? persistedOperation(options.persisted, request, parsed) : parsed;
    if (operation instanceof Error) {
      return sendGraphQLError(response, { error: persistedQueryNotFound(operation.message) });
    }
    const gated = gatedRequestOf(operation);
    const refused = gated && options.checkSource(gated);
    if (refused) {
      const error =
        typeof refused.extensions.code === 'string' ? refused : graphqlParseFailed(refused.message);
      return sendGraphQLError(response, { status: 400, error });
    }

    const scope: RequestScope = {
      providers: options.providers,
      principal: auth.principal,
      live: options.live,
      pageCache: options.pageCache,
      creations: options.creations,
    };
    const deadline = startOperationDeadline({ ms: options.requestDeadlineMs, caller: auth.principal.id });
    // The client leaving aborts reads; a creation keeps its own signal until the deadline.
    response.once('close', () => deadline.abort(new Error('client went away')));
    try {
      await traceOperation({ transport: 'http', headers: request.headers }, () =>
        handleGraphQLRequest({
          apollo: options.apollo,
          request,
          response,
          operation,
          context: () => {
            const context = createExecutionContext(scope, deadline.signal, () => deadline.creationSignal);
            linkAccessLine(context, response);
            return Promise.resolve(context);
          },
        }),
      );
    } finally {
      deadline.release();
    }
  };
}

interface HttpOperation {
  body: unknown;
  search: string;
}

function parseBody(request: IncomingMessage, raw: Buffer): HttpOperation | Error {
  const search = new URL(request.url ?? '/', 'http://gateway.invalid').search;
  if (request.method !== 'POST' || raw.length === 0) return { body: undefined, search };
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  // Other content types reach Apollo as text, which refuses them (and its CSRF check names why).
  if (contentType !== 'application/json' && !contentType.endsWith('+json'))
    return { body: raw.toString('utf8'), search };
  try {
    return { body: JSON.parse(raw.toString('utf8')) as unknown, search };
  } catch {
    return new Error('The request body is not valid JSON.');
  }
}

/**
 * The document, operation name and variables of a POST body or a GET query string, if there is a
 * document (Apollo refuses the rest). A GET's variables stay with Apollo: a URL cannot hold a
 * list long enough to matter.
 */
function gatedRequestOf(operation: HttpOperation): GatedRequest | undefined {
  const { body } = operation;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const { query, operationName, variables } = body as Record<string, unknown>;
    if (typeof query !== 'string') return undefined;
    return { query, operationName: typeof operationName === 'string' ? operationName : undefined, variables };
  }
  const params = new URLSearchParams(operation.search);
  const query = params.get('query');
  if (query === null) return undefined;
  return { query, operationName: params.get('operationName') ?? undefined, variables: undefined };
}

/** In persisted-operations-only mode, the registered document replaces whatever the request named. */
function persistedOperation(
  persisted: PersistedOperations,
  request: IncomingMessage,
  operation: HttpOperation,
): HttpOperation | Error {
  if (request.method === 'POST') {
    if (!operation.body || typeof operation.body !== 'object' || Array.isArray(operation.body))
      return operation; // Apollo explains what is wrong with the body itself
    const { extensions, documentId: _documentId, ...rest } = operation.body as Record<string, unknown>;
    const document = persisted.resolve(operation.body);
    if (document instanceof Error) return document;
    const body: Record<string, unknown> = { ...rest, query: document };
    // Apollo refuses an `extensions` key that is present but not an object.
    if (extensions !== undefined) body.extensions = withoutPersistedQuery(extensions);
    return { body, search: '' };
  }
  const params = new URLSearchParams(operation.search);
  let extensions: unknown;
  try {
    extensions = params.has('extensions') ? JSON.parse(params.get('extensions')!) : undefined;
  } catch {
    return new Error('The `extensions` parameter is not valid JSON.');
  }
  const document = persisted.resolve({
    query: params.get('query') ?? undefined,
    documentId: params.get('documentId') ?? undefined,
    extensions,
  });
  if (document instanceof Error) return document;
  params.set('query', document);
  params.delete('documentId');
  params.delete('extensions');
  return { body: undefined, search: `?${params.toString()}` };
}

/** Apollo would treat a leftover `persistedQuery` as its own APQ protocol; the document is already known. */
function withoutPersistedQuery(extensions: unknown): unknown {
  if (!extensions || typeof extensions !== 'object') return extensions;
  const { persistedQuery: _persistedQuery, ...rest } = extensions as Record<string, unknown>;
  return rest;
}
