import type {
  ImportFilter,
  ImportMessageSeverity,
  ImportProvider,
  ImportStatus,
} from '../../examples/client/generated/graphql.ts';
import { STATUS_WORDS, VENDOR_NAMES } from './words.ts';

/**
 * Where the console is, all of it in the URL, so a filtered list or an import's detail can be
 * bookmarked, shared and reached again with Back:
 * `/console?vendor=FLEETIO&status=RUNNING&type=skus&from=2026-12-01&to=2026-12-04&reference=abc`,
 * `&import=<id>` for a detail (with `&severity=ERROR` when its messages are filtered),
 * `&create=COMMERCE_LAYER` for the creation form. The list's filters
 * stay in the URL of a detail, so going back shows the same list.
 */
export interface ListFilters {
  vendors: ImportProvider[];
  statuses: ImportStatus[];
  resourceTypes: string[];
  /** A day, `YYYY-MM-DD` (UTC): imports created that day or later. */
  createdFrom?: string;
  /** A day, `YYYY-MM-DD` (UTC): imports created that day or earlier. */
  createdTo?: string;
  reference?: string;
  /** The parts of one split import (`group=`), e.g. from a created split or a part's detail. */
  groupId?: string;
}

export type CreatableProvider = Extract<ImportProvider, 'COMMERCE_LAYER' | 'SAILPOINT'>;

export type ConsoleRoute =
  | { view: 'list'; filters: ListFilters }
  | {
      view: 'detail';
      id: string;
      filters: ListFilters;
      /** The messages' severities shown; undefined for all of them. */
      severities?: ImportMessageSeverity[];
    }
  | { view: 'create'; provider: CreatableProvider; filters: ListFilters };

/** Every vendor and status, in the order the filters offer them (words.ts names each). */
export const PROVIDERS = Object.keys(VENDOR_NAMES) as ImportProvider[];
export const STATUSES = Object.keys(STATUS_WORDS) as ImportStatus[];
export const SEVERITIES: readonly ImportMessageSeverity[] = ['ERROR', 'WARNING', 'INFO'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function routeFromSearch(search: string): ConsoleRoute {
  const params = new URLSearchParams(search);
  const filters: ListFilters = {
    vendors: oneOf(listOf(params, 'vendor'), PROVIDERS),
    statuses: oneOf(listOf(params, 'status'), STATUSES),
    resourceTypes: listOf(params, 'type'),
    createdFrom: day(params.get('from')),
    createdTo: day(params.get('to')),
    reference: params.get('reference')?.trim() || undefined,
    groupId: params.get('group')?.trim() || undefined,
  };
  const id = params.get('import');
  if (id) {
    const severities = oneOf(listOf(params, 'severity'), SEVERITIES);
    // None (or only unknown words) and all three both mean every message.
    const some = severities.length > 0 && severities.length < SEVERITIES.length;
    return some ? { view: 'detail', id, filters, severities } : { view: 'detail', id, filters };
  }
  const create = params.get('create');
  if (create === 'COMMERCE_LAYER' || create === 'SAILPOINT')
    return { view: 'create', provider: create, filters };
  return { view: 'list', filters };
}

export function searchOf(route: ConsoleRoute): string {
  const params = new URLSearchParams();
  const { filters } = route;
  for (const vendor of filters.vendors) params.append('vendor', vendor);
  for (const status of filters.statuses) params.append('status', status);
  for (const type of filters.resourceTypes) params.append('type', type);
  if (filters.createdFrom) params.set('from', filters.createdFrom);
  if (filters.createdTo) params.set('to', filters.createdTo);
  if (filters.reference) params.set('reference', filters.reference);
  if (filters.groupId) params.set('group', filters.groupId);
  if (route.view === 'detail') {
    params.set('import', route.id);
    for (const severity of route.severities ?? []) params.append('severity', severity);
  }
  if (route.view === 'create') params.set('create', route.provider);
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** The list's filters as the API takes them; undefined when none is set. */
export function importFilterOf(filters: ListFilters): ImportFilter | undefined {
  const filter: ImportFilter = {};
  if (filters.vendors.length > 0) filter.providers = filters.vendors;
  if (filters.statuses.length > 0) filter.statuses = filters.statuses;
  if (filters.resourceTypes.length > 0) filter.resourceTypes = filters.resourceTypes;
  // The API's bounds are strict (created after, created before): the day starts a millisecond later.
  if (filters.createdFrom) filter.createdAfter = new Date(dayStart(filters.createdFrom) - 1).toISOString();
  // The whole day: created before the start of the next one.
  if (filters.createdTo) filter.createdBefore = nextDay(filters.createdTo);
  if (filters.reference) filter.reference = filters.reference;
  if (filters.groupId) filter.groupId = filters.groupId;
  return Object.keys(filter).length > 0 ? filter : undefined;
}

/**
 * Every value of a repeated parameter, also comma-separated ones (`status=FAILED,CANCELLED`, as a
 * person may type it), trimmed, without empty ones.
 */
function listOf(params: URLSearchParams, name: string): string[] {
  return params
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
}

function oneOf<T extends string>(values: string[], known: readonly T[]): T[] {
  return [...new Set(values)].filter((value): value is T => known.includes(value as T));
}

/** A calendar day that exists: Date.parse reads 2026-02-30 as 2 March, so the day must read back the same. */
function day(value: string | null): string | undefined {
  if (!value || !DAY.test(value)) return undefined;
  const start = dayStart(value);
  return !Number.isNaN(start) && new Date(start).toISOString().startsWith(value) ? value : undefined;
}

function dayStart(value: string): number {
  return Date.parse(`${value}T00:00:00Z`);
}

function nextDay(value: string): string {
  return new Date(dayStart(value) + 86_400_000).toISOString();
}
