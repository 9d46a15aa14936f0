import { providerRank, type Import } from '../../imports/model.ts';
import type { ImportOrder, OrderPosition } from '../../imports/order.ts';
import type { ImportConditions } from '../../imports/import-source.ts';
import { matchesNarrowing } from '../../imports/conditions.ts';
import type { QueryParams } from './client.ts';
import { COMMERCE_LAYER_STATUSES, vendorSelectionsFor, type VendorSelection } from './map.ts';

/** How a list or count is split between Ransack filters (`filter[q][…]`) and checks made here. */
export interface ListPlan {
  /** Nothing can match (an empty status or type list, an empty time range): no request needed. */
  empty: boolean;
  /** Filters and sort; paging and fields are added per request. */
  params: QueryParams;
  /** Every condition, checked again on the mapped import, so results are exact whatever the vendor did. */
  accept: (item: Import) => boolean;
  /** The vendor applies every condition itself: each record it returns matches, and its count is exact. */
  exact: boolean;
  /** The query leaves out the cursor's own import (`id_not_eq`). */
  leavesOutCursor: boolean;
  /**
   * A reference or group is checked here on what the vendor returns (referenceParams): the walk
   * reads at most MAX_SCAN_PAGES vendor pages and says where it stopped.
   */
  scansHere: boolean;
}

/** Instants in ms: `from` inclusive, `until` exclusive. */
interface Range {
  from?: number;
  until?: number;
}

const SELF = providerRank('COMMERCE_LAYER');
const timeParam = (ms: number) => new Date(ms).toISOString();

/**
 * Whether a Commerce Layer import meets the conditions, as the vendor's own filters would judge
 * it: a resource type matches only whole, as `resource_type_in` does (an import has one type), so
 * a list checked here and one the vendor filtered agree. `matchesConditions` of
 * src/imports/conditions.ts splits types at commas instead, for SailPoint's several object types
 * in one job.
 */
export function matchesAtCommerceLayer(item: Import, conditions: ImportConditions): boolean {
  const created = item.createdAt.getTime();
  const updated = item.updatedAt.getTime();
  return (
    (conditions.statuses === undefined || conditions.statuses.includes(item.status)) &&
    (conditions.resourceTypes === undefined ||
      (item.resourceType !== null && conditions.resourceTypes.includes(item.resourceType))) &&
    (conditions.createdAfter === undefined || created > conditions.createdAfter) &&
    (conditions.createdBefore === undefined || created < conditions.createdBefore) &&
    (conditions.updatedAfter === undefined || updated > conditions.updatedAfter) &&
    (conditions.updatedBefore === undefined || updated < conditions.updatedBefore) &&
    matchesNarrowing(item, conditions)
  );
}

/**
 * `reference` [S: filterable] with Ransack's `eq`, trusted as exact (its record count is the
 * count) on the inference that `eq` respects case (specs/VENDOR-REFERENCE.md §3.5 [I]); a group
 * as `reference_start` `<group>-`, the references the vendor's sdk-utils and the gateway give a
 * split's parts, a superset (`start` ignores case; another group's id may begin the same way; a
 * part's reference may have been changed since) whose `metadata` marks are checked here. A value
 * with a comma is not sent: the vendor splits comma lists, and whether it does so for `eq` and
 * `start` is not documented [I].
 */
function referenceParams(conditions: ImportConditions) {
  const params: [string, string][] = [];
  let exact = true;
  let scansHere = false;
  const { reference, groupId } = conditions;
  if (reference !== undefined) {
    if (reference.includes(',')) {
      exact = false;
      scansHere = true;
    } else params.push(['filter[q][reference_eq]', reference]);
  }
  if (groupId !== undefined) {
    exact = false;
    scansHere = true;
    if (!groupId.includes(',') && reference === undefined)
      params.push(['filter[q][reference_start]', `${groupId}-`]);
  }
  return { params, exact, scansHere };
}

/**
 * The vendor writes instants to the millisecond [S] and may store finer ones [I], so every bound
 * is sent as `gteq` of an inclusive or `lt` of an exclusive millisecond: `after X` is `gteq X+1`,
 * `before X` is `lt X`. Both agree with the truncated times the gateway reads.
 */
function rangesOf(conditions: ImportConditions, order?: ImportOrder, after?: OrderPosition) {
  const next = (ms: number | undefined) => (ms === undefined ? undefined : ms + 1);
  const ranges: Record<'created_at' | 'updated_at', Range> = {
    created_at: { from: next(conditions.createdAfter), until: conditions.createdBefore },
    updated_at: { from: next(conditions.updatedAfter), until: conditions.updatedBefore },
  };
  if (order && after) {
    // The walk starts at the cursor's instant: inclusively unless provider rank already puts every
    // Commerce Layer import of that instant on the cursor's far side. takeAfter drops the rest.
    const range = ranges[order.field === 'CREATED_AT' ? 'created_at' : 'updated_at'];
    const rank = providerRank(after.provider);
    if (order.direction === 'ASC')
      range.from = Math.max(range.from ?? -Infinity, rank > SELF ? after.at + 1 : after.at);
    else range.until = Math.min(range.until ?? Infinity, rank < SELF ? after.at : after.at + 1);
  }
  return ranges;
}

