import type { Import, ImportProvider, ImportStatus } from './model.ts';
import type { ImportOrder, OrderPosition } from './order.ts';
import type { DetailPage, DetailPageRequest, ImportMessage, ImportRecord } from './detail.ts';
import type { CreateImportRequest, CreateOutcome, TrackOptions } from './import-operations.ts';
import type { VendorIdFormat } from './vendor-ids.ts';

export type ProviderCapability =
  'LIST' | 'CREATE' | 'INTERRUPT' | 'DELETE' | 'TRACK' | 'MESSAGES' | 'RECORDS';

/** Filter conditions in domain terms; bounds are exclusive instants in milliseconds. */
export interface ImportConditions {
  statuses?: readonly ImportStatus[];
  resourceTypes?: readonly string[];
  createdAfter?: number;
  createdBefore?: number;
  updatedAfter?: number;
  updatedBefore?: number;
  /** Exactly this vendor reference (`Import.reference`); only imports that have one can match. */
  reference?: string;
  /** Parts of this split (`Import.group.id`); only imports that are parts of one can match. */
  groupId?: string;
}

export interface ListRequest {
  /** The order of the walk (already reversed by the caller for backward pages). */
  order: ImportOrder;
  /** Only items strictly after this position in `order`. */
  after?: OrderPosition;
  /** How many items to return at most; fewer only when the provider has no more. */
  limit: number;
  conditions: ImportConditions;
  /**
   * Whole vendor pages are welcome: fetch at the vendor's largest page size and return every
   * item the fetched pages settle, even past `limit`, saying `complete` when the list ended. The
   * page cache (imports/page-cache.ts) keeps what the page does not show for the next page. A
   * provider may ignore it and return at most `limit` items, as without it.
   */
  prefetch?: boolean;
}

export interface ListResult {
  /** Items strictly after `after`, matching every condition, sorted in `order`. */
  items: Import[];
  /** Imports matching the conditions regardless of `after`, when the provider's answer told it for free. */
  count?: ImportCount;
  /**
   * More items match after the returned ones. A provider may then return `limit - 1` items instead
   * of `limit` (never fewer): the last item only tells the merge that another page exists, and a
   * vendor with small pages (Commerce Layer, 25) saves a request by saying so instead, as does a
   * walk whose last vendor page ended in a tie (providers/ordered-walk.ts).
   */
  more?: boolean;
  /** `items` are every item after `after` that matches: the vendor's list ended within them. */
  complete?: boolean;
  /**
   * The provider checked a condition here over a few vendor pages only (MAX_SCAN_PAGES) and
   * stopped: `items` are every match up to and including this position, and nothing after it
   * was looked at. The merged page must not show anything past it (source-status.ts, INCOMPLETE).
   */
  checkedUntil?: OrderPosition;
}

/**
 * Vendor pages a provider reads at most to check, here, a condition its vendor cannot apply
 * (a reference or group the vendor cannot filter by exactly): a few of the largest pages. Past
 * them the list says INCOMPLETE for that provider rather than read the vendor's whole history.
 */
export const MAX_SCAN_PAGES = 4;

export interface ImportCount {
  count: number;
  /** The vendor only estimates (Fleetio's counts are estimates at any size). */
  estimate: boolean;
  /** Counting stopped at a cap (Fleetio, 500): there may be more. */
  lowerBound?: boolean;
}

/** A reference to one import: the vendor id plus what the global id carries to find it cheaply. */
export interface ImportReference {
  providerId: string;
  /** Creation instant in ms, for vendors that cannot look up by id (Fleetio). */
  createdAt?: number;
}

/**
 * One vendor behind the gateway. The merged connection, loaders, watcher and resolvers know only
 * this interface and the Import model; a fourth vendor is one more implementation.
 */
export interface ImportSource {
  readonly provider: ImportProvider;
  readonly capabilities: ReadonlySet<ProviderCapability>;
  /**
   * What the vendor's import ids look like. Every id a caller hands in is checked against it
   * before any method here receives it (vendor-ids.ts), so methods may put an id in a URL path.
   */
  readonly ids: VendorIdFormat;
  list(request: ListRequest, signal?: AbortSignal): Promise<ListResult>;
  count(conditions: ImportConditions, signal?: AbortSignal): Promise<ImportCount>;
  /** Looks up many imports in as few vendor requests as the vendor allows; absent ones are left out. */
  get(references: readonly ImportReference[], signal?: AbortSignal): Promise<Map<string, Import>>;
  /** False while the provider is known to be failing (its circuit is open). */
  isHealthy(): boolean;

  // Optional operations, each present exactly when its capability is declared. Problems the
  // caller can act on are ImportOperationError (or an outcome's problems); vendor failures are
  // UpstreamError, as for reads.
  /** CREATE: starts one import, or several for a split; honours `idempotencyKey`. */
  create?(request: CreateImportRequest, signal?: AbortSignal): Promise<CreateOutcome>;
  /** INTERRUPT: stops a pending or running import and answers it as it is then. */
  interrupt?(item: Import, signal?: AbortSignal): Promise<Import>;
  /** DELETE: removes the import from the vendor. */
  delete?(item: Import, signal?: AbortSignal): Promise<void>;
  /** TRACK: reads an import created elsewhere and remembers it; undefined when the vendor has none. */
  track?(providerId: string, signal?: AbortSignal, options?: TrackOptions): Promise<Import | undefined>;
  /** MESSAGES: a page of the import's errors, warnings and infos. */
  messages?(item: Import, page: DetailPageRequest, signal?: AbortSignal): Promise<DetailPage<ImportMessage>>;
  /** RECORDS: a page of the records the import created or updated. */
  records?(item: Import, page: DetailPageRequest, signal?: AbortSignal): Promise<DetailPage<ImportRecord>>;
  /** Releases connections and timers. */
  close(): Promise<void>;
}
