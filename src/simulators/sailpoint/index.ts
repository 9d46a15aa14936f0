import type { RateLimitRule } from '../core/rate-limit.ts';
import { SeededRandom } from '../core/random.ts';
import type { VendorFactory, VendorSimulator } from '../core/vendor.ts';
import { startArrivals } from './arrivals.ts';
import { rateLimitKey } from './auth.ts';
import { addJob } from './control.ts';
import { API_VERSIONS, type SailpointDeps } from './deps.ts';
import { vendorErrorResponse } from './errors.ts';
import { ImportJobs } from './jobs.ts';
import { resolveOptions, type SailpointSimulatorOptions } from './options.ts';
import { importCreateRoute } from './routes/import-create.ts';
import { importDownloadRoute } from './routes/import-download.ts';
import { importStatusRoute } from './routes/import-status.ts';
import { tokenRoute } from './routes/token.ts';
import { seedJobs } from './seed.ts';
import { jobStatusBody } from './wire.ts';
import { sailpointVariations } from './variations.ts';

export type { SailpointSimulatorOptions } from './options.ts';
export { SAILPOINT_CLIENTS } from './auth.ts';

/**
 * The SailPoint ISC sp-config import simulator (specs/VENDOR-REFERENCE.md §2): `/oauth/token` and the
 * import, status and download endpoints under `/v2025`, `/v2024` and `/beta`. No list endpoint and
 * no webhooks, as the vendor has none [S].
 */
export function createSailpointSimulator(options: SailpointSimulatorOptions = {}): VendorFactory {
  const resolved = resolveOptions(options);
  return (context) => {
    const jobs = new ImportJobs(context.scheduler, resolved);
    const tracking = new SeededRandom(context.seed, 'sailpoint:tracking');
    let dataRandom = new SeededRandom(context.seed, 'sailpoint:data');
    const deps: SailpointDeps = {
      context,
      options: resolved,
      jobs,
      dataRandom: () => dataRandom,
      trackingId: () => tracking.hex(32),
    };
    // Documented: 100 requests per access token per 10 s through the API gateway [D].
    const perToken: RateLimitRule[] = [
      {
        name: 'per-access-token',
        limit: resolved.rateLimit.limit,
        windowMs: resolved.rateLimit.windowMs,
        kind: 'fixed',
      },
    ];

    const seed = () => {
      jobs.clear();
      dataRandom = new SeededRandom(context.seed, 'sailpoint:data');
      seedJobs(jobs, dataRandom, context.seededImports, context.startedAt);
      if (context.arrivals) startArrivals(context.scheduler, jobs, context.seed, context.clock.now());
    };
    seed();

    const simulator: VendorSimulator = {
      provider: 'sailpoint',
      variations: sailpointVariations,
      sendsWebhooks: false,
      routes: [
        tokenRoute(deps),
        ...API_VERSIONS.flatMap((version) => [
          importCreateRoute(deps, version),
          importStatusRoute(deps, version),
          importDownloadRoute(deps, version),
        ]),
      ],
      errorResponse: (status, reason) => vendorErrorResponse(status, reason, deps.trackingId()),
      rateLimitsFor(request) {
        // The token endpoint has no documented limit.
        if (request.path === '/oauth/token') return undefined;
        const key = rateLimitKey(request, context.tokens);
        return key === undefined ? undefined : { key, rules: perToken };
      },
      snapshot: () => jobs.snapshot(),
      add: (attributes) =>
        jobStatusBody(
          addJob(jobs, dataRandom, attributes, context.clock.now(), resolved.importableTypes),
          resolved.unsetJobFields,
        ),
      reset: seed,
    };
    return simulator;
  };
}

export const sailpointSimulator: VendorFactory = createSailpointSimulator();
