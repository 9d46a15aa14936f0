import { readInteger, readValue as read, type Env } from './env-values.ts';
import { DEFAULT_EVENT_RETENTION, type EventRetention } from './imports/event-id.ts';
import { readLogSettings, type LogSettings } from './log-settings.ts';
import type { VendorModule } from './providers/vendor-module.ts';
import { VENDORS, type VendorSettingsByKey } from './providers/vendors.ts';
import type { ResilienceSettings } from './resilience-settings.ts';
import { demoSecurity, readSecuritySettings, type SecuritySettings } from './security-settings.ts';
import { readTracingSettings, type TracingSettings } from './tracing-settings.ts';

/**
 * The only reader of process.env. Settings are named in the README; every problem is collected
 * and reported together so an operator fixes a configuration in one go.
 */

export type { ResilienceSettings };

/** Timeouts and shutdown (README, Operations). */
export interface OperationSettings {
  /** REQUEST_TIMEOUT_MS: deadline of one GraphQL operation, vendor calls and retries included; default 25 s. */
  requestTimeoutMs: number;
  /** SHUTDOWN_GRACE_MS: how long SIGTERM waits for requests and creations in flight; default 30 s, at least REQUEST_TIMEOUT_MS. */
  shutdownGraceMs: number;
  /** UPSTREAM_CONNECT_TIMEOUT_MS, default 5 s; UPSTREAM_HEADERS_TIMEOUT_MS and UPSTREAM_BODY_TIMEOUT_MS, default 15 s. */
  upstreamConnectTimeoutMs: number;
  upstreamHeadersTimeoutMs: number;
  upstreamBodyTimeoutMs: number;
}

/** Caps on live subscriptions (WebSocket and SSE together). */
export interface SubscriptionSettings {
  /** MAX_SUBSCRIPTIONS_PER_CONNECTION, default 100. */
  maxPerConnection: number;
  /** MAX_SUBSCRIPTIONS on this instance, default 10,000. */
  maxPerInstance: number;
}

/** Where /metrics is served (README, Operations). */
export interface MetricsSettings {
  /**
   * METRICS_PORT: /metrics on an HTTP server of its own, and no longer on PORT, so the scraper's
   * network can be told apart from the clients'. Unset (default): /metrics on PORT.
   */
  port: number | undefined;
  /** METRICS_HOST, default 127.0.0.1: only the machine itself scrapes unless this is opened up. */
  host: string;
}

/**
 * Each vendor's settings are read by its module (src/providers/<vendor>/settings.ts) and kept under
 * its key (`fleetio`, `sailpoint`, `commerceLayer`): undefined when the vendor is not configured.
 */
export interface GatewayConfig extends VendorSettingsByKey {
  port: number;
  host: string;
  /** No provider configured, or DEMO=1: simulators in-process, temporary store, auth off. Never in production. */
  demo: boolean;
  /**
   * In demo mode, the settings that were set but that the demo does without (DEMO_IGNORES), for
   * the start-up output to name. Absent in configurations built by hand.
   */
  ignoredByDemo?: string[];
  production: boolean;
  /** LOG_LEVEL and LOG_FILE. */
  log: LogSettings;
  dataDir: string;
  redisUrl: string | undefined;
  /** Prefix of every Redis key and channel (REDIS_KEY_PREFIX), so deployments can share one Redis. */
  redisKeyPrefix: string;
  /** EVENT_RETENTION_MS, EVENT_RETENTION_COUNT: what `importsChanged(after:)` can resume from. */
  eventRetention: EventRetention;
  upstreamRateLimits: 'documented' | 'off';
  resilience: ResilienceSettings;
  maxBodyBytes: number;
  /**
   * PAGE_CACHE_TTL_MS, default 5000 (0 turns it off): how long what a page fetched past its end
   * serves the next page of the walk (imports/page-cache.ts), at the price of that much staleness.
   */
  pageCacheTtlMs: number;
  metrics: MetricsSettings;
  /** Authentication, CORS, introspection, playground, persisted operations, query limits. */
  security: SecuritySettings;
  operations: OperationSettings;
  /** Absent in configurations built by hand: the defaults apply. */
  subscriptions?: SubscriptionSettings;
  /** The `OTEL_*` variables (tracing-settings.ts); undefined, the default: tracing off, no SDK loaded. */
  tracing?: TracingSettings;
}

