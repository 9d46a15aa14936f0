import type { SharedRateBudget } from '../../../imports/shared-rate-budget.ts';
import type { Logger } from '../../../log.ts';
import type { UpstreamResponse } from '../upstream-message.ts';
import { DEFAULT_BREAKER, type BreakerOptions } from './circuit-breaker.ts';
import type { ResilienceListener } from './events.ts';
import type { RateLimitPolicy } from './rate-limit-policy.ts';
import { DEFAULT_RETRY, retryableStatus, type RetryOptions } from './retry-policy.ts';

/** How one vendor's requests are guarded; every field has a default (below). */
export interface ResilienceOptions {
  /** Retries of requests safe to repeat; default `DEFAULT_RETRY` (3 retries, 100 ms–2 s full jitter, Retry-After up to 5 s). */
  retry?: Partial<RetryOptions>;
  /** The vendor's circuit; default `DEFAULT_BREAKER` (5 consecutive failures or half of 20 in 30 s; 30 s cool-down). */
  breaker?: Partial<BreakerOptions>;
  /**
   * Hold requests to the adaptor's RateLimitPolicy. Default false at this level: the gateway turns
   * it on from `UPSTREAM_RATE_LIMITS` (default `documented`), while a client built bare (unit tests,
   * scripts against a simulator with its limits lifted) sends as fast as it is asked.
   */
  rateLimits?: boolean;
  /**
   * Count the budgets with every instance sharing it (shared-rate-limiter.ts); default none: this
   * process counts alone. The gateway passes the Redis backend's with REDIS_URL.
   */
  sharedBudget?: SharedRateBudget;
  /** Share concurrent identical GETs; default true. */
  singleFlight?: boolean;
  /** The deadline of a request whose signal carries none (token requests): this long after it starts. Default 25 s. */
  fallbackDeadlineMs?: number;
  /** Circuit changes are logged here (warn when it opens, info when it closes). */
  log?: Logger;
  onEvent?: ResilienceListener;
  now?: () => number;
  random?: () => number;
}

/** What the vendor adaptor knows and the shared layer cannot: its limits and which answers to retry. */
export interface VendorPolicy {
  /** Default: 429, 502, 503 and 504 (`RETRYABLE_STATUSES`). */
  retryable?: (response: UpstreamResponse) => boolean;
  /** The vendor's documented limits; none when absent. */
  rateLimits?: RateLimitPolicy;
  /**
   * The vendor's path templates under its base URL, `{id}` for an id (`/imports/{id}`): traces
   * name its requests by them, never by their URL (src/telemetry/route-template.ts).
   */
  routes?: readonly string[];
}

export interface ResolvedResilience {
  retry: RetryOptions;
  breaker: BreakerOptions;
  rateLimits: boolean;
  sharedBudget: SharedRateBudget | undefined;
  singleFlight: boolean;
  fallbackDeadlineMs: number;
  retryable: (response: UpstreamResponse) => boolean;
  log: Logger | undefined;
  onEvent: ResilienceListener;
  now: () => number;
  random: () => number;
}

export function resolveResilience(options: ResilienceOptions, policy: VendorPolicy): ResolvedResilience {
  return {
    retry: { ...DEFAULT_RETRY, ...options.retry },
    breaker: { ...DEFAULT_BREAKER, ...options.breaker },
    rateLimits: options.rateLimits ?? false,
    sharedBudget: options.sharedBudget,
    singleFlight: options.singleFlight ?? true,
    fallbackDeadlineMs: options.fallbackDeadlineMs ?? 25_000,
    retryable: policy.retryable ?? retryableStatus,
    log: options.log,
    onEvent: options.onEvent ?? (() => {}),
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
  };
}
