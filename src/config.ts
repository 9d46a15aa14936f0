import { readInteger, readValue as read, type Env } from './env-values.ts';
import { PROVIDER_LABELS } from './imports/provider-labels.ts';
import { readLogSettings, type LogSettings } from './log-settings.ts';
import { demoSecurity, readSecuritySettings, type SecuritySettings } from './security-settings.ts';

/**
 * The only reader of process.env. Settings are named in the README; every problem is collected
 * and reported together so an operator fixes a configuration in one go.
 */

export type SailpointApiVersion = 'v2025' | 'v2024' | 'beta';

export interface FleetioSettings {
  baseUrl: string;
  apiKey: string;
  accountToken: string;
  webhookSecret: string | undefined;
  /** Header carrying the webhook signature (Fleetio does not document one); default X-Fleetio-Webhook-Signature. */
  webhookSignatureHeader?: string;
}

export interface SailpointSettings {
  baseUrl: string;
  apiVersion: SailpointApiVersion;
  clientId: string;
  clientSecret: string;
}

export interface CommerceLayerSettings {
  baseUrl: string;
  authUrl: string;
  clientId: string;
  clientSecret: string;
  webhookSecret: string | undefined;
}

/** How the gateway guards vendor calls (README, Resilience). */
export interface ResilienceSettings {
  /** FLEETIO_RATE_LIMIT_PER_MINUTE: Fleetio requests per minute per account token; plan-dependent, 20 in its older docs. */
  fleetioRateLimitPerMinute: number;
  /** UPSTREAM_RETRIES: further attempts of a request safe to repeat; default 3. */
  retries: number;
  /** UPSTREAM_BREAKER_FAILURES: consecutive failed vendor calls that open its circuit; default 5. */
  breakerFailures: number;
  /** UPSTREAM_BREAKER_COOLDOWN_MS: how long an open circuit refuses calls before a probe; default 30 s. */
  breakerCooldownMs: number;
}

