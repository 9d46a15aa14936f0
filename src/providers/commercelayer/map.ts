import { importFailure, type ImportFailure } from '../../imports/import-failure.ts';
import type { Import, ImportGroup, ImportStatus } from '../../imports/model.ts';
import { instantMs, type CommerceLayerImportAttributes, type CommerceLayerImportResource } from './wire.ts';

/** The `status` enum of the import resource schema (v7.9.16) [S]. */
export const COMMERCE_LAYER_STATUSES = ['pending', 'in_progress', 'completed', 'interrupted'] as const;
export type CommerceLayerStatus = (typeof COMMERCE_LAYER_STATUSES)[number];

export function isKnownCommerceLayerStatus(status: string): status is CommerceLayerStatus {
  return (COMMERCE_LAYER_STATUSES as readonly string[]).includes(status);
}

export interface StatusReading {
  status: ImportStatus;
  terminal: boolean;
}

export interface MapOptions {
  /**
   * The gateway itself sent `_interrupt` for this import. Only then is `interrupted` a
   * cancellation; otherwise the vendor stopped it (more than 10 % errors [D]).
   */
  interruptedByGateway?: boolean;
  /**
   * Whether the import's `errors_log` holds anything. Read only for a `completed` import whose
   * `errors_count` is null (the vendor allows null counts, specs/VENDOR-REFERENCE.md §3): then
   * the log alone says whether anything failed. Unknown there, the import reads
   * PARTIALLY_SUCCEEDED, which claims no success the gateway cannot show.
   */
  errorsLogged?: boolean;
}

type StatusCounts = Pick<CommerceLayerImportAttributes, 'status' | 'processed_count' | 'errors_count'>;

/**
 * `completed`, judged from the counts: no error is SUCCEEDED, errors with records processed
 * PARTIALLY_SUCCEEDED, errors and nothing processed FAILED. An import of 0 inputs (0 processed,
 * 0 errors) did all it was asked without an error: SUCCEEDED [I]. A null count is unknown, never
 * 0: a null `errors_count` leaves it to the `errors_log`, and with errors but a null
 * `processed_count` records may have been written, so it is not FAILED.
 */
function completedStatus(attributes: StatusCounts, options: MapOptions): ImportStatus {
  const { errors_count: errors, processed_count: processed } = attributes;
  if (errors === null) return options.errorsLogged === false ? 'SUCCEEDED' : 'PARTIALLY_SUCCEEDED';
  if (errors === 0) return 'SUCCEEDED';
  return processed === 0 ? 'FAILED' : 'PARTIALLY_SUCCEEDED';
}

/**
 * `interrupted` the gateway did not send is the vendor's stop past 10 % of errors [D]. Records
 * written before the stop stay written (`processed_count` counts records created or updated,
 * resource schema [S]; failed inputs are `errors_count`, apart), so with any processed it is
 * PARTIALLY_SUCCEEDED whatever the errors; FAILED only when the vendor says 0 were processed.
 */
function interruptedStatus(attributes: StatusCounts, options: MapOptions): ImportStatus {
  if (options.interruptedByGateway) return 'CANCELLED';
  return attributes.processed_count === 0 ? 'FAILED' : 'PARTIALLY_SUCCEEDED';
}

/**
 * specs/VENDOR-REFERENCE.md §4, with the vendor's facts of specs/VENDOR-REFERENCE.md §3. A status the
 * gateway does not know is RUNNING and not terminal: it claims neither success nor failure, and
 * watchers keep polling until the vendor says something known; the raw value still reaches
 * clients as `providerStatus`.
 */
export function mapCommerceLayerStatus(attributes: StatusCounts, options: MapOptions = {}): StatusReading {
  switch (attributes.status) {
    case 'pending':
      return { status: 'PENDING', terminal: false };
    case 'in_progress':
      return { status: 'RUNNING', terminal: false };
    case 'completed':
      return { status: completedStatus(attributes, options), terminal: true };
    case 'interrupted':
      return { status: interruptedStatus(attributes, options), terminal: true };
    default:
      return { status: 'RUNNING', terminal: false };
  }
}

/** Whether a vendor log (`errors_log`, any JSON) holds an entry. */
export function hasEntries(log: unknown): boolean {
  if (log === null || log === undefined) return false;
  return typeof log === 'object' ? Object.keys(log).length > 0 : true;
}

/** Whether mapping this import needs its `errors_log` (MapOptions.errorsLogged). */
export function needsErrorsLog(attributes: StatusCounts): boolean {
  return attributes.status === 'completed' && attributes.errors_count === null;
}

/**
 * Imports the vendor can select with one conjunction of Ransack conditions. `statuses` may hold
 * `other`: every status the gateway does not know (read as RUNNING), selected with `status_not_in`.
 */
export interface VendorSelection {
  statuses: readonly (CommerceLayerStatus | 'other')[];
  /** Count predicates, e.g. `{ errors_count_eq: '0' }` or `{ errors_count_null: 'true' }`. */
  counts: Readonly<Record<string, string>>;
  /** Holds imports of statuses not wanted too (see `vendorSelectionsFor`): each is checked here. */
  mixed?: boolean;
}

