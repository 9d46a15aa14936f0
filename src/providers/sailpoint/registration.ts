import type { ImportStore } from '../../imports/import-store.ts';
import { mapJobStatus } from './map.ts';
import { parseJobStatus, WireShapeError } from './wire.ts';

/**
 * Puts job status objects the gateway was handed (demo mode: the simulator's seeded jobs) into
 * the registry without asking the vendor, read as of `now`. Returns how many were saved; an entry
 * that is not an import job status is skipped.
 *
 * Registration makes no vendor call, so a COMPLETE job is saved as SUCCEEDED with null counts and
 * marked `results-due`: the first list, count or lookup that can show it reads its download once
 * (PendingOutcomes) and saves the exact status (PARTIALLY_SUCCEEDED, or FAILED when nothing was
 * imported); after that it never costs a request again. A FAILED job is marked too: its download,
 * tried once, gives its counts and object types. A job registered while queued or running gets its outcome
 * from the refresh that first sees it COMPLETE or FAILED. A job the registry already holds as terminal is
 * left as it is, since it may hold the outcome of its download.
 */
export async function registerSailpointJobs(
  store: ImportStore,
  jobs: unknown[],
  now: number,
): Promise<number> {
  let saved = 0;
  for (const entry of jobs) {
    let job;
    try {
      job = parseJobStatus(entry);
    } catch (error) {
      if (error instanceof WireShapeError) continue;
      throw error;
    }
    if (job.type !== undefined && job.type !== 'IMPORT') continue;
    const item = mapJobStatus(job);
    if ((await store.get('SAILPOINT', [item.providerId])).get(item.providerId)?.item.terminal) continue;
    await store.save(item, now);
    // Kept so that a later 404 can be told apart: expired, or merely not known.
    if (job.expiration) await store.facts.set('SAILPOINT', job.jobId, 'expiration', job.expiration, now);
    if (job.status === 'COMPLETE' || job.status === 'FAILED')
      await store.facts.set('SAILPOINT', job.jobId, 'results-due', true, now);
    saved++;
  }
  return saved;
}
