import type { RateLimitPolicy, RateRule } from '../http/resilience/rate-limit-policy.ts';
import { credentialKey } from '../http/resilience/credential-key.ts';

/** Fleetio's older rate-limiting page: 20 requests a minute; today it depends on the plan [D]. */
export const DEFAULT_FLEETIO_REQUESTS_PER_MINUTE = 20;

/**
 * Fleetio counts requests per account token in calendar minutes (its worked example: 429 from
 * 12:00:38 until 12:01:00 [D][I]) and sends no rate-limit headers. Only requests to Fleetio's own
 * origin count: a pre-signed storage URL the records endpoint redirects to is another service [I].
 */
export function fleetioRateLimits(
  baseUrl: string,
  accountToken: string,
  requestsPerMinute: number = DEFAULT_FLEETIO_REQUESTS_PER_MINUTE,
): RateLimitPolicy {
  const origin = new URL(baseUrl).origin;
  const rules: RateRule[] = [{ name: 'per account token', limit: requestsPerMinute, windowMs: 60_000 }];
  const bucket = { key: `fleetio:${credentialKey(accountToken)}`, rules };
  return { bucketFor: (request) => (new URL(request.url).origin === origin ? bucket : undefined) };
}
