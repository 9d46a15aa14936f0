import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  it('runs demo mode on 127.0.0.1 when no provider is configured', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      demo: true,
      host: '127.0.0.1',
      port: 4000,
      upstreamRateLimits: 'documented',
    });
    expect(config.fleetio).toBeUndefined();
  });

  it('enables exactly the providers whose credentials are set; empty values count as unset', () => {
    const config = loadConfig({
      FLEETIO_API_KEY: 'k',
      FLEETIO_ACCOUNT_TOKEN: 'a',
      COMMERCELAYER_CLIENT_ID: '',
      COMMERCELAYER_CLIENT_SECRET: '',
    });
    expect(config.demo).toBe(false);
    expect(config.host).toBe('0.0.0.0');
    expect(config.fleetio).toEqual({
      baseUrl: 'https://secure.fleetio.com/api',
      apiKey: 'k',
      accountToken: 'a',
      webhookSecret: undefined,
      requestsPerMinute: 20,
    });
    expect(config.commerceLayer).toBeUndefined();
  });

  it('reports every problem at once, naming the variables', () => {
    let error: unknown;
    try {
      loadConfig({
        SAILPOINT_CLIENT_ID: 'id',
        COMMERCELAYER_CLIENT_ID: 'id',
        COMMERCELAYER_CLIENT_SECRET: 'secret',
        PORT: 'eighty',
        SAILPOINT_API_VERSION: 'v3',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'SailPoint is partly configured: set SAILPOINT_CLIENT_SECRET too, or unset SAILPOINT_CLIENT_ID.',
      'SAILPOINT_API_VERSION must be v2025, v2024 or beta, got "v3".',
      'COMMERCELAYER_BASE_URL is required with Commerce Layer credentials (the organization origin).',
      'PORT must be a whole number from 0 to 65535, got "eighty".',
    ]);
  });

  it('never runs demo mode in production, asked for or fallen back to', () => {
    const keys = { GATEWAY_API_KEYS: `ops:${'a'.repeat(64)}:imports:read` };
    const vendor = { FLEETIO_API_KEY: 'k', FLEETIO_ACCOUNT_TOKEN: 'a' };
    expect(() => loadConfig({ NODE_ENV: 'production', DEMO: '1', ...keys, ...vendor })).toThrow(
      /NODE_ENV=production with DEMO=1/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', ...keys })).toThrow(
      /NODE_ENV=production with no vendor configured/,
    );
    expect(loadConfig({ NODE_ENV: 'production', ...keys, ...vendor }).demo).toBe(false);
  });

  it('names what demo mode ignores, and drops REDIS_URL', () => {
    expect(loadConfig({}).ignoredByDemo).toEqual([]);
    const demo = loadConfig({
      REDIS_URL: 'redis://redis.internal:6379',
      AUTH_JWKS_URL: 'https://id.example/jwks',
    });
    expect(demo).toMatchObject({
      demo: true,
      redisUrl: undefined,
      ignoredByDemo: ['REDIS_URL', 'AUTH_JWKS_URL'],
    });
    const configured = loadConfig({
      REDIS_URL: 'redis://redis.internal:6379',
      FLEETIO_API_KEY: 'k',
      FLEETIO_ACCOUNT_TOKEN: 'a',
    });
    expect(configured).toMatchObject({ redisUrl: 'redis://redis.internal:6379', ignoredByDemo: undefined });
  });

  it('keeps the shutdown grace at least as long as an operation: 30 s over 25 s by default', () => {
    expect(loadConfig({}).operations).toMatchObject({ requestTimeoutMs: 25_000, shutdownGraceMs: 30_000 });
    expect(
      loadConfig({ REQUEST_TIMEOUT_MS: '5000', SHUTDOWN_GRACE_MS: '5000' }).operations.shutdownGraceMs,
    ).toBe(5_000);
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: '10000' })).toThrow(
      /SHUTDOWN_GRACE_MS \(10000\) must be at least REQUEST_TIMEOUT_MS \(25000\)/,
    );
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: '10000' })).toThrow(ConfigError);
  });

  it('never puts a secret in its error messages', () => {
    expect(() => loadConfig({ FLEETIO_API_KEY: 'super-secret-key' })).toThrow(/FLEETIO_ACCOUNT_TOKEN/);
    expect(() => loadConfig({ FLEETIO_API_KEY: 'super-secret-key' })).not.toThrow(/super-secret-key/);
  });
});

