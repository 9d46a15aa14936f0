import type { SeededRandom } from '../core/random.ts';
import type { SimulatorContext } from '../core/vendor.ts';
import type { ImportJobs } from './jobs.ts';
import type { ResolvedSailpointOptions } from './options.ts';

/** What the route handlers share: the tenant's jobs and the simulator's clock, tokens and options. */
export interface SailpointDeps {
  context: SimulatorContext;
  options: ResolvedSailpointOptions;
  jobs: ImportJobs;
  /** The data stream new jobs draw from; replaced on reset, hence a function. */
  dataRandom: () => SeededRandom;
  /** A fresh ErrorResponseDto trackingId (32 hex digits, as in the spec's examples) [S]. */
  trackingId: () => string;
}

/** The API versions serving sp-config import identically; there is no v3 sp-config [S]. */
export const API_VERSIONS = ['v2025', 'v2024', 'beta'] as const;
