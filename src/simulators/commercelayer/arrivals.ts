import { SeededRandom } from '../core/random.ts';
import type { Scheduler } from '../core/scheduler.ts';
import type { CommerceLayerImports } from './imports.ts';
import { applyProfile, randomProfile, randomSize, type PlannedOutcome } from './synthetic-imports.ts';

const ARRIVING_OUTCOMES: readonly (readonly [PlannedOutcome, number])[] = [
  ['clean', 80],
  ['some-errors', 15],
  ['too-many-errors', 5],
];

/**
 * Demo liveliness: a new import every minute or so, forever. Each arrival schedules the next,
 * so the chain needs no timer of its own and stops when the scheduler is cleared (reset).
 */
export function startArrivals(
  imports: CommerceLayerImports,
  scheduler: Scheduler,
  seed: number,
  from: number,
): void {
  const random = new SeededRandom(seed, 'commercelayer:arrivals');
  const [low, high] = imports.options.arrivalIntervalSeconds;
  const scheduleAfter = (instant: number) => {
    scheduler.at(instant + random.int(low * 1000, high * 1000), (at) => {
      const profile = randomProfile(
        random,
        randomSize(random, random.chance(0.5)),
        random.weighted(ARRIVING_OUTCOMES),
      );
      const record = imports.blank(at);
      applyProfile(record, profile);
      imports.admit(record, profile.inputs, at);
      imports.notify('imports.create', record);
      imports.follow(record);
      scheduleAfter(at);
    });
  };
  scheduleAfter(from);
}