/** The problems loadConfig reports for `env` (none: it returned a configuration). */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('loadConfig: JWT settings', () => {
  // With a provider: demo mode would turn authentication off.
  const JWKS = {
    FLEETIO_API_KEY: 'k',
    FLEETIO_ACCOUNT_TOKEN: 'a',
    AUTH_JWKS_URL: 'https://login.example.com/.well-known/jwks.json',
  };

  it('defaults to RS256 and ES256 with 5 s of clock tolerance, issuer and audience unset', () => {
    expect(loadConfig(JWKS).security.auth.jwt).toEqual({
      jwksUrl: JWKS.AUTH_JWKS_URL,
      issuer: undefined,
      audience: undefined,
      algorithms: ['RS256', 'ES256'],
      clockToleranceS: 5,
    });
  });

  it('requires AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE with NODE_ENV=production, naming what is missing', () => {
    expect(problemsOf({ ...JWKS, NODE_ENV: 'production' })).toEqual([
      'NODE_ENV=production with AUTH_JWKS_URL requires AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE: the issuer and audience your identity provider puts in tokens meant for this gateway.',
    ]);
    expect(
      problemsOf({ ...JWKS, NODE_ENV: 'production', AUTH_JWT_ISSUER: 'https://login.example.com/' }),
    ).toEqual([
      expect.stringMatching(/^NODE_ENV=production with AUTH_JWKS_URL requires AUTH_JWT_AUDIENCE: /),
    ]);
    const production = loadConfig({
      ...JWKS,
      NODE_ENV: 'production',
      AUTH_JWT_ISSUER: 'https://login.example.com/',
      AUTH_JWT_AUDIENCE: 'import-gateway',
    });
    expect(production.security.auth.jwt).toMatchObject({
      issuer: 'https://login.example.com/',
      audience: 'import-gateway',
    });
  });

  it('takes AUTH_JWT_ALGORITHMS from what a JWKS can verify, refusing none and HMAC', () => {
    expect(
      loadConfig({ ...JWKS, AUTH_JWT_ALGORITHMS: ' PS256, EdDSA ,PS256' }).security.auth.jwt?.algorithms,
    ).toEqual(['PS256', 'EdDSA']);
    expect(problemsOf({ ...JWKS, AUTH_JWT_ALGORITHMS: 'RS256,none,HS256,rs512,XY999' })).toEqual([
      'AUTH_JWT_ALGORITHMS: "none" (unsigned tokens) is never accepted.',
      'AUTH_JWT_ALGORITHMS: HS256 needs a shared secret, and a JWKS holds public keys; use RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, Ed25519.',
      'AUTH_JWT_ALGORITHMS: unknown algorithm "rs512"; use RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, Ed25519 (names are case-sensitive).',
      'AUTH_JWT_ALGORITHMS: unknown algorithm "XY999"; use RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, Ed25519 (names are case-sensitive).',
    ]);
    expect(problemsOf({ ...JWKS, AUTH_JWT_ALGORITHMS: ' , ' })).toEqual([
      'AUTH_JWT_ALGORITHMS names no algorithm; leave it unset for RS256,ES256.',
    ]);
  });

  it('takes AUTH_JWT_CLOCK_TOLERANCE_S in whole seconds from 0 to 300', () => {
    expect(loadConfig({ ...JWKS, AUTH_JWT_CLOCK_TOLERANCE_S: '0' }).security.auth.jwt?.clockToleranceS).toBe(
      0,
    );
    for (const value of ['2.5', '-1', '301', '5s'])
      expect(problemsOf({ ...JWKS, AUTH_JWT_CLOCK_TOLERANCE_S: value })).toEqual([
        `AUTH_JWT_CLOCK_TOLERANCE_S must be a whole number from 0 to 300, got "${value}".`,
      ]);
  });
});

