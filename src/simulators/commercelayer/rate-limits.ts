import type { SimRequest } from '../core/http.ts';
import type { RateLimitRule, RateLimitVerdict } from '../core/rate-limit.ts';

/**
 * Commerce Layer's limits (docs "Rate limits"; cli-core RATE_LIMIT), per client IP, in sliding
 * windows that never reset:
 * - `/oauth/token`: 30 a minute, live and test alike;
 * - reads: imports are treated as uncacheable (integration tokens are never cached), 200 a minute
 *   on average over all reads and 50 in 10 s per endpoint (test: 100 and 25);
 * - writes: the same figures, counted apart from reads.
 */
const FIGURES = {
  live: { average: 200, burst: 50 },
  test: { average: 100, burst: 25 },
} as const;

export function rateLimitsFor(
  request: SimRequest,
  mode: 'live' | 'test',
): { key: string; rules: readonly RateLimitRule[] } {
  const key = request.remoteAddress;
  if (request.route === 'POST /oauth/token') {
    return { key, rules: [{ name: 'oauth', limit: 30, windowMs: 60_000, kind: 'sliding' }] };
  }
  const kind = request.method === 'GET' ? 'reads' : 'writes';
  const { average, burst } = FIGURES[mode];
  return {
    key,
    rules: [
      { name: `${kind}-average`, limit: average, windowMs: 60_000, kind: 'sliding' },
      { name: `${kind}-burst ${request.route}`, limit: burst, windowMs: 10_000, kind: 'sliding' },
    ],
  };
}

/**
 * `X-Ratelimit-Limit`, `-Interval` (seconds) and `-Remaining`, the three headers sdk-utils reads.
 * They describe the average window: sdk-utils spaces requests by interval / limit from them and
 * applies the 10-second burst rule from its own constants, so the burst is never in the headers.
 */
export function rateLimitHeaders(verdict: RateLimitVerdict): Record<string, string> {
  const rules = verdict.byRule ?? [verdict];
  const average =
    rules.find(({ rule }) => rule.name === 'oauth' || rule.name.endsWith('-average')) ?? verdict;
  return {
    'X-Ratelimit-Limit': String(average.rule.limit),
    'X-Ratelimit-Interval': String(average.rule.windowMs / 1000),
    'X-Ratelimit-Remaining': String(Math.max(0, average.remaining)),
  };
}