/** Timeouts and shutdown (README, Operations). */
export interface OperationSettings {
  /** REQUEST_TIMEOUT_MS: deadline of one GraphQL operation, vendor calls and retries included; default 25 s. */
  requestTimeoutMs: number;
  /** SHUTDOWN_GRACE_MS: how long SIGTERM waits for requests in flight before cutting them; default 10 s. */
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

export interface GatewayConfig {
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
  eventRetention: { ms: number; count: number };
  upstreamRateLimits: 'documented' | 'off';
  resilience: ResilienceSettings;
  maxBodyBytes: number;
  /**
   * PAGE_CACHE_TTL_MS, default 0 (off): how long what a page fetched past its end serves the next
   * page of the walk (imports/page-cache.ts), at the price of that much staleness.
   */
  pageCacheTtlMs: number;
  metrics: MetricsSettings;
  /** Authentication, CORS, introspection, playground, persisted operations, query limits. */
  security: SecuritySettings;
  operations: OperationSettings;
  /** Absent in configurations built by hand: the defaults apply. */
  subscriptions?: SubscriptionSettings;
  fleetio: FleetioSettings | undefined;
  sailpoint: SailpointSettings | undefined;
  commerceLayer: CommerceLayerSettings | undefined;
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

const PRODUCTION_WITHOUT_VENDOR =
  'NODE_ENV=production with no vendor configured: production never falls back to demo mode. Configure at least one: ' +
  'FLEETIO_API_KEY and FLEETIO_ACCOUNT_TOKEN; SAILPOINT_BASE_URL, SAILPOINT_CLIENT_ID and SAILPOINT_CLIENT_SECRET; ' +
  'or COMMERCELAYER_BASE_URL, COMMERCELAYER_CLIENT_ID and COMMERCELAYER_CLIENT_SECRET.';

function origin(env: Env, name: string, fallback: string, problems: string[]): string {
  const value = read(env, name) ?? fallback;
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    problems.push(`${name} must be an http(s) URL, got "${value}".`);
    return fallback;
  }
  return value.replace(/\/+$/, '');
}

/** An HTTP header name (RFC 9110 token), as a webhook signature header must be. */
function header(env: Env, name: string, problems: string[]): string | undefined {
  const value = read(env, name);
  if (value !== undefined && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(value)) {
    problems.push(`${name} must be an HTTP header name, got "${value}".`);
    return undefined;
  }
  return value;
}

/** Credentials that are partly set are a mistake worth stopping for, not a disabled provider. */
function credentials<K extends string>(env: Env, names: readonly K[], provider: string, problems: string[]) {
  const values = Object.fromEntries(names.map((name) => [name, read(env, name)])) as Record<
    K,
    string | undefined
  >;
  const set = names.filter((name) => values[name] !== undefined);
  if (set.length === 0) return undefined;
  if (set.length < names.length) {
    const missing = names.filter((name) => values[name] === undefined);
    problems.push(
      `${provider} is partly configured: set ${missing.join(' and ')} too, or unset ${set.join(' and ')}.`,
    );
    return undefined;
  }
  return values as Record<K, string>;
}

export function loadConfig(env: Env = process.env): GatewayConfig {
  const problems: string[] = [];

  const fleetioKeys = credentials(
    env,
    ['FLEETIO_API_KEY', 'FLEETIO_ACCOUNT_TOKEN'] as const,
    PROVIDER_LABELS.FLEETIO,
    problems,
  );
  const fleetio: FleetioSettings | undefined = fleetioKeys && {
    baseUrl: origin(env, 'FLEETIO_BASE_URL', 'https://secure.fleetio.com/api', problems),
    apiKey: fleetioKeys.FLEETIO_API_KEY,
    accountToken: fleetioKeys.FLEETIO_ACCOUNT_TOKEN,
    webhookSecret: read(env, 'FLEETIO_WEBHOOK_SECRET'),
    webhookSignatureHeader: header(env, 'FLEETIO_WEBHOOK_SIGNATURE_HEADER', problems),
  };

  const sailpointKeys = credentials(
    env,
    ['SAILPOINT_CLIENT_ID', 'SAILPOINT_CLIENT_SECRET'] as const,
    PROVIDER_LABELS.SAILPOINT,
    problems,
  );
  const apiVersion = read(env, 'SAILPOINT_API_VERSION') ?? 'v2025';
  if (!['v2025', 'v2024', 'beta'].includes(apiVersion)) {
    problems.push(`SAILPOINT_API_VERSION must be v2025, v2024 or beta, got "${apiVersion}".`);
  }
  let sailpoint: SailpointSettings | undefined;
  if (sailpointKeys) {
    const baseUrl = read(env, 'SAILPOINT_BASE_URL');
    if (!baseUrl)
      problems.push('SAILPOINT_BASE_URL is required with SailPoint credentials (the tenant origin).');
    else {
      sailpoint = {
        baseUrl: origin(env, 'SAILPOINT_BASE_URL', baseUrl, problems),
        apiVersion: apiVersion as SailpointApiVersion,
        clientId: sailpointKeys.SAILPOINT_CLIENT_ID,
        clientSecret: sailpointKeys.SAILPOINT_CLIENT_SECRET,
      };
    }
  }

  const commerceLayerKeys = credentials(
    env,
    ['COMMERCELAYER_CLIENT_ID', 'COMMERCELAYER_CLIENT_SECRET'] as const,
    PROVIDER_LABELS.COMMERCE_LAYER,
    problems,
  );
  let commerceLayer: CommerceLayerSettings | undefined;
  if (commerceLayerKeys) {
    const baseUrl = read(env, 'COMMERCELAYER_BASE_URL');
    if (!baseUrl)
      problems.push(
        'COMMERCELAYER_BASE_URL is required with Commerce Layer credentials (the organization origin).',
      );
    else {
      commerceLayer = {
        baseUrl: origin(env, 'COMMERCELAYER_BASE_URL', baseUrl, problems),
        authUrl: origin(env, 'COMMERCELAYER_AUTH_URL', 'https://auth.commercelayer.io', problems),
        clientId: commerceLayerKeys.COMMERCELAYER_CLIENT_ID,
        clientSecret: commerceLayerKeys.COMMERCELAYER_CLIENT_SECRET,
        webhookSecret: read(env, 'COMMERCELAYER_WEBHOOK_SECRET'),
      };
    }
  }

  const rateLimits = read(env, 'UPSTREAM_RATE_LIMITS') ?? 'documented';
  if (rateLimits !== 'documented' && rateLimits !== 'off') {
    problems.push(`UPSTREAM_RATE_LIMITS must be "documented" or "off", got "${rateLimits}".`);
  }
  const forcedDemo = read(env, 'DEMO') === '1';
  const demo = forcedDemo || (!fleetio && !sailpoint && !commerceLayer && problems.length === 0);
  const production = env.NODE_ENV === 'production';
  // Demo mode serves simulated vendors to anyone: a production deployment that lost its vendor
  // settings must stop, not start serving that.
  if (production && demo) problems.push(forcedDemo ? PRODUCTION_DEMO : PRODUCTION_WITHOUT_VENDOR);
  const security = readSecuritySettings(env, production, problems);
  const port = readInteger(env, { name: 'PORT', fallback: 4000, min: 0, max: 65_535 }, problems);
  const config: GatewayConfig = {
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
        { name: 'EVENT_RETENTION_MS', fallback: 900_000, min: 1_000, max: 7 * 86_400_000 },
        problems,
      ),
      count: readInteger(
        env,
        { name: 'EVENT_RETENTION_COUNT', fallback: 100_000, min: 1, max: 10_000_000 },
        problems,
      ),
    },
    upstreamRateLimits: rateLimits === 'off' ? 'off' : 'documented',
    resilience: {
      fleetioRateLimitPerMinute: readInteger(
        env,
        { name: 'FLEETIO_RATE_LIMIT_PER_MINUTE', fallback: 20, min: 1, max: 100_000 },
        problems,
      ),
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
      { name: 'PAGE_CACHE_TTL_MS', fallback: 0, min: 0, max: 60_000 },
      problems,
    ),
    metrics: readMetricsSettings(env, port, problems),
    security: demo ? demoSecurity(security) : security,
    operations: {
      requestTimeoutMs: readInteger(
        env,
        { name: 'REQUEST_TIMEOUT_MS', fallback: 25_000, min: 100, max: 600_000 },
        problems,
      ),
      shutdownGraceMs: readInteger(
        env,
        { name: 'SHUTDOWN_GRACE_MS', fallback: 10_000, min: 0, max: 600_000 },
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
    fleetio,
    sailpoint,
    commerceLayer,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
