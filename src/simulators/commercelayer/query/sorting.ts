import type { SimResponse } from '../../core/http.ts';
import { invalidSortCriteria } from '../errors.ts';
import { COUNT_ATTRIBUTES, IMPORT_ATTRIBUTES, type ImportRecord } from '../model.ts';
import { wireAttribute } from '../wire.ts';

const COUNTS = new Set<string>(COUNT_ATTRIBUTES);

type SortKey = { read: (record: ImportRecord) => string | number | null; descending: boolean };

/** Sortable attributes of the resource schema, plus `id`. */
const SORTABLE = new Map<string, (record: ImportRecord) => string | number | null>([
  ...IMPORT_ATTRIBUTES.filter((attribute) => attribute.sortable).map(
    ({ name }) =>
      [
        name,
        COUNTS.has(name)
          ? (record: ImportRecord) => wireAttribute(record, name) as number | null
          : (record: ImportRecord) => record[name as keyof ImportRecord] as string | number | null,
      ] as const,
  ),
  // [I] The vendor's ids hash an integer key; sorting them as plain strings is our choice.
  ['id', (record: ImportRecord) => record.id],
]);

export type RecordOrder = (a: ImportRecord, b: ImportRecord) => number;

/**
 * `sort=-created_at,id` (JSON:API; a minus sorts descending). NULLs come last ascending and first
 * descending, as in Postgres. The creation serial breaks every remaining tie, so equal timestamps
 * still page in one fixed order, and no `sort` means creation order [I: the primary-key order].
 */
export function parseSort(raw: string | null): RecordOrder | SimResponse {
  const keys: SortKey[] = [];
  for (const part of (raw ?? '').split(',').map((item) => item.trim())) {
    if (part === '') continue;
    const descending = part.startsWith('-');
    const name = descending ? part.slice(1) : part;
    const read = SORTABLE.get(name);
    if (!read) return invalidSortCriteria(name);
    keys.push({ read, descending });
  }
  return (a, b) => {
    for (const { read, descending } of keys) {
      const left = read(a);
      const right = read(b);
      if (left === right) continue;
      // Postgres: NULLS LAST for ASC, NULLS FIRST for DESC, i.e. NULL is the largest value.
      const order = left === null ? 1 : right === null ? -1 : left < right ? -1 : 1;
      return descending ? -order : order;
    }
    return a.serial - b.serial;
  };
}
