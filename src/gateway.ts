import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayConfig } from './config.ts';
import { buildGatewaySchema } from './graphql/schema.ts';
import { startLive, type Live, type LiveOptions } from './live/start-live.ts';
import type { Logger } from './log.ts';
import { createSources } from './providers/catalog.ts';
import { ProviderSet } from './providers/provider-info.ts';
import { createApolloServer } from './server/apollo.ts';
import { allowEveryConnection, type ConnectionAuthorizer } from './server/connection-auth.ts';
import { createHttpServer } from './server/http-server.ts';
import { createSseHandler } from './server/sse.ts';
import { SubscriptionLimits } from './server/subscription-limits.ts';
import { webhookRoutes } from './server/webhook-routes.ts';
import { attachWebSocket } from './server/websocket.ts';
import type { ImportStore } from './store/import-store.ts';
import { SqliteImportStore } from './store/sqlite-import-store.ts';

export interface RunningGateway {
  url: string;
  providers: ProviderSet;
  store: ImportStore;
  /** Subscriptions: watcher, change polls, webhooks. */
  live: Live;
  close(): Promise<void>;
}

/** Knobs beyond the environment, for tests and embedding. */
export interface GatewayOptions {
  /** Poll intervals, lease period, Redis key prefix (live/start-live.ts). */
  live?: Partial<LiveOptions>;
  /** Checks live connections' credentials; default: everyone (the gateway runs open). */
  authorize?: ConnectionAuthorizer;
  /** Events one live connection may have waiting before it is dropped. Default 256. */
  maxQueuedEvents?: number;
  /** WebSocket keep-alive ping interval. Default 12 s. */
  keepAliveMs?: number;
  /** Time a WebSocket client has to send connection_init (else 4408). Default 3 s. */
  connectionInitWaitTimeoutMs?: number;
  /** Deadline of one operation, or of one subscription event's resolution. Default 25 s. */
  requestDeadlineMs?: number;
}

/** Wires store, vendor sources, GraphQL and HTTP together and starts listening. */
export async function startGateway(
  config: GatewayConfig,
  log: Logger,
  store?: ImportStore,
  options: GatewayOptions = {},
): Promise<RunningGateway> {
  const importStore = store ?? new SqliteImportStore(config.dataDir);
  const providers = new ProviderSet(createSources({ config, store: importStore, log }));
  const apollo = await createApolloServer(log);
  const live = await startLive(config, providers, log, options.live);
  const liveTransport = {
    schema: buildGatewaySchema(),
    providers,
    live: live.imports,
    limits: new SubscriptionLimits(config.subscriptions),
    authorize: options.authorize ?? allowEveryConnection,
    maxQueuedEvents: options.maxQueuedEvents,
    requestDeadlineMs: options.requestDeadlineMs ?? 25_000,
    log,
  };
  const server: Server = createHttpServer({
    apollo,
    providers,
    maxBodyBytes: config.maxBodyBytes,
    requestDeadlineMs: options.requestDeadlineMs ?? 25_000,
    playground: true,
    log,
    extraRoutes: {
      '/graphql/stream': createSseHandler({ ...liveTransport, maxBodyBytes: config.maxBodyBytes }),
      ...webhookRoutes(live.imports.webhooks, config.maxBodyBytes),
    },
  });
  const webSocket = attachWebSocket(server, {
    ...liveTransport,
    path: '/graphql',
    maxPayloadBytes: config.maxBodyBytes,
    keepAliveMs: options.keepAliveMs,
    connectionInitWaitTimeoutMs: options.connectionInitWaitTimeoutMs,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    providers,
    store: importStore,
    live,
    async close() {
      // Live polls stop first; WebSockets are told 1001 (going away) before the port closes.
      await live.close();
      await webSocket.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await apollo.stop();
      await providers.close();
      importStore.close();
    },
  };
}
