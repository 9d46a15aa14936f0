import type { GatewayConfig } from '../../../config.ts';
import type { SharedRateBudget } from '../../../imports/shared-rate-budget.ts';
import type { Logger } from '../../../log.ts';
import type { UpstreamClientOptions } from '../upstream-client.ts';
import type { ResilienceListener } from './events.ts';
import type { ResilienceOptions } from './options.ts';

/** What the gateway adds to its settings: who hears the events, and the budgets shared with other instances. */
export interface ResilienceWiring {
  onEvent?: ResilienceListener;
  /** The Redis backend's (src/store/backend.ts), with REDIS_URL. */
  sharedBudget?: SharedRateBudget;
}

/** The gateway's settings (README, Resilience) as the options every vendor client takes. */
export function resilienceFromConfig(
  config: GatewayConfig,
  log: Logger,
  wiring: ResilienceWiring = {},
): ResilienceOptions {
  const { onEvent, sharedBudget } = wiring;
  return {
    rateLimits: config.upstreamRateLimits === 'documented',
    sharedBudget,
    retry: { retries: config.resilience.retries },
    breaker: {
      failureThreshold: config.resilience.breakerFailures,
      cooldownMs: config.resilience.breakerCooldownMs,
    },
    fallbackDeadlineMs: config.operations.requestTimeoutMs,
    log,
    onEvent,
  };
}

/** Timeouts and resilience of one vendor's HTTP client, from the gateway's settings. */
export function upstreamFromConfig(
  config: GatewayConfig,
  log: Logger,
  wiring: ResilienceWiring = {},
): UpstreamClientOptions {
  return {
    connectTimeoutMs: config.operations.upstreamConnectTimeoutMs,
    headersTimeoutMs: config.operations.upstreamHeadersTimeoutMs,
    bodyTimeoutMs: config.operations.upstreamBodyTimeoutMs,
    resilience: resilienceFromConfig(config, log, wiring),
  };
}
