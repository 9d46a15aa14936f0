import type { SeededRandom } from '../core/random.ts';
import type { Scheduler } from '../core/scheduler.ts';

/**
 * New uploads every minute or so, forever: each arrival schedules the next at a seeded interval
 * after its own instant, so arrivals are as deterministic as the rest of the simulated account.
 */
export function scheduleArrivals(
  scheduler: Scheduler,
  random: SeededRandom,
  [lowSeconds, highSeconds]: readonly [number, number],
  from: number,
  arrive: (at: number) => void,
): void {
  const next = (after: number) => {
    scheduler.at(after + random.int(lowSeconds * 1000, highSeconds * 1000), (at) => {
      arrive(at);
      next(at);
    });
  };
  next(from);
}
