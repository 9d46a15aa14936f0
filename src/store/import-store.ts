import type { Import, ImportProvider } from '../imports/model.ts';
import type { ImportConditions, ListRequest } from '../providers/import-source.ts';
import type { CreationLedger } from './creation-ledger.ts';
import type { ImportFacts } from './import-facts.ts';

/**
 * Durable memory of imports the gateway cannot list from the vendor (SailPoint jobs it created or
 * was told about) with their last known state. Queries answer in the gateway's total order, so a
 * registry-backed provider pages exactly like a vendor that lists.
 */
export interface ImportStore {
  /** Inserts or replaces the last known state; `refreshedAt` is when it was read from the vendor. */
  save(item: Import, refreshedAt: number): void;
  list(provider: ImportProvider, request: ListRequest): StoredImport[];
  count(provider: ImportProvider, conditions: ImportConditions): number;
  get(provider: ImportProvider, providerIds: readonly string[]): Map<string, StoredImport>;
  /** Idempotency keys of createImport and the vendor imports created under each. */
  readonly creations: CreationLedger;
  /** What the gateway learned about imports by acting on them (interrupts, SailPoint results). */
  readonly facts: ImportFacts;
  close(): void;
}

export interface StoredImport {
  item: Import;
  refreshedAt: number;
}
