import {
  EMPTY_PAGE,
  pageOfList,
  pageOfMessages,
  unavailablePage,
  type DetailPage,
  type DetailPageRequest,
  type ImportMessage,
  type ImportRecord,
} from '../../imports/detail.ts';
import type { Import } from '../../imports/model.ts';
import type { ImportStore } from '../../imports/import-store.ts';
import { createIdempotently } from '../idempotent-create.ts';
import {
  ImportOperationError,
  problem,
  type CreateImportRequest,
  type CreateOutcome,
  type TrackOptions,
} from '../../imports/import-operations.ts';
import { trackUnderKey } from '../lost-creation.ts';
import { UpstreamError } from '../http/upstream-error.ts';
import { vendorIdProblem } from '../../imports/vendor-ids.ts';
import type { SailpointClient } from './client.ts';
import { sailpointRequestProblems } from './create-request.ts';
import { SailpointRefusal } from './errors.ts';
import { SAILPOINT_JOB_IDS } from './ids.ts';
import { expirationOf, expiredBy, expiredReason } from './expiry.ts';
import { expiredJob, mapJobStatus, outcomeOf } from './map.ts';
import { refusalProblems } from './refusal.ts';
import type { SailpointResults } from './results-cache.ts';
import type { SpConfigImportJobStatus, SpConfigImportResults } from './wire.ts';
import type { ForeignFields } from '../create-fields.ts';

export interface SailpointOperationsDependencies {
  client: SailpointClient;
  store: ImportStore;
  results: SailpointResults;
  now: () => number;
  /** The source's `get`: registry lookups, refreshed when stale. */
  lookUp: (ids: string[], signal?: AbortSignal) => Promise<Map<string, Import>>;
  /** The other vendors' create fields, refused by name. */
  foreignFields: ForeignFields;
}

const isNotFound = (error: unknown) => error instanceof UpstreamError && error.failure === 'not-found';

/** What a job left to read: its results (COMPLETE, some FAILED) or its overall message (FAILED, CANCELLED). */
interface JobDetail {
  results?: SpConfigImportResults;
  job?: SpConfigImportJobStatus;
}

/**
 * Creating, tracking and reading SailPoint import jobs (specs/VENDOR-REFERENCE.md §2). SailPoint cannot
 * list jobs, so every job created or tracked here is saved in the registry at once.
 */
export class SailpointOperations {
  constructor(private readonly deps: SailpointOperationsDependencies) {}

  create(request: CreateImportRequest, signal?: AbortSignal): Promise<CreateOutcome> {
    const { store, now } = this.deps;
    return createIdempotently(
      store.creations,
      'SAILPOINT',
      request,
      async (journal) => {
        const problems = sailpointRequestProblems(request, this.deps.foreignFields);
        if (problems.length > 0) return { imports: [], problems };
        const known = await journal.part(1);
        if (known?.state === 'created' && known.item) return { imports: [known.item], problems: [] };
        // SailPoint has no way to find a job by what was uploaded: never send it a second time.
        if (known?.state === 'sending')
          return { imports: [], problems: [maybeCreated('An earlier call with this idempotencyKey', true)] };
        await journal.sending(1);
        let job: SpConfigImportJobStatus;
        try {
          job = await this.deps.client.createImport(
            request.document,
            request.options,
            request.preview ?? false,
            signal,
          );
        } catch (error) {
          if (!(error instanceof UpstreamError)) throw error;
          if (error.ambiguous)
            return { imports: [], problems: [maybeCreated(`${error.message} The request`, journal.keyed)] };
          await journal.clear(1);
          if (!(error instanceof SailpointRefusal)) throw error;
          return { imports: [], problems: refusalProblems(error) };
        }
        const item = await this.remember(job, undefined, request.preview === true);
        await journal.created(1, item);
        return { imports: [item], problems: [] };
      },
      {
        now,
        signal,
        refresh: async (stored) => {
          const found = await this.deps.lookUp(
            stored.map((item) => item.providerId),
            signal,
          );
          return stored.map((item) => found.get(item.providerId) ?? item);
        },
      },
    );
  }

