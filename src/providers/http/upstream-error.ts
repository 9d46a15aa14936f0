import { ProviderFailure } from '../../imports/failures.ts';

export type { UpstreamDetails, UpstreamFailure } from '../../imports/failures.ts';

/** A vendor request failed: what the HTTP client, the resilience layer and the adaptors throw. */
export class UpstreamError extends ProviderFailure {
  constructor(...failure: ConstructorParameters<typeof ProviderFailure>) {
    super(...failure);
    this.name = 'UpstreamError';
  }
}
