import type { SeededRandom } from '../core/random.ts';
import type { ImportFormat, ImportRecord } from './model.ts';
import { syntheticInputs } from './synthetic-inputs.ts';

/** How a made-up import is meant to end; the inputs are drawn to make it end that way. */
export type PlannedOutcome = 'clean' | 'some-errors' | 'too-many-errors' | 'skip-errors' | 'cancelled';

/** Types people import most often weigh more (the docs' worked examples). */
const RESOURCE_WEIGHTS: readonly (readonly [string, number])[] = [
  ['skus', 8],
  ['prices', 7],
  ['stock_items', 7],
  ['customers', 4],
  ['coupons', 3],
  ['orders', 2],
  ['gift_cards', 2],
  ['tax_categories', 1],
  ['customer_subscriptions', 1],
  ['addresses', 1],
  ['tags', 1],
  ['sku_lists', 1],
];

/** The types the docs import "for" a parent resource (price list, stock location, market, …). */
const WITH_PARENT = new Set(['prices', 'stock_items', 'coupons', 'gift_cards', 'orders', 'tax_categories']);

export interface ImportProfile {
  resource_type: string;
  format: ImportFormat;
  parent_resource_id: string | null;
  reference: string | null;
  reference_origin: string | null;
  metadata: Record<string, unknown>;
  skip_errors: boolean;
  inputs: Record<string, unknown>[];
}

function hashId(random: SeededRandom): string {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let id = '';
  for (let index = 0; index < 10; index++) id += letters[random.int(0, letters.length - 1)];
  return id;
}

/** Sizes: mostly hundreds, some tiny, a few near the 10,000 cap; `small` keeps them tiny. */
export function randomSize(random: SeededRandom, small = false): number {
  if (small) return random.int(5, 60);
  const band = random.weighted([
    ['tiny', 3],
    ['medium', 5],
    ['large', 1.5],
    ['huge', 0.5],
  ] as const);
  if (band === 'tiny') return random.int(3, 50);
  if (band === 'medium') return random.int(51, 800);
  if (band === 'large') return random.int(801, 3000);
  return random.int(3001, 10_000);
}

function errorShareFor(outcome: PlannedOutcome, random: SeededRandom): number {
  if (outcome === 'some-errors') return 0.01 + random.next() * 0.04;
  if (outcome === 'too-many-errors' || outcome === 'skip-errors') return 0.2 + random.next() * 0.2;
  return 0;
}

/** A plausible import of `size` inputs planned to end as `outcome`. */
export function randomProfile(
  random: SeededRandom,
  size: number,
  outcome: PlannedOutcome,
  resourceType = random.weighted(RESOURCE_WEIGHTS),
): ImportProfile {
  const fromErp = random.chance(0.35);
  return {
    resource_type: resourceType,
    format: random.chance(0.15) ? 'csv' : 'json',
    parent_resource_id: WITH_PARENT.has(resourceType) && random.chance(0.7) ? hashId(random) : null,
    reference: fromErp ? `ERP-${resourceType.toUpperCase()}-${random.int(1000, 9999)}` : null,
    reference_origin: fromErp ? random.pick(['sap', 'netsuite', 'akeneo']) : null,
    metadata: random.chance(0.3) ? { source: random.pick(['nightly-sync', 'backoffice', 'migration']) } : {},
    skip_errors: outcome === 'skip-errors',
    inputs: syntheticInputs(random, resourceType, size, errorShareFor(outcome, random)),
  };
}

/** Copies a profile's attributes (not its inputs) onto a record. */
export function applyProfile(record: ImportRecord, profile: ImportProfile): void {
  record.resource_type = profile.resource_type;
  record.format = profile.format;
  record.parent_resource_id = profile.parent_resource_id;
  record.reference = profile.reference;
  record.reference_origin = profile.reference_origin;
  record.metadata = profile.metadata;
  record.skip_errors = profile.skip_errors;
  record.inputs_size = profile.inputs.length;
}
