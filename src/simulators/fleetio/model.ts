import type { TimeFormatter } from './time-format.ts';

/** The `status` enum of the List Imports page (specs/VENDOR-REFERENCE.md §1, [B]). */
export const IMPORT_STATUSES = [
  'new',
  'queued',
  'processing',
  'partially_complete',
  'failed',
  'complete',
  'incomplete',
  'rolled_back',
  'rolling_back',
  'unsupported',
] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/**
 * How an import's processing ends. `unsupported` is reached from `new` (the file could not be read)
 * and `incomplete` from `processing` (it stopped part-way); both meanings are undocumented [I].
 */
export type ImportOutcome = 'complete' | 'partially_complete' | 'failed' | 'incomplete' | 'unsupported';

/** Statuses after which nothing more happens by itself (specs/VENDOR-REFERENCE.md §4). */
export const TERMINAL_STATUSES: ReadonlySet<ImportStatus> = new Set([
  'complete',
  'partially_complete',
  'failed',
  'incomplete',
  'unsupported',
  'rolled_back',
]);

/** An import as the simulated account holds it; instants are epoch milliseconds of the simulated clock. */
export interface FleetioImport {
  id: number;
  /** Import class name, e.g. `VehicleImport`. */
  type: string;
  fileName: string;
  fileSize: number;
  note: string | null;
  status: ImportStatus;
  createdAt: number;
  updatedAt: number;
  completedAt: number | null;
  /** Not on the wire: what the row results, records and webhook are made of. */
  rowCount: number;
  outcome: ImportOutcome;
  /** The user who uploaded the file, sent as the webhook's `triggered_by`. */
  uploadedBy: string;
  /** When the file was parsed into rows (entering `queued`), processing began and ended. */
  parsedAt: number | null;
  processingAt: number | null;
  finishedAt: number | null;
}

/** An element of `records` in `GET /v1/imports`, and of `GET /__sim/imports`. */
export interface ImportWire {
  id: number;
  completed_at: string | null;
  file_name: string;
  /** Bytes, written as a string as Fleetio does (specs/VENDOR-REFERENCE.md §5). */
  file_size: string;
  note: string | null;
  type: string;
  status: ImportStatus;
  created_at: string;
  updated_at: string;
}

export function importToWire(item: FleetioImport, time: TimeFormatter): ImportWire {
  return {
    id: item.id,
    completed_at: item.completedAt === null ? null : time(item.completedAt),
    file_name: item.fileName,
    file_size: String(item.fileSize),
    note: item.note,
    type: item.type,
    status: item.status,
    created_at: time(item.createdAt),
    updated_at: time(item.updatedAt),
  };
}
