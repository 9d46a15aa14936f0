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

  it('never puts a secret in its error messages', () => {
    expect(() => loadConfig({ FLEETIO_API_KEY: 'super-secret-key' })).toThrow(/FLEETIO_ACCOUNT_TOKEN/);
    expect(() => loadConfig({ FLEETIO_API_KEY: 'super-secret-key' })).not.toThrow(/super-secret-key/);
  });
});
