/**
 * Why an import did not do all it was asked, in the gateway's words (README, Import failures). Set
 * for FAILED, CANCELLED and PARTIALLY_SUCCEEDED imports, null otherwise: a frontend shows one
 * reason beside the status without knowing a vendor.
 */
export const IMPORT_FAILURE_CODES = [
  /** The vendor refused some or all of the input (rows, objects, records). */
  'REJECTED_BY_VENDOR',
  /** The vendor stopped the import itself once too many inputs failed (Commerce Layer, 10 %). */
  'ERROR_THRESHOLD_REACHED',
  /** Stopped on request (the gateway's interrupt, or a cancel in the vendor). */
  'INTERRUPTED',
  /** The vendor deleted the job before the gateway saw it end (SailPoint `expiration`). */
  'EXPIRED',
  /** The vendor ended the job in failure for a reason of its own. */
  'VENDOR_ERROR',
  /** Failed in a way the vendor does not explain. */
  'UNKNOWN',
] as const;
export type ImportFailureCode = (typeof IMPORT_FAILURE_CODES)[number];

export interface ImportFailure {
  code: ImportFailureCode;
  /** The vendor's own words where it gives some (SailPoint's job message); otherwise null. */
  message: string | null;
}

/** A failure with the vendor's message, a blank one read as none. */
export function importFailure(code: ImportFailureCode, message?: string | null): ImportFailure {
  return { code, message: message?.trim() ? message.trim() : null };
}
