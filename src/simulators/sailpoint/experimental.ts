import type { SimRequest, SimResponse } from '../core/http.ts';
import type { SailpointDeps } from './deps.ts';
import { DETAIL_CODES, errorResponseDto } from './errors.ts';

/**
 * API versions whose sp-config endpoints are experimental: the vendor's v2024 path file declares
 * `X-SailPoint-Experimental: true` a required header of import, status and download [S]; v2025
 * and beta do not (specs/VENDOR-REFERENCE.md §2, "v2024 is experimental").
 */
const EXPERIMENTAL_VERSIONS: ReadonlySet<string> = new Set(['v2024']);

const HEADER = 'x-sailpoint-experimental';

/**
 * The refusal of an experimental call sent without the header, or undefined when it may go on.
 * What the vendor answers is not documented; a 400 ErrorResponseDto naming the header is our
 * choice, in the envelope the spec gives every 400 [I].
 */
export function experimentalRefusal(
  deps: SailpointDeps,
  request: SimRequest,
  version: string,
): SimResponse | undefined {
  if (!EXPERIMENTAL_VERSIONS.has(version)) return undefined;
  const raw = request.headers[HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value?.trim().toLowerCase() === 'true') return undefined;
  return errorResponseDto(
    400,
    deps.trackingId(),
    `This API is experimental in ${version}: send the header "X-SailPoint-Experimental: true" to use it.`,
    DETAIL_CODES.badContent,
  );
}
