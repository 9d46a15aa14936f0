/**
 * What Commerce Layer accepts in an import (specs/VENDOR-REFERENCE.md §3), copied from the vendor's own
 * tools (specs/commercelayer/limits-and-constants.extract.yaml) so the gateway refuses bad input
 * before anything is sent.
 */

/** cli-core IMPORT_RESOURCE_TYPES [S]. */
export const IMPORTABLE_RESOURCE_TYPES: readonly string[] = [
  'addresses',
  'bundles',
  'coupons',
  'customer_addresses',
  'customer_payment_sources',
  'customer_subscriptions',
  'customers',
  'gift_cards',
  'line_items',
  'line_item_options',
  'orders',
  'price_tiers',
  'prices',
  'shipping_categories',
  'sku_lists',
  'sku_list_items',
  'sku_options',
  'skus',
  'stock_items',
  'stock_transfers',
  'tags',
  'tax_categories',
];

/** `imports.max_size`: inputs per import [S]. */
export const MAX_INPUTS_PER_IMPORT = 10_000;

/**
 * `imports.queue_size` / `max_queue_length`: the vendor's tools keep at most 10 imports queued or
 * running [S]. Whether the server refuses an 11th is not documented [I]; the gateway keeps to it
 * (queue-slots.ts).
 */
export const MAX_QUEUED_IMPORTS = 10;

/** The gateway splits one call into at most as many imports as the vendor's queue holds. */
export const MAX_PARTS = MAX_QUEUED_IMPORTS;

/** `reference_origin` of the imports the gateway creates when the caller gives none. */
export const DEFAULT_REFERENCE_ORIGIN = 'import-gateway';

/** The metadata key under which the gateway tags its imports, to find them after a lost answer. */
export const TAG_METADATA_KEY = 'import_gateway';
