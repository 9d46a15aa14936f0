import { isHeaderToken, readFlag, readInteger, readValue, type Env } from './env-values.ts';

/**
 * OpenTelemetry traces, from the standard `OTEL_*` variables (the OpenTelemetry specification's
 * "Environment Variable Specification" and "OTLP Exporter Configuration") and two of ours
 * (docs/OPERATIONS.md, Traces). Off unless an OTLP endpoint is set: then no SDK is loaded at all.
 */
export interface TracingSettings {
  /** Where spans are POSTed: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as is, or OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/traces`. */
  url: string;
  /** OTEL_EXPORTER_OTLP(_TRACES)_PROTOCOL: `http/protobuf` (default) or `http/json`; gRPC is not offered. */
  protocol: 'http/protobuf' | 'http/json';
  /** OTEL_EXPORTER_OTLP(_TRACES)_HEADERS, e.g. a collector's API key: sent with every export, never logged. */
  headers: Record<string, string>;
  /** OTEL_EXPORTER_OTLP(_TRACES)_TIMEOUT, default 10 s: one export's deadline. */
  exportTimeoutMs: number;
  /** OTEL_SERVICE_NAME, else a `service.name` in OTEL_RESOURCE_ATTRIBUTES, else `import-gateway`. */
  serviceName: string;
  /** OTEL_RESOURCE_ATTRIBUTES: `key=value` pairs every span's resource carries (deployment, region…). */
  resourceAttributes: Record<string, string>;
  /** OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG, default `parentbased_always_on`. */
  sampler: SamplerSetting;
  /** OTEL_BSP_SCHEDULE_DELAY, default 5 s: how long spans wait to be sent in a batch. */
  batchDelayMs: number;
  /**
   * OTEL_TRUST_CLIENT_TRACE=1: a client's `traceparent` becomes the operation's parent (and its
   * sampled flag is obeyed). Default off: a new trace, the client's context kept as a link, so a
   * client can neither force sampling nor write into another service's trace.
   */
  trustClientTrace: boolean;
  /** OTEL_PROPAGATE_TO_VENDORS=1: vendor requests carry `traceparent`. Default off: vendors see none. */
  propagateToVendors: boolean;
}

const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

export interface SamplerSetting {
  kind: (typeof SAMPLERS)[number];
  /** The ratio of the `traceidratio` samplers, 0 to 1; default 1. */
  ratio: number;
}

const PROTOCOLS = ['http/protobuf', 'http/json'] as const;

/** Traces-specific variable first, then the generic OTLP one (the specification's precedence). */
const otlp = (env: Env, suffix: string) =>
  readValue(env, `OTEL_EXPORTER_OTLP_TRACES_${suffix}`) === undefined
    ? `OTEL_EXPORTER_OTLP_${suffix}`
    : `OTEL_EXPORTER_OTLP_TRACES_${suffix}`;

