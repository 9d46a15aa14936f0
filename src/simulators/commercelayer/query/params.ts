import type { SimResponse } from '../../core/http.ts';
import {
  filterNotAllowed,
  invalidField,
  invalidInclude,
  invalidPageValue,
  invalidResource,
  pageParameterNotAllowed,
  paramNotAllowed,
} from '../errors.ts';
import { IMPORT_ATTRIBUTES, IMPORT_RELATIONSHIPS } from '../model.ts';
import { parseCondition, type RecordFilter } from './filters.ts';
import { parseSort, type RecordOrder } from './sorting.ts';

/** cli-core `page_max_size` 25 and `page_default_size` 10; the SDK's QueryPageSize is 1..25. */
export const PAGE_MAX_SIZE = 25;
export const PAGE_DEFAULT_SIZE = 10;

/** What any response carrying imports may ask for: a sparse fieldset and includes. */
export interface ResourceQuery {
  fields?: ReadonlySet<string>;
  /** Set when `include` was given: the document then carries `included` (no events are simulated). */
  include: boolean;
}

export interface ListQuery extends ResourceQuery {
  number: number;
  size: number;
  filters: RecordFilter[];
  order: RecordOrder;
}

const FIELD_NAMES = new Set<string>([...IMPORT_ATTRIBUTES.map(({ name }) => name), ...IMPORT_RELATIONSHIPS]);
/** The resource schema marks `event_stores` as not includable. */
const INCLUDABLE = new Set(['events']);

function parseResourceParam(
  name: string,
  value: string,
  query: ResourceQuery,
): SimResponse | undefined | 'unknown' {
  const fields = /^fields\[(.*)\]$/.exec(name);
  if (fields) {
    if (fields[1] !== 'imports') return invalidResource(fields[1]!);
    const names = value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
    const unknown = names.find((field) => !FIELD_NAMES.has(field));
    if (unknown !== undefined) return invalidField('imports', unknown);
    query.fields = new Set(names);
    return undefined;
  }
  if (name === 'include') {
    for (const relationship of value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '')) {
      if (!INCLUDABLE.has(relationship)) return invalidInclude(relationship);
    }
    query.include = true;
    return undefined;
  }
  return 'unknown';
}

/** Query of a single-resource response (GET/PATCH/POST): only `fields[…]` and `include`. */
export function parseResourceQuery(params: URLSearchParams): ResourceQuery | SimResponse {
  const query: ResourceQuery = { include: false };
  for (const [name, value] of params) {
    const outcome = parseResourceParam(name, value, query);
    if (outcome === 'unknown') return paramNotAllowed(name);
    if (outcome) return outcome;
  }
  return query;
}

function pageValue(page: 'number' | 'size', raw: string | null, fallback: number): number | SimResponse {
  if (raw === null) return fallback;
  const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= 1)) return invalidPageValue(page, raw);
  if (page === 'size' && value > PAGE_MAX_SIZE) {
    return invalidPageValue(page, raw, `size exceeds maximum page size of ${PAGE_MAX_SIZE}.`);
  }
  return value;
}

/** Query of `GET /api/imports`; anything else is answered with the vendor's 400 for it. */
export function parseListQuery(params: URLSearchParams): ListQuery | SimResponse {
  const filters: RecordFilter[] = [];
  const query = { include: false } as ResourceQuery;
  let number: string | null = null;
  let size: string | null = null;
  for (const [name, value] of params) {
    const page = /^page\[(.*)\]$/.exec(name);
    const condition = /^filter\[q\]\[(.*)\]$/.exec(name);
    if (page) {
      if (page[1] === 'number') number = value;
      else if (page[1] === 'size') size = value;
      else return pageParameterNotAllowed(page[1]!);
    } else if (condition) {
      const parsed = parseCondition(condition[1]!, value);
      if (typeof parsed === 'object') return parsed;
      if (parsed) filters.push(parsed);
    } else if (name === 'filter[ids]') {
      // The resource schema's `ids` filter: a comma list of ids.
      const ids = new Set(
        value
          .split(',')
          .map((id) => id.trim())
          .filter((id) => id !== ''),
      );
      if (ids.size > 0) filters.push((record) => ids.has(record.id));
    } else if (name.startsWith('filter')) {
      return filterNotAllowed(/^filter\[(.*?)\]/.exec(name)?.[1] ?? name);
    } else if (name !== 'sort') {
      const outcome = parseResourceParam(name, value, query);
      if (outcome === 'unknown') return paramNotAllowed(name);
      if (outcome) return outcome;
    }
  }
  const order = parseSort(params.get('sort'));
  if (typeof order !== 'function') return order;
  const pageNumber = pageValue('number', number, 1);
  if (typeof pageNumber !== 'number') return pageNumber;
  const pageSize = pageValue('size', size, PAGE_DEFAULT_SIZE);
  if (typeof pageSize !== 'number') return pageSize;
  return { ...query, number: pageNumber, size: pageSize, filters, order };
}
