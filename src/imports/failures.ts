import type { ImportProvider } from './model.ts';

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

/**
 * One provider failed, as the domain knows it: the merged connection reports a failing provider
 * beside the others' items with this. The HTTP client's UpstreamError (providers/http) extends it,
 * so the domain recognises a vendor failure without importing the vendors' side.
 */
export class ProviderFailure extends Error {
  constructor(
    readonly provider: ImportProvider,
    readonly failure: UpstreamFailure,
    message: string,
    readonly upstream: UpstreamDetails = {},
    /** True when the request may have taken effect although no answer came (timeout, reset). */
    readonly ambiguous = false,
  ) {
    super(message);
    this.name = 'ProviderFailure';
  }
}

/**
 * The gateway's own store cannot be reached: passing, and worth a retry, like a vendor outage. The
 * store's StoreUnavailableError extends it, so the domain and the adaptors recognise an outage
 * without importing the store.
 */
export class StoreOutageError extends Error {}
