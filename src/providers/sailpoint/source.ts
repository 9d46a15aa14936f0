import type { SailpointSettings } from './settings.ts';
import type { Import, ImportStatus } from '../../imports/model.ts';
import type { Logger } from '../../log.ts';
import type { ImportStore, StoredImport } from '../../imports/import-store.ts';
import type {
  ImportConditions,
  ImportCount,
  ImportReference,
  ImportSource,
  ListRequest,
  ListResult,
  ProviderCapability,
} from '../../imports/import-source.ts';
import type { UpstreamClientOptions } from '../http/upstream-client.ts';
import { SailpointClient } from './client.ts';
import { narrowsToReferences } from '../../imports/conditions.ts';
import { SAILPOINT_JOB_IDS } from './ids.ts';
import { SAILPOINT_STATUSES, UNKNOWN_STATUS } from './map.ts';
import { JobRefresher } from './refresh.ts';
import type { DetailPage, DetailPageRequest, ImportMessage, ImportRecord } from '../../imports/detail.ts';
import type { CreateImportRequest, CreateOutcome, TrackOptions } from '../../imports/import-operations.ts';
import { SailpointOperations } from './operations.ts';
import { SailpointResults } from './results-cache.ts';
import { PendingOutcomes } from './outcomes.ts';
import { NO_FOREIGN_FIELDS, type ForeignFields } from '../create-fields.ts';

export interface SailpointSourceOptions {
  store: ImportStore;
  log: Logger;
  /** How old the last read of a non-terminal job may be before a list or lookup reads it again. Default 5 s. */
  refreshAfterMs?: number;
  /** The gateway's clock for refresh ages and token lifetimes; default Date.now. */
  now?: () => number;
  /** Timeouts and pool size of the connection to the tenant. */
  upstream?: UpstreamClientOptions;
  /** The other vendors' create fields, refused by name; default none. */
  foreignFields?: ForeignFields;
}

export const DEFAULT_REFRESH_AFTER_MS = 5_000;

const PROVIDER = 'SAILPOINT';

/**
 * How many stale non-terminal jobs one list reads ahead of its page at most. SailPoint jobs end
 * within minutes, so a registry rarely holds more than a few; the cap keeps a burst (e.g. a large
 * registration) from costing one list hundreds of requests, at the price of exactness for jobs
 * beyond it until a page or lookup shows them.
 */
const MAX_CANDIDATES = 100;

/** Normalized statuses a non-terminal SailPoint job can have (an unknown status reads as RUNNING). */
const NON_TERMINAL_STATUSES: ImportStatus[] = [
  ...new Set([
    ...Object.values(SAILPOINT_STATUSES)
      .filter((mapping) => !mapping.terminal)
      .map((mapping) => mapping.status),
    UNKNOWN_STATUS.status,
  ]),
];

/**
 * The answer to a reference or group condition: a job has no reference and is never split
 * (`SpConfigJob`, specs/VENDOR-REFERENCE.md §2), so none matches and nothing is read.
 */
const NO_REFERENCES: ListResult = { items: [], complete: true, count: { count: 0, estimate: false } };

/** Whether reading a job again can change where it stands in `request` (status, modified, object types). */
function dependsOnLiveFields({ order, conditions }: ListRequest): boolean {
  return (
    order.field === 'UPDATED_AT' ||
    conditions.statuses !== undefined ||
    conditions.resourceTypes !== undefined ||
    conditions.updatedAfter !== undefined ||
    conditions.updatedBefore !== undefined
  );
}

/**
 * SailPoint ISC behind the gateway. The vendor has no endpoint that lists import jobs [S], so
 * lists, counts and lookups are answered from the registry (the ImportStore), which holds every
 * job the gateway created or was told about with its last known state, in the total order and
 * with exact filters. Non-terminal jobs on an answer are read again from the vendor first.
 */
class SailpointSource implements ImportSource {
  readonly provider = PROVIDER;
  // No INTERRUPT or DELETE: the sp-config API has no call to cancel or remove an import job [S].
  readonly capabilities: ReadonlySet<ProviderCapability> = new Set<ProviderCapability>([
    'LIST',
    'CREATE',
    'TRACK',
    'MESSAGES',
    'RECORDS',
  ]);
  readonly ids = SAILPOINT_JOB_IDS;
  private readonly operations: SailpointOperations;

  constructor(
    private readonly store: ImportStore,
    private readonly client: SailpointClient,
    private readonly refresher: JobRefresher,
    private readonly outcomes: PendingOutcomes,
    results: SailpointResults,
    now: () => number,
    foreignFields: ForeignFields,
  ) {
    this.operations = new SailpointOperations({
      client,
      store,
      results,
      now,
      foreignFields,
      lookUp: (ids, signal) =>
        this.get(
          ids.map((providerId) => ({ providerId })),
          signal,
        ),
    });
  }

  create(request: CreateImportRequest, signal?: AbortSignal): Promise<CreateOutcome> {
    return this.operations.create(request, signal);
  }

  track(providerId: string, signal?: AbortSignal, options?: TrackOptions): Promise<Import | undefined> {
    return this.operations.track(providerId, signal, options);
  }

