import type { GatewayConfig } from '../../../config.ts';
import type { Logger } from '../../../log.ts';
import type { UpstreamClientOptions } from '../upstream-client.ts';
import type { ResilienceListener } from './events.ts';
import type { ResilienceOptions } from './options.ts';

/** The gateway's settings (README, Resilience) as the options every vendor client takes. */
export function resilienceFromConfig(
  config: GatewayConfig,
  log: Logger,
  onEvent?: ResilienceListener,
): ResilienceOptions {
  return {
    rateLimits: config.upstreamRateLimits === 'documented',
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
  onEvent?: ResilienceListener,
): UpstreamClientOptions {
  return {
    connectTimeoutMs: config.operations.upstreamConnectTimeoutMs,
    headersTimeoutMs: config.operations.upstreamHeadersTimeoutMs,
    bodyTimeoutMs: config.operations.upstreamBodyTimeoutMs,
    resilience: resilienceFromConfig(config, log, onEvent),
  };
}
