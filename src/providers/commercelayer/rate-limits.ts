import type { UpstreamResponse } from '../http/upstream-client.ts';
import type { RateBucket, RateLimitPolicy, RateRule } from '../http/resilience/rate-limit-policy.ts';

/**
 * Commerce Layer limits per client IP in sliding windows (docs "Rate limits"; cli-core RATE_LIMIT):
 * the token endpoint 30 a minute; reads and writes each 200 a minute on average and 50 in 10 s
 * per endpoint (live figures; test mode is half). The gateway counts the burst over all endpoints
 * of a class, which is stricter. These figures hold until the vendor's own headers say otherwise.
 */
const DOCUMENTED = { token: 30, average: 200, burst: 50 };

/**
 * In every row of the vendor's table the 10-second burst is a quarter of the minute's average
 * (1000/250, 500/125, 200/50, 100/25), so a limit learned from the headers, which describe only
 * the average window, sets the burst too [I].
 */
const BURST_SHARE = 1 / 4;

function header(response: UpstreamResponse, name: string): number | undefined {
  const raw = response.headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value !== undefined && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
}

interface ClassRules {
  bucket: RateBucket;
  average: RateRule;
  burst?: RateRule;
}

function classRules(name: string, average: number, burst?: number): ClassRules {
  const averageRule: RateRule = { name: `${name} average`, limit: average, windowMs: 60_000 };
  const burstRule: RateRule | undefined =
    burst === undefined ? undefined : { name: `${name} burst`, limit: burst, windowMs: 10_000 };
  return {
    bucket: { key: `commercelayer:${name}`, rules: burstRule ? [averageRule, burstRule] : [averageRule] },
    average: averageRule,
    burst: burstRule,
  };
}

/**
 * Adapts to `X-Ratelimit-Limit`, `-Interval` (seconds) and `-Remaining`, which describe the
 * average window of the class the request fell in (sdk-utils reads these three [S]): the limit
 * and interval replace the documented ones, and a `Remaining` lower than our own count leaves
 * (another client behind the same IP) slows our queue down to match.
 */
export function commerceLayerRateLimits(baseUrl: string, authUrl: string): RateLimitPolicy {
  const tokenUrl = `${authUrl}/oauth/token`;
  const classes = {
    token: classRules('token', DOCUMENTED.token),
    reads: classRules('reads', DOCUMENTED.average, DOCUMENTED.burst),
    writes: classRules('writes', DOCUMENTED.average, DOCUMENTED.burst),
  };
  const byBucket = new Map(Object.values(classes).map((rules) => [rules.bucket, rules]));
  return {
    bucketFor(request) {
      if (request.url.split('?')[0] === tokenUrl) return classes.token.bucket;
      if (!request.url.startsWith(`${baseUrl}/`)) return undefined;
      return (request.method === 'GET' ? classes.reads : classes.writes).bucket;
    },
    observe(bucket, response, feedback) {
      const rules = byBucket.get(bucket);
      const limit = header(response, 'x-ratelimit-limit');
      const interval = header(response, 'x-ratelimit-interval');
      const remaining = header(response, 'x-ratelimit-remaining');
      if (!rules || limit === undefined || limit < 1) return;
      rules.average.limit = limit;
      if (interval !== undefined && interval > 0) rules.average.windowMs = interval * 1000;
      if (rules.burst) rules.burst.limit = Math.max(1, Math.floor(limit * BURST_SHARE));
      if (remaining !== undefined) feedback.remaining(bucket, rules.average, remaining);
    },
  };
}
