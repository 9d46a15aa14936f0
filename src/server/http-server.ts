import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { createGatewayContext, type GatewayContext } from '../graphql/context.ts';
import type { Logger } from '../log.ts';
import type { ProviderSet } from '../providers/provider-info.ts';
import { setDeadline } from '../providers/resilience/deadline.ts';
import { handleGraphQLRequest } from './graphql-handler.ts';
import { playgroundPage, wantsPlayground } from './playground.ts';

export interface HttpServerOptions {
  apollo: ApolloServer<GatewayContext>;
  providers: ProviderSet;
  maxBodyBytes: number;
  /** Overall deadline of one GraphQL operation, vendor calls included. */
  requestDeadlineMs: number;
  playground: boolean;
  log: Logger;
  /** More routes by exact path (subscriptions over SSE, webhooks). */
  extraRoutes?: Record<string, (request: IncomingMessage, response: ServerResponse) => Promise<void> | void>;
}

export class BodyTooLargeError extends Error {}

export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLargeError();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Request-level failures in the GraphQL-over-HTTP shape, so every client can read them. */
function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(body));
}

export function createHttpServer(options: HttpServerOptions): Server {
  const handleGraphQL = async (request: IncomingMessage, response: ServerResponse) => {
    if (options.playground && wantsPlayground(request.method ?? 'GET', request.headers.accept)) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(playgroundPage());
      return;
    }
    let raw: Buffer;
    try {
      raw = await readBody(request, options.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        return sendError(
          response,
          413,
          'BAD_REQUEST',
          `The request body is larger than ${options.maxBodyBytes} bytes.`,
        );
      }
      throw error;
    }
    let body: unknown = undefined;
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (request.method === 'POST' && raw.length > 0) {
      if (contentType === 'application/json' || contentType.endsWith('+json')) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          return sendError(response, 400, 'BAD_REQUEST', 'The request body is not valid JSON.');
        }
      } else body = raw.toString('utf8');
    }
    const deadline = new AbortController();
    // Retries and rate-limit queues read when the deadline falls, so they never wait past it.
    setDeadline(deadline.signal, Date.now() + options.requestDeadlineMs);
    const timer = setTimeout(() => deadline.abort(new Error('deadline')), options.requestDeadlineMs);
    response.once('close', () => {
      clearTimeout(timer);
      deadline.abort(new Error('client went away'));
    });
    await handleGraphQLRequest(options.apollo, request, response, body, () =>
      Promise.resolve(createGatewayContext(options.providers, deadline.signal)),
    );
  };

  const routes: Record<string, (request: IncomingMessage, response: ServerResponse) => Promise<void> | void> =
    {
      '/graphql': handleGraphQL,
      '/healthz': (_request, response) => sendJson(response, 200, { status: 'ok' }),
      '/readyz': (_request, response) => {
        const providers = options.providers.info().filter((info) => info.enabled);
        const ready = providers.length === 0 || providers.some((info) => info.healthy);
        sendJson(response, ready ? 200 : 503, {
          status: ready ? 'ready' : 'unavailable',
          providers: Object.fromEntries(
            providers.map((info) => [info.provider, info.healthy ? 'healthy' : 'unhealthy']),
          ),
        });
      },
      ...options.extraRoutes,
    };

  return createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://gateway.invalid').pathname.replace(/\/+$/, '') || '/';
    const route = routes[path];
    if (!route)
      return sendError(response, 404, 'NOT_FOUND', `Nothing is served at ${path}; GraphQL is at /graphql.`);
    Promise.resolve(route(request, response)).catch((error: unknown) => {
      options.log.error({ err: error, path }, 'request failed');
      if (!response.headersSent) sendError(response, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      else response.destroy();
    });
  });
}
