import type { Import } from '../imports/model.ts';

/**
 * An import's resource types as `,A,B,`, so one substring search finds a type among several (a
 * SailPoint job spans object types) and matches it exactly: `,SOURCE,` is not in `,SOURCES,`.
 */
export function resourceTypesColumn(item: Import): string {
  const types = (item.resourceType ?? '')
    .split(',')
    .map((type) => type.trim())
    .filter(Boolean);
  return `,${types.join(',')},`;
}

/** The needle `resourceTypesColumn` is searched with for one wanted type. */
export const resourceTypeNeedle = (type: string) => `,${type},`;
