import type { Import } from '../../imports/model.ts';
import type { Logger } from '../../log.ts';
import type { ImportStore, StoredImport } from '../../imports/import-store.ts';
import { UpstreamError } from '../http/upstream-error.ts';
import type { SailpointClient } from './client.ts';
import { expiredBy } from './expiry.ts';
import { expiredJob, mapJobStatus, outcomeOf, type ImportOutcome } from './map.ts';
import { SailpointResults } from './results-cache.ts';

export interface RefreshPolicy {
  /** How old the last read of a non-terminal job may be before it is read again. */
  refreshAfterMs: number;
  now: () => number;
}

const isNotFound = (error: unknown) => error instanceof UpstreamError && error.failure === 'not-found';

/**
 * Keeps the registry's non-terminal SailPoint jobs current. SailPoint cannot list jobs, so the
 * store answers lists and lookups; a job on an answer is read again from the vendor only while it
 * can still change (terminal jobs never cost a request) and only when its last read is older than
 * the refresh interval. Concurrent callers share the in-flight read of a job, so a job costs at
 * most one status request per interval however many pages show it.
 */
export class JobRefresher {
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly client: SailpointClient,
    private readonly store: ImportStore,
    private readonly log: Logger,
    private readonly policy: RefreshPolicy,
    /** Where results downloads are kept, shared with messages and records. */
    private readonly results = new SailpointResults(client, store.facts, policy.now),
  ) {}

  isDue(stored: StoredImport): boolean {
    return !stored.item.terminal && this.policy.now() - stored.refreshedAt >= this.policy.refreshAfterMs;
  }

  /**
   * Reads the jobs again, concurrently, and saves what the vendor said. Every read settles before
   * the first failure is thrown, so the jobs that could be read are saved either way.
   */
  async refresh(items: readonly Import[], signal?: AbortSignal): Promise<void> {
    const settled = await Promise.allSettled(items.map((item) => this.refreshOne(item, signal)));
    const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private refreshOne(item: Import, signal?: AbortSignal): Promise<void> {
    const running = this.inFlight.get(item.providerId);
    if (running) return running;
    const read = this.read(item, signal).finally(() => this.inFlight.delete(item.providerId));
    this.inFlight.set(item.providerId, read);
    return read;
  }

  private async read(item: Import, signal?: AbortSignal): Promise<void> {
    const jobId = item.providerId;
    let job;
    try {
      job = await this.client.getStatus(jobId, signal);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      const now = this.policy.now();
      const expiredAt = await expiredBy(this.store.facts, jobId, now);
      if (expiredAt) {
        // Gone for good: saved terminal, so no refresh asks for it again.
        this.log.info({ provider: 'SAILPOINT', jobId, expiredAt }, 'SailPoint import job expired');
        await this.store.save(expiredJob(item, expiredAt), now);
        return;
      }
      // Not past its `expiration` (or none is known): SailPoint may know it again [I], so the
      // registry keeps its last state and asks again after the next interval.
      this.log.debug(
        { provider: 'SAILPOINT', jobId },
        'SailPoint does not know this import job before its expiration; keeping its last state',
      );
      await this.store.save(item, now);
      return;
    }
    if (job.expiration)
      await this.store.facts.set('SAILPOINT', jobId, 'expiration', job.expiration, this.policy.now());
    // The first time a job is seen COMPLETE or FAILED its results are read, once: a terminal job
    // is never read again. A FAILED job's download is a try (results-cache.ts, `downloadOnce`).
    const outcome =
      job.status === 'COMPLETE'
        ? await this.outcome(jobId, signal)
        : job.status === 'FAILED'
          ? await this.failedOutcome(jobId, signal)
          : undefined;
    // A preview is known only from its creation, kept in the saved import.
    await this.store.save(mapJobStatus(job, outcome, item.preview === true), this.policy.now());
  }

  private async failedOutcome(jobId: string, signal?: AbortSignal): Promise<ImportOutcome | undefined> {
    const results = await this.results.downloadOnce(jobId, signal);
    return results && outcomeOf(results);
  }

  private async outcome(jobId: string, signal?: AbortSignal): Promise<ImportOutcome | undefined> {
    try {
      return outcomeOf(await this.results.download(jobId, signal));
    } catch (error) {
      if (!isNotFound(error)) throw error;
      this.log.debug(
        { provider: 'SAILPOINT', jobId },
        'SailPoint has no results for this COMPLETE job any more',
      );
      return undefined;
    }
  }
}
