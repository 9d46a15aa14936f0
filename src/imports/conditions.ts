import type { ImportConditions } from './import-source.ts';
import type { Import } from './model.ts';

/**
 * Whether an import meets every condition, checked on the import itself: what a provider applies
 * to imports it did not filter at the vendor, a lookup by ids (connection.ts) and a change a
 * subscription filters (live/change-filter.ts) all ask this. Resource types are matched one by one
 * within the import's comma-separated list, as SailPoint writes its several object types.
 */
export function matchesConditions(item: Import, conditions: ImportConditions): boolean {
  if (conditions.statuses && !conditions.statuses.includes(item.status)) return false;
  if (conditions.resourceTypes) {
    const types = (item.resourceType ?? '').split(',').map((type) => type.trim());
    if (!conditions.resourceTypes.some((type) => types.includes(type))) return false;
  }
  const created = item.createdAt.getTime();
  const updated = item.updatedAt.getTime();
  if (conditions.createdAfter !== undefined && !(created > conditions.createdAfter)) return false;
  if (conditions.createdBefore !== undefined && !(created < conditions.createdBefore)) return false;
  if (conditions.updatedAfter !== undefined && !(updated > conditions.updatedAfter)) return false;
  if (conditions.updatedBefore !== undefined && !(updated < conditions.updatedBefore)) return false;
  return matchesNarrowing(item, conditions);
}

/** The conditions only some vendors' imports can meet: a vendor reference, a split's group. */
export function matchesNarrowing(item: Import, conditions: ImportConditions): boolean {
  if (conditions.reference !== undefined && item.reference !== conditions.reference) return false;
  if (conditions.groupId !== undefined && item.group?.id !== conditions.groupId) return false;
  return true;
}

/** Whether the conditions ask for a reference or a group, which only Commerce Layer imports have. */
export function narrowsToReferences(conditions: ImportConditions): boolean {
  return conditions.reference !== undefined || conditions.groupId !== undefined;
}
