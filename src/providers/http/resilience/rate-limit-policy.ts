import type { UpstreamRequest, UpstreamResponse } from '../upstream-message.ts';

/** At most `limit` requests in any `windowMs`. */
export interface RateRule {
  /** Names the window (and keeps it apart from the bucket's other windows). */
  readonly name: string;
  limit: number;
  windowMs: number;
}

/** What one request counts against: a key (a credential, an IP) and every window it must fit. */
export interface RateBucket {
  /** Never a secret itself: vendors hash credentials into it (see `credentialKey`). */
  readonly key: string;
  readonly rules: readonly RateRule[];
}

/** What the vendor's answer says about the budget left, for a policy to pass on. */
export interface RateLimitFeedback {
  /** The vendor counts `remaining` more requests in `rule`'s window for this bucket. */
  remaining(bucket: RateBucket, rule: RateRule, remaining: number): void;
}

/**
 * A vendor's documented limits, as its adaptor declares them. `bucketFor` answers undefined for a
 * request the vendor does not count (e.g. a pre-signed storage URL on another host).
 */
export interface RateLimitPolicy {
  bucketFor(request: UpstreamRequest): RateBucket | undefined;
  /** Learns from an answer (Commerce Layer sends `X-Ratelimit-*` headers); optional. */
  observe?(bucket: RateBucket, response: UpstreamResponse, feedback: RateLimitFeedback): void;
}