  messages(item: Import, page: DetailPageRequest, signal?: AbortSignal): Promise<DetailPage<ImportMessage>> {
    return this.operations.messages(item, page, signal);
  }

  records(item: Import, page: DetailPageRequest, signal?: AbortSignal): Promise<DetailPage<ImportRecord>> {
    return this.operations.records(item, page, signal);
  }

  /**
   * Served by the registry, exact for the vendor's state as of at most one refresh interval ago.
   * A refreshed job may leave the page (its status no longer matches), enter it (a job stored as
   * RUNNING that has since SUCCEEDED, or now has object types) or move in it (its `modified`
   * changed). So, first, when the order or a condition looks at what a refresh can change, every
   * stale non-terminal job that could be on the page is read again; then the page is read from the
   * registry, its own stale jobs are refreshed (there are some only when there were too many
   * candidates) and it is read again. A job is read at most once per call. Jobs registered
   * COMPLETE whose download decides their status (PendingOutcomes) are settled the same way: all
   * of them first when the request looks at status or object types, else those on the page.
   */
  async list(request: ListRequest, signal?: AbortSignal): Promise<ListResult> {
    if (narrowsToReferences(request.conditions)) return NO_REFERENCES;
    const readNow = new Set<string>();
    if (dependsOnLiveFields(request)) {
      await this.outcomes.settle(await this.outcomes.due(), signal);
      const { createdAfter, createdBefore } = request.conditions;
      const candidates = await this.store.list(PROVIDER, {
        order: request.order,
        // Creation never changes, so in creation order a job behind the cursor stays behind it.
        after: request.order.field === 'CREATED_AT' ? request.after : undefined,
        limit: MAX_CANDIDATES,
        conditions: { statuses: NON_TERMINAL_STATUSES, createdAfter, createdBefore },
      });
      await this.refreshDue(candidates, readNow, signal);
    }
    for (;;) {
      const page = await this.store.list(PROVIDER, request);
      const ids = page.map((stored) => stored.item.providerId);
      // Both run on every pass (no short circuit), and each pass leaves fewer jobs to read.
      const refreshed = await this.refreshDue(page, readNow, signal);
      const settled = await this.outcomes.settle(ids, signal);
      if (!refreshed && !settled) return { items: page.map((stored) => stored.item) };
    }
  }

  /** Reads the stale jobs among `stored` not yet read in this call; true when there were some. */
  private async refreshDue(
    stored: StoredImport[],
    readNow: Set<string>,
    signal?: AbortSignal,
  ): Promise<boolean> {
    const due = stored
      .filter((entry) => this.refresher.isDue(entry) && !readNow.has(entry.item.providerId))
      .map((entry) => entry.item);
    for (const item of due) readNow.add(item.providerId);
    if (due.length > 0) await this.refresher.refresh(due, signal);
    return due.length > 0;
  }

  /**
   * Counted in the registry and never at the vendor: a count would otherwise cost a request per
   * non-terminal job. Non-terminal jobs count as they were last read (at most a refresh interval
   * old for any job a list has shown).
   */
  async count(conditions: ImportConditions, signal?: AbortSignal): Promise<ImportCount> {
    if (narrowsToReferences(conditions)) return { count: 0, estimate: false };
    // Only a status or type condition can count a job differently once its download is read.
    if (conditions.statuses !== undefined || conditions.resourceTypes !== undefined)
      await this.outcomes.settle(await this.outcomes.due(), signal);
    return { count: await this.store.count(PROVIDER, conditions), estimate: false };
  }

  /** One store query for all ids; jobs the registry does not hold are absent, as the gateway only knows registered jobs. */
  async get(references: readonly ImportReference[], signal?: AbortSignal): Promise<Map<string, Import>> {
    const ids = [...new Set(references.map((reference) => reference.providerId))];
    let found = await this.store.get(PROVIDER, ids);
    const refreshed = await this.refreshDue([...found.values()], new Set(), signal);
    if ((await this.outcomes.settle([...found.keys()], signal)) || refreshed)
      found = await this.store.get(PROVIDER, ids);
    return new Map([...found].map(([id, stored]) => [id, stored.item]));
  }

  isHealthy(): boolean {
    return this.client.isHealthy();
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

export function createSailpointSource(
  settings: SailpointSettings,
  options: SailpointSourceOptions,
): ImportSource {
  const now = options.now ?? Date.now;
  const client = new SailpointClient(settings, { upstream: options.upstream, now, log: options.log });
  const results = new SailpointResults(client, options.store.facts, now);
  const refresher = new JobRefresher(
    client,
    options.store,
    options.log,
    { refreshAfterMs: options.refreshAfterMs ?? DEFAULT_REFRESH_AFTER_MS, now },
    results,
  );
  const outcomes = new PendingOutcomes(options.store, results, options.log, now);
  return new SailpointSource(
    options.store,
    client,
    refresher,
    outcomes,
    results,
    now,
    options.foreignFields ?? NO_FOREIGN_FIELDS,
  );
}
