import { CreationsInFlight } from './graphql/creations-in-flight.ts';
import { buildGatewaySchema } from './graphql/schema.ts';
import { startLive, type Live, type LiveOptions } from './live/start-live.ts';
import type { Logger } from './log.ts';
import { PageCache } from './imports/page-cache.ts';
import { createSources } from './providers/catalog.ts';
import { ProviderSet } from './imports/provider-info.ts';
import { enrollProviders } from './imports/provider-roster.ts';
import type { VendorModule } from './providers/vendor-module.ts';
import { VENDORS } from './providers/vendors.ts';
import { webhookPaths } from './providers/webhook-catalog.ts';
import { createApolloServer } from './server/apollo/apollo-server.ts';
import type { GraphQLSchema } from 'graphql';
import { ConfigError, type GatewayConfig } from './config.ts';
import { createAuthenticator } from './server/auth/authenticate.ts';
import { connectionAuthorizer, type ConnectionAuthorizer } from './server/auth/connection-auth.ts';
import { createOperationRules } from './server/limits/operation-rules.ts';
import { createSourceGate } from './server/limits/source-gate.ts';
import { listeningUrl } from './server/http/listening-url.ts';
import { GatewayMetrics } from './server/metrics/metrics.ts';
import {
  MetricsListenError,
  startMetricsServer,
  type MetricsServer,
} from './server/metrics/metrics-server.ts';
import { OperationOutcomes } from './server/operation/outcome.ts';
import { PersistedOperations } from './server/operation/persisted-operations.ts';
import { createHostPolicy } from './server/http/host-policy.ts';
import { createHttpServer } from './server/http/http-server.ts';
import { DocumentCache } from './server/operation/document-cache.ts';
import { LiveConnections } from './server/streaming/live-connections.ts';
import { createSseHandler } from './server/streaming/sse.ts';
import { SubscriptionLimits } from './server/streaming/subscription-limits.ts';
import { webhookRoutes } from './server/http/webhook-routes.ts';
import { consoleRoutes } from './server/http/console-route.ts';
import { consoleAccess } from './server/http/console-manifest.ts';
import { attachWebSocket } from './server/streaming/websocket.ts';
import type { ImportStore } from './imports/import-store.ts';
import { openBackend, type Backend } from './store/backend.ts';

export interface RunningGateway {
  url: string;
  providers: ProviderSet;
  store: ImportStore;
  /** Subscriptions: watcher, change polls, webhooks. */
  live: Live;
  metrics: GatewayMetrics;
  /** Where `/metrics` is served: on METRICS_PORT when set, else on the gateway's own port. */
  metricsUrl: string;
  /** Where the imports console is served; undefined when it is not (CONSOLE, docs/SECURITY.md). */
  consoleUrl: string | undefined;
  /** Graceful stop: requests and creations in flight get up to `graceMs` (default 0) to finish. */
  close(graceMs?: number): Promise<void>;
}

/** Knobs beyond the environment, for tests and embedding. */
export interface GatewayOptions {
  /** Poll intervals and lease period (live/start-live.ts). */
  live?: Partial<LiveOptions>;
  /** Checks live connections' credentials; default: the configured authentication (docs/SECURITY.md, Authentication). */
  authorize?: ConnectionAuthorizer;
  /** Events one live connection may have waiting before it is dropped. Default 256. */
  maxQueuedEvents?: number;
  /** WebSocket keep-alive ping interval. Default 12 s. */
  keepAliveMs?: number;
  /** Time a WebSocket client has to send connection_init (else 4408). Default 3 s. */
  connectionInitWaitTimeoutMs?: number;
  /** Deadline of one operation, or of one subscription event's resolution. Default 25 s. */
  requestDeadlineMs?: number;
  /**
   * The vendors it speaks, default VENDORS (src/providers/vendors.ts): its `ImportProvider` enum,
   * sources, webhook routes and `providers` list. The configuration holds their settings
   * (`loadConfig(env, vendors)`); a vendor not in VENDORS ranks after those.
   */
  vendors?: readonly VendorModule[];
  /** Where the imports console's built files are; default dist/console/ (`npm run build`). */
  consoleDirectory?: string;
}

