import type { SeededRandom } from '../core/random.ts';
import { FAILURE_MESSAGES } from './catalog.ts';
import { generateUpload } from './documents.ts';
import { newJobId } from './ids.ts';
import type { TerminalStatus } from './job.ts';
import type { ImportJobs } from './jobs.ts';
import { LONGEST_JOB_MS, planLifecycle, type JobPlan } from './lifecycle.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Outcomes forced on the newest jobs so that even a small seed shows every terminal status. */
const FORCED_OUTCOMES: readonly TerminalStatus[] = ['COMPLETE', 'FAILED', 'CANCELLED'];

/**
 * Seeds `count` jobs laid out before `startedAt`: most within the last week, about one in eight
 * older and so past `expiration` (7 days [S]); every fourteenth shares the previous job's timestamps
 * exactly, to exercise tie-breaking; a few are still queued or running and finish from `startedAt`
 * on. Each job is created NOT_STARTED at its `created` instant and replayed through its plan by
 * the scheduler, so seeded history goes through the same steps as live jobs.
 */
export function seedJobs(jobs: ImportJobs, random: SeededRandom, count: number, startedAt: number): void {
  const live = count >= 5 ? 2 + Math.floor(count / 30) : Math.floor(count / 3);
  const historical = count - live;
  const createdTimes = Array.from({ length: historical }, () =>
    random.chance(0.12)
      ? startedAt - random.int(7 * DAY_MS + 60 * MINUTE_MS, 30 * DAY_MS)
      : startedAt - random.int(10 * MINUTE_MS, 7 * DAY_MS - 10 * MINUTE_MS),
  ).sort((a, b) => a - b);

  let previous: { created: number; plan: JobPlan } | undefined;
  createdTimes.forEach((drawnCreated, index) => {
    const twin = previous !== undefined && index % 14 === 13;
    const created = twin ? previous!.created : drawnCreated;
    const upload = generateUpload(random, created - random.int(1, 240) * MINUTE_MS);
    // The newest jobs get the forced outcomes: the oldest may be past their expiration.
    const outcome =
      FORCED_OUTCOMES[historical - 1 - index] ??
      random.weighted<TerminalStatus>([
        ['COMPLETE', 82],
        ['FAILED', 12],
        ['CANCELLED', 6],
      ]);
    const drawn = planLifecycle(random, created, upload, FAILURE_MESSAGES, outcome);
    const plan = twin ? { ...previous!.plan, outcome } : drawn;
    const backup = !upload.preview && !upload.options.excludeBackup ? newJobId(random) : undefined;
    jobs.track(jobs.newJob(jobs.unusedId(random), upload, created, backup), plan);
    previous = { created, plan };
  });

  for (let index = 0; index < live; index++) {
    const created = startedAt - random.int(5_000, 90_000);
    const upload = generateUpload(random, created - random.int(1, 60) * MINUTE_MS);
    const plan = planLifecycle(random, created, upload, FAILURE_MESSAGES);
    // The first live job is still queued at start; the others are already running.
    plan.startsAt =
      index === 0 ? startedAt + random.int(1_000, 20_000) : Math.min(plan.startsAt!, startedAt - 1);
    plan.endsAt = Math.max(plan.startsAt + 1_000, startedAt + random.int(5_000, LONGEST_JOB_MS - 30_000));
    const backup = !upload.preview && !upload.options.excludeBackup ? newJobId(random) : undefined;
    jobs.track(jobs.newJob(jobs.unusedId(random), upload, created, backup), plan);
  }
}
