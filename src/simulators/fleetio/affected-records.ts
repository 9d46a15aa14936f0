import { SeededRandom } from '../core/random.ts';
import { importTypeNamed } from './import-types.ts';
import type { FleetioImport } from './model.ts';
import type { RowResult } from './row-results.ts';
import type { TimeFormatter } from './time-format.ts';

const DAY = 86_400_000;

/**
 * The body behind `GET /v1/imports/{id}/records`: the objects of the import's type that its rows
 * created or updated. Only `complete` imports have data and a failed one gives `[]` (records page
 * [D]); `partially_complete` ones are an option. A rolled-back import's records were deleted, so it
 * gives `[]` too [I].
 */
export function affectedRecordsOf(
  item: FleetioImport,
  rows: readonly RowResult[],
  time: TimeFormatter,
  seed: number,
  includePartial: boolean,
): Record<string, unknown>[] {
  const hasData = item.status === 'complete' || (includePartial && item.status === 'partially_complete');
  if (!hasData) return [];
  const type = importTypeNamed(item.type)!;
  return rows
    .filter((row) => row.recordId !== null && (row.status === 'created' || row.status === 'updated'))
    .map((row) => {
      const random = new SeededRandom(seed, `fleetio:record:${item.type}:${row.recordId}`);
      // An updated record existed before the import; a created one was born with its row.
      const createdAt = row.status === 'created' ? row.updatedAt : row.updatedAt - random.int(3, 900) * DAY;
      return type.buildRecord(row.recordId!, random, {
        created_at: time(createdAt),
        updated_at: time(row.updatedAt),
      });
    });
}

/** The record ids an `import_completed` webhook lists (webhook event reference [D]). */
export function recordIdsOf(rows: readonly RowResult[]): { created: number[]; updated: number[] } {
  const ids = (status: RowResult['status']) =>
    rows.filter((row) => row.status === status && row.recordId !== null).map((row) => row.recordId!);
  return { created: ids('created'), updated: ids('updated') };
}
