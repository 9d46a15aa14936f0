import type { SeededRandom } from '../core/random.ts';
import type { FleetioImport, ImportOutcome, ImportStatus } from './model.ts';

/** One status change, due at a simulated instant. */
export interface LifecycleStep {
  at: number;
  status: ImportStatus;
}

/*
 * Stage lengths. Fleetio publishes no latency; its UI shows "Queued" briefly
 * (specs/VENDOR-REFERENCE.md §1 [D]). The longest path (new → queued → processing → complete →
 * rolling_back → rolled_back) stays under 4 minutes, inside the 5 minutes the README allows every
 * import to reach a terminal status.
 */
const QUEUE_DELAY_MS = [2_000, 8_000] as const;
const START_DELAY_MS = [3_000, 15_000] as const;
const MAX_PROCESSING_MS = 120_000;
const ROLLBACK_START_MS = [20_000, 60_000] as const;
const ROLLBACK_LENGTH_MS = [10_000, 40_000] as const;

/** Statuses that mean the import has finished running, so `completed_at` is set [I]. */
const COMPLETING: ReadonlySet<ImportStatus> = new Set(['complete', 'partially_complete', 'failed']);

/** The statuses an `import_completed` webhook is sent for: the end of a run, never a rollback. */
export const OUTCOMES: ReadonlySet<ImportStatus> = new Set<ImportOutcome>([
  'complete',
  'partially_complete',
  'failed',
  'incomplete',
  'unsupported',
]);

/** Processing time grows with the rows of the file. */
export function processingDuration(random: SeededRandom, rowCount: number): number {
  return Math.min(MAX_PROCESSING_MS, 8_000 + rowCount * random.int(60, 250));
}

/** How a run ends; only a file still `new` can turn out unreadable. */
export function pickOutcome(random: SeededRandom, stillNew: boolean): ImportOutcome {
  return random.weighted<ImportOutcome>([
    ['complete', 62],
    ['partially_complete', 15],
    ['failed', 12],
    ['incomplete', 5],
    ['unsupported', stillNew ? 6 : 0],
  ]);
}

/**
 * The status changes ahead of an import that is in its current status at `from`, recording the
 * stage instants they imply (`parsedAt`, `processingAt`, `finishedAt`) on the import. `rollBack`
 * sends a `complete` import on to `rolling_back` and `rolled_back`, as an admin undoing it would.
 */
export function planAhead(
  item: FleetioImport,
  from: number,
  random: SeededRandom,
  rollBack: boolean,
): LifecycleStep[] {
  const steps: LifecycleStep[] = [];
  let at = from;
  let status = item.status;
  if (status === 'new') {
    at += random.int(...QUEUE_DELAY_MS);
    if (item.outcome === 'unsupported') {
      item.finishedAt = at;
      return [{ at, status: 'unsupported' }];
    }
    item.parsedAt = at;
    steps.push({ at, status: 'queued' });
    status = 'queued';
  }
  if (status === 'queued') {
    at += random.int(...START_DELAY_MS);
    item.processingAt = at;
    steps.push({ at, status: 'processing' });
    status = 'processing';
  }
  if (status === 'processing') {
    const startedAt = item.processingAt ?? from;
    item.processingAt = startedAt;
    // A run that began long before `from` (an added import) still takes a little while to end.
    at = Math.max(startedAt + processingDuration(random, item.rowCount), at + random.int(5_000, 20_000));
    item.finishedAt = at;
    steps.push({ at, status: item.outcome });
    if (item.outcome !== 'complete' || !rollBack) return steps;
    at += random.int(...ROLLBACK_START_MS);
    steps.push({ at, status: 'rolling_back' });
    status = 'rolling_back';
  }
  if (status === 'rolling_back') {
    at += random.int(...ROLLBACK_LENGTH_MS);
    steps.push({ at, status: 'rolled_back' });
  }
  return steps;
}

/** Moves an import to the step's status at the step's own instant. */
export function applyStep(item: FleetioImport, step: LifecycleStep): void {
  item.status = step.status;
  item.updatedAt = step.at;
  if (COMPLETING.has(step.status)) item.completedAt = step.at;
}
