import type { ImportFacts } from '../../imports/import-facts.ts';

/**
 * When SailPoint stops keeping a job, as it said in the job's `expiration` (saved whenever a job
 * status is read or registered); undefined when it never said.
 */
export async function expirationOf(facts: ImportFacts, jobId: string): Promise<Date | undefined> {
  const value = await facts.get('SAILPOINT', jobId, 'expiration');
  const at = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isNaN(at) ? undefined : new Date(at);
}

/**
 * A 404 for a job means it expired only once its `expiration` has passed on the gateway's clock;
 * before that (or with no expiration known) SailPoint merely does not know it, which may pass.
 */
export async function expiredBy(facts: ImportFacts, jobId: string, now: number): Promise<Date | undefined> {
  const expiration = await expirationOf(facts, jobId);
  return expiration && expiration.getTime() <= now ? expiration : undefined;
}

export function expiredReason(jobId: string, expiredAt: Date): string {
  return `SailPoint deleted import job ${jobId} and its results when the job expired on ${expiredAt.toISOString()}, before the gateway read them.`;
}
