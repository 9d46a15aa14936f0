import type { ErrorCode } from '../../../src/graphql/errors.ts';
import type { UpstreamDetails } from '../../../src/providers/http/upstream-error.ts';
import type { VendorExample } from '../../support/vendor-examples/example.ts';

/**
 * The gateway error a vendor error answer must become, from the README's error rules and the
 * failure kinds it names (a vendor's 429 is RATE_LIMITED, a 5xx UPSTREAM_UNAVAILABLE, a 404 to a
 * request naming one import NOT_FOUND, a refusal of what the caller sent BAD_USER_INPUT, anything
 * else UPSTREAM_ERROR), written without calling the adaptors.
 */
export function expectedErrorCode(example: VendorExample): ErrorCode {
  const { status, context, body } = example;
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 500) return 'UPSTREAM_UNAVAILABLE';
  const namesOneImport = context === 'lookup' || context === 'results' || context === 'update';
  if (status === 404 && namesOneImport) return 'NOT_FOUND';
  if (status === 400 || status === 422) {
    if (context === 'create' || context === 'update') return 'BAD_USER_INPUT';
    // Fleetio: a refused `filter[…]` value is the caller's (specs/VENDOR-REFERENCE.md §1.1).
    const fields = Object.keys((body as { errors?: object } | undefined)?.errors ?? {});
    if (example.provider === 'FLEETIO' && fields.length > 0 && fields.every((f) => f.startsWith('filter['))) {
      return 'BAD_USER_INPUT';
    }
  }
  return 'UPSTREAM_ERROR';
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * The allowlisted `upstream` fields the example itself supplies (README, `extensions.upstream
 * { status code title trackingId retryAfterSeconds }`): SailPoint's detailCode and trackingId,
 * Fleetio's problem title, Commerce Layer's errors[0] code and title. Nothing else of the body.
 */
export function expectedUpstream(example: VendorExample): UpstreamDetails {
  const body = (example.body ?? {}) as Record<string, unknown>;
  const details: UpstreamDetails = { status: example.status };
  if (example.provider === 'SAILPOINT') {
    if (text(body.detailCode)) details.code = text(body.detailCode);
    if (text(body.trackingId)) details.trackingId = text(body.trackingId);
  }
  if (example.provider === 'FLEETIO' && text(body.title)) details.title = text(body.title);
  if (example.provider === 'COMMERCE_LAYER' && Array.isArray(body.errors)) {
    const first = (body.errors[0] ?? {}) as Record<string, unknown>;
    if (text(first.code)) details.code = text(first.code);
    if (text(first.title)) details.title = text(first.title);
  }
  return details;
}
