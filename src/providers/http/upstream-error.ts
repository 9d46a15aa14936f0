import type { ImportProvider } from '../../imports/model.ts';

/** What the client may learn of a vendor's answer (README, Errors): an allowlist, never the body. */
export interface UpstreamDetails {
  status?: number;
  code?: string;
  title?: string;
  trackingId?: string;
  retryAfterSeconds?: number;
}

/**
 * How a vendor failure reaches clients:
 * - `unavailable`: timeout, connection failure, 5xx, open circuit (UPSTREAM_UNAVAILABLE)
 * - `rate-limited`: the vendor said 429 (RATE_LIMITED)
 * - `not-found`: the vendor does not know the id (NOT_FOUND)
 * - `invalid-request`: the vendor refused what the caller asked (BAD_USER_INPUT)
 * - `error`: anything else, including garbage bodies and bad credentials (UPSTREAM_ERROR)
 */
export type UpstreamFailure = 'unavailable' | 'rate-limited' | 'not-found' | 'invalid-request' | 'error';

export class UpstreamError extends Error {
  constructor(
    readonly provider: ImportProvider,
    readonly failure: UpstreamFailure,
    message: string,
    readonly upstream: UpstreamDetails = {},
    /** True when the request may have taken effect although no answer came (timeout, reset). */
    readonly ambiguous = false,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}
