import type { Import, ImportStatus } from '../../imports/model.ts';
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
   * cancellation; otherwise the vendor stopped it (more than 10 % errors [D]). The gateway learns
   * which imports it interrupted with the next issue; until then this is always false.
   */
  interruptedByGateway?: boolean;
}

type StatusCounts = Pick<CommerceLayerImportAttributes, 'status' | 'processed_count' | 'errors_count'>;

/**
 * providers/README.md §4. `completed` is judged from the counts: no error is SUCCEEDED, errors
 * with some records processed PARTIALLY_SUCCEEDED, errors and nothing processed FAILED. An import
 * of 0 inputs (0 processed, 0 errors) did all it was asked without an error: SUCCEEDED [I].
 * A status the gateway does not know is RUNNING and not terminal: it claims neither success nor
 * failure, and watchers keep polling until the vendor says something known; the raw value still
 * reaches clients as `providerStatus`.
 */
export function mapCommerceLayerStatus(attributes: StatusCounts, options: MapOptions = {}): StatusReading {
  switch (attributes.status) {
    case 'pending':
      return { status: 'PENDING', terminal: false };
    case 'in_progress':
      return { status: 'RUNNING', terminal: false };
    case 'completed':
      if (attributes.errors_count === 0) return { status: 'SUCCEEDED', terminal: true };
      return { status: attributes.processed_count > 0 ? 'PARTIALLY_SUCCEEDED' : 'FAILED', terminal: true };
    case 'interrupted':
      return { status: options.interruptedByGateway ? 'CANCELLED' : 'FAILED', terminal: true };
    default:
      return { status: 'RUNNING', terminal: false };
  }
}

/**
 * Imports the vendor can select with one conjunction of Ransack conditions. `statuses` may hold
 * `other`: every status the gateway does not know (read as RUNNING), selected with `status_not_in`.
 */
export interface VendorSelection {
  statuses: readonly (CommerceLayerStatus | 'other')[];
  /** Count predicates, e.g. `{ errors_count_eq: '0' }`. */
  counts: Readonly<Record<string, string>>;
}

const COMPLETED_SUCCEEDED: VendorSelection = { statuses: ['completed'], counts: { errors_count_eq: '0' } };
const COMPLETED_PARTIAL: VendorSelection = {
  statuses: ['completed'],
  counts: { errors_count_gt: '0', processed_count_gt: '0' },
};
const COMPLETED_FAILED: VendorSelection = {
  statuses: ['completed'],
  counts: { errors_count_gt: '0', processed_count_eq: '0' },
};

/**
 * The exact inverse of `mapCommerceLayerStatus` (without gateway interruptions): disjoint
 * selections whose union is every import of one normalized status. CANCELLED, ROLLING_BACK and
 * ROLLED_BACK select nothing today (CANCELLED will select the gateway's own interruptions).
 */
const SELECTIONS: Record<ImportStatus, readonly VendorSelection[]> = {
  PENDING: [{ statuses: ['pending'], counts: {} }],
  RUNNING: [{ statuses: ['in_progress', 'other'], counts: {} }],
  SUCCEEDED: [COMPLETED_SUCCEEDED],
  PARTIALLY_SUCCEEDED: [COMPLETED_PARTIAL],
  FAILED: [COMPLETED_FAILED, { statuses: ['interrupted'], counts: {} }],
  CANCELLED: [],
  ROLLING_BACK: [],
  ROLLED_BACK: [],
};

/**
 * Disjoint vendor selections covering exactly the imports of `statuses`, merged where a plain
 * status list says the same: the three `completed` parts together are all of `completed`, and
 * every selection without count predicates joins one status list.
 */
export function vendorSelectionsFor(statuses: readonly ImportStatus[]): VendorSelection[] {
  let parts = [...new Set(statuses)].flatMap((status) => SELECTIONS[status]);
  if ([COMPLETED_SUCCEEDED, COMPLETED_PARTIAL, COMPLETED_FAILED].every((part) => parts.includes(part))) {
    parts = [
      ...parts.filter((part) => part.statuses[0] !== 'completed'),
      { statuses: ['completed'], counts: {} },
    ];
  }
  const plain = parts.filter((part) => Object.keys(part.counts).length === 0);
  const counted = parts.filter((part) => Object.keys(part.counts).length > 0);
  return plain.length === 0
    ? counted
    : [{ statuses: plain.flatMap((part) => part.statuses), counts: {} }, ...counted];
}

/** Share of the inputs handled: `processed_count + errors_count` is where the import stopped [D]. */
function progressOf(attributes: CommerceLayerImportAttributes): number | null {
  if (attributes.status === 'completed') return 1;
  const size = attributes.inputs_size;
  if (size === null || size === 0) return null;
  return Math.min(1, Math.max(0, (attributes.processed_count + attributes.errors_count) / size));
}

const blankToNull = (value: string | null) => (value === null || value.trim() === '' ? null : value);

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
  };
}
