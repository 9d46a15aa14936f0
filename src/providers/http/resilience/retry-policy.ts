import { errors as undiciErrors } from 'undici';
import type { UpstreamRequest, UpstreamResponse } from '../upstream-message.ts';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';

export interface RetryOptions extends BackoffOptions {
  /** Attempts after the first, for requests safe to repeat. Default 3. */
  retries: number;
  /**
   * The longest `Retry-After` the gateway waits out. A vendor asking for more gets its answer
   * (429 or 503 with `retryAfterSeconds`) passed to the caller at once. Default 5 s.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { ...DEFAULT_BACKOFF, retries: 3, maxRetryAfterMs: 5_000 };

/**
 * Statuses that say "the same request may work in a moment": rate limited, and the gateway-ish
 * 5xx (bad gateway, unavailable, gateway timeout). A 500 is left out: it usually means the request
 * itself breaks something, and repeating it costs the vendor's budget for nothing.
 */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** The vendor adaptor's hook: which answers of its API are worth another attempt. */
export type RetryableResponse = (response: UpstreamResponse) => boolean;

export const retryableStatus: RetryableResponse = (response) => RETRYABLE_STATUSES.has(response.status);

/**
 * Whether a request may be sent twice. GET and DELETE are (RFC 9110 §9.2.2); a POST or PATCH only
 * when the adaptor says so (a token request), never a creation: a creation that may have happened
 * is reconciled by the mutation, not repeated here.
 */
export function safeToRepeat(request: UpstreamRequest): boolean {
  return request.idempotent ?? (request.method === 'GET' || request.method === 'DELETE');
}

/**
 * What went wrong below HTTP, for the retry and the breaker:
 * - `aborted`: the caller gave up (deadline, client gone); never retried, not the vendor's fault
 * - `timeout`: no connection, headers or body in time
 * - `reset`: the connection broke (refused, reset, closed mid-answer)
 */
export type TransportFailure = 'aborted' | 'timeout' | 'reset';

export function transportFailureOf(error: unknown, signal: AbortSignal | undefined): TransportFailure {
  if (signal?.aborted || (error as Error).name === 'AbortError') return 'aborted';
  if (error instanceof undiciErrors.RequestAbortedError) return 'aborted';
  if (
    error instanceof undiciErrors.ConnectTimeoutError ||
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError
  ) {
    return 'timeout';
  }
  return 'reset';
}