/**
 * What demo mode does without: its data goes to a temporary SQLite store (never a Redis that real
 * instances share), and it serves anyone on loopback.
 */
const DEMO_IGNORES = ['REDIS_URL', 'DATA_DIR', 'GATEWAY_API_KEYS', 'AUTH_JWKS_URL'] as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n- ${problems.join('\n- ')}`);
  }
}

function readMetricsSettings(env: Env, port: number, problems: string[]): MetricsSettings {
  const metricsPort =
    read(env, 'METRICS_PORT') === undefined
      ? undefined
      : readInteger(env, { name: 'METRICS_PORT', fallback: 0, min: 0, max: 65_535 }, problems);
  if (metricsPort !== undefined && metricsPort !== 0 && metricsPort === port)
    problems.push(
      `METRICS_PORT must differ from PORT (both are ${port}); unset it to serve /metrics on PORT.`,
    );
  return { port: metricsPort, host: read(env, 'METRICS_HOST') ?? '127.0.0.1' };
}

const PRODUCTION_DEMO =
  'NODE_ENV=production with DEMO=1: demo mode (simulated vendors, no authentication) never runs in production. ' +
  'Unset DEMO to serve the vendors configured, or unset NODE_ENV to try the demo.';

/** `A, B and C`, with the separators given. */
const listed = (items: readonly string[], separator: string, last: string) =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(separator)}${last}${items.at(-1)}`;

function productionWithoutVendor(vendors: readonly VendorModule[]): string {
  const ways = vendors.map((vendor) => listed(vendor.settings.required, ', ', ' and '));
  return (
    'NODE_ENV=production with no vendor configured: production never falls back to demo mode. ' +
    `Configure at least one: ${listed(ways, '; ', '; or ')}.`
  );
}

/** Each vendor's settings under its key, read in the order of `vendors` (its problems too). */
function readVendorSettings(env: Env, vendors: readonly VendorModule[], problems: string[]) {
  return Object.fromEntries(
    vendors.map((vendor) => [
      vendor.settings.key,
      vendor.settings.read({ env, problems, label: vendor.label }),
    ]),
  ) as VendorSettingsByKey & Record<string, unknown>;
}