describe('loadConfig: metrics', () => {
  it('serves /metrics on PORT unless METRICS_PORT is set, on 127.0.0.1 by default', () => {
    expect(loadConfig({}).metrics).toEqual({ port: undefined, host: '127.0.0.1' });
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5' }).metrics).toEqual({
      port: 9464,
      host: '10.0.0.5',
    });
  });

  it('refuses a METRICS_PORT that is no port, or the gateway’s own', () => {
    expect(problemsOf({ METRICS_PORT: 'http' })).toEqual([
      'METRICS_PORT must be a whole number from 0 to 65535, got "http".',
    ]);
    expect(problemsOf({ PORT: '4000', METRICS_PORT: '4000' })).toEqual([
      'METRICS_PORT must differ from PORT (both are 4000); unset it to serve /metrics on PORT.',
    ]);
  });
});

describe('loadConfig: logs', () => {
  it('reads LOG_LEVEL and LOG_FILE; empty counts as unset', () => {
    expect(loadConfig({}).log).toEqual({ level: 'info', file: undefined, accessLogSample: 100 });
    expect(loadConfig({ LOG_LEVEL: 'WARN', LOG_FILE: ' /var/log/gateway.log ' }).log).toEqual({
      level: 'warn',
      file: '/var/log/gateway.log',
      accessLogSample: 100,
    });
    expect(loadConfig({ LOG_LEVEL: '', LOG_FILE: '' }).log).toEqual({
      level: 'info',
      file: undefined,
      accessLogSample: 100,
    });
  });

  it('reads ACCESS_LOG_SAMPLE as a whole number from 0 (no read logged) to 1,000,000', () => {
    expect(loadConfig({ ACCESS_LOG_SAMPLE: '1' }).log.accessLogSample).toBe(1);
    expect(loadConfig({ ACCESS_LOG_SAMPLE: '0' }).log.accessLogSample).toBe(0);
    expect(() => loadConfig({ ACCESS_LOG_SAMPLE: '0.5' })).toThrow(
      /ACCESS_LOG_SAMPLE must be a whole number from 0 to 1000000, got "0.5"/,
    );
  });

  it('refuses an unknown LOG_LEVEL with the levels it takes (pino threw with a stack)', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'verbose' })).toThrow(
      /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"/,
    );
  });
});

describe('loadConfig: page cache', () => {
  it('keeps pages 5 s by default; PAGE_CACHE_TTL_MS=0 turns the cache off, and a bad value is refused', () => {
    expect(loadConfig({}).pageCacheTtlMs).toBe(5_000);
    expect(loadConfig({ PAGE_CACHE_TTL_MS: '0' }).pageCacheTtlMs).toBe(0);
    expect(loadConfig({ PAGE_CACHE_TTL_MS: '250' }).pageCacheTtlMs).toBe(250);
    expect(() => loadConfig({ PAGE_CACHE_TTL_MS: '-1' })).toThrow(/PAGE_CACHE_TTL_MS/);
  });
});

describe('loadConfig: event retention', () => {
  it('keeps importsChanged events 15 minutes and 100,000 at most by default; refuses what is no count', () => {
    expect(loadConfig({}).eventRetention).toEqual({ ms: 900_000, count: 100_000 });
    expect(loadConfig({ EVENT_RETENTION_MS: '60000', EVENT_RETENTION_COUNT: '500' }).eventRetention).toEqual({
      ms: 60_000,
      count: 500,
    });
    expect(problemsOf({ EVENT_RETENTION_MS: '15m', EVENT_RETENTION_COUNT: '0' })).toEqual([
      expect.stringMatching(/^EVENT_RETENTION_MS must be a whole number from 1000 to \d+, got "15m"\.$/),
      expect.stringMatching(/^EVENT_RETENTION_COUNT must be a whole number from 1 to \d+, got "0"\.$/),
    ]);
  });
});
