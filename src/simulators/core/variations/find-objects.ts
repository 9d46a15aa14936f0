type Json = Record<string, unknown>;

/** Every object in a JSON value that `matches`, outermost first (a match is not searched further). */
export function findObjects(value: unknown, matches: (object: Json) => boolean): Json[] {
  if (Array.isArray(value)) return value.flatMap((item) => findObjects(item, matches));
  if (typeof value !== 'object' || value === null) return [];
  const object = value as Json;
  if (matches(object)) return [object];
  return Object.values(object).flatMap((member) => findObjects(member, matches));
}
