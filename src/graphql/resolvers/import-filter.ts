import type { ImportConditions } from '../../imports/import-source.ts';
import type { ImportFilter } from '../resolvers.generated.ts';

/** The conditions of an `ImportFilter` other than its providers, with instants as epoch ms. */
export function conditionsOf(filter: ImportFilter | null | undefined): ImportConditions {
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
