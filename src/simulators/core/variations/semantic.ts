import { SeededRandom } from '../random.ts';
import type { SemanticProfile } from './profile.ts';

/** Shares of imports whose status reads unknown, and whose nullable counts read null. */
const UNKNOWN_STATUS_SHARE = 0.2;
const NULL_COUNTS_SHARE = 0.25;

/**
 * Changes what a body says, as the vendor may: some imports report a status the gateway does not
 * know, some (where the schema allows) null counts, and optional lists come empty. Which imports,
 * and how, depends on the seed and the import's id alone, so every read of an import (list,
 * retrieve, `/__sim/imports`) tells the same story. Edits a fresh copy.
 */
export function varyMeaning(
  body: unknown,
  profile: SemanticProfile,
  seed: number,
  provider: string,
): unknown {
  // Through JSON, as the wire would: one object shared by two places becomes two.
  const copy = emptied(JSON.parse(JSON.stringify(body)) as unknown, '', profile.emptiableLists);
  for (const { id, fields } of profile.imports(copy)) {
    const random = new SeededRandom(seed, `${provider}:semantic:${id}`);
    if (random.chance(UNKNOWN_STATUS_SHARE))
      fields[profile.statusField] = random.pick(profile.unknownStatuses);
    if (profile.nullableCounts.length > 0 && random.chance(NULL_COUNTS_SHARE)) {
      for (const count of profile.nullableCounts) if (count in fields) fields[count] = null;
    }
  }
  return copy;
}

function emptied(value: unknown, path: string, lists: RegExp): unknown {
  if (Array.isArray(value)) {
    if (lists.test(path)) return [];
    return value.map((item) => emptied(item, `${path}[]`, lists));
  }
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    object[key] = emptied(object[key], path === '' ? key : `${path}.${key}`, lists);
  }
  return object;
}
