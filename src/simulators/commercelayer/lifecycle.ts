import { SeededRandom } from '../core/random.ts';
import type { Scheduler } from '../core/scheduler.ts';
import { isTerminal, type ImportRecord } from './model.ts';
import type { ResolvedOptions } from './options.ts';
import { chunkFor, processChunk } from './processing.ts';
import type { ImportStore } from './store.ts';

/** Webhook topics of the import lifecycle (docs, real-time webhooks). */
export type LifecycleTopic = 'imports.start' | 'imports.complete' | 'imports.interrupt';

export interface LifecycleDeps {
  scheduler: Scheduler;
  options: ResolvedOptions;
  store: ImportStore;
  seed: number;
  attachmentUrl(record: ImportRecord, at: number): string;
  notify(topic: LifecycleTopic, record: ImportRecord): void;
}

/**
 * Moves imports pending → in_progress → completed | interrupted. Every change is a scheduler step
 * at its own due instant, so timestamps do not depend on when anyone polled. A step first checks
 * that the import still exists and still runs: deleting or interrupting one just ends its chain.
 */
export class ImportLifecycle {
  constructor(private readonly deps: LifecycleDeps) {}

  /**
   * Prepares a pending import created at `createdAt` to start after a delay drawn from its own id
   * (so it does not depend on what else happened), or at `startAt` when the caller fixes it.
   */
  prepare(
    record: ImportRecord,
    inputs: Record<string, unknown>[],
    createdAt: number,
    startAt?: number,
  ): void {
    const [low, high] = this.deps.options.startDelaySeconds;
    const random = new SeededRandom(this.deps.seed, `commercelayer:timing:${record.id}`);
    const delayMs = Math.round((low + random.next() * (high - low)) * 1000);
    record.work = { inputs, seenKeys: new Set(), chunk: 1, nextAt: startAt ?? createdAt + delayMs };
  }

  /** A start instant for imports that must start together (chunks of one group). */
  startFor(createdAt: number, random: SeededRandom): number {
    const [low, high] = this.deps.options.startDelaySeconds;
    return createdAt + Math.round((low + random.next() * (high - low)) * 1000);
  }

  /** Prepares an import that is already in progress to continue its next step at `from`. */
  resume(record: ImportRecord, inputs: Record<string, unknown>[], from: number): void {
    record.work = { inputs, seenKeys: new Set(), chunk: this.chunkFor(record), nextAt: from };
  }

  /** Hands a prepared import to the scheduler; its steps then run as the clock reaches them. */
  follow(record: ImportRecord): void {
    const work = record.work;
    if (!work) return;
    this.deps.scheduler.at(work.nextAt, (at) => {
      if (this.deps.store.get(record.id) !== record || isTerminal(record.status)) return;
      this.step(record, at, true);
      this.follow(record);
    });
  }

  /** Runs the steps due up to `until` at once and silently (seeding replays history, it does not announce it). */
  settle(record: ImportRecord, until: number, maxSteps = Number.POSITIVE_INFINITY): void {
    let steps = 0;
    while (record.work && record.work.nextAt <= until && steps < maxSteps) {
      this.step(record, record.work.nextAt, false);
      steps += 1;
    }
  }

  /** `_interrupt` (or a seeded interruption): the import stops where it is. */
  interrupt(record: ImportRecord, at: number): void {
    record.status = 'interrupted';
    record.interrupted_at = at;
    // [I] The vendor settles its counts when an import stops, even one that never started.
    delete record.unreported;
    record.updated_at = at;
    delete record.work;
  }

  private step(record: ImportRecord, at: number, announce: boolean): void {
    const work = record.work!;
    const { progressIntervalSeconds } = this.deps.options;
    record.updated_at = at;
    if (record.status === 'pending') {
      record.status = 'in_progress';
      record.started_at = at;
      // Counting starts with processing: every count is reported from now on.
      delete record.unreported;
      // The schema: the attachment "will be generated at import start".
      record.attachment_url = this.deps.attachmentUrl(record, at);
      work.chunk = this.chunkFor(record);
      work.nextAt = at + progressIntervalSeconds * 1000;
      if (announce) this.deps.notify('imports.start', record);
      return;
    }
    const result = processChunk(record, work.chunk);
    if (result === 'running') {
      work.nextAt = at + progressIntervalSeconds * 1000;
      return;
    }
    delete record.work;
    if (result === 'completed') {
      record.status = 'completed';
      record.completed_at = at;
      if (announce) this.deps.notify('imports.complete', record);
    } else {
      this.interrupt(record, at);
      if (announce) this.deps.notify('imports.interrupt', record);
    }
  }

  private chunkFor(record: ImportRecord): number {
    const { secondsPerInput, maxProcessingSeconds, progressIntervalSeconds } = this.deps.options;
    const remaining = Math.max(0, record.inputs_size - record.processed_count - record.errors_count);
    const duration = Math.min(maxProcessingSeconds, remaining * secondsPerInput);
    return chunkFor(remaining, duration, progressIntervalSeconds);
  }
}
