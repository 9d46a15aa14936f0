import { SeededRandom } from '../core/random.ts';
import { draftImport } from './import-drafts.ts';
import { pickOutcome, planAhead, processingDuration, type LifecycleStep } from './lifecycle.ts';
import { shuffledIndices } from './shuffled-indices.ts';
import type { FleetioImport, ImportOutcome, ImportStatus } from './model.ts';

/** A seeded import and the status changes still ahead of it when the simulator starts. */
export interface SeededImport {
  item: FleetioImport;
  steps: LifecycleStep[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The newest imports are still running at start, one in each non-terminal status. */
const LIVE_STATUSES: readonly ImportStatus[] = ['rolling_back', 'processing', 'queued', 'new'];
/** Every terminal status appears among the older imports, so clients meet the whole enum. */
const REQUIRED_HISTORY: readonly ImportStatus[] = [
  'complete',
  'partially_complete',
  'failed',
  'incomplete',
  'rolled_back',
  'unsupported',
];
const HISTORY_WEIGHTS: readonly (readonly [ImportStatus, number])[] = [
  ['complete', 60],
  ['partially_complete', 14],
  ['failed', 10],
  ['incomplete', 4],
  ['rolled_back', 6],
  ['unsupported', 4],
];

/**
 * The account's imports at `startedAt`: `count` uploads spread over the weeks before, in US
 * office hours, ids in upload order, with the newest few still moving. Some uploads were made as a
 * batch and share `created_at` and `updated_at` to the millisecond, so clients must break ties by id.
 */
export function seedImports(seed: number, count: number, startedAt: number): SeededImport[] {
  const random = new SeededRandom(seed, 'fleetio:data');
  const liveCount = Math.min(LIVE_STATUSES.length, count);
  const history = historicalImports(random, count - liveCount, startedAt);
  const live = LIVE_STATUSES.slice(LIVE_STATUSES.length - liveCount).map((status) =>
    liveImport(random, status, startedAt),
  );
  // Ids come from the vendor's global sequence, so an account's first import is far from 1.
  const firstId = random.int(31_000, 38_000);
  const all = [...history.map((item) => ({ item, steps: [] })), ...live];
  all.forEach(({ item }, index) => (item.id = firstId + index));
  return all;
}

function historicalImports(random: SeededRandom, count: number, startedAt: number): FleetioImport[] {
  const statuses = Array.from({ length: count }, () => random.weighted(HISTORY_WEIGHTS));
  shuffledIndices(random, count).forEach((position, index) => {
    if (index < REQUIRED_HISTORY.length) statuses[position] = REQUIRED_HISTORY[index]!;
  });
  const spanMs = Math.min(56, Math.max(14, Math.ceil(count * 0.7))) * DAY;
  const uploads = Array.from({ length: count }, () => officeHours(startedAt - random.int(4 * HOUR, spanMs)));
  uploads.sort((a, b) => a - b);

  const items: FleetioImport[] = [];
  let twins = 0;
  for (let index = 0; index < count; index++) {
    const previous = items[index - 1];
    const lastChance = twins === 0 && index === count - 1;
    const batched =
      previous !== undefined &&
      previous.status !== 'rolled_back' &&
      statuses[index] !== 'rolled_back' &&
      (random.chance(0.1) || lastChance);
    if (batched) twins++;
    items.push(finishedImport(random, statuses[index]!, batched ? previous : undefined, uploads[index]!));
  }
  return items;
}

/** An import whose run ended before the simulator started; a batch twin copies its sibling's timing. */
function finishedImport(
  random: SeededRandom,
  status: ImportStatus,
  twin: FleetioImport | undefined,
  uploadedAt: number,
): FleetioImport {
  const outcome: ImportOutcome = status === 'rolled_back' ? 'complete' : (status as ImportOutcome);
  const createdAt = twin?.createdAt ?? uploadedAt;
  const item = newImport(random, outcome, createdAt, status);
  if (outcome === 'unsupported') {
    item.finishedAt = twin?.updatedAt ?? createdAt + random.int(2_000, 8_000);
    item.updatedAt = item.finishedAt;
    return item;
  }
  item.parsedAt = createdAt + random.int(2_000, 8_000);
  item.processingAt = item.parsedAt + random.int(3_000, 15_000);
  item.finishedAt = twin?.updatedAt ?? item.processingAt + processingDuration(random, item.rowCount);
  if (twin) {
    item.processingAt = Math.min(item.processingAt, item.finishedAt);
    item.parsedAt = Math.min(item.parsedAt, item.processingAt);
  }
  item.updatedAt = item.finishedAt;
  if (outcome !== 'incomplete') item.completedAt = item.finishedAt;
  if (status === 'rolled_back') {
    // Rollback is offered for 24 hours after an import (help centre [D]); most happen soon after.
    item.updatedAt = item.finishedAt + random.int(5 * MINUTE, 3 * HOUR);
  }
  return item;
}

function liveImport(random: SeededRandom, status: ImportStatus, startedAt: number): SeededImport {
  if (status === 'rolling_back') {
    const item = newImport(random, 'complete', startedAt - random.int(40 * MINUTE, 90 * MINUTE), status);
    item.parsedAt = item.createdAt + random.int(2_000, 8_000);
    item.processingAt = item.parsedAt + random.int(3_000, 15_000);
    item.finishedAt = item.processingAt + processingDuration(random, item.rowCount);
    item.completedAt = item.finishedAt;
    item.updatedAt = startedAt - random.int(5_000, 30_000);
    return { item, steps: planAhead(item, startedAt, random, false) };
  }
  const ageMs = { processing: [60_000, 150_000], queued: [10_000, 40_000] }[status as string] ?? [
    1_000, 8_000,
  ];
  const createdAt = startedAt - random.int(ageMs[0]!, ageMs[1]!);
  const item = newImport(random, pickOutcome(random, status === 'new'), createdAt, status);
  if (status === 'processing') {
    item.parsedAt = createdAt + random.int(2_000, 8_000);
    item.processingAt = item.parsedAt + random.int(3_000, 15_000);
    item.updatedAt = item.processingAt;
  } else if (status === 'queued') {
    item.parsedAt = createdAt + random.int(1_000, 5_000);
    item.updatedAt = item.parsedAt;
  }
  return { item, steps: planAhead(item, startedAt, random, false) };
}

function newImport(
  random: SeededRandom,
  outcome: ImportOutcome,
  createdAt: number,
  status: ImportStatus,
): FleetioImport {
  const draft = draftImport(random, createdAt, outcome);
  return {
    id: 0,
    type: draft.type.name,
    fileName: draft.fileName,
    fileSize: draft.fileSize,
    note: draft.note,
    status,
    createdAt,
    updatedAt: createdAt,
    completedAt: null,
    rowCount: draft.rowCount,
    outcome,
    uploadedBy: draft.uploadedBy,
    parsedAt: null,
    processingAt: null,
    finishedAt: null,
  };
}

/** Moves a night-time instant (in US time zones) back into the previous office day. */
function officeHours(instant: number): number {
  const hourUtc = new Date(instant).getUTCHours();
  return hourUtc >= 3 && hourUtc < 13 ? instant - 12 * HOUR : instant;
}
