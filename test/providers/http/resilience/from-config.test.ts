import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../../src/config.ts';
import { resilienceFromConfig } from '../../../../src/providers/http/resilience/from-config.ts';
import { testLogger } from '../../../support/test-log.ts';

const log = testLogger();

describe('resilience settings', () => {
  it('default to the documented limits, 3 retries and a 5-failure, 30 s breaker', () => {
    const config = loadConfig({});
    expect(config.resilience).toEqual({
      retries: 3,
      breakerFailures: 5,
      breakerCooldownMs: 30_000,
    });
    expect(resilienceFromConfig(config, log)).toMatchObject({
      rateLimits: true,
      retry: { retries: 3 },
      breaker: { failureThreshold: 5, cooldownMs: 30_000 },
    });
  });

  it('are read from the environment', () => {
    const config = loadConfig({
      UPSTREAM_RATE_LIMITS: 'off',
      UPSTREAM_RETRIES: '0',
      UPSTREAM_BREAKER_FAILURES: '2',
      UPSTREAM_BREAKER_COOLDOWN_MS: '500',
    });
    expect(config.resilience).toEqual({
      retries: 0,
      breakerFailures: 2,
      breakerCooldownMs: 500,
    });
    expect(resilienceFromConfig(config, log)).toMatchObject({ rateLimits: false });
  });

  it("read Fleetio's requests a minute with its settings, 20 unless set", () => {
    const fleetio = { FLEETIO_API_KEY: 'key', FLEETIO_ACCOUNT_TOKEN: 'account' };
    expect(loadConfig(fleetio).fleetio?.requestsPerMinute).toBe(20);
    expect(loadConfig({ ...fleetio, FLEETIO_RATE_LIMIT_PER_MINUTE: '120' }).fleetio?.requestsPerMinute).toBe(
      120,
    );
  });

  it('refuses values out of range, naming the variable', () => {
    const fleetio = { FLEETIO_API_KEY: 'key', FLEETIO_ACCOUNT_TOKEN: 'account' };
    expect(() =>
      loadConfig({ ...fleetio, FLEETIO_RATE_LIMIT_PER_MINUTE: '0', UPSTREAM_RETRIES: 'many' }),
    ).toThrow(ConfigError);
    try {
      loadConfig({ ...fleetio, FLEETIO_RATE_LIMIT_PER_MINUTE: '0', UPSTREAM_RETRIES: 'many' });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'FLEETIO_RATE_LIMIT_PER_MINUTE must be a whole number from 1 to 100000, got "0".',
        'UPSTREAM_RETRIES must be a whole number from 0 to 10, got "many".',
      ]);
    }
  });
});
