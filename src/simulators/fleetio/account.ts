import { SeededRandom } from '../core/random.ts';
import { SimInputError, type SimulatorContext } from '../core/vendor.ts';
import { affectedRecordsOf } from './affected-records.ts';
import { scheduleArrivals } from './arrivals.ts';
import { parseImportAttributes, type ImportAttributes } from './import-attributes.ts';
import { importCompletedDelivery } from './import-completed-webhook.ts';
import { draftImport, rowCountForFileSize } from './import-drafts.ts';
import {
  applyStep,
  OUTCOMES,
  pickOutcome,
  planAhead,
  processingDuration,
  type LifecycleStep,
} from './lifecycle.ts';
import type { FleetioImport, ImportOutcome, ImportStatus } from './model.ts';
import type { ResolvedFleetioOptions } from './options.ts';
import { rowResultsOf, type RowResult } from './row-results.ts';
import { seedImports } from './seed.ts';
import type { TimeFormatter } from './time-format.ts';

/** Statuses an added import is still on its way from, so it may yet be rolled back. */
const BEFORE_OUTCOME: ReadonlySet<ImportStatus> = new Set(['new', 'queued', 'processing']);

/**
 * The simulated Fleetio account: its imports, how they move on, and the webhooks their endings send.
 * Everything random is drawn from seeded streams, the one of an added import keyed by its id, so the
 * same seed and the same calls give the same account whatever order things are asked in.
 */
export class FleetioAccount {
  private readonly imports = new Map<number, FleetioImport>();
  private nextId = 1;
  private webhookSerial = 0;

  constructor(
    private readonly context: SimulatorContext,
    readonly options: ResolvedFleetioOptions,
    readonly time: TimeFormatter,
  ) {
    this.populate();
  }

  now(): number {
    return this.context.clock.now();
  }

  /** Every import, by id. */
  all(): FleetioImport[] {
    return [...this.imports.values()].sort((a, b) => a.id - b.id);
  }

  find(id: number): FleetioImport | undefined {
    return this.imports.get(id);
  }

  rowResults(item: FleetioImport): RowResult[] {
    return rowResultsOf(item, this.now(), this.context.seed);
  }

  affectedRecords(item: FleetioImport): Record<string, unknown>[] {
    const { seed } = this.context;
    return affectedRecordsOf(
      item,
      this.rowResults(item),
      this.time,
      seed,
      this.options.recordsForPartiallyComplete,
    );
  }

  /** `POST /__sim/imports`: missing attributes are generated, then the import moves on from now. */
  add(input: Record<string, unknown>): FleetioImport {
    return this.create(parseImportAttributes(input), this.now());
  }

  /** Back to the seeded account; status changes that fell due meanwhile are applied without webhooks. */
  reset(): void {
    this.imports.clear();
    this.populate();
  }

  private populate(): void {
    const { seed, seededImports, startedAt } = this.context;
    const now = this.now();
    for (const { item, steps } of seedImports(seed, seededImports, startedAt)) {
      this.imports.set(item.id, item);
      this.follow(item, steps, now);
    }
    const ids = [...this.imports.keys()];
    this.nextId = ids.length > 0 ? Math.max(...ids) + 1 : 31_000;
    this.webhookSerial = 0;
    if (this.context.arrivals) {
      const random = new SeededRandom(seed, 'fleetio:arrivals');
      scheduleArrivals(this.context.scheduler, random, this.options.arrivalSeconds, now, (at) => {
        this.create({ status: 'new', createdAt: at }, at);
      });
    }
  }

  /** Creates an import as if uploaded at `reference` (or at the times `attributes` fix). */
  private create(attributes: ImportAttributes, reference: number): FleetioImport {
    const id = attributes.id ?? this.nextId;
    if (this.imports.has(id)) throw new SimInputError(`An import with id ${id} already exists.`);
    const random = new SeededRandom(this.context.seed, `fleetio:import:${id}`);
    const status = attributes.status ?? 'new';
    const createdAt = attributes.createdAt ?? Math.min(reference, attributes.updatedAt ?? reference);
    const updatedAt = attributes.updatedAt ?? (status === 'new' ? createdAt : Math.max(createdAt, reference));
    if (updatedAt < createdAt) throw new SimInputError('updated_at must not be before created_at.');
    const outcome = outcomeOf(status, random);
    const draft = draftImport(random, createdAt, outcome, attributes.type);
    const fileSize = attributes.fileSize ?? draft.fileSize;
    const item: FleetioImport = {
      id,
      type: draft.type.name,
      fileName: attributes.fileName ?? draft.fileName,
      fileSize,
      note: attributes.note !== undefined ? attributes.note : draft.note,
      status,
      createdAt,
      updatedAt,
      completedAt: null,
      rowCount: attributes.fileSize === undefined ? draft.rowCount : rowCountForFileSize(fileSize),
      outcome,
      uploadedBy: draft.uploadedBy,
      parsedAt: null,
      processingAt: null,
      finishedAt: null,
    };
    fillPastStages(item, random);
    if (attributes.completedAt !== undefined) item.completedAt = attributes.completedAt;
    this.imports.set(id, item);
    this.nextId = Math.max(this.nextId, id + 1);
    const rollBack =
      BEFORE_OUTCOME.has(status) && outcome === 'complete' && random.chance(this.options.rollbackShare);
    this.follow(item, planAhead(item, Math.max(reference, updatedAt), random, rollBack));
    return item;
  }

  /** Schedules each status change at its own instant; steps already due by `appliedUntil` happen silently now. */
  private follow(item: FleetioImport, steps: readonly LifecycleStep[], appliedUntil?: number): void {
    for (const step of steps) {
      if (appliedUntil !== undefined && step.at <= appliedUntil) {
        applyStep(item, step);
        continue;
      }
      this.context.scheduler.at(step.at, (at) => {
        applyStep(item, { at, status: step.status });
        if (OUTCOMES.has(step.status)) this.announce(item);
      });
    }
  }

  private announce(item: FleetioImport): void {
    if (!this.context.webhooks.configured) return;
    const rows = rowResultsOf(item, item.updatedAt, this.context.seed);
    this.context.webhooks.send(
      importCompletedDelivery(item, rows, ++this.webhookSerial, this.time, this.options),
    );
  }
}

/** The run's ending an added import is heading for, or has reached. */
function outcomeOf(status: ImportStatus, random: SeededRandom): ImportOutcome {
  if (OUTCOMES.has(status)) return status as ImportOutcome;
  if (status === 'rolling_back' || status === 'rolled_back') return 'complete';
  return pickOutcome(random, status === 'new');
}

/** Stage instants of what an added import has already been through, so its rows look consistent. */
function fillPastStages(item: FleetioImport, random: SeededRandom): void {
  const { status, createdAt, updatedAt } = item;
  if (status === 'new') return;
  if (status === 'unsupported') {
    item.finishedAt = updatedAt;
    return;
  }
  item.parsedAt = Math.min(createdAt + 3_000, updatedAt);
  if (status === 'queued') return;
  if (status === 'processing') {
    item.processingAt = updatedAt;
    return;
  }
  const rolledBack = status === 'rolling_back' || status === 'rolled_back';
  const ranUntil = rolledBack
    ? Math.min(updatedAt, item.parsedAt + processingDuration(random, item.rowCount))
    : updatedAt;
  item.processingAt = Math.min(item.parsedAt + 5_000, ranUntil);
  item.finishedAt = ranUntil;
  if (status !== 'incomplete') item.completedAt = ranUntil;
}
