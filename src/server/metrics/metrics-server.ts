import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from '../../log.ts';
import { listeningUrl } from '../http/listening-url.ts';
import type { GatewayMetrics } from './metrics.ts';

/** `GET /metrics` in Prometheus text, on the main port or on METRICS_PORT. */
export function metricsRoute(metrics: GatewayMetrics) {
  return async (_request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const text = await metrics.registry.metrics();
    response.writeHead(200, { 'content-type': metrics.registry.contentType });
    response.end(text);
  };
}

export interface MetricsServerOptions {
  metrics: GatewayMetrics;
  /** METRICS_PORT (0: any free port). */
  port: number;
  /** METRICS_HOST. */
  host: string;
  log: Logger;
}

export interface MetricsServer {
  /** Where a scraper reads them: `http://<host>:<port>/metrics`. */
  url: string;
  close(): Promise<void>;
}

const LISTEN_FAILURES: Record<string, string> = {
  EADDRINUSE: 'another process listens on that port',
  EADDRNOTAVAIL: 'that address is not one of this machine',
  EACCES: 'this process may not listen on that port',
  ENOTFOUND: 'that host name does not resolve',
};

/** Refuses to listen with a message an operator acts on (main.ts prints it and exits). */
export class MetricsListenError extends Error {}

/**
 * /metrics on an HTTP server of its own (METRICS_PORT), which serves nothing else: the scraper's
 * port can be firewalled apart from the clients' and needs no credential.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const route = metricsRoute(options.metrics);
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://metrics.invalid').pathname;
    if (path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('Only /metrics is served on this port.\n');
      return;
    }
    route(request, response).catch((error: unknown) => {
      options.log.error({ err: error, path }, 'metrics request failed');
      if (response.headersSent) return void response.destroy();
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('Internal server error\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new MetricsListenError(
          `METRICS_PORT ${options.port} on METRICS_HOST ${options.host} cannot be listened on: ${LISTEN_FAILURES[error.code ?? ''] ?? error.code ?? error.message}.`,
        ),
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    url: `${listeningUrl(server, options.host)}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A scraper keeps its connection alive between scrapes; it must not hold the shutdown.
        server.closeAllConnections();
      }),
  };
}
