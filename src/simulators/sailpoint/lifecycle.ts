import type { SeededRandom } from '../core/random.ts';
import type { Scheduler } from '../core/scheduler.ts';
import { CANCELLED_MESSAGE } from './catalog.ts';
import { COMPLETE_MESSAGE, isTerminal, type ImportJob, type TerminalStatus } from './job.ts';
import { failedImportResults, failsWholeJob, importResults } from './results.ts';
import type { ImportUpload } from './upload.ts';

/** Every job ends well inside the contract's five simulated minutes. */
export const LONGEST_JOB_MS = 4.5 * 60_000;

/**
 * When a job moves on and how it ends, drawn once when the job is accepted so its timestamps do
 * not depend on who polls it when.
 */
export interface JobPlan {
  /** NOT_STARTED → IN_PROGRESS; undefined for a job cancelled while still queued. */
  startsAt: number | undefined;
  endsAt: number;
  /**
   * `completed` falls a few milliseconds before the final `modified`, as in the spec's example
   * (completed 16:42:40.705, modified 16:42:40.71) [S].
   */
  completionLagMs: number;
  outcome: TerminalStatus;
  failureMessage: string;
}

/**
 * Durations [I]: a short queue wait; without a backup a job takes a second or a few (the spec's
 * example completes in 1.4 s) [S]; the default pre-import backup export adds 8 s to a minute.
 */
export function planLifecycle(
  random: SeededRandom,
  acceptedAt: number,
  upload: ImportUpload,
  failureMessages: readonly string[],
  outcome?: TerminalStatus,
): JobPlan {
  const queuedMs = random.int(200, 2_500);
  const backedUp = !upload.preview && !upload.options.excludeBackup;
  const runMs =
    (backedUp ? random.int(8_000, 60_000) : random.int(600, 3_000)) + 40 * upload.document.objects.length;
  const finalOutcome = outcome ?? (failsWholeJob(upload) ? 'FAILED' : 'COMPLETE');
  const cancelledWhileQueued = finalOutcome === 'CANCELLED' && random.chance(0.5);
  return {
    startsAt: cancelledWhileQueued ? undefined : acceptedAt + queuedMs,
    endsAt: acceptedAt + Math.min(queuedMs + runMs, LONGEST_JOB_MS),
    completionLagMs: random.int(1, 9),
    outcome: finalOutcome,
    failureMessage: random.pick(failureMessages),
  };
}

/** Schedules a job's remaining status changes, each at its own instant. */
export function followPlan(
  scheduler: Scheduler,
  job: ImportJob,
  plan: JobPlan,
  importableTypes: readonly string[],
): void {
  if (job.status === 'NOT_STARTED' && plan.startsAt !== undefined && plan.startsAt < plan.endsAt) {
    scheduler.at(plan.startsAt, (at) => {
      if (job.status !== 'NOT_STARTED') return;
      job.status = 'IN_PROGRESS';
      job.modified = Math.max(job.modified, at);
    });
  }
  scheduler.at(plan.endsAt, (at) => {
    if (isTerminal(job.status)) return;
    job.status = plan.outcome;
    job.modified = Math.max(job.modified, at);
    job.completed = Math.max(job.created, job.modified - plan.completionLagMs);
    job.message = { COMPLETE: COMPLETE_MESSAGE, FAILED: plan.failureMessage, CANCELLED: CANCELLED_MESSAGE }[
      plan.outcome
    ];
    if (plan.outcome === 'COMPLETE')
      job.results ??= importResults(job.upload, importableTypes, job.backupExportJobId);
    if (plan.outcome === 'FAILED')
      job.results ??= failedImportResults(job.upload, plan.failureMessage, job.backupExportJobId);
  });
}