  /**
   * Registers a job created elsewhere, read from SailPoint first (a job it does not know is not
   * registered). A COMPLETE job's results are read too, so a job with errors is
   * PARTIALLY_SUCCEEDED from the start. Tracking a registered job reads it afresh. With the
   * idempotencyKey of a creation whose answer was lost, the job becomes that creation's result.
   */
  async track(
    providerId: string,
    signal?: AbortSignal,
    options: TrackOptions = {},
  ): Promise<Import | undefined> {
    const jobId = providerId.trim();
    // The resolver checked it already; a job id goes into a URL path, so this one checks again.
    const why = vendorIdProblem(SAILPOINT_JOB_IDS, jobId);
    if (why) throw new ImportOperationError('BAD_USER_INPUT', why, ['providerId']);
    const key = options.idempotencyKey;
    if (key === undefined) return this.trackJob(jobId, signal);
    const { store, now } = this.deps;
    return trackUnderKey(store.creations, 'SAILPOINT', key, jobId, () => this.trackJob(jobId, signal), {
      now,
      signal,
    });
  }

  private async trackJob(jobId: string, signal?: AbortSignal): Promise<Import | undefined> {
    let job: SpConfigImportJobStatus;
    try {
      job = await this.deps.client.getStatus(jobId, signal);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    // The status endpoint answers IMPORT jobs; anything else is not an import to register.
    if (job.type !== undefined && job.type !== 'IMPORT') return undefined;
    const results =
      job.status === 'COMPLETE'
        ? await this.resultsOrNone(jobId, signal)
        : job.status === 'FAILED'
          ? await this.deps.results.downloadOnce(jobId, signal)
          : undefined;
    // Tracking again keeps what the gateway knew from creating it (a preview).
    const saved = (await this.deps.store.get('SAILPOINT', [jobId])).get(jobId);
    return this.remember(job, results, saved?.item.preview === true);
  }

  async messages(
    item: Import,
    page: DetailPageRequest,
    signal?: AbortSignal,
  ): Promise<DetailPage<ImportMessage>> {
    const detail = await this.detail(item, signal);
    if ('expired' in detail) return unavailablePage(detail.expired);
    if (detail.results) return pageOfMessages(messagesOf(detail.results), page);
    const message = detail.job?.message;
    if (!message || !detail.job) return { ...EMPTY_PAGE, totalCount: 0 };
    const severity = detail.job.status === 'FAILED' ? 'ERROR' : 'INFO';
    return pageOfMessages(
      [{ severity, code: `JOB_${detail.job.status}`, text: message, subject: null }],
      page,
    );
  }

  async records(
    item: Import,
    page: DetailPageRequest,
    signal?: AbortSignal,
  ): Promise<DetailPage<ImportRecord>> {
    const detail = await this.detail(item, signal);
    if ('expired' in detail) return unavailablePage(detail.expired);
    return detail.results ? pageOfList(recordsOf(detail.results), page) : EMPTY_PAGE;
  }

  /** Saves what SailPoint said of a job in the registry, with its expiration. */
  private async remember(
    job: SpConfigImportJobStatus,
    results: SpConfigImportResults | undefined,
    preview: boolean,
  ): Promise<Import> {
    const { store } = this.deps;
    const now = this.deps.now();
    const item = mapJobStatus(job, results && outcomeOf(results), preview);
    await store.save(item, now);
    if (job.expiration) await store.facts.set('SAILPOINT', job.jobId, 'expiration', job.expiration, now);
    if (results) await store.facts.remove('SAILPOINT', job.jobId, 'results-due');
    return item;
  }

  private async resultsOrNone(
    jobId: string,
    signal?: AbortSignal,
  ): Promise<SpConfigImportResults | undefined> {
    try {
      return await this.deps.results.download(jobId, signal);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /**
   * The stored download when there is one (no request); otherwise the job's status now (the
   * registry may be a refresh interval behind) and, once COMPLETE, its download, kept for good; a
   * FAILED job's download is tried once, and its overall message stands in when it has none.
   * A job that expired before its download was read has nothing left to read: it is saved as
   * expired and never asked for again. A 404 before the job's `expiration` is not an expiry but
   * a vendor that does not know the job (NOT_FOUND), which a later read may find again.
   */
  private async detail(item: Import, signal?: AbortSignal): Promise<JobDetail | { expired: string }> {
    const jobId = item.providerId;
    const cached = await this.deps.results.cached(jobId);
    if (cached) return { results: cached };
    if (item.expiredAt) return { expired: expiredReason(jobId, new Date(item.expiredAt)) };
    const preview = item.preview === true;
    let job: SpConfigImportJobStatus;
    try {
      job = await this.deps.client.getStatus(jobId, signal);
      if (job.status === 'FAILED') {
        // Its per-object errors when SailPoint has them; else its overall message.
        const results = await this.deps.results.downloadOnce(jobId, signal);
        await this.remember(job, results, preview);
        return results ? { results, job } : { job };
      }
      if (job.status !== 'COMPLETE') {
        await this.remember(job, undefined, preview);
        return { job };
      }
      const results = await this.deps.results.download(jobId, signal);
      await this.remember(job, results, preview);
      return { results, job };
    } catch (error) {
      if (!isNotFound(error)) throw error;
      const now = this.deps.now();
      const expiredAt = await expiredBy(this.deps.store.facts, jobId, now);
      if (!expiredAt) throw await this.unknownBeforeExpiry(jobId);
      await this.deps.store.save(expiredJob(item, expiredAt), now);
      return { expired: expiredReason(jobId, expiredAt) };
    }
  }

  private async unknownBeforeExpiry(jobId: string): Promise<UpstreamError> {
    const expiration = await expirationOf(this.deps.store.facts, jobId);
    const until = expiration
      ? `although it keeps a job until its expiration, ${expiration.toISOString()}`
      : 'and the gateway knows no expiration for it';
    return new UpstreamError(
      'SAILPOINT',
      'not-found',
      `SailPoint does not know import job ${jobId} (404) ${until}; its results were not read before.`,
      { status: 404 },
    );
  }
}

/**
 * SailPoint cannot be searched for an upload [S], so only the caller can tell whether the job
 * exists. With a key, naming the job in trackImport settles it (lost-creation.ts): retries under
 * the key answer that job instead of this problem.
 */
function maybeCreated(what: string, keyed: boolean): ReturnType<typeof problem> {
  const next = keyed
    ? 'If the job exists, register it with trackImport(input: { provider: SAILPOINT, providerId: <jobId>, idempotencyKey: <this key> }): retries with this key then answer it. If it does not, create the job again under a new idempotencyKey.'
    : 'If the job exists, register it with trackImport(input: { provider: SAILPOINT, providerId: <jobId> }); if it does not, create it again.';
  return problem(
    'UPSTREAM_UNAVAILABLE',
    `${what} may have created a SailPoint import job although no answer came back, and SailPoint offers no way to look it up. ${next}`,
  );
}

const SEVERITY_LISTS = [
  ['errors', 'ERROR'],
  ['warnings', 'WARNING'],
  ['infos', 'INFO'],
] as const;

/** Per object type (sorted), errors, then warnings, then infos, each in the vendor's order. */
export function messagesOf(results: SpConfigImportResults): ImportMessage[] {
  const messages: ImportMessage[] = [];
  for (const type of Object.keys(results.results).sort()) {
    const result = results.results[type]!;
    for (const [list, severity] of SEVERITY_LISTS) {
      for (const entry of result[list]) {
        const text = entry.text ?? entry.key ?? 'SailPoint gave no text.';
        // The download names no row, attribute or object id apart from the text; the type it has.
        messages.push({ severity, code: entry.key ?? null, text, subject: type, recordType: type });
      }
    }
  }
  return messages;
}

/** `importedObjects` of every object type (sorted); an entry without an id is left out. */
export function recordsOf(results: SpConfigImportResults): ImportRecord[] {
  return Object.keys(results.results)
    .sort()
    .flatMap((type) =>
      results.results[type]!.importedObjects.flatMap((object) =>
        typeof object.id === 'string' && object.id !== ''
          ? [{ type: object.type ?? type, providerId: object.id, name: object.name ?? null, raw: object }]
          : [],
      ),
    );
}