const completed = (counts: Record<string, string>): VendorSelection => ({ statuses: ['completed'], counts });
const interrupted = (counts: Record<string, string>): VendorSelection => ({
  statuses: ['interrupted'],
  counts,
});

const COMPLETED_SUCCEEDED = completed({ errors_count_eq: '0' });
/** SUCCEEDED or PARTIALLY_SUCCEEDED as the `errors_log` says, which no Ransack predicate reads. */
const COMPLETED_ERRORS_UNKNOWN = completed({ errors_count_null: 'true' });
const COMPLETED_PARTIAL = completed({ errors_count_gt: '0', processed_count_gt: '0' });
const COMPLETED_PARTIAL_UNKNOWN = completed({ errors_count_gt: '0', processed_count_null: 'true' });
const COMPLETED_FAILED = completed({ errors_count_gt: '0', processed_count_eq: '0' });
const COMPLETED_PARTS = [
  COMPLETED_SUCCEEDED,
  COMPLETED_ERRORS_UNKNOWN,
  COMPLETED_PARTIAL,
  COMPLETED_PARTIAL_UNKNOWN,
  COMPLETED_FAILED,
];
const INTERRUPTED_PROCESSED = interrupted({ processed_count_gt: '0' });
const INTERRUPTED_UNKNOWN = interrupted({ processed_count_null: 'true' });
const INTERRUPTED_NOTHING = interrupted({ processed_count_eq: '0' });
const INTERRUPTED_PARTS = [INTERRUPTED_PROCESSED, INTERRUPTED_UNKNOWN, INTERRUPTED_NOTHING];

/**
 * The inverse of `mapCommerceLayerStatus` without gateway interruptions: disjoint selections
 * whose union is every import of one normalized status (a NULL count matches no comparison in
 * Ransack, so each null case has its own `_null` selection). One selection is shared:
 * COMPLETED_ERRORS_UNKNOWN holds SUCCEEDED and PARTIALLY_SUCCEEDED imports. CANCELLED, ROLLING_BACK and ROLLED_BACK select nothing here; the gateway's
 * own interruptions are added by `vendorSelectionsFor`.
 */
const SELECTIONS: Record<ImportStatus, readonly VendorSelection[]> = {
  PENDING: [{ statuses: ['pending'], counts: {} }],
  RUNNING: [{ statuses: ['in_progress', 'other'], counts: {} }],
  SUCCEEDED: [COMPLETED_SUCCEEDED, COMPLETED_ERRORS_UNKNOWN],
  PARTIALLY_SUCCEEDED: [
    COMPLETED_PARTIAL,
    COMPLETED_PARTIAL_UNKNOWN,
    COMPLETED_ERRORS_UNKNOWN,
    INTERRUPTED_PROCESSED,
    INTERRUPTED_UNKNOWN,
  ],
  FAILED: [COMPLETED_FAILED, INTERRUPTED_NOTHING],
  CANCELLED: [],
  ROLLING_BACK: [],
  ROLLED_BACK: [],
};

/** A group of parts that together are all of one vendor status, said as that status alone. */
function merged(parts: VendorSelection[], group: VendorSelection[]): VendorSelection[] {
  if (!group.every((part) => parts.includes(part))) return parts;
  return [...parts.filter((part) => !group.includes(part)), { statuses: group[0]!.statuses, counts: {} }];
}

/**
 * Disjoint vendor selections covering the imports of `statuses`, merged where a plain status list
 * says the same: every selection without count predicates joins one status list. With
 * `gatewayInterrupts` (the gateway interrupted some imports, read CANCELLED whatever their counts)
 * CANCELLED selects every `interrupted` import. A selection is `mixed` when it also holds imports
 * of a status not wanted, which the vendor cannot tell apart: a completed import with a null
 * `errors_count` is SUCCEEDED or PARTIALLY_SUCCEEDED by its log, an `interrupted` one CANCELLED
 * only when the gateway interrupted it. The mapped status decides those here.
 */
export function vendorSelectionsFor(
  statuses: readonly ImportStatus[],
  gatewayInterrupts = false,
): VendorSelection[] {
  const wanted = new Set(statuses);
  let parts = [...new Set([...wanted].flatMap((status) => SELECTIONS[status]))];
  if (gatewayInterrupts && wanted.has('CANCELLED')) parts = [...new Set([...parts, ...INTERRUPTED_PARTS])];
  parts = merged(merged(parts, COMPLETED_PARTS), INTERRUPTED_PARTS);
  const plain = parts.filter((part) => Object.keys(part.counts).length === 0);
  const counted = parts.filter((part) => Object.keys(part.counts).length > 0);
  const selections =
    plain.length === 0
      ? counted
      : [{ statuses: plain.flatMap((part) => part.statuses), counts: {} }, ...counted];
  const outcomes = (['CANCELLED', 'FAILED', 'PARTIALLY_SUCCEEDED'] as const).filter((status) =>
    wanted.has(status),
  ).length;
  const logDecides = wanted.has('SUCCEEDED') !== wanted.has('PARTIALLY_SUCCEEDED');
  const gatewayDecides = gatewayInterrupts && outcomes > 0 && outcomes < 3;
  return selections.map((selection) => {
    const plainPart = Object.keys(selection.counts).length === 0;
    const mixed =
      (logDecides &&
        (selection === COMPLETED_ERRORS_UNKNOWN ||
          (plainPart && selection.statuses.includes('completed')))) ||
      (gatewayDecides && selection.statuses.includes('interrupted'));
    return mixed ? { ...selection, mixed: true } : selection;
  });
}

