export interface BackoffOptions {
  /** The ceiling of the first retry's delay; it doubles with each retry. Default 100 ms. */
  baseDelayMs: number;
  /** The largest ceiling, however many retries came before. Default 2 s. */
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseDelayMs: 100, maxDelayMs: 2_000 };

/**
 * "Full jitter" (AWS Architecture Blog, Exponential Backoff and Jitter, 2015): a delay drawn
 * uniformly from [0, min(max, base * 2^retry)). Spreading retries over the whole interval, rather
 * than around its end, keeps many clients that failed together from failing together again.
 * `retry` counts from 0 (the delay before the second attempt).
 */
export function fullJitterDelay(
  retry: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry));
  return Math.floor(random() * ceiling);
}
