import type { VariationOptions } from '../../src/simulators/core/variations/settings.ts';

/**
 * `SIM_VARIATIONS=<seed>` turns on the simulators' representational variations for every test that
 * starts simulators through this support (the `variations` project of vitest.config.ts sets it for
 * test/integration): the same assertions must hold however the vendors write their answers.
 */
export function variationsFromEnv(): VariationOptions | undefined {
  const raw = process.env.SIM_VARIATIONS;
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,10}$/.test(raw) || Number(raw) > 2 ** 32 - 1) {
    throw new Error(`SIM_VARIATIONS must be a seed from 0 to 4294967295, not "${raw}".`);
  }
  return { seed: Number(raw), kinds: ['representational'] };
}
