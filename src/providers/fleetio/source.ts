import type { FleetioSettings } from './settings.ts';
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
import { takeAfterToEnd, type VendorPage } from '../ordered-walk.ts';
import type { DetailPage, DetailPageRequest, ImportMessage, ImportRecord } from '../../imports/detail.ts';
import type { Import } from '../../imports/model.ts';
import { fleetioMessages, fleetioRecords } from './details.ts';
import { FleetioClient, type FleetioClientOptions, type FleetioQuery } from './client.ts';
import { countFromRemaining, countImports } from './count.ts';
import { planList, type ListPlan } from './list-plan.ts';
import { mergeWalks } from './merged-walks.ts';
import { FLEETIO_IMPORT_IDS } from './ids.ts';
import { lookUpImports } from './lookup.ts';
import { importsOfPage, isKnownFleetioStatus } from './map.ts';
import { UnknownStatusLog } from '../unknown-statuses.ts';
import { PageSizer } from './page-size.ts';

/**
 * Fleetio behind the gateway. Its imports API is read-only (specs/VENDOR-REFERENCE.md §5): it
 * lists, counts and finds imports; records and row results come with their own capability.
 */
class FleetioSource implements ImportSource {
  readonly provider = 'FLEETIO' as const;
  // No CREATE, INTERRUPT or DELETE: Fleetio's imports API is read-only
  // (specs/VENDOR-REFERENCE.md §5). No TRACK: it lists every import itself.
  readonly capabilities: ReadonlySet<ProviderCapability> = new Set<ProviderCapability>([
    'LIST',
    'MESSAGES',
    'RECORDS',
  ]);
  readonly ids = FLEETIO_IMPORT_IDS;
  /** An unknown status is served (RUNNING, not terminal, raw in providerStatus) and said once. */
  private readonly unknownStatuses: UnknownStatusLog;

  constructor(
    private readonly client: FleetioClient,
    log: Logger,
  ) {
    this.unknownStatuses = new UnknownStatusLog(log, 'FLEETIO', isKnownFleetioStatus);
  }

  async list(request: ListRequest, signal?: AbortSignal): Promise<ListResult> {
    const plan = planList(request.conditions, request.order, request.after);
    if (plan.empty) return { items: [], count: request.after ? undefined : { count: 0, estimate: false } };
    const walks = await Promise.all(plan.queries.map((query) => this.walk(query, plan, request, signal)));
    const { items, complete, more } = mergeWalks(walks, request);
    // The first pages' counts are the count of these conditions only when Fleetio applied them all
    // and no cursor narrowed the query; one status per walk, so they add up.
    const remaining = walks.map((walk) => walk.remaining);
    const free = request.after === undefined && !plan.partial;
    return { items, count: free ? countFromRemaining(remaining) : undefined, complete, more };
  }

  /** One keyset walk of `GET /v1/imports` with `query`, as far as the request needs. */
  private async walk(query: FleetioQuery, plan: ListPlan, request: ListRequest, signal?: AbortSignal) {
    const sizer = new PageSizer(request, plan);
    let remaining: number | undefined;
    const fetchPage = async (cursor?: string): Promise<VendorPage> => {
      const page = await this.client.listImports(
        { ...query, per_page: sizer.next(), start_cursor: cursor },
        signal,
      );
      if (cursor === undefined) remaining = page.estimated_remaining_count;
      for (const record of page.records) this.unknownStatuses.notice(record.status);
      const items = importsOfPage(page);
      sizer.saw(items);
      const next = page.next_cursor;
      return { items, next: next === null ? undefined : () => fetchPage(next) };
    };
    const walked = await takeAfterToEnd(fetchPage(), request, { accept: plan.accept, beyond: plan.beyond });
    return { ...walked, remaining };
  }

  count(conditions: ImportConditions, signal?: AbortSignal): Promise<ImportCount> {
    return countImports(this.client, conditions, signal);
  }

  get(references: readonly ImportReference[], signal?: AbortSignal) {
    return lookUpImports(this.client, references, signal);
  }

  messages(item: Import, page: DetailPageRequest, signal?: AbortSignal): Promise<DetailPage<ImportMessage>> {
    return fleetioMessages(this.client, item, page, signal);
  }

  records(item: Import, page: DetailPageRequest, signal?: AbortSignal): Promise<DetailPage<ImportRecord>> {
    return fleetioRecords(this.client, item, page, signal);
  }

  isHealthy(): boolean {
    return this.client.isHealthy();
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

export function createFleetioSource(
  settings: FleetioSettings,
  { log, ...client }: { log: Logger } & Omit<FleetioClientOptions, 'log'>,
): ImportSource {
  return new FleetioSource(new FleetioClient(settings, { log, ...client }), log);
}
