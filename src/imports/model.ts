/**
 * The gateway's one model of an import. Every vendor adaptor maps its wire format onto this and
 * nothing past the adaptor folders sees a vendor shape.
 */
import type { ImportFailure } from './import-failure.ts';
import type { ImportProvider } from './provider-roster.ts';

export { IMPORT_PROVIDERS, isImportProvider, providerRank, type ImportProvider } from './provider-roster.ts';

export const IMPORT_STATUSES = [
  'PENDING',
  'RUNNING',
  'SUCCEEDED',
  'PARTIALLY_SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'ROLLING_BACK',
  'ROLLED_BACK',
] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface ImportCounts {
  total: number | null;
  processed: number | null;
  errors: number | null;
  warnings: number | null;
}

/**
 * One part of an import the sender split into several vendor imports (Commerce Layer's inputs
 * past 10,000, split by the gateway or by the vendor's own tools).
 */
export interface ImportGroup {
  /** The split's group id, the same on every part. */
  id: string;
  /** This part's number, 1..parts. */
  part: number;
  /** How many imports the split made, at least 2. */
  parts: number;
}

export interface Import {
  provider: ImportProvider;
  /** The vendor's own id, as the vendor writes it. */
  providerId: string;
  status: ImportStatus;
  /** The vendor's raw status, unchanged, even when the gateway does not know it. */
  providerStatus: string;
  terminal: boolean;
  resourceType: string | null;
  fileName: string | null;
  format: string | null;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  /**
   * Until when the vendor may still change an import that is terminal (a Fleetio rollback); null or
   * absent when nothing can change it any more or it is not terminal yet.
   */
  changeableUntil?: Date | null;
  counts: ImportCounts;
  /** 0..1 where the vendor gives enough to know. */
  progress: number | null;
  /**
   * When the vendor stopped keeping the import and what it reported (SailPoint's `expiration`),
   * set once the gateway found it gone after that instant; absent while the vendor still has it.
   */
  expiredAt?: Date | null;
  /**
   * Why a FAILED, CANCELLED or PARTIALLY_SUCCEEDED import did not do all it was asked
   * (import-failure.ts); null or absent otherwise.
   */
  failure?: ImportFailure | null;
  /**
   * A dry run that imports nothing (SailPoint `preview`); set only where the gateway knows it, as
   * the vendor's status does not say. Absent is false.
   */
  preview?: boolean;
  /**
   * The vendor's own reference for the import, an id of the sender's system (Commerce Layer
   * `reference`); null or absent where the vendor has none.
   */
  reference?: string | null;
  /** The split this import is a part of; null or absent when it is not a part of one. */
  group?: ImportGroup | null;
}

/**
 * An Import read back from JSON (the registry, the creation ledger, the live-state store and its
 * Redis messages): dates travel as ISO strings and come back as Date objects.
 */
export function reviveImport(value: unknown): Import {
  const parsed = value as Record<string, unknown>;
  for (const field of ['createdAt', 'updatedAt', 'startedAt', 'completedAt']) {
    const raw = parsed[field];
    parsed[field] = typeof raw === 'string' ? new Date(raw) : null;
  }
  // Optional: only imports that expired carry it.
  if (typeof parsed.expiredAt === 'string') parsed.expiredAt = new Date(parsed.expiredAt);
  // Optional: only vendors with a way back (Fleetio's rollback) set it.
  if (typeof parsed.changeableUntil === 'string') parsed.changeableUntil = new Date(parsed.changeableUntil);
  return parsed as unknown as Import;
}
