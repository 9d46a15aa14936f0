/**
 * The variation switch of `GET/PUT /__sim/variations` and `--variations[=<seed>]` (README,
 * Simulators). Representational variations change how a body is written, never what it says;
 * semantic ones change what it says in ways the vendor allows, so only tests written for them
 * turn them on.
 */
export const VARIATION_KINDS = ['representational', 'semantic'] as const;
export type VariationKind = (typeof VARIATION_KINDS)[number];

export interface VariationSettings {
  enabled: boolean;
  seed: number;
  kinds: VariationKind[];
}

/** What `SimulatorOptions.variations` and the CLI give: a seed, and the representational kind by default. */
export interface VariationOptions {
  seed: number;
  kinds?: readonly VariationKind[];
}

export function initialVariations(options: VariationOptions | undefined): VariationSettings {
  if (options === undefined) return { enabled: false, seed: 1, kinds: ['representational'] };
  return { enabled: true, seed: options.seed >>> 0, kinds: [...(options.kinds ?? ['representational'])] };
}

export type VariationParse = { ok: true; settings: VariationSettings } | { ok: false; message: string };

const KNOWN_KEYS = new Set(['enabled', 'seed', 'kinds']);

/** Validates a PUT body; absent keys keep their current value, so `{ "enabled": false }` just pauses. */
export function parseVariationSettings(body: unknown, current: VariationSettings): VariationParse {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, message: 'The variation settings must be a JSON object.' };
  }
  const input = body as Record<string, unknown>;
  const unknownKeys = Object.keys(input).filter((key) => !KNOWN_KEYS.has(key));
  if (unknownKeys.length > 0) {
    return { ok: false, message: `Unknown variation keys: ${unknownKeys.join(', ')}.` };
  }
  const settings: VariationSettings = { ...current, kinds: [...current.kinds] };
  if (input.enabled !== undefined) {
    if (typeof input.enabled !== 'boolean') return { ok: false, message: 'enabled must be true or false.' };
    settings.enabled = input.enabled;
  }
  if (input.seed !== undefined) {
    const seed = input.seed;
    if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) {
      return { ok: false, message: 'seed must be a whole number from 0 to 4294967295.' };
    }
    settings.seed = seed;
  }
  if (input.kinds !== undefined) {
    const kinds = input.kinds;
    if (
      !Array.isArray(kinds) ||
      kinds.length === 0 ||
      kinds.some((kind) => !(VARIATION_KINDS as readonly unknown[]).includes(kind))
    ) {
      return { ok: false, message: `kinds must be a non-empty list of ${VARIATION_KINDS.join(', ')}.` };
    }
    settings.kinds = [...new Set(kinds as VariationKind[])];
  }
  return { ok: true, settings };
}
