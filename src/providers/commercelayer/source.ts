import type { CommerceLayerSettings } from './settings.ts';
import type { Import } from '../../imports/model.ts';
import type { Logger } from '../../log.ts';
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
import type { DetailPage, DetailPageRequest, ImportMessage } from '../../imports/detail.ts';
import type { ImportStore } from '../../imports/import-store.ts';
import { MemoryCreationLedger, MemoryImportFacts } from '../memory-store.ts';
import type { CreateImportRequest, CreateOutcome } from '../../imports/import-operations.ts';
import { GatewayInterrupts } from './gateway-interrupts.ts';
import { COMMERCE_LAYER_IMPORT_IDS } from './ids.ts';
import { MessageBatches } from './message-batches.ts';
import { pageOfLogs } from './message-log.ts';
import { CommerceLayerOperations } from './operations.ts';
import { CommerceLayerClient, type QueryParams } from './client.ts';
import { planCount, planList, type ListPlan } from './list-plan.ts';
import { countByReading, countMatches, type PageReader } from './count-walk.ts';
import { firstRound, OrderBroken, walkByTime, walkInVendorOrder } from './list-walk.ts';
import { walkChecking } from './checking-walk.ts';
import { MAX_SCAN_PAGES } from '../../imports/import-source.ts';
import { PROBE_SIZE, TieOrderProbe } from './tie-order.ts';
import { MAX_PAGE_SIZE, VendorPages, type FetchedPage } from './vendor-pages.ts';
import { hasEntries, importFromCommerceLayer, needsErrorsLog } from './map.ts';
import { MAPPED_ATTRIBUTES, type CommerceLayerImportList, type CommerceLayerImportResource } from './wire.ts';
import { derivedOnce } from '../http/derived-once.ts';
import { NO_FOREIGN_FIELDS, type ForeignFields } from '../create-fields.ts';

export interface CommerceLayerSourceOptions {
  log: Logger;
  /** The gateway's clock for token lifetimes; default Date.now. */
  now?: () => number;
  /** Timeouts and pool size of the connection to the organization. */
  upstream?: UpstreamClientOptions;
  /**
   * Default true: learn once (tie-order.ts) whether the vendor's `id` sort orders imports that
   * share a timestamp as the README does, and if so let pages stop at their last item. False
   * always uses the tie-safe takeAfter walk, which reads past the last timestamp of a page (a page
   * of 50 then costs 3 requests of 25 instead of 2).
   */
  trustTieOrder?: boolean;
  /**
   * Where idempotency keys and the gateway's own interruptions are kept (the registry's SQLite).
   * Without one they live in memory, for this source's lifetime only.
   */
  store?: Pick<ImportStore, 'creations' | 'facts'>;
  /** The other vendors' create fields, refused by name; default none. */
  foreignFields?: ForeignFields;
}

/** What the reads of one call share: its signal, and the imports the gateway interrupted as of its start. */
interface Reading {
  interrupted: ReadonlySet<string>;
  signal?: AbortSignal;
}

/** Only the attributes map.ts reads: never `inputs`, `errors_log` or `warnings_log` (sparse fieldset [D]). */
const FIELDS: readonly [string, string] = ['fields[imports]', MAPPED_ATTRIBUTES.join(',')];

/**
 * Commerce Layer behind the gateway (specs/VENDOR-REFERENCE.md §3): lists, counts and lookups on
 * `GET /api/imports`, filters pushed down as Ransack conditions (list-plan.ts), pages of at most
 * 25 asked concurrently, and the total order of the README kept exactly (list-walk.ts).
 */
class CommerceLayerSource implements ImportSource {
  readonly provider = 'COMMERCE_LAYER';
  // No RECORDS: the vendor lists no records an import created, only counts and logs. No TRACK:
  // the vendor lists every import itself.
  readonly capabilities: ReadonlySet<ProviderCapability> = new Set<ProviderCapability>([
    'LIST',
    'CREATE',
    'INTERRUPT',
    'DELETE',
    'MESSAGES',
  ]);
  readonly ids = COMMERCE_LAYER_IMPORT_IDS;
  private readonly tieOrder: TieOrderProbe;
  private readonly interrupts: GatewayInterrupts;
  private readonly operations: CommerceLayerOperations;
  private readonly messageBatches: MessageBatches;
  /** Each list answer mapped once, however many callers share it (derived-once.ts). */
  private readonly mappedLists = new WeakMap<CommerceLayerImportList, Promise<Import[]>>();

