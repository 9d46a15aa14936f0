import { IMPORTABLE_OBJECT_TYPES } from './object-types.ts';

/**
 * What the SailPoint simulator lets a test or benchmark change. Each default is the vendor's
 * documented figure where there is one ([S]/[D] in specs/VENDOR-REFERENCE.md §2) and our own guess ([I])
 * where there is none; the guesses are the reason these are options at all.
 */
export interface SailpointSimulatorOptions {
  /** `expires_in` of issued tokens. Default 749 s, the docs' token example [D]. */
  tokenLifetimeSeconds?: number;
  /** Requests per access token per window. Default 100 per 10 s through the API gateway [D]. */
  rateLimit?: { limit: number; windowMs: number };
  /** Days from `created` to `expiration`. Default 7, as in the spec's status example [S]. */
  retentionDays?: number;
  /** Whether status and download answer 404 once `expiration` has passed. Default true [I]. */
  expiredJobsNotFound?: boolean;
  /**
   * Status answered when results are downloaded from a job that has none (still running,
   * CANCELLED, or FAILED without `failedJobsHaveResults`). Default 400 [I].
   */
  resultsNotReadyStatus?: 400 | 404;
  /**
   * Whether a FAILED job has a results download (its per-object errors). Default true [I]: the
   * spec does not limit the download to COMPLETE jobs and says it holds any error messages [S].
   * With false it answers like a job still running (`resultsNotReadyStatus`).
   */
  failedJobsHaveResults?: boolean;
  /**
   * Object types the target tenant imports. Default: the seven of the spec's ImportObject enum [S];
   * the docs name more, so an object of another known type gets an error in the results.
   */
  importableTypes?: readonly string[];
  /**
   * How a job's unset `completed` and `message` are written: `omit` (valid against the spec's
   * schemas, default) or `null` (what the vendor's own examples show, e.g. `message: null` on the
   * export status example) [S, contradicting each other].
   */
  unsetJobFields?: 'omit' | 'null';
}

export type ResolvedSailpointOptions = Required<SailpointSimulatorOptions>;

export const DEFAULT_SAILPOINT_OPTIONS: ResolvedSailpointOptions = {
  tokenLifetimeSeconds: 749,
  rateLimit: { limit: 100, windowMs: 10_000 },
  retentionDays: 7,
  expiredJobsNotFound: true,
  resultsNotReadyStatus: 400,
  failedJobsHaveResults: true,
  importableTypes: IMPORTABLE_OBJECT_TYPES,
  unsetJobFields: 'omit',
};

export function resolveOptions(options: SailpointSimulatorOptions = {}): ResolvedSailpointOptions {
  const resolved = { ...DEFAULT_SAILPOINT_OPTIONS, ...stripUndefined(options) };
  if (!Number.isInteger(resolved.tokenLifetimeSeconds) || resolved.tokenLifetimeSeconds <= 0) {
    throw new RangeError('tokenLifetimeSeconds must be a whole number of seconds above 0.');
  }
  if (!(resolved.retentionDays > 0)) throw new RangeError('retentionDays must be above 0.');
  if (!(resolved.rateLimit.limit > 0 && resolved.rateLimit.windowMs > 0)) {
    throw new RangeError('rateLimit needs a positive limit and windowMs.');
  }
  return resolved;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
