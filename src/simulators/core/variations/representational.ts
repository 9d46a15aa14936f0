import type { SeededRandom } from '../random.ts';
import type { WireProfile } from './profile.ts';
import { restyleTimestamp } from './timestamps.ts';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Values an added member may carry: a vendor's new attribute can be of any JSON type. */
const EXTRA_VALUES: readonly unknown[] = ['variation', 0, true, null, { nested: 'variation' }, ['variation']];

/**
 * Writes a body differently without changing what it says: members in another order, members the
 * gateway does not know added where the vendor may add them, optional null members left out,
 * instants at another offset or precision, unordered arrays in another order. A fresh copy; the
 * input is not touched.
 */
export function varyRepresentation(body: unknown, profile: WireProfile, random: SeededRandom): unknown {
  return vary(body, '', profile, random);
}

function vary(value: unknown, path: string, profile: WireProfile, random: SeededRandom): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => vary(item, `${path}[]`, profile, random));
    return profile.unorderedArrays.test(path) ? shuffled(items, random) : items;
  }
  if (typeof value === 'string' && profile.timestamps.test(path)) {
    return restyleTimestamp(value, profile.timestampStyle, random);
  }
  if (!isObject(value)) return value;
  const entries: [string, unknown][] = [];
  for (const [key, member] of Object.entries(value)) {
    const memberPath = path === '' ? key : `${path}.${key}`;
    if (member === null && profile.omittableNulls.test(memberPath) && random.chance(0.5)) continue;
    entries.push([key, vary(member, memberPath, profile, random)]);
  }
  if (profile.openObjects.test(path)) {
    const extras = random.int(1, 2);
    for (let index = 0; index < extras; index += 1) {
      const key = `variation_${random.hex(6)}`;
      if (!(key in value)) entries.push([key, structuredClone(random.pick(EXTRA_VALUES))]);
    }
  }
  return Object.fromEntries(profile.keptMemberOrder.test(path) ? entries : shuffled(entries, random));
}

/** Fisher–Yates with the seeded stream. */
export function shuffled<T>(items: readonly T[], random: SeededRandom): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = random.int(0, index);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}
