import type { RateLimitPolicy, RateRule } from '../http/resilience/rate-limit-policy.ts';
import { credentialKey } from '../http/resilience/credential-key.ts';

/**
 * SailPoint: 100 requests per access token per 10 s through the API gateway [D]; the token
 * endpoint has no documented limit and is not counted. The bucket is keyed by the client id, not
 * the token: a renewed token may well share its predecessor's count, so the gateway assumes it does.
 */
export function sailpointRateLimits(baseUrl: string, clientId: string): RateLimitPolicy {
  const tokenUrl = `${baseUrl}/oauth/token`;
  const rules: RateRule[] = [{ name: 'per access token', limit: 100, windowMs: 10_000 }];
  const bucket = { key: `sailpoint:${credentialKey(clientId)}`, rules };
  return {
    bucketFor: (request) => (request.url.split('?')[0] === tokenUrl ? undefined : bucket),
  };
}
