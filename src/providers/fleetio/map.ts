import { importFailure, type ImportFailure } from '../../imports/import-failure.ts';
import type { Import, ImportStatus } from '../../imports/model.ts';
import { derivedOnce } from '../http/derived-once.ts';
import { parseFleetioTime, type FleetioImportPage, type FleetioImportWire } from './wire.ts';

interface StatusMapping {
  status: ImportStatus;
  terminal: boolean;
  /**
   * An admin may roll the import back for a while after it completed
   * (specs/VENDOR-REFERENCE.md §1.4).
   */
  rollbackable?: boolean;
  /** Share of the work done, when the status alone tells it. */
  progress: number | null;
}

/**
 * Fleetio's import statuses (specs/VENDOR-REFERENCE.md §1 [B]) onto the normalized set
 * (specs/VENDOR-REFERENCE.md §4). Each vendor status has exactly one normalized status, so a status
 * filter maps back to an exact include list. `incomplete` and `unsupported` are undocumented [I]:
 * read as failures, terminal. Progress is known only where the status says it: nothing done while
 * `new`/`queued`, everything read once `complete`/`partially_complete`; a failure or a rollback may
 * stop anywhere, so it stays null.
 */
export const FLEETIO_STATUSES: Readonly<Record<string, StatusMapping>> = {
  new: { status: 'PENDING', terminal: false, progress: 0 },
  queued: { status: 'PENDING', terminal: false, progress: 0 },
  processing: { status: 'RUNNING', terminal: false, progress: null },
  complete: { status: 'SUCCEEDED', terminal: true, progress: 1, rollbackable: true },
  partially_complete: { status: 'PARTIALLY_SUCCEEDED', terminal: true, progress: 1, rollbackable: true },
  failed: { status: 'FAILED', terminal: true, progress: null },
  incomplete: { status: 'FAILED', terminal: true, progress: null },
  unsupported: { status: 'FAILED', terminal: true, progress: null },
  rolling_back: { status: 'ROLLING_BACK', terminal: false, progress: null },
  rolled_back: { status: 'ROLLED_BACK', terminal: true, progress: null },
};

/**
 * A status the gateway does not know yet. RUNNING and not terminal is the safest reading: it claims
 * neither that nothing happened nor that anything ended, and watchers keep polling until Fleetio
 * says something known. The raw value still reaches clients in `providerStatus`.
 */
const UNKNOWN_STATUS: StatusMapping = { status: 'RUNNING', terminal: false, progress: null };

export function isKnownFleetioStatus(status: string): boolean {
  return Object.hasOwn(FLEETIO_STATUSES, status);
}

export function mapFleetioStatus(status: string): StatusMapping {
  return isKnownFleetioStatus(status) ? FLEETIO_STATUSES[status]! : UNKNOWN_STATUS;
}

/** The Fleetio statuses that normalize to any of `statuses`, for `filter[status][include]`. */
export function fleetioStatusesFor(statuses: readonly ImportStatus[]): string[] {
  return Object.keys(FLEETIO_STATUSES).filter((raw) => statuses.includes(FLEETIO_STATUSES[raw]!.status));
}

/** `csv`, `xlsx`, …: the file's extension, lower case; Fleetio states no format of its own. */
function formatOf(fileName: string | null): string | null {
  const match = fileName && /\.([A-Za-z0-9]{1,10})$/.exec(fileName.trim());
  return match ? match[1]!.toLowerCase() : null;
}

function instant(text: string): Date {
  // wire.ts has already refused anything parseFleetioTime cannot read.
  return new Date(parseFleetioTime(text)!);
}

/**
 * Rollback is open for 24 hours after completion, and only for imports that created records (help
 * centre, specs/VENDOR-REFERENCE.md §1.4). The list does not say whether rows created records (only
 * the row results and the webhook's `created_record_ids` do, one request per import), so every
 * completed import that may have created some gets the window: a window that closes unused only
 * makes a client look again, a missing one lets it take a rolled-back import for final.
 */
const ROLLBACK_WINDOW_MS = 24 * 60 * 60 * 1000;

function changeableUntil(mapped: StatusMapping, completedAt: Date | null, updatedAt: Date): Date | null {
  if (!mapped.rollbackable) return null;
  // Without completed_at, the last change is the latest the import can have completed.
  return new Date((completedAt ?? updatedAt).getTime() + ROLLBACK_WINDOW_MS);
}

/**
 * Why a Fleetio import did not do all it was asked, from its status alone: the list carries no
 * message (the row results, `messages`, say which rows failed). `partially_complete` refused some
 * rows; `unsupported` reads as a refused file and `failed` as the vendor's own failure [I: the
 * vendor documents neither reason]; `incomplete` says nothing of why.
 */
export function fleetioFailure(status: string): ImportFailure | null {
  switch (status) {
    case 'partially_complete':
    case 'unsupported':
      return importFailure('REJECTED_BY_VENDOR');
    case 'failed':
      return importFailure('VENDOR_ERROR');
    case 'incomplete':
      return importFailure('UNKNOWN');
    default:
      return null;
  }
}

/** One validated Fleetio import as the gateway's Import. The list carries no row counts or start time. */
export function importFromFleetio(wire: FleetioImportWire): Import {
  const mapped = mapFleetioStatus(wire.status);
  const fileName = wire.file_name?.trim() ? wire.file_name : null;
  const completedAt = wire.completed_at === null ? null : instant(wire.completed_at);
  const updatedAt = instant(wire.updated_at);
  return {
    provider: 'FLEETIO',
    providerId: String(wire.id),
    status: mapped.status,
    providerStatus: wire.status,
    terminal: mapped.terminal,
    resourceType: wire.type.trim() === '' ? null : wire.type,
    fileName,
    format: formatOf(fileName),
    createdAt: instant(wire.created_at),
    updatedAt,
    startedAt: null,
    completedAt,
    changeableUntil: changeableUntil(mapped, completedAt, updatedAt),
    counts: { total: null, processed: null, errors: null, warnings: null },
    progress: mapped.progress,
    failure: fleetioFailure(wire.status),
  };
}

const mappedPages = new WeakMap<FleetioImportPage, Import[]>();

/** A list page's imports, mapped once per answer however many callers share it (derived-once.ts). */
export function importsOfPage(page: FleetioImportPage): Import[] {
  return derivedOnce(mappedPages, page, () => page.records.map(importFromFleetio));
}