  constructor(
    private readonly client: CommerceLayerClient,
    log: Logger,
    trustTieOrder: boolean,
    store: Pick<ImportStore, 'creations' | 'facts'>,
    now: () => number,
    foreignFields: ForeignFields,
  ) {
    this.tieOrder = new TieOrderProbe(() => this.probeIds(), log, trustTieOrder);
    this.interrupts = new GatewayInterrupts(store.facts, now);
    this.messageBatches = new MessageBatches(client);
    this.operations = new CommerceLayerOperations({
      client,
      ledger: store.creations,
      interrupts: this.interrupts,
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

  interrupt(item: Import, signal?: AbortSignal): Promise<Import> {
    return this.operations.interrupt(item, signal);
  }

  delete(item: Import, signal?: AbortSignal): Promise<void> {
    return this.operations.delete(item, signal);
  }

  /** Read in batches (message-batches.ts); an import the batch does not return is read alone, and fails as it would alone. */
  async messages(
    item: Import,
    page: DetailPageRequest,
    signal?: AbortSignal,
  ): Promise<DetailPage<ImportMessage>> {
    const logs = await this.messageBatches.logs(item.providerId, signal);
    if (!logs) return this.operations.messages(item, page, signal);
    return pageOfLogs(logs.errorsLog, logs.warningsLog, page);
  }

  async list(request: ListRequest, signal?: AbortSignal): Promise<ListResult> {
    const reading = await this.reading(signal);
    const plan = planList(request.conditions, request.order, request.after, reading.interrupted.size > 0);
    if (plan.empty) return { items: [], count: { count: 0, estimate: false } };
    if (plan.scansHere) return walkChecking(this.pages(plan, MAX_PAGE_SIZE, reading), request, plan);
    return this.walk(plan, request, reading);
  }

  async count(conditions: ImportConditions, signal?: AbortSignal): Promise<ImportCount> {
    const reading = await this.reading(signal);
    const plan = planCount(conditions, reading.interrupted.size > 0);
    if (plan.empty) return { count: 0, estimate: false };
    const readPage: PageReader = (query, number, size) => this.fetchPage(query, number, size, reading);
    if (plan.queries === undefined) {
      const counted = await countByReading({
        conditions,
        gatewayInterrupts: reading.interrupted.size > 0,
        readPage,
        maxPages: plan.scansHere ? MAX_SCAN_PAGES : undefined,
      });
      return { count: counted.count, estimate: false, lowerBound: counted.cut || undefined };
    }
    const counts = await Promise.all(
      plan.queries.map(async (query) =>
        query.mixed
          ? (await countMatches({ query: query.params, conditions, readPage })).count
          : (await this.fetchPage(query.params, 1, 1, reading)).recordCount,
      ),
    );
    return { count: counts.reduce((sum, count) => sum + count, 0), estimate: false };
  }

  /** `filter[q][id_in]` in batches of 25, asked concurrently; ids the vendor does not return are absent. */
  async get(references: readonly ImportReference[], signal?: AbortSignal): Promise<Map<string, Import>> {
    // A comma would split the id list; no Commerce Layer id has one (ids.ts).
    const ids = [...new Set(references.map((reference) => reference.providerId))].filter((id) =>
      COMMERCE_LAYER_IMPORT_IDS.accepts(id),
    );
    if (ids.length === 0) return new Map();
    const reading = await this.reading(signal);
    const batches = Array.from({ length: Math.ceil(ids.length / MAX_PAGE_SIZE) }, (_, index) =>
      ids.slice(index * MAX_PAGE_SIZE, (index + 1) * MAX_PAGE_SIZE),
    );
    const pages = await Promise.all(
      batches.map((batch) =>
        this.fetchPage([['filter[q][id_in]', batch.join(',')]], 1, MAX_PAGE_SIZE, reading),
      ),
    );
    const wanted = new Set(ids);
    return new Map(
      pages
        .flatMap((page) => page.items)
        .filter((item) => wanted.has(item.providerId))
        .map((item) => [item.providerId, item]),
    );
  }

  isHealthy(): boolean {
    return this.client.isHealthy();
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** What one list, count or lookup reads with: the gateway's interruptions as of now. */
  private async reading(signal?: AbortSignal): Promise<Reading> {
    return { interrupted: await this.interrupts.current(), signal };
  }

  private async walk(plan: ListPlan, request: ListRequest, reading: Reading): Promise<ListResult> {
    if ((await this.tieOrder.current()) !== 'gateway') return this.walkByTime(plan, request, reading);
    // A cursor's own import the query could not leave out comes back and takes a place.
    const cursorItem = request.after?.provider === 'COMMERCE_LAYER' && !plan.leavesOutCursor ? 1 : 0;
    const need = (plan.exact ? Math.max(1, request.limit - 1) : request.limit) + cursorItem;
    // Whole pages for the page cache (prefetch): the next page of a walk starts from what is left.
    const size = plan.exact && !request.prefetch ? Math.min(MAX_PAGE_SIZE, need) : MAX_PAGE_SIZE;
    const pages = this.pages(plan, size, reading);
    const result = await walkInVendorOrder(pages, request, plan, firstRound(need, size));
    if (!(result instanceof OrderBroken)) return this.withFreeCount(result, pages, plan, request);
    if (result.tieOrder) this.tieOrder.contradicted();
    // Out of order at all: this answer is read by time only, from pages of the tie-safe size.
    if (size !== MAX_PAGE_SIZE) return this.walkByTime(plan, request, reading);
    return this.withFreeCount(
      await walkByTime(pages, request, plan, firstRound(request.limit, size)),
      pages,
      plan,
      request,
    );
  }

  private async walkByTime(plan: ListPlan, request: ListRequest, reading: Reading): Promise<ListResult> {
    const pages = this.pages(plan, MAX_PAGE_SIZE, reading);
    return this.withFreeCount(
      await walkByTime(pages, request, plan, firstRound(request.limit, MAX_PAGE_SIZE)),
      pages,
      plan,
      request,
    );
  }

  /** The conditions' count from the first page's `meta.record_count`, when it is exactly that. */
  private async withFreeCount(result: ListResult, pages: VendorPages, plan: ListPlan, request: ListRequest) {
    if (request.after !== undefined || !plan.exact) return result;
    const first = await pages.page(1);
    return { ...result, count: { count: first.recordCount, estimate: false } };
  }

  /** The first imports by `-id`, for the tie-order probe (one request per source lifetime). */
  private async probeIds(): Promise<string[]> {
    const page = await this.fetchPage([['sort', '-id']], 1, PROBE_SIZE, { interrupted: new Set() });
    return page.items.map((item) => item.providerId);
  }

  private pages(plan: ListPlan, size: number, reading: Reading): VendorPages {
    return new VendorPages(size, (number, pageSize) =>
      this.fetchPage(plan.params, number, pageSize, reading),
    );
  }

  private async fetchPage(
    query: QueryParams,
    number: number,
    size: number,
    reading: Reading,
  ): Promise<FetchedPage> {
    const list = await this.client.listImports(
      [...query, ['page[number]', String(number)], ['page[size]', String(size)], FIELDS],
      reading.signal,
    );
    return {
      // Callers sharing one vendor answer (single flight) share its mapping too: they asked at once.
      items: await derivedOnce(this.mappedLists, list, () => this.mapped(list.data, reading)),
      recordCount: list.meta.record_count,
      pageCount: list.meta.page_count,
    };
  }

  /**
   * The imports of one answer mapped. A completed import with a null `errors_count` is judged by
   * its `errors_log` (map.ts), read in one batched request for the page (message-batches.ts)
   * rather than asked for every import: logs can be long, and null counts are the exception.
   */
  private async mapped(
    resources: readonly CommerceLayerImportResource[],
    reading: Reading,
  ): Promise<Import[]> {
    const logged = new Map<string, boolean>();
    await Promise.all(
      resources
        .filter((resource) => needsErrorsLog(resource.attributes))
        .map(async (resource) => {
          const logs = await this.messageBatches.logs(resource.id, reading.signal);
          if (logs) logged.set(resource.id, hasEntries(logs.errorsLog));
        }),
    );
    return resources.map((resource) =>
      importFromCommerceLayer(resource, {
        interruptedByGateway: reading.interrupted.has(resource.id),
        errorsLogged: logged.get(resource.id),
      }),
    );
  }
}

export function createCommerceLayerSource(
  settings: CommerceLayerSettings,
  options: CommerceLayerSourceOptions,
): ImportSource {
  const client = new CommerceLayerClient(settings, {
    upstream: options.upstream,
    now: options.now,
    log: options.log,
  });
  const store = options.store ?? { creations: new MemoryCreationLedger(), facts: new MemoryImportFacts() };
  return new CommerceLayerSource(
    client,
    options.log,
    options.trustTieOrder ?? true,
    store,
    options.now ?? Date.now,
    options.foreignFields ?? NO_FOREIGN_FIELDS,
  );
}
