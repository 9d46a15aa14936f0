/**
 * Keyset pagination as Fleetio's cursor endpoints do it (pagination page [D]): a cursor names a
 * position in the sort order, the values of the sort keys of the last record served, so records
 * created during a walk neither repeat nor shift the pages still to come. Ties on a timestamp are
 * broken by id, which the sort always ends with. The cursor is opaque to clients: base64url JSON.
 */
export type SortDirection = 'asc' | 'desc';

export interface SortKey<T> {
  field: string;
  direction: SortDirection;
  value: (item: T) => number;
}

interface CursorContent {
  /** The sort it was made for, as `[field, direction]` pairs. */
  s: [string, SortDirection][];
  /** The sort values of the last record served. */
  v: number[];
}

export interface KeysetPage<T> {
  records: T[];
  nextCursor: string | null;
  /** Records from this page on, this page included. */
  remaining: number;
}

export function encodeCursor<T>(keys: readonly SortKey<T>[], item: T): string {
  const content: CursorContent = {
    s: keys.map((key) => [key.field, key.direction]),
    v: keys.map((key) => key.value(item)),
  };
  return Buffer.from(JSON.stringify(content)).toString('base64url');
}

/** The position a cursor names, or why it names none for this sort. */
export function decodeCursor<T>(
  text: string,
  keys: readonly SortKey<T>[],
): { ok: true; after: number[] } | { ok: false; reason: string } {
  const invalid = { ok: false as const, reason: 'is invalid' };
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return invalid;
  let content: CursorContent;
  try {
    content = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as CursorContent;
  } catch {
    return invalid;
  }
  const wellFormed =
    typeof content === 'object' &&
    content !== null &&
    Array.isArray(content.s) &&
    Array.isArray(content.v) &&
    content.v.length === content.s.length &&
    content.v.every((value) => typeof value === 'number' && Number.isFinite(value));
  if (!wellFormed) return invalid;
  const sameSort =
    content.s.length === keys.length &&
    keys.every(
      (key, index) => content.s[index]?.[0] === key.field && content.s[index]?.[1] === key.direction,
    );
  if (!sameSort) return { ok: false, reason: 'was made for a different sort order' };
  return { ok: true, after: content.v };
}

export function compareBy<T>(keys: readonly SortKey<T>[]): (a: T, b: T) => number {
  return (a, b) =>
    compareValues(
      keys,
      keys.map((key) => key.value(a)),
      keys.map((key) => key.value(b)),
    );
}

function compareValues<T>(keys: readonly SortKey<T>[], a: readonly number[], b: readonly number[]): number {
  for (const [index, key] of keys.entries()) {
    const difference = a[index]! - b[index]!;
    if (difference !== 0) return key.direction === 'asc' ? difference : -difference;
  }
  return 0;
}

/** The page of `items` (already filtered) that follows the `after` position. */
export function keysetPage<T>(
  items: readonly T[],
  keys: readonly SortKey<T>[],
  after: readonly number[] | undefined,
  perPage: number,
): KeysetPage<T> {
  const sorted = [...items].sort(compareBy(keys));
  const start =
    after === undefined
      ? 0
      : sorted.findIndex(
          (item) =>
            compareValues(
              keys,
              keys.map((key) => key.value(item)),
              after,
            ) > 0,
        );
  const rest = start < 0 ? [] : sorted.slice(start);
  const records = rest.slice(0, perPage);
  const last = records[records.length - 1];
  return {
    records,
    nextCursor: rest.length > perPage && last !== undefined ? encodeCursor(keys, last) : null,
    remaining: rest.length,
  };
}
