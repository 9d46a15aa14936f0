import { SeededRandom } from '../core/random.ts';
import type { Scheduler } from '../core/scheduler.ts';
import { generateUpload } from './documents.ts';
import type { TerminalStatus } from './job.ts';
import type { ImportJobs } from './jobs.ts';

/**
 * Demo liveliness: a new import job every 40–80 simulated seconds, for ever. Nothing in the vendor
 * API can list them (there is no list endpoint [S]); they show in `GET /__sim/imports`, which is
 * what demo mode registers. Arrivals draw from their own stream so they never shift seeded data.
 */
export function startArrivals(scheduler: Scheduler, jobs: ImportJobs, seed: number, from: number): void {
  const random = new SeededRandom(seed, 'sailpoint:arrivals');
  const arrive = (at: number) => {
    const outcome = random.weighted<TerminalStatus>([
      ['COMPLETE', 9],
      ['FAILED', 1],
    ]);
    jobs.accept(random, generateUpload(random, at - random.int(1, 30) * 60_000), at, outcome);
    scheduler.at(at + random.int(40_000, 80_000), arrive);
  };
  scheduler.at(from + random.int(40_000, 80_000), arrive);
}
