/**
 * The Commerce Layer `import` resource as the simulator holds it. Field names, enums and the
 * filterable/sortable lists come from the vendor's resource schema (specs/commercelayer/
 * import.resource-schema.json, schema v7.9.16) and the constants in limits-and-constants.extract.yaml.
 */

/** `status` enum of the resource schema; the vendor CLI's JOB_STATUSES list the same four. */
export const IMPORT_STATUSES = ['pending', 'in_progress', 'interrupted', 'completed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** sdk-utils `isCompleted()`: the finished statuses. */
export function isTerminal(status: ImportStatus): boolean {
  return status === 'completed' || status === 'interrupted';
}

/** cli-core IMPORT_RESOURCE_TYPES: the resource types an import accepts. */
export const IMPORT_RESOURCE_TYPES = [
  'addresses',
  'bundles',
  'coupons',
  'customer_addresses',
  'customer_payment_sources',
  'customer_subscriptions',
  'customers',
  'gift_cards',
  'line_items',
  'line_item_options',
  'orders',
  'price_tiers',
  'prices',
  'shipping_categories',
  'sku_lists',
  'sku_list_items',
  'sku_options',
  'skus',
  'stock_items',
  'stock_transfers',
  'tags',
  'tax_categories',
] as const;

/** `format`: "one of 'json' (default) or 'csv'". */
export const IMPORT_FORMATS = ['json', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** cli-core `imports.max_size` and sdk-utils `imports.max_size`: inputs per import. */
export const MAX_INPUTS = 10_000;

/** Docs (importing resources): an import is interrupted once its errors pass 10 % of its inputs. */
export const ERROR_THRESHOLD = 0.1;

/** The count attributes, each of which the vendor may send as null. */
export const COUNT_ATTRIBUTES = [
  'inputs_size',
  'errors_count',
  'warnings_count',
  'destroyed_count',
  'processed_count',
] as const;
export type CountAttribute = (typeof COUNT_ATTRIBUTES)[number];

/** Counts nothing has produced yet while an import is pending [I]: all but `inputs_size`, known at creation. */
export const PENDING_UNREPORTED: readonly CountAttribute[] = [
  'errors_count',
  'warnings_count',
  'destroyed_count',
  'processed_count',
];

export type ErrorsLog = Record<string, Record<string, string[]>>;
export type WarningsLog = Record<string, string[]>;

/** One import. Timestamps are epoch milliseconds; the wire writes them as ISO-8601 strings. */
export interface ImportRecord {
  id: string;
  /** Creation order: the vendor's default list order (its primary key) and the snapshot order. */
  serial: number;
  resource_type: string;
  format: ImportFormat;
  parent_resource_id: string | null;
  status: ImportStatus;
  started_at: number | null;
  completed_at: number | null;
  interrupted_at: number | null;
  inputs_size: number;
  errors_count: number;
  warnings_count: number;
  destroyed_count: number;
  processed_count: number;
  errors_log: ErrorsLog;
  warnings_log: WarningsLog;
  cleanup_records: boolean;
  skip_errors: boolean;
  attachment_url: string | null;
  created_at: number;
  updated_at: number;
  reference: string | null;
  reference_origin: string | null;
  metadata: Record<string, unknown>;
  /**
   * Counts written as null on the wire (the vendor's SDK types every count nullable,
   * specs/VENDOR-REFERENCE.md §3): a pending import's, and any a control request set to null.
   * The numbers above still drive processing; they are just not reported.
   */
  unreported?: Set<CountAttribute>;
  /** Processing state while the import is not terminal; dropped when it ends. */
  work?: ImportWork;
}

/**
 * What a running import still needs. `inputs` is a transient field in the resource schema: the
 * vendor keeps the inputs only as the gzipped attachment, so they live here and are not returned.
 */
export interface ImportWork {
  inputs: Record<string, unknown>[];
  /** Keys processed so far, to spot duplicates. */
  seenKeys: Set<string>;
  /** Inputs handled per progress step, fixed when processing starts. */
  chunk: number;
  /** When the next lifecycle step is due (start for `pending`, progress for `in_progress`). */
  nextAt: number;
}

/** The attribute kinds filters and sorts compare by. */
export type AttributeKind = 'string' | 'integer' | 'datetime' | 'object';

/**
 * Fetchable attributes in the resource schema's order, with the kind of value each holds.
 * `filterable`/`sortable` copy the schema's flags.
 */
export const IMPORT_ATTRIBUTES: readonly {
  name: string;
  kind: AttributeKind | 'boolean' | 'inputs';
  filterable: boolean;
  sortable: boolean;
}[] = [
  { name: 'resource_type', kind: 'string', filterable: true, sortable: true },
  { name: 'format', kind: 'string', filterable: true, sortable: true },
  { name: 'parent_resource_id', kind: 'string', filterable: true, sortable: true },
  { name: 'status', kind: 'string', filterable: true, sortable: true },
  { name: 'started_at', kind: 'datetime', filterable: true, sortable: true },
  { name: 'completed_at', kind: 'datetime', filterable: true, sortable: true },
  { name: 'interrupted_at', kind: 'datetime', filterable: true, sortable: true },
  { name: 'inputs', kind: 'inputs', filterable: false, sortable: false },
  { name: 'inputs_size', kind: 'integer', filterable: true, sortable: true },
  { name: 'errors_count', kind: 'integer', filterable: true, sortable: true },
  { name: 'warnings_count', kind: 'integer', filterable: true, sortable: true },
  { name: 'destroyed_count', kind: 'integer', filterable: true, sortable: true },
  { name: 'processed_count', kind: 'integer', filterable: true, sortable: true },
  { name: 'errors_log', kind: 'object', filterable: true, sortable: false },
  { name: 'warnings_log', kind: 'object', filterable: true, sortable: false },
  { name: 'cleanup_records', kind: 'boolean', filterable: false, sortable: false },
  { name: 'skip_errors', kind: 'boolean', filterable: false, sortable: false },
  { name: 'attachment_url', kind: 'string', filterable: true, sortable: true },
  { name: 'created_at', kind: 'datetime', filterable: true, sortable: true },
  { name: 'updated_at', kind: 'datetime', filterable: true, sortable: true },
  { name: 'reference', kind: 'string', filterable: true, sortable: true },
  { name: 'reference_origin', kind: 'string', filterable: true, sortable: true },
  { name: 'metadata', kind: 'object', filterable: true, sortable: false },
];

/** `relationships` of the resource schema. */
export const IMPORT_RELATIONSHIPS = ['events', 'event_stores'] as const;

/** SDK ImportCreate: what a POST may set. */
export const CREATABLE_ATTRIBUTES = new Set([
  'resource_type',
  'format',
  'parent_resource_id',
  'inputs',
  'cleanup_records',
  'skip_errors',
  'reference',
  'reference_origin',
  'metadata',
]);

/** SDK ImportUpdate: what a PATCH may set (`_interrupt` is a trigger, never returned). */
export const UPDATABLE_ATTRIBUTES = new Set(['_interrupt', 'reference', 'reference_origin', 'metadata']);
