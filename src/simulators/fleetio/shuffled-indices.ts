import type { SeededRandom } from '../core/random.ts';

/** `0 … length-1` in a seeded random order (Fisher–Yates). */
export function shuffledIndices(random: SeededRandom, length: number): number[] {
  const order = Array.from({ length }, (_, index) => index);
  for (let index = length - 1; index > 0; index--) {
    const other = random.int(0, index);
    [order[index], order[other]] = [order[other]!, order[index]!];
  }
  return order;
}