/** Undefined when tracing is off: no endpoint, OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none. */
export function readTracingSettings(env: Env, problems: string[]): TracingSettings | undefined {
  // Read whether tracing is on or not: a typo there should stop the start before it matters.
  const trustClientTrace = readFlag(env, 'OTEL_TRUST_CLIENT_TRACE', false, problems);
  const propagateToVendors = readFlag(env, 'OTEL_PROPAGATE_TO_VENDORS', false, problems);
  const exporter = readValue(env, 'OTEL_TRACES_EXPORTER')?.toLowerCase();
  if (exporter !== undefined && exporter !== 'otlp' && exporter !== 'none')
    problems.push(`OTEL_TRACES_EXPORTER must be "otlp" or "none", got "${exporter}".`);
  if (readValue(env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true' || exporter === 'none') return undefined;
  const url = readEndpoint(env, problems);
  if (url === undefined) return undefined;
  const protocolName = otlp(env, 'PROTOCOL');
  // Enumerated values are case-insensitive, as the specification has them (the sampler's too).
  const protocol = readValue(env, protocolName)?.toLowerCase() ?? 'http/protobuf';
  if (!(PROTOCOLS as readonly string[]).includes(protocol))
    problems.push(
      `${protocolName} must be http/protobuf or http/json (the gateway exports over OTLP/HTTP; gRPC is not offered), got "${protocol}".`,
    );
  const timeoutName = otlp(env, 'TIMEOUT');
  const resourceAttributes = readPairs(env, 'OTEL_RESOURCE_ATTRIBUTES', problems);
  return {
    url,
    protocol: protocol === 'http/json' ? 'http/json' : 'http/protobuf',
    headers: {
      ...readPairs(env, 'OTEL_EXPORTER_OTLP_HEADERS', problems),
      ...readPairs(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS', problems),
    },
    exportTimeoutMs: readInteger(
      env,
      { name: timeoutName, fallback: 10_000, min: 1, max: 600_000 },
      problems,
    ),
    // The specification: OTEL_SERVICE_NAME wins over a service.name among the resource attributes.
    serviceName:
      readValue(env, 'OTEL_SERVICE_NAME') ?? resourceAttributes['service.name'] ?? 'import-gateway',
    resourceAttributes,
    sampler: readSampler(env, problems),
    batchDelayMs: readInteger(
      env,
      { name: 'OTEL_BSP_SCHEDULE_DELAY', fallback: 5_000, min: 1, max: 600_000 },
      problems,
    ),
    trustClientTrace,
    propagateToVendors,
  };
}

function readEndpoint(env: Env, problems: string[]): string | undefined {
  const specific = readValue(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const generic = readValue(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  const name = specific === undefined ? 'OTEL_EXPORTER_OTLP_ENDPOINT' : 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT';
  const value = specific ?? generic;
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // Not echoed: a collector's key may be in its query string, and the message reaches the logs.
    problems.push(`${name} must be an http:// or https:// URL (e.g. http://otel-collector:4318).`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(
      `${name} must be an http:// or https:// URL (OTLP/HTTP; gRPC is not offered), got "${url.protocol}".`,
    );
    return undefined;
  }
  if (url.username || url.password) {
    problems.push(`${name} must not hold credentials; put them in OTEL_EXPORTER_OTLP_HEADERS.`);
    return undefined;
  }
  if (specific !== undefined) return specific;
  // The generic endpoint is a base: the specification appends the signal's path to its path,
  // before any query a collector's key may be in.
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/traces`;
  return url.href;
}

/**
 * `key=value,key2=value2`, values percent-decoded (the W3C Baggage format the specification
 * uses). A bad entry is named by its position, never echoed: header values are often API keys.
 */
function readPairs(env: Env, name: string, problems: string[]): Record<string, string> {
  const pairs: Record<string, string> = {};
  const entries = (readValue(env, name) ?? '').split(',').filter((entry) => entry.trim() !== '');
  entries.forEach((entry, index) => {
    const equals = entry.indexOf('=');
    const key = entry.slice(0, equals).trim();
    let value: string | undefined;
    try {
      value = decodeURIComponent(entry.slice(equals + 1).trim());
    } catch {
      value = undefined;
    }
    // A control character (CR, LF…) once decoded would be refused by the exporter's request, or
    // split a header: refused here, by position, like any other bad entry.
    if (equals <= 0 || !isHeaderToken(key) || value === undefined || hasControlCharacter(value)) {
      problems.push(
        `${name} must be comma-separated key=value pairs (values percent-encoded, no control characters); entry ${index + 1} is not.`,
      );
      return;
    }
    pairs[key] = value;
  });
  return pairs;
}

function readSampler(env: Env, problems: string[]): SamplerSetting {
  const kind = readValue(env, 'OTEL_TRACES_SAMPLER')?.toLowerCase() ?? 'parentbased_always_on';
  const argument = readValue(env, 'OTEL_TRACES_SAMPLER_ARG');
  let ratio = 1;
  if (argument !== undefined && kind.endsWith('traceidratio')) {
    ratio = Number(argument);
    if (!/^\d*\.?\d+$/.test(argument) || ratio > 1) {
      problems.push(`OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1, got "${argument}".`);
      ratio = 1;
    }
  }
  if ((SAMPLERS as readonly string[]).includes(kind)) return { kind: kind as SamplerSetting['kind'], ratio };
  problems.push(`OTEL_TRACES_SAMPLER must be one of ${SAMPLERS.join(', ')}, got "${kind}".`);
  return { kind: 'parentbased_always_on', ratio };
}

const hasControlCharacter = (text: string) =>
  [...text].some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f);