export interface StartGatewayOptions extends GatewayOptions {
  config: GatewayConfig;
  log: Logger;
  /** Default: the backend the configuration asks for (store/backend.ts). Closed on `close` either way. */
  backend?: Backend;
}

/** Wires store, vendor sources, GraphQL and HTTP together and starts listening. */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const { config, log, vendors = VENDORS } = options;
  const { security, operations } = config;
  enrollProviders(vendors);
  const schema = buildGatewaySchema({ vendors });
  const persisted = loadPersisted(security.persistedOperationsFiles, schema);
  const consoleState = consoleAccess({ enabled: security.console, production: config.production, persisted });
  if (consoleState.kind === 'unavailable') log.warn(consoleState.logLine);
  const metrics = new GatewayMetrics();
  // First, so a port that cannot be had stops the start before any store or poll is open.
  const metricsServer = await startOwnMetricsServer(config, metrics, log);
  const backend = options.backend ?? (await openBackend({ config, log }));
  const importStore = backend.store;
  const providers = new ProviderSet(
    createSources({
      config,
      store: importStore,
      log,
      onUpstreamEvent: metrics.observeUpstream,
      sharedBudget: backend.rateBudget,
      vendors,
    }),
    vendors.map((vendor) => vendor.provider),
  );
  const rules = createOperationRules(security.limits, security.introspection, schema);
  // One outcome for every transport: operations counted and unexpected errors logged alike.
  const outcomes = new OperationOutcomes({ metrics, log });
  const { transport } = security;
  const documents = new DocumentCache(transport.maxDocumentCacheBytes);
  const apollo = await createApolloServer({ schema, rules, outcomes, documents });
  const pageCache = config.pageCacheTtlMs > 0 ? new PageCache({ ttlMs: config.pageCacheTtlMs }) : undefined;
  const live = await startLive({
    config,
    providers,
    backend,
    log,
    timing: options.live,
    onPoll: metrics.observePoll,
    vendors,
  });
  const authenticate = createAuthenticator(security.auth);
  const limits = new SubscriptionLimits(config.subscriptions, transport.maxSubscriptionsPerPrincipal);
  const hosts = createHostPolicy({
    open: security.auth.open,
    host: config.host,
    allowedHosts: transport.allowedHosts,
  });
  const creations = new CreationsInFlight();
  metrics.countSubscriptionsWith(() => limits.active);
  const liveTransport = {
    schema,
    providers,
    live: live.imports,
    pageCache,
    creations,
    limits,
    connections: new LiveConnections(transport.maxConnections),
    outcomes,
    authorize: options.authorize ?? connectionAuthorizer(authenticate),
    guard: { rules, persisted, documents },
    maxQueuedEvents: options.maxQueuedEvents,
    requestDeadlineMs: options.requestDeadlineMs ?? operations.requestTimeoutMs,
    log,
  };
  const http = createHttpServer({
    apollo,
    pageCache,
    creations,
    providers,
    live: live.imports,
    authenticate,
    metrics: metricsServer ? undefined : metrics,
    persisted,
    checkSource: createSourceGate(rules),
    corsOrigins: security.corsOrigins,
    maxBodyBytes: config.maxBodyBytes,
    requestDeadlineMs: options.requestDeadlineMs ?? operations.requestTimeoutMs,
    playground: security.playground,
    hosts,
    log,
    accessLogSample: config.log.accessLogSample,
    extraRoutes: {
      [STREAM_PATH]: createSseHandler({ ...liveTransport, maxBodyBytes: config.maxBodyBytes }),
      ...webhookRoutes(live.imports.webhooks, config.maxBodyBytes, webhookPaths(vendors)),
      ...(consoleState.kind === 'off'
        ? {}
        : consoleRoutes({
            settings: {
              open: security.auth.open,
              persistedDocuments: consoleState.kind === 'served' && consoleState.persistedDocuments,
            },
            unavailable: consoleState.kind === 'unavailable' ? consoleState.reason : undefined,
            hosts,
            directory: options.consoleDirectory,
          })),
    },
    streamingPaths: [STREAM_PATH],
  });
  const server = http.server;
  const webSocket = attachWebSocket(server, {
    ...liveTransport,
    path: '/graphql',
    maxPayloadBytes: config.maxBodyBytes,
    corsOrigins: security.corsOrigins,
    hosts,
    maxOperationsPerConnection: transport.maxOperationsPerConnection,
    keepAliveMs: options.keepAliveMs,
    connectionInitWaitTimeoutMs: options.connectionInitWaitTimeoutMs,
  });
  // Loaded only when an OTLP endpoint is set: with tracing off no OpenTelemetry module is read.
  // Started last, just before the first request can come, and given back if listening fails.
  const tracing = config.tracing
    ? (await import('./telemetry/sdk/start-tracing.ts')).startTracing(config.tracing, log)
    : undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    await tracing?.shutdown(0);
    throw error;
  }
  const url = listeningUrl(server, config.host);
  let closing: Promise<void> | undefined;
  return {
    url,
    providers,
    store: importStore,
    live,
    metrics,
    metricsUrl: metricsServer?.url ?? `${url}/metrics`,
    consoleUrl: consoleState.kind === 'served' ? `${url}/console` : undefined,
    close(graceMs = 0) {
      closing ??= (async () => {
        // In flight first: queries and mutations finish within the grace period, and creations
        // on any transport (their clients gone or not) end by their own deadline, which the
        // configuration keeps within the grace; then live clients are told 1001 (going away),
        // polls stop, and the stores are flushed and closed.
        const graceEnds = Date.now() + graceMs;
        // Kept for the last spans: requests are cut this much before the grace ends. Not creations,
        // which must reach their deadline and be written down (docs/SECURITY.md).
        const tracingSlice = tracing ? Math.min(1_000, graceMs / 10) : 0;
        try {
          const { cut, closed } = await http.drain(graceMs - tracingSlice);
          if (cut > 0)
            log.warn({ requests: cut, graceMs }, 'cut requests still running after the grace period');
          if (creations.size > 0) log.info({ creations: creations.size }, 'waiting for creations in flight');
          const unfinished = await creations.settled(graceEnds - Date.now());
          if (unfinished > 0)
            log.warn({ creations: unfinished, graceMs }, 'creations still running after the grace period');
          await webSocket.close();
          await closed;
          await live.close();
          await apollo.stop();
          await providers.close();
          await backend.close();
          await metricsServer?.close();
        } finally {
          // Last, so the spans of everything above are in the batch it sends; even when a step
          // above failed (a store gone), whose spans say what happened.
          await tracing?.shutdown(Math.max(0, graceEnds - Date.now()));
        }
      })();
      return closing;
    },
  };
}

const STREAM_PATH = '/graphql/stream';

async function startOwnMetricsServer(
  config: GatewayConfig,
  metrics: GatewayMetrics,
  log: Logger,
): Promise<MetricsServer | undefined> {
  if (config.metrics.port === undefined) return undefined;
  try {
    return await startMetricsServer({ metrics, port: config.metrics.port, host: config.metrics.host, log });
  } catch (error) {
    if (error instanceof MetricsListenError) throw new ConfigError([error.message]);
    throw error;
  }
}

function loadPersisted(files: string[], schema: GraphQLSchema): PersistedOperations | undefined {
  if (files.length === 0) return undefined;
  try {
    return PersistedOperations.load(files, schema);
  } catch (error) {
    throw new ConfigError([(error as Error).message]);
  }
}
