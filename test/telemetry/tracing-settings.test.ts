import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { readTracingSettings } from '../../src/tracing-settings.ts';

const read = (env: Record<string, string>) => {
  const problems: string[] = [];
  return { settings: readTracingSettings(env, problems), problems };
};

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('tracing settings (OTEL_*)', () => {
  it('is off without an endpoint, and when the SDK or the exporter is switched off', () => {
    expect(loadConfig({}).tracing).toBeUndefined();
    expect(read({ OTEL_SERVICE_NAME: 'x', OTEL_TRUST_CLIENT_TRACE: '1' }).settings).toBeUndefined();
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(read({ ...endpoint, OTEL_SDK_DISABLED: 'true' }).settings).toBeUndefined();
    expect(read({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' }).settings).toBeUndefined();
  });

  it('reads the standard variables, the traces-specific ones first', () => {
    const { settings, problems } = read({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=abc%3D%3D,tenant=a',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'tenant=b',
      OTEL_SERVICE_NAME: 'gateway-eu',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=prod',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    });
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({
      url: 'http://collector:4318/v1/traces',
      protocol: 'http/json',
      headers: { 'x-api-key': 'abc==', tenant: 'b' },
      serviceName: 'gateway-eu',
      resourceAttributes: { 'deployment.environment.name': 'prod' },
      sampler: { kind: 'parentbased_traceidratio', ratio: 0.25 },
      trustClientTrace: false,
      propagateToVendors: false,
    });
    const specific = read({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example.com/ingest',
    });
    // The traces endpoint is used as given; only the generic one gets the signal's path.
    expect(specific.settings).toMatchObject({
      url: 'https://traces.example.com/ingest',
      protocol: 'http/protobuf',
    });
  });

  it("appends the signal's path to the generic endpoint's path, before its query", () => {
    const url = (endpoint: string) => read({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }).settings?.url;
    expect(url('http://c:4318?key=SECRET')).toBe('http://c:4318/v1/traces?key=SECRET');
    expect(url('https://c.example.com/otlp//?key=a%2Fb')).toBe(
      'https://c.example.com/otlp/v1/traces?key=a%2Fb',
    );
    // The traces-specific endpoint is the whole URL already.
    expect(read({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/in?key=K' }).settings?.url).toBe(
      'http://c:4318/in?key=K',
    );
  });

  it('names the service by OTEL_SERVICE_NAME, else by a service.name among the resource attributes', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    const name = (env: Record<string, string>) => read({ ...endpoint, ...env }).settings?.serviceName;
    expect(name({ OTEL_RESOURCE_ATTRIBUTES: 'service.name=billing,cloud.region=eu' })).toBe('billing');
    expect(name({ OTEL_RESOURCE_ATTRIBUTES: 'service.name=billing', OTEL_SERVICE_NAME: 'gw' })).toBe('gw');
    expect(name({ OTEL_RESOURCE_ATTRIBUTES: 'cloud.region=eu' })).toBe('import-gateway');
  });

  it('refuses a header value that decodes to a control character, naming its entry only', () => {
    const { problems } = read({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'tenant=a,x-api-key=s3cret%0D%0AX-Injected:%201',
    });
    expect(problems).toEqual([
      'OTEL_EXPORTER_OTLP_TRACES_HEADERS must be comma-separated key=value pairs (values percent-encoded, no control characters); entry 2 is not.',
    ]);
  });

  it('reads enumerated values whatever their case', () => {
    const { settings, problems } = read({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'HTTP/JSON',
      OTEL_TRACES_SAMPLER: 'Always_Off',
    });
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({ protocol: 'http/json', sampler: { kind: 'always_off' } });
  });

  it('checks its own two flags even while tracing is off', () => {
    expect(
      read({ OTEL_TRUST_CLIENT_TRACE: 'maybe', OTEL_PROPAGATE_TO_VENDORS: 'yes please' }).problems,
    ).toEqual([
      'OTEL_TRUST_CLIENT_TRACE must be 1 or 0 (on or off), got "maybe".',
      'OTEL_PROPAGATE_TO_VENDORS must be 1 or 0 (on or off), got "yes please".',
    ]);
    expect(read({ OTEL_SDK_DISABLED: 'true', OTEL_TRUST_CLIENT_TRACE: 'maybe' }).problems).toHaveLength(1);
  });

  it('never echoes an endpoint it cannot parse: its query may hold a key', () => {
    for (const name of ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) {
      const { settings, problems } = read({ [name]: '//collector?api_key=SECRET123' });
      expect(settings).toBeUndefined();
      expect(problems).toEqual([
        expect.stringMatching(new RegExp(`^${name} must be an http:// or https:// URL`)),
      ]);
      expect(problems.join('\n')).not.toContain('SECRET123');
    }
  });

  it('refuses bad values with a message naming the variable, never echoing a header value', () => {
    const problems = problemsOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_TRACES_SAMPLER: 'sometimes',
      OTEL_TRACES_SAMPLER_ARG: '2',
      OTEL_TRUST_CLIENT_TRACE: 'maybe',
      OTEL_TRACES_EXPORTER: 'zipkin',
    });
    expect(problems.join('\n')).toMatch(/OTEL_EXPORTER_OTLP_ENDPOINT must be an http:\/\/ or https:\/\/ URL/);
    expect(problems.join('\n')).toMatch(/OTEL_TRACES_EXPORTER must be "otlp" or "none"/);
    const more = problemsOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_TRACES_SAMPLER: 'sometimes',
      OTEL_TRACES_SAMPLER_ARG: '2',
      OTEL_TRUST_CLIENT_TRACE: 'maybe',
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer s3cret,oops',
      OTEL_EXPORTER_OTLP_TIMEOUT: 'soon',
    });
    expect(more).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^OTEL_EXPORTER_OTLP_PROTOCOL must be http\/protobuf or http\/json .*gRPC/),
        expect.stringMatching(/^OTEL_TRACES_SAMPLER must be one of always_on, .*got "sometimes"/),
        expect.stringMatching(/^OTEL_TRUST_CLIENT_TRACE must be 1 or 0/),
        'OTEL_EXPORTER_OTLP_HEADERS must be comma-separated key=value pairs (values percent-encoded, no control characters); entry 2 is not.',
        expect.stringMatching(/^OTEL_EXPORTER_OTLP_TIMEOUT must be a whole number/),
      ]),
    );
    expect(more.join('\n')).not.toContain('s3cret');
    expect(problemsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://user:pw@collector:4318' }).join('\n')).toMatch(
      /must not hold credentials/,
    );
    expect(
      read({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_TRACES_SAMPLER: 'traceidratio',
        OTEL_TRACES_SAMPLER_ARG: 'half',
      }).problems,
    ).toEqual(['OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1, got "half".']);
  });
});
