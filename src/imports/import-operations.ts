import type { Import } from './model.ts';

/**
 * The writes of ImportSource (create, interrupt, delete, track) in domain terms. Field names are
 * the ones of `CreateImportInput`, so a problem's `field` path is already in the caller's words.
 */
export interface CreateImportRequest {
  idempotencyKey?: string;
  resourceType?: string;
  /** Default JSON. */
  format?: 'JSON' | 'CSV';
  inputs?: unknown;
  parentResourceId?: string;
  skipErrors?: boolean;
  reference?: string;
  referenceOrigin?: string;
  metadata?: unknown;
  document?: unknown;
  options?: unknown;
  preview?: boolean;
}

/** What `trackImport` may say besides the vendor's id. */
export interface TrackOptions {
  /**
   * The key of a createImport call whose answer was lost: the tracked job becomes that call's
   * result, so retries under the key answer it.
   */
  idempotencyKey?: string;
}

/** The codes a caller sees on a problem (README, Errors). */
export type ProblemCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'UNSUPPORTED_OPERATION'
  | 'RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_ERROR';

/** One `UserError`: `field` is relative to the mutation's `input`, e.g. `['resourceType']`. */
export interface InputProblem {
  field?: string[];
  message: string;
  code: ProblemCode;
  /** When a retry may get through, in seconds, when a vendor failure came with a hint. */
  retryAfterSeconds?: number;
}

export interface CreateOutcome {
  /** Every import that exists because of this call (or of earlier calls with its key), in order. */
  imports: Import[];
  problems: InputProblem[];
}

/**
 * A problem the caller can fix or act on, thrown by an operation (interrupting a finished import,
 * deleting one that is gone); the resolver turns it into a `userErrors` entry.
 */
export class ImportOperationError extends Error {
  constructor(
    readonly code: ProblemCode,
    message: string,
    readonly field?: string[],
  ) {
    super(message);
    this.name = 'ImportOperationError';
  }

  get problem(): InputProblem {
    return this.field
      ? { field: this.field, message: this.message, code: this.code }
      : { message: this.message, code: this.code };
  }
}

export function problem(code: ProblemCode, message: string, field?: string[]): InputProblem {
  return field ? { field, message, code } : { message, code };
}
