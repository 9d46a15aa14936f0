import type { GatewayConfig } from '../../config.ts';
import type { Logger } from '../../log.ts';
import type { ResilienceOptions } from './options.ts';

/** The gateway's settings (README, Resilience) as the options every vendor client takes. */
export function resilienceFromConfig(config: GatewayConfig, log: Logger): ResilienceOptions {
  return {
    rateLimits: config.upstreamRateLimits === 'documented',
    retry: { retries: config.resilience.retries },
    breaker: {
      failureThreshold: config.resilience.breakerFailures,
      cooldownMs: config.resilience.breakerCooldownMs,
    },
    log,
  };
}
