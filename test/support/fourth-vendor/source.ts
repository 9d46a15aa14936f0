import type {
  ImportConditions,
  ImportCount,
  ImportReference,
  ImportSource,
  ListRequest,
  ListResult,
  ProviderCapability,
} from '../../../src/imports/import-source.ts';
import type { Import, ImportProvider, ImportStatus } from '../../../src/imports/model.ts';
import { compareImports, comparePositions, positionOf } from '../../../src/imports/order.ts';
import { vendorIdFormat } from '../../../src/imports/vendor-ids.ts';
import type { FourthJob } from './simulator.ts';

export interface FourthSettings {
  baseUrl: string;
  token: string;
}

const STATUSES: Record<FourthJob['state'], ImportStatus> = {
  queued: 'PENDING',
  running: 'RUNNING',
  done: 'SUCCEEDED',
};

function importOf(provider: ImportProvider, job: FourthJob): Import {
  return {
    provider,
    providerId: job.id,
    status: STATUSES[job.state],
    providerStatus: job.state,
    terminal: job.state === 'done',
    resourceType: 'rows',
    fileName: null,
    format: null,
    createdAt: new Date(job.created_at),
    updatedAt: new Date(job.updated_at),
    startedAt: null,
    completedAt: job.state === 'done' ? new Date(job.updated_at) : null,
    counts: { total: job.rows, processed: job.processed, errors: 0, warnings: null },
    progress: job.rows > 0 ? job.processed / job.rows : null,
  };
}

function matches(item: Import, conditions: ImportConditions): boolean {
  const created = item.createdAt.getTime();
  const updated = item.updatedAt.getTime();
  return (
    (!conditions.statuses || conditions.statuses.includes(item.status)) &&
    (!conditions.resourceTypes || conditions.resourceTypes.includes(item.resourceType ?? '')) &&
    (conditions.createdAfter === undefined || created > conditions.createdAfter) &&
    (conditions.createdBefore === undefined || created < conditions.createdBefore) &&
    (conditions.updatedAfter === undefined || updated > conditions.updatedAfter) &&
    (conditions.updatedBefore === undefined || updated < conditions.updatedBefore)
  );
}

/** The fourth vendor's adaptor: it lists every job in one request and sorts and filters them itself. */
export class FourthSource implements ImportSource {
  readonly capabilities: ReadonlySet<ProviderCapability> = new Set(['LIST']);
  readonly ids;

  constructor(
    readonly provider: ImportProvider,
    private readonly settings: FourthSettings,
  ) {
    this.ids = vendorIdFormat({
      provider,
      noun: 'job id',
      looksLike: '`job-` and digits, e.g. job-7',
      pattern: /^job-\d{1,9}$/,
    });
  }

  async list(request: ListRequest, signal?: AbortSignal): Promise<ListResult> {
    const { order, after, limit, conditions } = request;
    const all = (await this.all(signal)).filter((item) => matches(item, conditions));
    const sorted = all.sort((a, b) => compareImports(a, b, order));
    const rest = after
      ? sorted.filter((item) => comparePositions(positionOf(item, order.field), after, order.direction) > 0)
      : sorted;
    return {
      items: rest.slice(0, limit),
      more: rest.length > limit,
      complete: rest.length <= limit,
      count: { count: all.length, estimate: false },
    };
  }

  async count(conditions: ImportConditions, signal?: AbortSignal): Promise<ImportCount> {
    return {
      count: (await this.all(signal)).filter((item) => matches(item, conditions)).length,
      estimate: false,
    };
  }

  async get(references: readonly ImportReference[], signal?: AbortSignal): Promise<Map<string, Import>> {
    const found = new Map<string, Import>();
    for (const { providerId } of references) {
      const response = await this.fetch(`/v1/jobs/${encodeURIComponent(providerId)}`, signal);
      if (response.status === 404) continue;
      found.set(providerId, importOf(this.provider, ((await response.json()) as { job: FourthJob }).job));
    }
    return found;
  }

  isHealthy(): boolean {
    return true;
  }

  async close(): Promise<void> {}

  private async all(signal?: AbortSignal): Promise<Import[]> {
    const { jobs } = (await (await this.fetch('/v1/jobs', signal)).json()) as { jobs: FourthJob[] };
    return jobs.map((job) => importOf(this.provider, job));
  }

  private async fetch(path: string, signal?: AbortSignal): Promise<Response> {
    const response = await fetch(`${this.settings.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${this.settings.token}` },
      signal,
    });
    if (response.status !== 200 && response.status !== 404)
      throw new Error(`The fourth vendor answered ${response.status}.`);
    return response;
  }
}
