import type { Logger } from '../../log.ts';
import type { ImportStore } from '../../imports/import-store.ts';
import { UpstreamError } from '../http/upstream-error.ts';
import { expiredBy } from './expiry.ts';
import { expiredJob, outcomeOf, withOutcome } from './map.ts';
import type { SailpointResults } from './results-cache.ts';

/** Downloads at once: a demo registry (60 jobs) settles in a few round trips, far under SailPoint's 100 per 10 s. */
const CONCURRENCY = 8;
/**
 * Jobs settled by one call at most. Registering more finished jobs at once than this is rare
 * (demo and test registries); the rest settle on the calls that follow, or whenever a page or a
 * lookup shows them.
 */
const MAX_PER_CALL = 100;

const isNotFound = (error: unknown) => error instanceof UpstreamError && error.failure === 'not-found';

/**
 * The outcome of jobs registered COMPLETE without a vendor call (demo mode, test set-ups): the
 * registry holds them as SUCCEEDED, but a COMPLETE job with object errors is PARTIALLY_SUCCEEDED
 * (FAILED when nothing was imported), which only its results download tells [S/I]. Registration
 * stays free of vendor calls and marks such jobs `results-due`; the first list, count or lookup
 * that can show one reads its download (the copy is kept for good, so messages and records reuse
 * it) and saves the exact status. Jobs registered FAILED are settled the same way, for their counts
 * and types; their download is only tried. Once a job is settled it never costs a request again.
 * Concurrent callers share each download.
 */
export class PendingOutcomes {
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly store: ImportStore,
    private readonly results: SailpointResults,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  /** Every job still due (at most MAX_PER_CALL of them). */
  async due(): Promise<string[]> {
    return (await this.store.facts.idsWith('SAILPOINT', 'results-due')).slice(0, MAX_PER_CALL);
  }

  /**
   * Settles those of `jobIds` that are due; true when there were some. Every download settles
   * before the first failure is thrown, so the jobs that could be read are saved either way.
   */
  async settle(jobIds: readonly string[], signal?: AbortSignal): Promise<boolean> {
    const pending = new Set(await this.store.facts.idsWith('SAILPOINT', 'results-due'));
    const due = [...new Set(jobIds)].filter((jobId) => pending.has(jobId)).slice(0, MAX_PER_CALL);
    if (due.length === 0) return false;
    const failures: unknown[] = [];
    let next = 0;
    const worker = async () => {
      while (next < due.length) {
        const jobId = due[next++]!;
        await this.settleOne(jobId, signal).catch((error: unknown) => failures.push(error));
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, worker));
    if (failures.length > 0) throw failures[0];
    return true;
  }

  private settleOne(jobId: string, signal?: AbortSignal): Promise<void> {
    let running = this.inFlight.get(jobId);
    if (!running) {
      running = this.read(jobId, signal).finally(() => this.inFlight.delete(jobId));
      this.inFlight.set(jobId, running);
    }
    return running;
  }

  private async read(jobId: string, signal?: AbortSignal): Promise<void> {
    const stored = (await this.store.get('SAILPOINT', [jobId])).get(jobId);
    const done = () => this.store.facts.remove('SAILPOINT', jobId, 'results-due');
    const status = stored?.item.providerStatus;
    if (!stored || (status !== 'COMPLETE' && status !== 'FAILED') || stored.item.expiredAt) return done();
    if (status === 'FAILED') {
      // Its status is known either way; the download, tried once, only adds counts and types. So a
      // download that fails for now (5xx, timeout) fails no list: the job stays due, tried again later.
      let results;
      try {
        results = await this.results.downloadOnce(jobId, signal);
      } catch (error) {
        this.log.debug(
          { provider: 'SAILPOINT', jobId, err: error },
          "a FAILED job's download is left for later",
        );
        return;
      }
      if (results) await this.store.save(withOutcome(stored.item, outcomeOf(results)), stored.refreshedAt);
      return done();
    }
    let outcome;
    try {
      outcome = outcomeOf(await this.results.download(jobId, signal));
    } catch (error) {
      if (!isNotFound(error)) throw error;
      // Nothing left to learn: it expired, or SailPoint lost the file; either way no retry.
      const expiredAt = await expiredBy(this.store.facts, jobId, this.now());
      if (expiredAt) await this.store.save(expiredJob(stored.item, expiredAt), stored.refreshedAt);
      this.log.debug({ provider: 'SAILPOINT', jobId }, 'SailPoint has no results for this registered job');
      return done();
    }
    await this.store.save(withOutcome(stored.item, outcome), stored.refreshedAt);
    await done();
  }
}
