import type { Import, ImportProvider } from './model.ts';
import type { ImportConditions, ListRequest } from './import-source.ts';
import type { CreationLedger } from './creation-ledger.ts';
import type { ImportFacts } from './import-facts.ts';

/**
 * Durable memory of imports the gateway cannot list from the vendor (SailPoint jobs it created or
 * was told about) with their last known state. Queries answer in the gateway's total order, so a
 * registry-backed provider pages exactly like a vendor that lists. Embedded: SQLite in DATA_DIR;
 * with REDIS_URL, Redis, shared by every instance.
 */
export interface ImportStore {
  /**
   * Inserts or replaces the last known state; `refreshedAt` is when it was read from the vendor.
   * A state the vendor modified before the stored one (an older `updatedAt`) is ignored, so two
   * instances refreshing one job at once cannot put an older state back, whatever their clocks.
   */
  save(item: Import, refreshedAt: number): Promise<void>;
  list(provider: ImportProvider, request: ListRequest): Promise<StoredImport[]>;
  count(provider: ImportProvider, conditions: ImportConditions): Promise<number>;
  get(provider: ImportProvider, providerIds: readonly string[]): Promise<Map<string, StoredImport>>;
  /** Idempotency keys of createImport and the vendor imports created under each. */
  readonly creations: CreationLedger;
  /** What the gateway learned about imports by acting on them (interrupts, SailPoint results). */
  readonly facts: ImportFacts;
  close(): Promise<void>;
}

export interface StoredImport {
  item: Import;
  refreshedAt: number;
}
