import type { ImportProvider } from '../imports/model.ts';
import type { ImportConditions, ImportReference } from '../imports/import-source.ts';
import type { ImportChange } from '../imports/change.ts';
import { matchesConditions } from '../imports/conditions.ts';

/** `importsChanged(filter)` in domain terms: the ImportFilter of lists, applied to each change. */
export interface ChangeFilter extends ImportConditions {
  providers?: readonly ImportProvider[];
  /** Only these imports (`filter.ids`), by provider. */
  ids?: ReadonlyMap<ImportProvider, readonly ImportReference[]>;
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
  if (filter.ids?.size === 0)
    throw new InvalidChangeFilter('filter.ids is empty: leave it out to match every import.');
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
  if (filter.ids && !filter.ids.get(item.provider)?.some((one) => one.providerId === item.providerId))
    return false;
  return matchesConditions(item, filter);
}
