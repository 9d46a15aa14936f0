import { SeededRandom } from '../core/random.ts';
import { importTypeNamed, rowErrorsOf } from './import-types.ts';
import { shuffledIndices } from './shuffled-indices.ts';
import type { FleetioImport } from './model.ts';
import type { TimeFormatter } from './time-format.ts';

/** `status` of an Import Row Result (List Row Results page [D]). */
export const ROW_STATUSES = ['error', 'updated', 'created', 'unaffected', 'pending'] as const;
export type RowStatus = (typeof ROW_STATUSES)[number];

export interface RowResult {
  id: number;
  recordId: number | null;
  rowNumber: number;
  status: RowStatus;
  message: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface RowResultWire {
  id: number;
  record_id: number | null;
  row_number: number;
  status: RowStatus;
  message: string | null;
  imported_type: string;
  created_at: string;
  updated_at: string;
}

interface PlannedRow {
  status: Exclude<RowStatus, 'pending'>;
  recordId: number | null;
  message: string | null;
}

/**
 * The per-row results of an import as they stand at `now`. Rows exist once the file is parsed
 * (`queued`), start `pending`, and reach their final status one after another while the import is
 * `processing`, so `updated_at` of each row is the instant it was processed. A `failed` import
 * wrote nothing (its other rows stay `unaffected`); an `incomplete` one stopped part-way and left the
 * rest `pending` [I]. What each row becomes is drawn from the import's own seeded stream, so it is
 * the same whenever it is asked.
 */
export function rowResultsOf(item: FleetioImport, now: number, seed: number): RowResult[] {
  if (item.status === 'new' || item.outcome === 'unsupported') return [];
  const { rows, processed } = planRows(item, seed);
  const parsedAt = item.parsedAt ?? item.createdAt;
  const start = item.processingAt ?? parsedAt;
  const end = item.finishedAt ?? start;
  return rows.map((planned, index) => {
    const doneAt = start + Math.round(((index + 1) / Math.max(1, processed)) * (end - start));
    const done =
      index < processed && item.status !== 'queued' && (item.status !== 'processing' || doneAt <= now);
    return {
      id: item.id * 1000 + index + 1,
      // Row 1 of the file is the header.
      rowNumber: index + 2,
      status: done ? planned.status : 'pending',
      recordId: done ? planned.recordId : null,
      message: done ? planned.message : null,
      createdAt: parsedAt,
      updatedAt: done ? doneAt : parsedAt,
    };
  });
}

function planRows(item: FleetioImport, seed: number): { rows: PlannedRow[]; processed: number } {
  const random = new SeededRandom(seed, `fleetio:rows:${item.id}`);
  const count = item.rowCount;
  const errorShare =
    item.outcome === 'partially_complete'
      ? 0.05 + random.next() * 0.3
      : item.outcome === 'failed'
        ? 0.02 + random.next() * 0.3
        : 0;
  const errorCount =
    errorShare === 0
      ? 0
      : Math.min(
          item.outcome === 'failed' ? count : Math.max(1, count - 1),
          Math.max(1, Math.round(count * errorShare)),
        );
  const errorRows = new Set(shuffledIndices(random, count).slice(0, errorCount));
  const processed = item.outcome === 'incomplete' ? Math.floor(count * (0.2 + random.next() * 0.6)) : count;
  const messages = rowErrorsOf(importTypeNamed(item.type)!);
  const rows = Array.from({ length: count }, (_, index): PlannedRow => {
    if (errorRows.has(index)) return { status: 'error', recordId: null, message: random.pick(messages) };
    if (item.outcome === 'failed') return { status: 'unaffected', recordId: null, message: null };
    const status = random.weighted([
      ['created', 6],
      ['updated', 3],
      ['unaffected', 1],
    ] as const);
    // New records take ids from this import's block; updated ones already existed with lower ids.
    const recordId = status === 'created' ? item.id * 1000 + index + 1 : random.int(100_000, 9_999_999);
    return { status, recordId, message: null };
  });
  return { rows, processed };
}

export function rowResultToWire(row: RowResult, importedType: string, time: TimeFormatter): RowResultWire {
  return {
    id: row.id,
    record_id: row.recordId,
    row_number: row.rowNumber,
    status: row.status,
    message: row.message,
    imported_type: importedType,
    created_at: time(row.createdAt),
    updated_at: time(row.updatedAt),
  };
}
