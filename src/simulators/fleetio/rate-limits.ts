import type { SimRequest } from '../core/http.ts';
import type { RateLimitRule } from '../core/rate-limit.ts';
import { isStoragePath } from './storage-errors.ts';

/**
 * Fleetio limits requests per account token (rate-limiting page [D]). Its worked example (1 request
 * a second from 12:00:18 refused from 12:00:38 until 12:01:00) means a calendar-minute window.
 * Pre-signed storage URLs are not Fleetio requests and are not counted [I].
 */
export function fleetioRateLimits(
  requestsPerMinute: number,
): (request: SimRequest) => { key: string; rules: readonly RateLimitRule[] } | undefined {
  const rules: readonly RateLimitRule[] = [
    { name: 'account-token', limit: requestsPerMinute, windowMs: 60_000, kind: 'fixed' },
  ];
  return (request) => {
    if (isStoragePath(request.path)) return undefined;
    const account = request.headers['account-token'];
    return {
      key:
        typeof account === 'string' && account !== '' ? `account:${account}` : `ip:${request.remoteAddress}`,
      rules,
    };
  };
}