/** `vendors`: default VENDORS (src/providers/vendors.ts); a test adds its own vendor. */
export function loadConfig(
  env: Env = process.env,
  vendors: readonly VendorModule[] = VENDORS,
): GatewayConfig {
  const problems: string[] = [];
  const vendorSettings = readVendorSettings(env, vendors, problems);
  const configured = Object.values(vendorSettings).some((settings) => settings !== undefined);

  const rateLimits = read(env, 'UPSTREAM_RATE_LIMITS') ?? 'documented';
  if (rateLimits !== 'documented' && rateLimits !== 'off') {
    problems.push(`UPSTREAM_RATE_LIMITS must be "documented" or "off", got "${rateLimits}".`);
  }
  const forcedDemo = read(env, 'DEMO') === '1';
  const demo = forcedDemo || (!configured && problems.length === 0);
  const production = env.NODE_ENV === 'production';
  // Demo mode serves simulated vendors to anyone: a production deployment that lost its vendor
  // settings must stop, not start serving that.
  if (production && demo) problems.push(forcedDemo ? PRODUCTION_DEMO : productionWithoutVendor(vendors));
  const security = readSecuritySettings(env, production, problems);
  const port = readInteger(env, { name: 'PORT', fallback: 4000, min: 0, max: 65_535 }, problems);
  const config: GatewayConfig = {
    ...vendorSettings,
    port,
    host: read(env, 'HOST') ?? (demo ? '127.0.0.1' : '0.0.0.0'),
    demo,
    ignoredByDemo: demo ? DEMO_IGNORES.filter((name) => read(env, name) !== undefined) : undefined,
    production,
    log: readLogSettings(env, problems),
    dataDir: read(env, 'DATA_DIR') ?? './data',
    redisUrl: demo ? undefined : read(env, 'REDIS_URL'),
    redisKeyPrefix: read(env, 'REDIS_KEY_PREFIX') ?? 'import-gateway:',
    eventRetention: {
      ms: readInteger(
        env,
        { name: 'EVENT_RETENTION_MS', fallback: DEFAULT_EVENT_RETENTION.ms, min: 1_000, max: 7 * 86_400_000 },
        problems,
      ),
      count: readInteger(
        env,
        { name: 'EVENT_RETENTION_COUNT', fallback: DEFAULT_EVENT_RETENTION.count, min: 1, max: 10_000_000 },
        problems,
      ),
    },
    upstreamRateLimits: rateLimits === 'off' ? 'off' : 'documented',
    resilience: {
      retries: readInteger(env, { name: 'UPSTREAM_RETRIES', fallback: 3, min: 0, max: 10 }, problems),
      breakerFailures: readInteger(
        env,
        { name: 'UPSTREAM_BREAKER_FAILURES', fallback: 5, min: 1, max: 1_000 },
        problems,
      ),
      breakerCooldownMs: readInteger(
        env,
        { name: 'UPSTREAM_BREAKER_COOLDOWN_MS', fallback: 30_000, min: 10, max: 3_600_000 },
        problems,
      ),
    },
    maxBodyBytes: readInteger(
      env,
      { name: 'MAX_BODY_BYTES', fallback: 10 * 1024 * 1024, min: 1024, max: 1024 * 1024 * 1024 },
      problems,
    ),
    pageCacheTtlMs: readInteger(
      env,
      { name: 'PAGE_CACHE_TTL_MS', fallback: 5_000, min: 0, max: 60_000 },
      problems,
    ),
    metrics: readMetricsSettings(env, port, problems),
    tracing: readTracingSettings(env, problems),
    security: demo ? demoSecurity(security) : security,
    operations: {
      requestTimeoutMs: readInteger(
        env,
        { name: 'REQUEST_TIMEOUT_MS', fallback: 25_000, min: 100, max: 600_000 },
        problems,
      ),
      shutdownGraceMs: readInteger(
        env,
        { name: 'SHUTDOWN_GRACE_MS', fallback: 30_000, min: 0, max: 600_000 },
        problems,
      ),
      upstreamConnectTimeoutMs: readInteger(
        env,
        { name: 'UPSTREAM_CONNECT_TIMEOUT_MS', fallback: 5_000, min: 10, max: 600_000 },
        problems,
      ),
      upstreamHeadersTimeoutMs: readInteger(
        env,
        { name: 'UPSTREAM_HEADERS_TIMEOUT_MS', fallback: 15_000, min: 10, max: 600_000 },
        problems,
      ),
      upstreamBodyTimeoutMs: readInteger(
        env,
        { name: 'UPSTREAM_BODY_TIMEOUT_MS', fallback: 15_000, min: 10, max: 600_000 },
        problems,
      ),
    },
    subscriptions: {
      maxPerConnection: readInteger(
        env,
        { name: 'MAX_SUBSCRIPTIONS_PER_CONNECTION', fallback: 100, min: 1, max: 100_000 },
        problems,
      ),
      maxPerInstance: readInteger(
        env,
        { name: 'MAX_SUBSCRIPTIONS', fallback: 10_000, min: 1, max: 10_000_000 },
        problems,
      ),
    },
  };
  const { requestTimeoutMs, shutdownGraceMs } = config.operations;
  // A creation in flight at SIGTERM runs to its deadline; a shorter grace would cut it (docs/SECURITY.md).
  if (shutdownGraceMs < requestTimeoutMs)
    problems.push(
      `SHUTDOWN_GRACE_MS (${shutdownGraceMs}) must be at least REQUEST_TIMEOUT_MS (${requestTimeoutMs}): a shutdown waits for creations in flight until their deadline.`,
    );
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
