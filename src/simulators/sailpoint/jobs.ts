import type { SeededRandom } from '../core/random.ts';
import type { Scheduler } from '../core/scheduler.ts';
import { FAILURE_MESSAGES } from './catalog.ts';
import { newJobId } from './ids.ts';
import type { ImportJob, TerminalStatus } from './job.ts';
import { followPlan, planLifecycle, type JobPlan } from './lifecycle.ts';
import type { ResolvedSailpointOptions } from './options.ts';
import type { ImportUpload } from './upload.ts';
import { jobStatusBody } from './wire.ts';

const DAY_MS = 86_400_000;

/** Every import job the simulated tenant holds, and how new ones are accepted. */
export class ImportJobs {
  private readonly byId = new Map<string, ImportJob>();

  constructor(
    private readonly scheduler: Scheduler,
    private readonly options: ResolvedSailpointOptions,
  ) {}

  /** Artifacts stay for `retentionDays`, counted from `created` cut to the second (spec example) [S]. */
  expirationFor(created: number): number {
    return created - (created % 1000) + this.options.retentionDays * DAY_MS;
  }

  /** Accepts an upload at `at` as the API does: NOT_STARTED, then on through its plan. */
  accept(random: SeededRandom, upload: ImportUpload, at: number, outcome?: TerminalStatus): ImportJob {
    const jobId = this.unusedId(random);
    const backedUp = !upload.preview && !upload.options.excludeBackup;
    const job = this.newJob(jobId, upload, at, backedUp ? newJobId(random) : undefined);
    this.track(job, planLifecycle(random, at, upload, FAILURE_MESSAGES, outcome));
    return job;
  }

  newJob(
    jobId: string,
    upload: ImportUpload,
    created: number,
    backupExportJobId: string | undefined,
  ): ImportJob {
    return {
      jobId,
      status: 'NOT_STARTED',
      message: null,
      description: null,
      created,
      modified: created,
      completed: null,
      expiration: this.expirationFor(created),
      upload,
      backupExportJobId,
      results: undefined,
    };
  }

  /** Holds a job and schedules the rest of its lifecycle (past steps run at the next due-run). */
  track(job: ImportJob, plan: JobPlan | undefined): void {
    if (this.byId.has(job.jobId)) throw new Error(`duplicate job id ${job.jobId}`);
    this.byId.set(job.jobId, job);
    if (plan) followPlan(this.scheduler, job, plan, this.options.importableTypes);
  }

  has(jobId: string): boolean {
    return this.byId.has(jobId);
  }

  unusedId(random: SeededRandom): string {
    let jobId = newJobId(random);
    while (this.byId.has(jobId)) jobId = newJobId(random);
    return jobId;
  }

  /** A job the API may still show: known and, unless configured otherwise, not expired. */
  visible(jobId: string, now: number): ImportJob | undefined {
    const job = this.byId.get(jobId);
    if (!job) return undefined;
    return this.options.expiredJobsNotFound && now >= job.expiration ? undefined : job;
  }

  /** Ground truth for `GET /__sim/imports`: oldest first, ties by job id. */
  snapshot(): Record<string, unknown>[] {
    return [...this.byId.values()]
      .sort((a, b) => a.created - b.created || (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0))
      .map((job) => jobStatusBody(job, this.options.unsetJobFields));
  }

  clear(): void {
    this.byId.clear();
  }
}
