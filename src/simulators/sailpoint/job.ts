import type { ImportUpload } from './upload.ts';
import type { SpConfigImportResults } from './results.ts';

/** SpConfigJob.status in the spec; nothing in the API cancels, but the enum has CANCELLED [S]. */
export const IMPORT_JOB_STATUSES = ['NOT_STARTED', 'IN_PROGRESS', 'COMPLETE', 'CANCELLED', 'FAILED'] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];
export type TerminalStatus = Extract<ImportJobStatus, 'COMPLETE' | 'CANCELLED' | 'FAILED'>;

export function isImportJobStatus(value: unknown): value is ImportJobStatus {
  return typeof value === 'string' && (IMPORT_JOB_STATUSES as readonly string[]).includes(value);
}

export function isTerminal(status: ImportJobStatus): status is TerminalStatus {
  return status === 'COMPLETE' || status === 'CANCELLED' || status === 'FAILED';
}

/** The overall message of a COMPLETE job, from the spec's status example [S]. */
export const COMPLETE_MESSAGE = 'Download import results for details.';

/** One sp-config import job as the simulator holds it; instants are simulated epoch milliseconds. */
export interface ImportJob {
  jobId: string;
  status: ImportJobStatus;
  /** Overall message; set once the job ends. */
  message: string | null;
  /** Undeclared in the spec but present (as null) in its example [S]. */
  description: string | null;
  created: number;
  modified: number;
  completed: number | null;
  /** Until when status and results are available. */
  expiration: number;
  upload: ImportUpload;
  /** The pre-import backup's job id; decided on acceptance so results never depend on polling. */
  backupExportJobId: string | undefined;
  /**
   * A status the spec does not list, reported instead of `status` (control API only): how clients
   * meet a status the vendor may add. Such a job never moves on.
   */
  undocumentedStatus?: string;
  /** The downloadable results, once COMPLETE. */
  results: SpConfigImportResults | undefined;
}
