import { matchesConditions } from './conditions.ts';
import type {
  ImportConditions,
  ImportCount,
  ImportReference,
  ImportSource,
  ListRequest,
  ListResult,
} from './import-source.ts';
import { compareImports, comparePositions, positionOf } from './order.ts';

/** How many ids one request looks up at most: `nodes(ids:)` and `filter.ids` alike. */
export const MAX_LOOKUP_IDS = 100;

/**
 * A list narrowed to a few ids, answered by looking them up rather than walking the vendor's list:
 * `get` is the cheapest way each vendor has to find imports by id (Commerce Layer `id_in`, 25 a
 * request; Fleetio one `created_at` window for ids created close together; SailPoint the
 * registry), the way `nodes` finds them. The other conditions, the cursor and the order are then
 * applied here to at most MAX_LOOKUP_IDS imports, so the answer is whole and its count exact.
 */
export async function listByIds(
  source: ImportSource,
  references: readonly ImportReference[],
  request: ListRequest,
  signal?: AbortSignal,
): Promise<ListResult> {
  const matching = await lookUpMatching(source, references, request.conditions, signal);
  const { order, after, limit } = request;
  const items = matching
    .filter((item) => !after || comparePositions(positionOf(item, order.field), after, order.direction) > 0)
    .sort((a, b) => compareImports(a, b, order));
  return {
    items: request.prefetch ? items : items.slice(0, limit),
    complete: request.prefetch === true || items.length <= limit,
    count: { count: matching.length, estimate: false },
  };
}

/** The count of a list narrowed to ids: how many of them exist and meet the conditions. */
export async function countByIds(
  source: ImportSource,
  references: readonly ImportReference[],
  conditions: ImportConditions,
  signal?: AbortSignal,
): Promise<ImportCount> {
  return { count: (await lookUpMatching(source, references, conditions, signal)).length, estimate: false };
}

async function lookUpMatching(
  source: ImportSource,
  references: readonly ImportReference[],
  conditions: ImportConditions,
  signal?: AbortSignal,
) {
  const found = await source.get(references, signal);
  return [...found.values()].filter((item) => matchesConditions(item, conditions));
}
