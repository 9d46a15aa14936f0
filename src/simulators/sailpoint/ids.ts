import type { SeededRandom } from '../core/random.ts';

/** Job ids are dashed UUIDs (v4), as in the spec's examples [S]. */
export function newJobId(random: SeededRandom): string {
  const hex = random.hex(32).split('');
  hex[12] = '4';
  hex[16] = '89ab'[parseInt(hex[16]!, 16) & 3]!;
  const text = hex.join('');
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
}

/** Ids of configuration objects and identities are 32 hex digits without dashes [S]. */
export function newObjectId(random: SeededRandom): string {
  return random.hex(32);
}
