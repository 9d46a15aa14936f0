import type { ImportFacts } from '../../imports/import-facts.ts';
import { UpstreamError } from '../http/upstream-error.ts';
import type { SailpointClient } from './client.ts';
import { parseImportResults, WireShapeError, type SpConfigImportResults } from './wire.ts';

/** SailPoint has no results file for the job: 404, or a 400 ErrorResponseDto (what the simulator answers). */
const refusesDownload = (error: unknown) =>
  error instanceof UpstreamError && (error.failure === 'not-found' || error.upstream.status === 400);

/**
 * The results download of each COMPLETE job, read from SailPoint once and kept in the store: it
 * never changes once written [S], and it is gone after the job's `expiration` (7 days in the
 * spec's example), so a copy is the only way to show a job's messages and imported objects
 * later. Status refresh (the PARTIALLY_SUCCEEDED check), messages and records share the copy, and
 * concurrent callers share one download.
 */
export class SailpointResults {
  private readonly inFlight = new Map<string, Promise<SpConfigImportResults>>();

  constructor(
    private readonly client: SailpointClient,
    private readonly facts: ImportFacts,
    private readonly now: () => number,
  ) {}

  /** The stored copy, if the job's results were read before. */
  async cached(jobId: string): Promise<SpConfigImportResults | undefined> {
    const stored = await this.facts.get('SAILPOINT', jobId, 'results');
    if (stored === undefined) return undefined;
    try {
      return parseImportResults(stored);
    } catch (error) {
      if (error instanceof WireShapeError) return undefined;
      throw error;
    }
  }

  /** The stored copy, or one download (a 404 is thrown as the client's 'not-found' error). */
  async download(jobId: string, signal?: AbortSignal): Promise<SpConfigImportResults> {
    const cached = await this.cached(jobId);
    if (cached) return cached;
    let running = this.inFlight.get(jobId);
    if (!running) {
      running = this.client
        .getResults(jobId, signal)
        .then(async (results) => {
          await this.facts.set('SAILPOINT', jobId, 'results', results, this.now());
          return results;
        })
        .finally(() => this.inFlight.delete(jobId));
      this.inFlight.set(jobId, running);
    }
    return running;
  }

  /**
   * The download of a FAILED job, tried once: the spec does not limit the download to COMPLETE jobs
   * and says it holds "any error, warning or informational messages" [S], so a job that failed part
   * way may have one (specs/VENDOR-REFERENCE.md §2). A refusal (404 or 400) is remembered and never
   * asked again; a failure that may pass (5xx, timeout) is thrown and leaves the try for later.
   */
  async downloadOnce(jobId: string, signal?: AbortSignal): Promise<SpConfigImportResults | undefined> {
    const cached = await this.cached(jobId);
    if (cached) return cached;
    if ((await this.facts.get('SAILPOINT', jobId, 'results-refused')) !== undefined) return undefined;
    try {
      return await this.download(jobId, signal);
    } catch (error) {
      if (!refusesDownload(error)) throw error;
      await this.facts.set('SAILPOINT', jobId, 'results-refused', true, this.now());
      return undefined;
    }
  }
}
