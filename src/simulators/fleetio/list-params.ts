import type { SortDirection } from './keyset.ts';

/** What one cursor endpoint lets clients filter and sort by. */
export interface ListSpec {
  sortable: readonly string[];
  /** Values `filter[status][include]` accepts. */
  statuses: readonly string[];
  /** Timestamp fields filterable with one of `lt`, `lte`, `gt`, `gte`. */
  dateFilters: readonly string[];
}

export type DateOperator = 'lt' | 'lte' | 'gt' | 'gte';

export interface ListParams {
  perPage: number;
  /** The cursor and the query name it came under. */
  cursor?: { param: string; value: string };
  sort: [string, SortDirection][];
  statuses?: ReadonlySet<string>;
  dates: { field: string; operator: DateOperator; instant: number }[];
  /** The response's `filtered_by`: one single-key object per filter, values as given. */
  filteredBy: Record<string, Record<string, string>>[];
}

/** Per query parameter, what is wrong with it: Fleetio's `{errors: {field: [messages]}}` body. */
export type ParamErrors = Record<string, string[]>;

const DATE_OPERATORS: readonly string[] = ['lt', 'lte', 'gt', 'gte'];
export const DEFAULT_PER_PAGE = 50;

/**
 * Reads the paging, filter and sort parameters of a cursor endpoint (List Imports and filtering
 * pages [D]): `per_page` 2–100, default 50; `start_cursor`, also accepted as `next_cursor` since
 * Fleetio's own connector sends that name [S]; `filter[status][include]` with one status [D];
 * exactly one operator per date field; `sort[field]=asc|desc`, applied in the order given. Every
 * problem is reported, not only the first; parameters the endpoint does not know are ignored.
 */
export function parseListParams(
  query: URLSearchParams,
  spec: ListSpec,
): { ok: true; params: ListParams } | { ok: false; errors: ParamErrors } {
  const errors: ParamErrors = {};
  const fail = (param: string, message: string) => (errors[param] ??= []).push(message);
  const params: ListParams = { perPage: DEFAULT_PER_PAGE, sort: [], dates: [], filteredBy: [] };

  const perPage = query.get('per_page');
  if (perPage !== null && perPage !== '') {
    if (!/^\d+$/.test(perPage)) fail('per_page', 'must be an integer');
    else if (Number(perPage) < 2 || Number(perPage) > 100) fail('per_page', 'must be between 2 and 100');
    else params.perPage = Number(perPage);
  }
  for (const name of ['start_cursor', 'next_cursor']) {
    const value = query.get(name);
    // "Leave blank for first page" (pagination page [D]).
    if (value !== null && value !== '' && params.cursor === undefined) params.cursor = { param: name, value };
  }

  for (const [key, value] of query) {
    const sort = /^sort\[(.*)\]$/.exec(key);
    if (sort) {
      const field = sort[1]!;
      if (!spec.sortable.includes(field)) fail(key, `is not sortable; sort by ${spec.sortable.join(', ')}`);
      else if (value !== 'asc' && value !== 'desc') fail(key, 'must be asc or desc');
      else params.sort = [...params.sort.filter(([known]) => known !== field), [field, value]];
      continue;
    }
    const filter = /^filter\[([^\]]*)\](?:\[([^\]]*)\])?$/.exec(key);
    if (!filter) continue;
    const [field, operator] = [filter[1]!, filter[2]];
    if (field === 'status') {
      if (operator !== 'include') {
        fail(key, 'status filters take the include operator: filter[status][include]');
        continue;
      }
      // One status, as the docs show it (`include string`); a comma list is read as one name no
      // status has and refused like any unknown status, so a client relying on lists shows at once.
      if (!spec.statuses.includes(value)) {
        fail(key, `must be one of ${spec.statuses.join(', ')} (one status per request)`);
        continue;
      }
      params.statuses = new Set([value]);
      params.filteredBy.push({ status: { include: value } });
    } else if (spec.dateFilters.includes(field)) {
      if (operator === undefined || !DATE_OPERATORS.includes(operator)) {
        fail(key, `takes exactly one of the operators ${DATE_OPERATORS.join(', ')}`);
      } else if (params.dates.some((date) => date.field === field)) {
        fail(`filter[${field}]`, `takes exactly one of the operators ${DATE_OPERATORS.join(', ')}`);
      } else {
        const instant = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
        if (Number.isNaN(instant)) fail(key, 'must be an ISO 8601 date-time');
        else {
          params.dates.push({ field, operator: operator as DateOperator, instant });
          params.filteredBy.push({ [field]: { [operator]: value } });
        }
      }
    } else {
      fail(key, `is not filterable; filter by ${['status', ...spec.dateFilters].join(', ')}`);
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, params };
}

/** The applied sort: as asked, default `id desc`, always ending with id in the first key's direction. */
export function appliedSort(params: ListParams): [string, SortDirection][] {
  const sort: [string, SortDirection][] = params.sort.length > 0 ? [...params.sort] : [['id', 'desc']];
  if (!sort.some(([field]) => field === 'id')) sort.push(['id', sort[0]![1]]);
  return sort;
}

export function matchesDate(instant: number, operator: DateOperator, bound: number): boolean {
  if (operator === 'lt') return instant < bound;
  if (operator === 'lte') return instant <= bound;
  if (operator === 'gt') return instant > bound;
  return instant >= bound;
}
