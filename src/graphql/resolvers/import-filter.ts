import type { ImportConditions } from '../../imports/import-source.ts';
import { IMPORT_PROVIDERS, IMPORT_STATUSES } from '../../imports/model.ts';
import { badUserInput } from '../errors.ts';
import type { ImportFilter } from '../resolvers.generated.ts';

/**
 * The longest lists an `ImportFilter` takes (docs/SECURITY.md, List arguments). Each item is work
 * for every provider page it filters, and a provider or status named twice selects nothing more,
 * so the enums are capped at their size; 50 resource types is more than any vendor has.
 */
export const FILTER_LIST_LIMITS = {
  providers: IMPORT_PROVIDERS.length,
  statuses: IMPORT_STATUSES.length,
  resourceTypes: 50,
} as const;

/** Refuses (BAD_USER_INPUT) a filter with a list longer than FILTER_LIST_LIMITS allows. */
export function checkFilterLists(filter: ImportFilter | null | undefined): void {
  for (const [name, limit] of Object.entries(FILTER_LIST_LIMITS)) {
    const list = filter?.[name as keyof typeof FILTER_LIST_LIMITS];
    if (list && list.length > limit)
      throw badUserInput(`\`filter.${name}\` takes at most ${limit} items, got ${list.length}.`);
  }
}

/** The conditions of an `ImportFilter` other than its providers, with instants as epoch ms. */
export function conditionsOf(filter: ImportFilter | null | undefined): ImportConditions {
  checkFilterLists(filter);
  if (!filter) return {};
  const instant = (value: Date | null | undefined) => value?.getTime();
  return {
    statuses: filter.statuses ?? undefined,
    resourceTypes: filter.resourceTypes ?? undefined,
    createdAfter: instant(filter.createdAfter),
    createdBefore: instant(filter.createdBefore),
    updatedAfter: instant(filter.updatedAfter),
    updatedBefore: instant(filter.updatedBefore),
  };
}
