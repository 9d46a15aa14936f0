import type { SimResponse } from '../../core/http.ts';
import { filterNotAllowed, invalidFilterValue } from '../errors.ts';
import { IMPORT_ATTRIBUTES, type AttributeKind, type ImportRecord } from '../model.ts';
import { wireAttribute } from '../wire.ts';

/**
 * `filter[q][<attribute>_<predicate>]=value`: Ransack matchers, as the vendor documents them
 * (specs/VENDOR-REFERENCE.md §3; the SDK's `filter[q][{predicate}]`). Values compare the way the
 * vendor's Postgres would: a NULL matches no comparison (not even `not_eq`),
 * `cont`/`start`/`end`/`matches` are case-insensitive (Ransack uses ILIKE there), a blank value
 * drops the condition (Ransack ignores blanks). An unknown attribute or predicate is a 400
 * FILTER_NOT_ALLOWED [I: Ransack itself might ignore it; refusing tells a client its filter did
 * nothing].
 */
type Comparable = string | number | null;
type Matcher = (actual: Comparable, expected: Comparable) => boolean;

const compare = (actual: Comparable, expected: Comparable) =>
  actual === null || expected === null ? Number.NaN : actual < expected ? -1 : actual > expected ? 1 : 0;

function like(pattern: string): RegExp {
  const source = pattern
    .split('')
    .map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'is');
}

const text = (value: Comparable) => (value === null ? null : String(value).toLowerCase());
const contains = (actual: Comparable, expected: Comparable) =>
  actual !== null && text(actual)!.includes(text(expected) ?? '');

const SCALAR: Record<string, Matcher> = {
  eq: (a, e) => compare(a, e) === 0,
  not_eq: (a, e) => a !== null && compare(a, e) !== 0,
  lt: (a, e) => compare(a, e) < 0,
  lteq: (a, e) => compare(a, e) <= 0,
  gt: (a, e) => compare(a, e) > 0,
  gteq: (a, e) => compare(a, e) >= 0,
  // The `_from`/`_to` filters of the resource schema bound dates inclusively.
  from: (a, e) => compare(a, e) >= 0,
  to: (a, e) => compare(a, e) <= 0,
  matches: (a, e) => a !== null && like(String(e)).test(String(a)),
  does_not_match: (a, e) => a !== null && !like(String(e)).test(String(a)),
  cont: contains,
  i_cont: contains,
  not_cont: (a, e) => a !== null && !contains(a, e),
  start: (a, e) => a !== null && text(a)!.startsWith(text(e) ?? ''),
  not_start: (a, e) => a !== null && !text(a)!.startsWith(text(e) ?? ''),
  end: (a, e) => a !== null && text(a)!.endsWith(text(e) ?? ''),
  not_end: (a, e) => a !== null && !text(a)!.endsWith(text(e) ?? ''),
};

/** Predicates that take a yes/no switch rather than a value. */
const SWITCHES: Record<string, (actual: Comparable) => boolean> = {
  null: (a) => a === null,
  not_null: (a) => a !== null,
  present: (a) => a !== null && String(a).trim() !== '',
  blank: (a) => a === null || String(a).trim() === '',
};

interface FilterAttribute {
  name: string;
  kind: AttributeKind;
  read: (record: ImportRecord) => Comparable;
}

function readerFor(name: string, kind: AttributeKind): (record: ImportRecord) => Comparable {
  if (kind === 'datetime') return (record) => record[name as 'created_at'];
  if (kind === 'object') return (record) => JSON.stringify(wireAttribute(record, name));
  return (record) => wireAttribute(record, name) as Comparable;
}

/** Filterable attributes (resource schema), plus `id` and the `events` relationship (`events_id`). */
const ATTRIBUTES: FilterAttribute[] = [
  ...IMPORT_ATTRIBUTES.filter((attribute) => attribute.filterable).map(({ name, kind }): FilterAttribute => ({
    name,
    kind: kind as AttributeKind,
    read: readerFor(name, kind as AttributeKind),
  })),
  { name: 'id', kind: 'string', read: (record: ImportRecord) => record.id } satisfies FilterAttribute,
  // No events are simulated, so an import's event ids are always empty.
  { name: 'events_id', kind: 'string', read: () => null } satisfies FilterAttribute,
  // Longest names first, so `reference_origin_eq` is never read as `reference` + `origin_eq`.
].sort((a, b) => b.name.length - a.name.length);

export type RecordFilter = (record: ImportRecord) => boolean;

function typedValue(attribute: FilterAttribute, raw: string): Comparable | undefined {
  if (attribute.kind === 'integer') return /^-?\d+$/.test(raw.trim()) ? Number(raw) : undefined;
  if (attribute.kind === 'datetime') {
    const ms = Date.parse(raw);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return raw;
}

/** Parses one `filter[q][…]` condition; undefined when Ransack would ignore it (blank value). */
export function parseCondition(condition: string, raw: string): RecordFilter | undefined | SimResponse {
  const attribute = ATTRIBUTES.find((candidate) => condition.startsWith(`${candidate.name}_`));
  const predicate = attribute && condition.slice(attribute.name.length + 1);
  if (!attribute || !predicate) return filterNotAllowed(condition);
  if (raw.trim() === '') return undefined;
  const { read } = attribute;

  const toggle = SWITCHES[predicate];
  if (toggle) {
    const on = ['true', '1', 't'].includes(raw.trim().toLowerCase());
    if (!on && !['false', '0', 'f'].includes(raw.trim().toLowerCase()))
      return invalidFilterValue(condition, raw);
    return (record) => toggle(read(record)) === on;
  }

  const [base, quantifier] = /^(.+)_(any|all)$/.exec(predicate)?.slice(1) ?? [predicate, undefined];
  const list = predicate === 'in' || predicate === 'not_in' || quantifier !== undefined;
  const matcher = predicate === 'in' || predicate === 'not_in' ? SCALAR.eq : SCALAR[base!];
  if (!matcher) return filterNotAllowed(condition);
  if ((base === 'from' || base === 'to') && attribute.kind !== 'datetime') return filterNotAllowed(condition);

  const expected: Comparable[] = [];
  for (const part of list ? raw.split(',') : [raw]) {
    const value = typedValue(attribute, part);
    if (value === undefined) return invalidFilterValue(condition, raw);
    expected.push(value);
  }
  if (predicate === 'not_in') {
    return (record) => {
      const actual = read(record);
      return actual !== null && !expected.some((value) => matcher(actual, value));
    };
  }
  if (quantifier === 'all') return (record) => expected.every((value) => matcher(read(record), value));
  return (record) => expected.some((value) => matcher(read(record), value));
}
