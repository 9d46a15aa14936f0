/**
 * What processing one input does. The vendor matches existing records by `id` or by each type's
 * own key (docs, "Importing resources": SKUs by `code`, prices by `sku_code` + price list, …) and
 * logs errors under that key, e.g. `{"ABC": {"name": ["has already been taken"]}}`. The rules that
 * decide which input fails are ours [I], chosen so tests can make errors on purpose:
 * - an input without its type's key attribute fails with "can't be blank";
 * - a key seen earlier in the same import fails with "has already been taken";
 * - a string value containing "invalid" fails that attribute with "is invalid";
 * - a string value containing "warn" succeeds with a warning.
 */

/** Docs' unique keys; the first attribute is the one an input must carry. [I] for types not listed. */
const KEY_ATTRIBUTES: Record<string, string> = {
  orders: 'number',
  coupons: 'code',
  skus: 'code',
  prices: 'sku_code',
  stock_items: 'sku_code',
  gift_cards: 'code',
  customers: 'email',
  customer_subscriptions: 'reference',
  tax_categories: 'code',
  sku_lists: 'name',
  shipping_categories: 'name',
  tags: 'name',
};

export function keyAttributeOf(resourceType: string): string | undefined {
  return KEY_ATTRIBUTES[resourceType];
}

export type InputOutcome =
  | { kind: 'processed'; key: string; warning?: string }
  | { kind: 'error'; key: string; errors: Record<string, string[]> };

function present(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  return typeof value === 'string' ? value.trim() !== '' : true;
}

function asKey(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The log key: the type's key value, else the input's `id`, else "unknown" (as the vendor CLI shows). */
function logKey(input: Record<string, unknown>, keyAttribute: string | undefined): string {
  const candidates = [keyAttribute && input[keyAttribute], input.id, input.code, input.reference];
  const found = candidates.find(present);
  return found === undefined ? 'unknown' : asKey(found);
}

export function evaluateInput(
  input: Record<string, unknown>,
  resourceType: string,
  seenKeys: Set<string>,
): InputOutcome {
  const keyAttribute = keyAttributeOf(resourceType);
  const key = logKey(input, keyAttribute);
  if (keyAttribute && !present(input[keyAttribute])) {
    return { kind: 'error', key, errors: { [keyAttribute]: ["can't be blank"] } };
  }
  const invalid = Object.entries(input).filter(
    ([, value]) => typeof value === 'string' && value.toLowerCase().includes('invalid'),
  );
  if (invalid.length > 0) {
    return {
      kind: 'error',
      key,
      errors: Object.fromEntries(invalid.map(([name]) => [name, ['is invalid']])),
    };
  }
  if (keyAttribute) {
    if (seenKeys.has(key))
      return { kind: 'error', key, errors: { [keyAttribute]: ['has already been taken'] } };
    seenKeys.add(key);
  }
  const warned = Object.entries(input).find(
    ([, value]) => typeof value === 'string' && value.toLowerCase().includes('warn'),
  );
  return warned
    ? { kind: 'processed', key, warning: `${warned[0]} could not be updated` }
    : { kind: 'processed', key };
}
