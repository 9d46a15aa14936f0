/**
 * The fault set of `PUT /__sim/faults` (README, Simulators). A PUT replaces the whole set:
 * absent keys take the start-up defaults, so a test never inherits a fault another test left on.
 */
export interface FaultSet {
  /** Added before every vendor response. */
  latencyMs: number;
  /** Uniform extra delay in [-jitterMs, +jitterMs], never below zero in total. */
  jitterMs: number;
  /** Share of vendor requests answered with `errorStatus` in the vendor's own error envelope. */
  errorRate: number;
  errorStatus: number;
  /** Sent as `Retry-After` on injected errors when set. */
  retryAfterSeconds: number | null;
  /** Share of requests that take effect and then lose their response (socket destroyed). */
  resetRate: number;
  /** Share of successful responses whose JSON body is cut short. */
  malformedRate: number;
  /** Whether the vendor's documented rate limits are enforced. */
  rateLimits: boolean;
}

export interface FaultDefaults {
  latencyMs: number;
  rateLimits: boolean;
}

export function defaultFaults(defaults: FaultDefaults): FaultSet {
  return {
    latencyMs: defaults.latencyMs,
    jitterMs: 0,
    errorRate: 0,
    errorStatus: 500,
    retryAfterSeconds: null,
    resetRate: 0,
    malformedRate: 0,
    rateLimits: defaults.rateLimits,
  };
}

export type FaultParse =
  { ok: true; faults: FaultSet; expireTokens: boolean } | { ok: false; message: string };

const RATE_KEYS = ['errorRate', 'resetRate', 'malformedRate'] as const;
const KNOWN_KEYS = new Set([
  'latencyMs',
  'jitterMs',
  'errorRate',
  'errorStatus',
  'retryAfterSeconds',
  'resetRate',
  'malformedRate',
  'expireTokens',
  'rateLimits',
]);

/** Validates a PUT body into a complete fault set; `expireTokens` is an action, not a lasting fault. */
export function parseFaults(body: unknown, defaults: FaultDefaults): FaultParse {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, message: 'The fault set must be a JSON object.' };
  }
  const input = body as Record<string, unknown>;
  const unknownKeys = Object.keys(input).filter((key) => !KNOWN_KEYS.has(key));
  if (unknownKeys.length > 0) {
    return { ok: false, message: `Unknown fault keys: ${unknownKeys.join(', ')}.` };
  }
  const faults = defaultFaults(defaults);
  for (const key of ['latencyMs', 'jitterMs'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 600_000) {
      return { ok: false, message: `${key} must be a number of milliseconds between 0 and 600000.` };
    }
    faults[key] = value;
  }
  for (const key of RATE_KEYS) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      return { ok: false, message: `${key} must be a number between 0 and 1.` };
    }
    faults[key] = value;
  }
  if (input.errorStatus !== undefined) {
    const status = input.errorStatus;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
      return { ok: false, message: 'errorStatus must be an HTTP error status between 400 and 599.' };
    }
    faults.errorStatus = status;
  }
  if (input.retryAfterSeconds !== undefined && input.retryAfterSeconds !== null) {
    const seconds = input.retryAfterSeconds;
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      return { ok: false, message: 'retryAfterSeconds must be a whole number of seconds, 0 or more.' };
    }
    faults.retryAfterSeconds = seconds;
  }
  if (input.rateLimits !== undefined) {
    if (typeof input.rateLimits !== 'boolean')
      return { ok: false, message: 'rateLimits must be true or false.' };
    faults.rateLimits = input.rateLimits;
  }
  if (input.expireTokens !== undefined && typeof input.expireTokens !== 'boolean') {
    return { ok: false, message: 'expireTokens must be true or false.' };
  }
  return { ok: true, faults, expireTokens: input.expireTokens === true };
}
