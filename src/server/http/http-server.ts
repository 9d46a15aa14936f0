import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { forbidden, internalServerError, notFound } from '../../graphql/errors.ts';
import type { Logger } from '../../log.ts';
import type { ProviderSet } from '../../imports/provider-info.ts';
import { requestIdFrom, runWithRequestId } from '../../request-id.ts';
import { createAccessLines, DEFAULT_ACCESS_LOG_SAMPLE } from './access-lines.ts';
import { handleCors } from './cors.ts';
import { createGraphQLRoute, type GraphQLRouteOptions } from './graphql-route.ts';
import { sendGraphQLError, sendJson } from './http-body.ts';
import type { GatewayMetrics } from '../metrics/metrics.ts';
import { metricsRoute } from '../metrics/metrics-server.ts';

/** A route; `allow` lists the methods it takes when they are not GraphQL's (an `OPTIONS` request is told them). */
type Route = ((request: IncomingMessage, response: ServerResponse) => Promise<void> | void) & {
  allow?: string;
};

export interface HttpServerOptions extends GraphQLRouteOptions {
  providers: ProviderSet;
  /** Served at /metrics; absent when METRICS_PORT gives them a server of their own (404 here). */
  metrics: GatewayMetrics | undefined;
  /** CORS_ORIGINS; empty: no browser origin may call the gateway. */
  corsOrigins: string[];
  log: Logger;
  /** ACCESS_LOG_SAMPLE: one access line per this many successful reads (0: none); mutations and errors always have one. */
  accessLogSample?: number;
  /** More routes by exact path (subscriptions over SSE, webhooks). */
  extraRoutes?: Record<string, Route>;
  /** Paths whose requests stay open for as long as the client listens (SSE); a shutdown does not wait for them. */
  streamingPaths?: string[];
}

export interface GatewayHttpServer {
  server: Server;
  /**
   * Stops taking connections and waits up to `graceMs` for requests in flight (streams aside),
   * then cuts whatever is left. Answers how many requests were still running when it gave up,
   * and when the server is closed: upgraded sockets (WebSockets) keep it open until they end.
   */
  drain(graceMs: number): Promise<{ cut: number; closed: Promise<void> }>;
}

export function createHttpServer(options: HttpServerOptions): GatewayHttpServer {
  const routes: Record<string, Route> = {
    '/graphql': createGraphQLRoute(options),
    '/healthz': (_request, response) => sendJson(response, 200, { status: 'ok' }),
    '/readyz': (_request, response) => {
      const providers = options.providers.info().filter((info) => info.enabled);
      const ready = !draining && (providers.length === 0 || providers.some((info) => info.healthy));
      sendJson(response, ready ? 200 : 503, {
        status: draining ? 'shutting down' : ready ? 'ready' : 'unavailable',
        providers: Object.fromEntries(
          providers.map((info) => [info.provider, info.healthy ? 'healthy' : 'unhealthy']),
        ),
      });
    },
    ...(options.metrics ? { '/metrics': metricsRoute(options.metrics) } : {}),
    ...options.extraRoutes,
  };
  const accessLine = createAccessLines(options.log, options.accessLogSample ?? DEFAULT_ACCESS_LOG_SAMPLE);
  const streaming = new Set(options.streamingPaths ?? []);
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  let drained: (() => void) | undefined;

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://gateway.invalid').pathname.replace(/\/+$/, '') || '/';
    const requestId = requestIdFrom(request.headers['x-request-id']);
    const started = performance.now();
    response.setHeader('x-request-id', requestId);
    // No answer of the gateway is to be read as anything but the type it says.
    response.setHeader('x-content-type-options', 'nosniff');
    // While shutting down, a kept-alive connection is told to go elsewhere after this answer.
    if (draining) response.setHeader('connection', 'close');
    if (!streaming.has(path)) {
      inFlight.add(response);
      response.once('close', () => {
        inFlight.delete(response);
        if (inFlight.size === 0) drained?.();
      });
    }
    response.once('finish', () => {
      accessLine(response, {
        requestId,
        method: request.method,
        path,
        status: response.statusCode,
        ms: Math.round(performance.now() - started),
      });
    });
    runWithRequestId(requestId, () => {
      if (handleCors(request, response, options.corsOrigins, routes[path]?.allow)) return;
      // Open, the GraphQL API answers only to the names it is meant to be reached by (DNS rebinding).
      if (
        options.hosts.guardsApi &&
        (path === '/graphql' || streaming.has(path)) &&
        !options.hosts.allows(request)
      )
        return sendGraphQLError(response, { error: forbidden(options.hosts.refusal(request)) });
      const route = routes[path];
      if (!route)
        return sendGraphQLError(response, {
          error: notFound(`Nothing is served at ${path.slice(0, 200)}; GraphQL is at /graphql.`),
        });
      settle(() => route(request, response)).catch((error: unknown) => {
        options.log.error({ err: error, path }, 'request failed');
        if (!response.headersSent)
          sendGraphQLError(response, { error: internalServerError('Internal server error') });
        else response.destroy();
      });
    });
  });

  return {
    server,
    async drain(graceMs) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight.size > 0) {
        await new Promise<void>((resolve) => {
          drained = resolve;
          setTimeout(resolve, graceMs).unref();
        });
      }
      const cut = inFlight.size;
      server.closeAllConnections();
      return { cut, closed };
    },
  };
}

/** A route's outcome as a promise, a synchronous throw included: it then takes the same error path. */
function settle(run: () => Promise<void> | void): Promise<void> {
  try {
    return Promise.resolve(run());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
