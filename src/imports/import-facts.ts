import type { ImportProvider } from './model.ts';

/**
 * Things the gateway learned about one import that the vendor will not tell again:
 * - `interrupted-by-gateway`: the gateway sent Commerce Layer's `_interrupt`, so `interrupted`
 *   means CANCELLED, not the vendor's 10 % error stop (specs/VENDOR-REFERENCE.md §4);
 * - `results`: SailPoint's results download of a COMPLETE job, which never changes once written
 *   and disappears at the job's `expiration`;
 * - `expiration`: when SailPoint stops answering for a job;
 * - `results-due`: a SailPoint job registered COMPLETE without a vendor call, whose download must
 *   still be read to know whether it PARTIALLY_SUCCEEDED;
 * - `results-refused`: SailPoint refused the results download of a FAILED job, which is tried once.
 * Values are JSON.
 */
export type ImportFactKind =
  'interrupted-by-gateway' | 'results' | 'expiration' | 'results-due' | 'results-refused';

export interface ImportFacts {
  /**
   * Whether other instances write these facts too (Redis). When not, what this process wrote is
   * all there is, and a reader may keep what it read.
   */
  readonly shared: boolean;
  get(provider: ImportProvider, providerId: string, kind: ImportFactKind): Promise<unknown>;
  set(
    provider: ImportProvider,
    providerId: string,
    kind: ImportFactKind,
    value: unknown,
    now: number,
  ): Promise<void>;
  remove(provider: ImportProvider, providerId: string, kind: ImportFactKind): Promise<void>;
  /** Every import of the provider with a fact of this kind. */
  idsWith(provider: ImportProvider, kind: ImportFactKind): Promise<string[]>;
}
