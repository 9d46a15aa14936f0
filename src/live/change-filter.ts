import type { ImportProvider, ImportStatus } from '../imports/model.ts';
import type { ImportConditions } from '../imports/import-source.ts';
import type { ImportChange } from '../imports/change.ts';

/** `importsChanged(filter)` in domain terms: the ImportFilter of lists, applied to each change. */
export interface ChangeFilter extends ImportConditions {
  providers?: readonly ImportProvider[];
}

export class InvalidChangeFilter extends Error {}

/**
 * Refuses filters that can never match, so a typo does not become a subscription that stays
 * silent forever: an empty list, or a time range whose start is not before its end.
 */
export function checkChangeFilter(filter: ChangeFilter): void {
  for (const name of ['providers', 'statuses', 'resourceTypes'] as const) {
    if (filter[name]?.length === 0)
      throw new InvalidChangeFilter(`filter.${name} is empty: leave it out to match every value.`);
  }
  if (filter.resourceTypes?.some((type) => type.trim() === ''))
    throw new InvalidChangeFilter('filter.resourceTypes holds an empty name.');
  for (const [after, before] of [
    ['createdAfter', 'createdBefore'],
    ['updatedAfter', 'updatedBefore'],
  ] as const) {
    const from = filter[after];
    const to = filter[before];
    if (from !== undefined && to !== undefined && from >= to)
      throw new InvalidChangeFilter(`filter.${after} must be before filter.${before}.`);
  }
}

/** Whether a change concerns an import the filter selects (for DELETED: as it was last known). */
export function matchesChange(filter: ChangeFilter, change: ImportChange): boolean {
  const item = change.import;
  if (filter.providers && !filter.providers.includes(item.provider)) return false;
  if (filter.statuses && !filter.statuses.includes(item.status satisfies ImportStatus)) return false;
  if (filter.resourceTypes) {
    // A SailPoint job spans several object types, written comma-separated.
    const types = (item.resourceType ?? '').split(',').map((type) => type.trim());
    if (!filter.resourceTypes.some((type) => types.includes(type))) return false;
  }
  const created = item.createdAt.getTime();
  const updated = item.updatedAt.getTime();
  if (filter.createdAfter !== undefined && !(created > filter.createdAfter)) return false;
  if (filter.createdBefore !== undefined && !(created < filter.createdBefore)) return false;
  if (filter.updatedAfter !== undefined && !(updated > filter.updatedAfter)) return false;
  if (filter.updatedBefore !== undefined && !(updated < filter.updatedBefore)) return false;
  return true;
}
