import type { WireProfile } from '../../../../src/simulators/core/variations/profile.ts';

/**
 * What a body says, whatever its writing: members sorted, added `variation_*` members and optional
 * nulls left out, instants as epoch milliseconds, unordered arrays sorted. Written from the
 * profile's places, not from the transformer, so a test can compare a varied body with its original.
 */
export function canonical(value: unknown, profile: WireProfile, path = ''): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => canonical(item, profile, `${path}[]`));
    if (!profile.unorderedArrays.test(path)) return items;
    return items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  if (typeof value === 'string' && profile.timestamps.test(path)) return Date.parse(value);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value)
    .filter(([key]) => !key.startsWith('variation_'))
    .map(([key, member]) => [key, member, path === '' ? key : `${path}.${key}`] as const)
    .filter(([, member, memberPath]) => !(member === null && profile.omittableNulls.test(memberPath)))
    .map(([key, member, memberPath]) => [key, canonical(member, profile, memberPath)] as const);
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

/** Every member path in a body, e.g. `data[].attributes.status`. */
export function memberPaths(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => memberPaths(item, `${path}[]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, member]) => {
    const memberPath = path === '' ? key : `${path}.${key}`;
    return [memberPath, ...memberPaths(member, memberPath)];
  });
}
