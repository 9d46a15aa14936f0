import { SeededRandom } from '../core/random.ts';
import type { CommerceLayerImports } from './imports.ts';
import { applyProfile, randomProfile, randomSize, type PlannedOutcome } from './synthetic-imports.ts';

const DAY_MS = 86_400_000;

/** Outcome mix of the settled history: mostly clean runs, some errors, a few interruptions. */
const OUTCOME_WEIGHTS: readonly (readonly [PlannedOutcome, number])[] = [
  ['clean', 62],
  ['some-errors', 18],
  ['too-many-errors', 9],
  ['skip-errors', 5],
  ['cancelled', 6],
];

interface Planned {
  createdAt: number;
  outcome: PlannedOutcome;
  size?: number;
  /** Chunks of one group share creation, start and size, so every timestamp ties. */
  group?: { id: string; index: number; parts: number; startAt: number; size: number; resourceType: string };
}

/** Settled history: creation instants spread over six weeks before start, oldest first. */
function planHistory(random: SeededRandom, count: number, startedAt: number): Planned[] {
  const instants = Array.from(
    { length: count },
    () => startedAt - 15 * 60_000 - random.int(0, 42 * DAY_MS),
  ).sort((a, b) => a - b);
  const planned: Planned[] = [];
  for (let index = 0; index < count;) {
    const groupSize =
      count - index >= 3 && random.chance(0.05) ? random.int(2, Math.min(4, count - index)) : 1;
    const createdAt = instants[index]!;
    if (groupSize === 1) {
      planned.push({ createdAt, outcome: random.weighted(OUTCOME_WEIGHTS) });
    } else {
      // A vendor-tool split of one big file: chunks created in one go, named <group>-<n>, marked n/N.
      const group = {
        id: random.hex(12),
        startAt: createdAt + random.int(2000, 8000),
        size: random.int(200, 2000),
        resourceType: random.pick(['skus', 'prices', 'stock_items']),
      };
      for (let chunk = 1; chunk <= groupSize; chunk++) {
        planned.push({ createdAt, outcome: 'clean', group: { ...group, index: chunk, parts: groupSize } });
      }
    }
    index += groupSize;
  }
  // Every vendor status must be present: history holds at least one completed and one interrupted run.
  const loners = planned.filter((item) => item.group === undefined);
  if (planned.length >= 2 && !planned.some((item) => item.outcome === 'too-many-errors')) {
    const target = loners.at(-1) ?? planned.at(-1)!;
    delete target.group;
    Object.assign(target, { outcome: 'too-many-errors', size: random.int(100, 800) });
  }
  if (
    planned.length > 0 &&
    !planned.some((item) => item.outcome === 'clean' || item.outcome === 'some-errors')
  ) {
    (loners[0] ?? planned[0]!).outcome = 'clean';
  }
  return planned;
}

/**
 * Lays out `context.seededImports` imports relative to the start instant: a settled history
 * (completed and interrupted runs over the past six weeks) and, at the end, up to three imports
 * still on their way at start (one in progress, one pending, one created at the very start).
 * Everything comes from the `commercelayer:data` stream, so a seed always yields the same data.
 */
export function seedImports(
  imports: CommerceLayerImports,
  seed: number,
  count: number,
  startedAt: number,
): void {
  const random = new SeededRandom(seed, 'commercelayer:data');
  const historyCount = count <= 2 ? count : Math.max(2, count - 3);
  const small = count > 500;

  for (const planned of planHistory(random, historyCount, startedAt)) {
    const size = planned.group?.size ?? planned.size ?? randomSize(random, small);
    const profile = randomProfile(random, size, planned.outcome, planned.group?.resourceType);
    const record = imports.blank(planned.createdAt);
    applyProfile(record, profile);
    if (planned.group) {
      record.format = 'json';
      record.reference = `${planned.group.id}-${planned.group.index}`;
      record.reference_origin = 'commercelayer-cli';
      // As the vendor's sdk-utils `splitInputJob` marks each chunk (specs/VENDOR-REFERENCE.md §3).
      record.metadata = {
        group_id: planned.group.id,
        progress_number: `${planned.group.index}/${planned.group.parts}`,
      };
    }
    imports.admit(record, profile.inputs, planned.createdAt, planned.group?.startAt);
    if (planned.outcome === 'cancelled') {
      // Someone sent `_interrupt` a few steps in.
      imports.lifecycle.settle(record, Number.POSITIVE_INFINITY, random.int(1, 4));
      if (record.work) imports.lifecycle.interrupt(record, record.updated_at + random.int(200, 2500));
    } else {
      imports.lifecycle.settle(record, Number.POSITIVE_INFINITY);
    }
  }

  const live = [
    { createdAt: startedAt - 75_000, size: random.int(300, 600), outcome: 'some-errors' as const },
    { createdAt: startedAt - 1_000, size: random.int(20, 200), outcome: 'clean' as const },
    { createdAt: startedAt, size: random.int(5, 80), outcome: 'clean' as const },
  ].slice(0, count - historyCount);
  for (const planned of live) {
    const profile = randomProfile(random, planned.size, planned.outcome);
    const record = imports.blank(planned.createdAt);
    applyProfile(record, profile);
    imports.admit(record, profile.inputs, planned.createdAt);
    imports.lifecycle.settle(record, startedAt);
    imports.follow(record);
  }
}
