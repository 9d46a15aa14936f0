import type { SeededRandom } from '../core/random.ts';
import { keyAttributeOf } from './input-outcome.ts';

/**
 * Plausible inputs for imports the simulator makes up (seeded, arriving, or added without inputs),
 * shaped after the docs' examples of each resource type. Failing inputs are made by the same
 * rules real ones fail by (input-outcome.ts), so counts and logs always agree with the inputs.
 */
const GARMENTS = ['TSHIRTMM', 'TSHIRTWS', 'HOODIEUL', 'BABYONBU', 'CAPXXXXX', 'SOCKSXXX', 'BEANIEXX'];
const COLOURS = ['000000', 'FFFFFF', 'E63E74', '2B3A67', 'F5A623', '7ED321'];
const SIZES = ['XS', 'S', 'M', 'L', 'XL', '24MX', '18MX'];
const NAMES = ['john', 'jane', 'mario', 'giulia', 'ana', 'li', 'olga', 'kofi', 'sven', 'aiko'];
const CURRENCIES = ['EUR', 'USD', 'GBP'];

function skuCode(random: SeededRandom, index: number): string {
  const base = `${random.pick(GARMENTS)}${String(index).padStart(6, '0')}${random.pick(COLOURS)}`;
  return `${base}${random.pick(SIZES)}`;
}

function hashId(random: SeededRandom): string {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let id = '';
  for (let index = 0; index < 10; index++) id += letters[random.int(0, letters.length - 1)];
  return id;
}

function email(random: SeededRandom, index: number): string {
  return `${random.pick(NAMES)}.${random.pick(NAMES)}+${index}@example.com`;
}

/** One well-formed input of a resource type; its key attribute is unique by `index`. */
function validInput(resourceType: string, random: SeededRandom, index: number): Record<string, unknown> {
  switch (resourceType) {
    case 'skus':
      return {
        code: skuCode(random, index),
        name: `Cotton item ${index}`,
        shipping_category_id: hashId(random),
      };
    case 'prices':
      return {
        sku_code: skuCode(random, index),
        amount_cents: random.int(500, 15_000),
        compare_at_amount_cents: 0,
      };
    case 'stock_items':
      return { sku_code: skuCode(random, index), quantity: random.int(0, 500) };
    case 'customers':
      return { email: email(random, index) };
    case 'customer_subscriptions':
      return { customer_email: email(random, index), reference: `newsletter-${index}` };
    case 'coupons':
      return { code: `SAVE${String(index).padStart(6, '0')}`, usage_limit: random.int(1, 10) };
    case 'gift_cards':
      return {
        code: `GC${hashId(random).toUpperCase()}${index}`,
        balance_cents: random.int(10, 200) * 500,
        currency_code: random.pick(CURRENCIES),
      };
    case 'orders':
      return { number: String(100_000 + index), customer_email: email(random, index) };
    case 'tax_categories':
      return { code: `TAX${index}`, sku_code: skuCode(random, index) };
    case 'addresses':
    case 'customer_addresses':
      return {
        first_name: random.pick(NAMES),
        last_name: 'Rossi',
        line_1: `Via Roma ${index}`,
        city: 'Florence',
        zip_code: '50123',
        country_code: 'IT',
        phone: '+39 055 000000',
      };
    default: {
      const keyAttribute = keyAttributeOf(resourceType);
      return keyAttribute
        ? { [keyAttribute]: `${resourceType}-${index}` }
        : { reference: `${resourceType}-${index}`, id: hashId(random) };
    }
  }
}

/** Turns a good input into one that fails: a missing key, or a value the vendor would reject. */
function spoil(
  input: Record<string, unknown>,
  resourceType: string,
  random: SeededRandom,
): Record<string, unknown> {
  const keyAttribute = keyAttributeOf(resourceType);
  const others = Object.keys(input).filter((name) => name !== keyAttribute);
  if (keyAttribute && (others.length === 0 || random.chance(0.4))) {
    const { [keyAttribute]: _dropped, ...rest } = input;
    return rest;
  }
  const field = others.length > 0 ? random.pick(others) : 'name';
  return { ...input, [field]: `invalid ${field}` };
}

/**
 * `size` inputs of `resourceType`, where about `errorShare` of them fail and a few warn.
 * Failing positions are drawn here, so a seeded import fails the same way every time.
 */
export function syntheticInputs(
  random: SeededRandom,
  resourceType: string,
  size: number,
  errorShare: number,
): Record<string, unknown>[] {
  const inputs: Record<string, unknown>[] = [];
  for (let index = 0; index < size; index++) {
    let input = validInput(resourceType, random, index + 1);
    if (random.chance(errorShare)) input = spoil(input, resourceType, random);
    else if (random.chance(0.01)) input = { ...input, notes: 'warn: record left unchanged' };
    inputs.push(input);
  }
  return inputs;
}