/** `status_in`, or `status_not_in` of the known statuses when statuses unknown to the gateway are wanted. */
function statusParams(statuses: readonly VendorSelection['statuses'][number][]): [string, string][] {
  const wanted = new Set(statuses);
  if (wanted.has('other')) {
    const excluded = COMMERCE_LAYER_STATUSES.filter((status) => !wanted.has(status));
    return excluded.length === 0 ? [] : [['filter[q][status_not_in]', excluded.join(',')]];
  }
  return [['filter[q][status_in]', COMMERCE_LAYER_STATUSES.filter((status) => wanted.has(status)).join(',')]];
}

function selectionParams(selection: VendorSelection): [string, string][] {
  return [
    ...statusParams(selection.statuses),
    ...Object.entries(selection.counts).map(([predicate, value]): [string, string] => [
      `filter[q][${predicate}]`,
      value,
    ]),
  ];
}

/**
 * The conditions every query shares: resource types and time ranges. A blank resource type can
 * match nothing (blank types read as null) and is left out, since Ransack ignores a blank value;
 * a type with a comma cannot be sent in a comma list, so then types are checked here only.
 */
function commonParams(conditions: ImportConditions, order?: ImportOrder, after?: OrderPosition) {
  const narrowing = referenceParams(conditions);
  const params: [string, string][] = [...narrowing.params];
  let empty = false;
  let exact = narrowing.exact;
  if (conditions.resourceTypes !== undefined) {
    const types = [...new Set(conditions.resourceTypes.filter((type) => type.trim() !== ''))];
    if (types.length === 0) empty = true;
    else if (types.some((type) => type.includes(','))) exact = false;
    else params.push(['filter[q][resource_type_in]', types.join(',')]);
  }
  for (const [field, range] of Object.entries(rangesOf(conditions, order, after))) {
    if (range.from !== undefined && range.until !== undefined && range.from >= range.until) empty = true;
    if (range.from !== undefined) params.push([`filter[q][${field}_gteq]`, timeParam(range.from)]);
    if (range.until !== undefined) params.push([`filter[q][${field}_lt]`, timeParam(range.until)]);
  }
  return { params, empty, exact, scansHere: narrowing.scansHere };
}

/**
 * Plans `GET /api/imports` for a walk in `order` from `after`. One status selection is pushed
 * whole; several are pushed as their union of statuses (a superset, checked here). The sort adds
 * `id` after the time field, as the vendor's docs show (`sort=-created_at,id`). After a
 * Commerce Layer cursor the cursor's own import is left out with `id_not_eq`, so it does not take
 * a place on the page, wherever it cannot have moved to after the cursor: `created_at` never
 * changes, and an update only moves an import forward in `updated_at`, which a DESC walk has
 * passed. An UPDATED_AT ASC walk must see an import again once it has changed.
 */
export function planList(
  conditions: ImportConditions,
  order: ImportOrder,
  after?: OrderPosition,
  gatewayInterrupts = false,
): ListPlan {
  const common = commonParams(conditions, order, after);
  const selections = conditions.statuses && vendorSelectionsFor(conditions.statuses, gatewayInterrupts);
  const params: [string, string][] = [];
  if (selections?.length === 1) params.push(...selectionParams(selections[0]!));
  else if (selections && selections.length > 1)
    params.push(...statusParams(selections.flatMap((part) => part.statuses)));
  params.push(...common.params);
  const leavesOutCursor =
    after?.provider === 'COMMERCE_LAYER' && (order.field === 'CREATED_AT' || order.direction === 'DESC');
  if (leavesOutCursor) params.push(['filter[q][id_not_eq]', after.providerId]);
  const field = order.field === 'CREATED_AT' ? 'created_at' : 'updated_at';
  const sign = order.direction === 'ASC' ? '' : '-';
  params.push(['sort', `${sign}${field},${sign}id`]);
  return {
    empty: common.empty || selections?.length === 0,
    params,
    accept: (item) => matchesAtCommerceLayer(item, conditions),
    exact: common.exact && (selections === undefined || (selections.length === 1 && !selections[0]!.mixed)),
    leavesOutCursor,
    scansHere: common.scansHere,
  };
}

/** One count query: its record count adds up, or (`mixed`) its imports are read and checked here. */
export interface CountQuery {
  params: QueryParams;
  mixed: boolean;
}

/**
 * Plans a count: one query per disjoint status selection, whose record counts add up, except a
 * mixed one (map.ts), whose imports are read and counted here; or undefined when some condition
 * cannot be pushed and every match must be counted here.
 */
export function planCount(
  conditions: ImportConditions,
  gatewayInterrupts = false,
): {
  empty: boolean;
  queries: CountQuery[] | undefined;
  /** Counting here reads at most MAX_SCAN_PAGES vendor pages (ListPlan.scansHere). */
  scansHere: boolean;
} {
  const common = commonParams(conditions);
  const selections = conditions.statuses
    ? vendorSelectionsFor(conditions.statuses, gatewayInterrupts)
    : [undefined];
  const scansHere = common.scansHere;
  if (common.empty || selections.length === 0) return { empty: true, queries: [], scansHere };
  if (!common.exact) return { empty: false, queries: undefined, scansHere };
  return {
    empty: false,
    scansHere,
    queries: selections.map((selection) => ({
      params: [...(selection ? selectionParams(selection) : []), ...common.params],
      mixed: selection?.mixed === true,
    })),
  };
}
