import { ProviderFailure } from '../../imports/failures.ts';

export type { UpstreamDetails, UpstreamFailure } from '../../imports/failures.ts';

/** A vendor request failed: what the HTTP client, the resilience layer and the adaptors throw. */
export class UpstreamError extends ProviderFailure {
  /**
   * The gateway's own estimate of when a retry can get through, when its rate limiter refused the
   * request (RATE_LIMITED); a vendor's `Retry-After` stays in `upstream.retryAfterSeconds`.
   */
  retryAfterSeconds?: number;

  constructor(...failure: ConstructorParameters<typeof ProviderFailure>) {
    super(...failure);
    this.name = 'UpstreamError';
  }
}