/**
 * Why an import did not do all it was asked. Commerce Layer writes no overall message (the
 * `errors_log`, `messages`, names each refused input): an interruption the gateway sent is
 * INTERRUPTED, any other the vendor's stop past 10 % of errors [D]; a `completed` import with
 * failed inputs had them refused.
 */
export function commerceLayerFailure(
  attributes: Pick<CommerceLayerImportAttributes, 'status'>,
  status: ImportStatus,
  options: MapOptions = {},
): ImportFailure | null {
  if (attributes.status === 'interrupted') {
    return importFailure(options.interruptedByGateway ? 'INTERRUPTED' : 'ERROR_THRESHOLD_REACHED');
  }
  if (status === 'FAILED' || status === 'PARTIALLY_SUCCEEDED') return importFailure('REJECTED_BY_VENDOR');
  return null;
}

/** Share of the inputs handled: `processed_count + errors_count` is where the import stopped [D]. */
function progressOf(attributes: CommerceLayerImportAttributes): number | null {
  if (attributes.status === 'completed') return 1;
  const size = attributes.inputs_size;
  const { processed_count: processed, errors_count: errors } = attributes;
  if (size === null || size === 0 || processed === null || errors === null) return null;
  return Math.min(1, Math.max(0, (processed + errors) / size));
}

const blankToNull = (value: string | null) => (value === null || value.trim() === '' ? null : value);

/** `n/N` of `progress_number`, as sdk-utils writes it (`${jobNum}/${totJobs}`) [S]. */
const PROGRESS_NUMBER = /^([1-9]\d{0,5})\/([1-9]\d{0,5})$/;

/**
 * The split an import is a part of, from the marks the vendor's sdk-utils `splitInputJob` [S] and
 * the gateway (create-plan.ts) put in `metadata`: `group_id` and `progress_number` `n/N`. Both are
 * needed: sdk-utils also marks a batch that fit in one import (`1/1`), which is no split, and
 * writes no `group_id` when asked not to. Marks that do not read as a part (n above N) are ignored.
 */
export function groupOf(split: CommerceLayerImportAttributes['split']): ImportGroup | null {
  if (!split || typeof split.groupId !== 'string' || split.groupId.trim() === '') return null;
  const numbers =
    typeof split.progressNumber === 'string' ? PROGRESS_NUMBER.exec(split.progressNumber) : null;
  if (!numbers) return null;
  const part = Number(numbers[1]);
  const parts = Number(numbers[2]);
  return parts >= 2 && part <= parts ? { id: split.groupId, part, parts } : null;
}

/**
 * One validated Commerce Layer import as the gateway's Import. An import has no file name (the
 * inputs are posted in the body; `attachment_url` is the vendor's own gzip copy), so fileName is
 * null; `format` is `json` or `csv`, lower case. completedAt is when it ended either way:
 * `completed_at`, or `interrupted_at` for an interrupted import.
 */
export function importFromCommerceLayer(
  resource: CommerceLayerImportResource,
  options: MapOptions = {},
): Import {
  const attributes = resource.attributes;
  const reading = mapCommerceLayerStatus(attributes, options);
  const date = (value: string | null) => (value === null ? null : new Date(instantMs(value)));
  const format = blankToNull(attributes.format);
  return {
    provider: 'COMMERCE_LAYER',
    providerId: resource.id,
    status: reading.status,
    providerStatus: attributes.status,
    terminal: reading.terminal,
    resourceType: blankToNull(attributes.resource_type),
    fileName: null,
    format: format === null ? null : format.trim().toLowerCase(),
    createdAt: new Date(instantMs(attributes.created_at)),
    updatedAt: new Date(instantMs(attributes.updated_at)),
    startedAt: date(attributes.started_at),
    completedAt: date(attributes.completed_at ?? attributes.interrupted_at),
    counts: {
      total: attributes.inputs_size,
      processed: attributes.processed_count,
      errors: attributes.errors_count,
      warnings: attributes.warnings_count,
    },
    progress: progressOf(attributes),
    failure: commerceLayerFailure(attributes, reading.status, options),
    reference: blankToNull(attributes.reference ?? null),
    group: groupOf(attributes.split ?? null),
  };
}
