import { importFailure, type ImportFailure } from '../../imports/import-failure.ts';
import type { Import, ImportCounts, ImportStatus } from '../../imports/model.ts';
import type { SpConfigImportJobStatus, SpConfigImportResults } from './wire.ts';

interface StatusMapping {
  status: ImportStatus;
  terminal: boolean;
}

/** specs/VENDOR-REFERENCE.md §4. COMPLETE is refined by the results download (see `mapJobStatus`). */
export const SAILPOINT_STATUSES: Readonly<Record<string, StatusMapping>> = {
  NOT_STARTED: { status: 'PENDING', terminal: false },
  IN_PROGRESS: { status: 'RUNNING', terminal: false },
  COMPLETE: { status: 'SUCCEEDED', terminal: true },
  CANCELLED: { status: 'CANCELLED', terminal: true },
  FAILED: { status: 'FAILED', terminal: true },
};

export function isKnownSailpointStatus(status: string): boolean {
  return Object.hasOwn(SAILPOINT_STATUSES, status);
}

/**
 * A status the spec does not list [I]: RUNNING and not terminal. It claims neither success nor
 * failure, and a non-terminal job keeps being refreshed, so it settles by itself once the vendor
 * reports a status the gateway knows. The raw value stays in `providerStatus`.
 */
export const UNKNOWN_STATUS: StatusMapping = { status: 'RUNNING', terminal: false };

/** The terminal statuses a results download can give a job. */
export type OutcomeStatus = Extract<ImportStatus, 'SUCCEEDED' | 'PARTIALLY_SUCCEEDED' | 'FAILED'>;

/** Everything the results download tells about a finished job; it never changes once written [S]. */
export interface ImportOutcome {
  /** What the download says of a COMPLETE job (a FAILED job stays FAILED whatever it says). */
  status: OutcomeStatus;
  counts: ImportCounts;
  /** The object types of the import, sorted and comma-separated, e.g. "SOURCE,TRANSFORM". */
  resourceType: string | null;
}

/**
 * A COMPLETE job can still carry per-object errors, so success is judged from the download [S/I]:
 * no error is SUCCEEDED; errors with at least one object imported PARTIALLY_SUCCEEDED; errors and
 * nothing imported FAILED, the rule Commerce Layer's counts follow too (specs/VENDOR-REFERENCE.md
 * §2, "COMPLETE with every object failed"). `processed` counts imported objects; `total` stays null
 * because the results do not say how many objects were selected (an object can carry several
 * errors, or none while still not imported, e.g. in a preview).
 */
export function outcomeOf(results: SpConfigImportResults): ImportOutcome {
  const perType = Object.values(results.results);
  const sum = (pick: (result: (typeof perType)[number]) => unknown[]) =>
    perType.reduce((total, result) => total + pick(result).length, 0);
  const errors = sum((result) => result.errors);
  const imported = sum((result) => result.importedObjects);
  const types = Object.keys(results.results).sort();
  return {
    status: errors === 0 ? 'SUCCEEDED' : imported > 0 ? 'PARTIALLY_SUCCEEDED' : 'FAILED',
    counts: {
      total: null,
      processed: imported,
      errors,
      warnings: sum((result) => result.warnings),
    },
    resourceType: types.length > 0 ? types.join(',') : null,
  };
}

/**
 * Why a job did not do all it was asked. A FAILED job is the vendor's own failure, with its
 * overall `message` [S]; CANCELLED was stopped on request; a COMPLETE job whose download shows
 * refused objects (`status` PARTIALLY_SUCCEEDED or FAILED, see `outcomeOf`) had its input refused.
 */
export function sailpointFailure(
  job: Pick<SpConfigImportJobStatus, 'status' | 'message'>,
  status: ImportStatus,
): ImportFailure | null {
  if (job.status === 'FAILED') return importFailure('VENDOR_ERROR', job.message);
  if (job.status === 'CANCELLED') return importFailure('INTERRUPTED', job.message);
  if (status === 'FAILED' || status === 'PARTIALLY_SUCCEEDED') return importFailure('REJECTED_BY_VENDOR');
  return null;
}

const UNKNOWN_COUNTS: ImportCounts = { total: null, processed: null, errors: null, warnings: null };

/**
 * A job status (and, for a COMPLETE or FAILED job whose results were read, its outcome) as an
 * Import. Without an outcome a COMPLETE job is SUCCEEDED with null counts: "not known to have
 * errors".
 * The status body carries no file name (the upload's part name is not echoed) and no start time;
 * the import always reads a JSON export document [S], hence format JSON. `preview` is what the
 * gateway knows from creating the job (or from the import it saved before).
 */
export function mapJobStatus(job: SpConfigImportJobStatus, outcome?: ImportOutcome, preview = false): Import {
  const known = isKnownSailpointStatus(job.status) ? SAILPOINT_STATUSES[job.status]! : UNKNOWN_STATUS;
  const complete = job.status === 'COMPLETE';
  const readable = complete || job.status === 'FAILED';
  const item: Import = {
    provider: 'SAILPOINT',
    providerId: job.jobId,
    status: known.status,
    providerStatus: job.status,
    terminal: known.terminal,
    resourceType: null,
    fileName: null,
    format: 'JSON',
    createdAt: new Date(job.created),
    updatedAt: new Date(job.modified),
    startedAt: null,
    completedAt: job.completed ? new Date(job.completed) : null,
    counts: { ...UNKNOWN_COUNTS },
    // Known only at the ends: nothing done while queued, everything once COMPLETE.
    progress: job.status === 'NOT_STARTED' ? 0 : complete ? 1 : null,
    failure: sailpointFailure(job, known.status),
    // Only the creation says so: the status and results of a preview look like any job's [S].
    ...(preview ? { preview: true } : {}),
  };
  return readable && outcome ? withOutcome(item, outcome) : item;
}

/**
 * A finished job as its results download tells it: its counts and types and, when COMPLETE, the
 * status its errors give it. A FAILED job stays FAILED, whatever was imported before it failed.
 */
export function withOutcome(item: Import, outcome: ImportOutcome): Import {
  const status = item.providerStatus === 'FAILED' ? 'FAILED' : outcome.status;
  // A FAILED job keeps the failure its status gave it, message included.
  const failure =
    item.providerStatus === 'FAILED'
      ? (item.failure ?? null)
      : sailpointFailure({ status: item.providerStatus }, status);
  return {
    ...item,
    status,
    resourceType: outcome.resourceType,
    counts: { ...outcome.counts },
    failure,
  };
}

/**
 * A job SailPoint answered 404 for after its `expiration`: gone with its results [S: expiration is
 * when status and results stop being available], so the registry stops asking for it. A job last
 * seen finished keeps its status. One last seen queued or running ended in a way the gateway never
 * saw: it is FAILED (failure EXPIRED), as its outcome cannot be learned any more, and terminal. `providerStatus`
 * stays the last status SailPoint reported.
 */
export function expiredJob(item: Import, expiredAt: Date): Import {
  if (item.terminal) return { ...item, expiredAt };
  return {
    ...item,
    status: 'FAILED',
    terminal: true,
    progress: null,
    expiredAt,
    failure: importFailure('EXPIRED'),
  };
}
