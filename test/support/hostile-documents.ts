/**
 * Seeded families of hostile GraphQL documents: shapes whose validation cost grows faster than
 * their text (fragments spread again and again, same-named fields side by side), or that push
 * another limit to its edge (nested list types, huge variables). Each family builds the document
 * of a step, larger with each step; the tests and `npm run bench -- --only=hostile` find the
 * largest step the gateway's default limits accept and check what it costs.
 */
import { parse } from 'graphql';
import type { OperationRules } from '../../src/server/limits/operation-rules.ts';
import { SeededRandom } from '../../src/simulators/core/random.ts';

export interface HostileRequest {
  query: string;
  variables?: Record<string, unknown>;
}

export interface HostileFamily {
  name: string;
  /** What makes the shape costly, for the bench's table. */
  shape: string;
  /** The limit that refuses the step after the largest accepted one. */
  boundBy: 'MAX_QUERY_SELECTIONS' | 'document nesting' | 'MAX_VARIABLE_LIST_ITEMS' | 'MAX_BODY_BYTES';
  /** The document of `step` (1 or more): the same step always gives the same request. */
  request(step: number): HostileRequest;
}

/** Small selections of `Query` that resolve without a vendor call. */
const LEAVES = [
  '__typename',
  'providers { provider }',
  'providers { enabled healthy }',
  'providers { capabilities }',
  'providers { provider enabled }',
];

const range = (count: number) => Array.from({ length: count }, (_, index) => index);

/** Each fragment spreads the one below twice: 2^n selections in n lines (the 918-byte attack). */
function fragmentChain(seed: number): HostileFamily {
  return {
    name: 'fragment chain',
    shape: 'each fragment spreads the one below twice',
    boundBy: 'MAX_QUERY_SELECTIONS',
    request(step) {
      const leaf = new SeededRandom(seed, 'chain').pick(LEAVES);
      const levels = range(step).map(
        (level) => `fragment F${level + 1} on Query { ...F${level} ...F${level} }`,
      );
      return { query: `{ ...F${step} } fragment F0 on Query { ${leaf} } ${levels.join(' ')}` };
    },
  };
}

/** Levels of three fragments, each spreading all three of the level below: 3^n selections. */
function diamonds(seed: number): HostileFamily {
  const names = ['A', 'B', 'C'];
  return {
    name: 'diamonds',
    shape: 'three fragments per level, each spreading the three below',
    boundBy: 'MAX_QUERY_SELECTIONS',
    request(step) {
      const random = new SeededRandom(seed, 'diamonds');
      const bottom = names.map((name) => `fragment ${name}0 on Query { ${random.pick(LEAVES)} }`);
      const levels = range(step).flatMap((level) =>
        names.map(
          (name) =>
            `fragment ${name}${level + 1} on Query { ${names.map((below) => `...${below}${level}`).join(' ')} }`,
        ),
      );
      const top = names.map((name) => `...${name}${step}`).join(' ');
      return { query: `{ ${top} } ${[...bottom, ...levels].join(' ')}` };
    },
  };
}

/** One fragment of a dozen selections, spread `step` times side by side. */
function wideFanOut(seed: number): HostileFamily {
  return {
    name: 'wide fan-out',
    shape: 'one fragment of 12 selections spread n times in one selection set',
    boundBy: 'MAX_QUERY_SELECTIONS',
    request(step) {
      const random = new SeededRandom(seed, 'fan-out');
      const fragment = range(12).map(() => random.pick(LEAVES));
      return {
        query: `{ ${'...W '.repeat(step)}} fragment W on Query { ${fragment.join(' ')} }`,
      };
    },
  };
}

/** A chain whose two spreads per level each sit in an inline fragment. */
function inlineFragmentSpreads(seed: number): HostileFamily {
  return {
    name: 'spreads in inline fragments',
    shape: 'each fragment spreads the one below twice, each spread in `... on Query`',
    boundBy: 'MAX_QUERY_SELECTIONS',
    request(step) {
      const leaf = new SeededRandom(seed, 'inline').pick(LEAVES);
      const levels = range(step).map(
        (level) => `fragment L${level + 1} on Query { ... on Query { ...L${level} } ... { ...L${level} } }`,
      );
      return {
        query: `{ ... on Query { ...L${step} } } fragment L0 on Query { ${leaf} } ${levels.join(' ')}`,
      };
    },
  };
}

/** A fragment of five aliased fields, spread `step` times. */
function aliasesTimesFragments(seed: number): HostileFamily {
  return {
    name: 'aliases × fragments',
    shape: 'a fragment of 5 aliased fields spread n times',
    boundBy: 'MAX_QUERY_SELECTIONS',
    request(step) {
      const random = new SeededRandom(seed, 'aliases');
      const aliased = range(5).map((index) => `p${index}: ${random.pick(LEAVES.slice(1))}`);
      return { query: `{ ${'...A '.repeat(step)}} fragment A on Query { ${aliased.join(' ')} }` };
    },
  };
}

/**
 * graphql-js's OverlappingFieldsCanBeMerged compares every pair of fields with one response name,
 * and every pair of fragments spread side by side: n same-named fields and n fragments that each
 * select that field again are n² comparisons, each one down into the sub-selections.
 */
function overlappingFields(seed: number): HostileFamily {
  return {
    name: 'same-named fields and fragments',
    shape: 'n `providers { … }` fields and n fragments selecting it, side by side',
    boundBy: 'MAX_QUERY_SELECTIONS',
    request(step) {
      const random = new SeededRandom(seed, 'overlapping');
      const selections = range(step).map(() => random.pick(LEAVES.slice(1)));
      const fragments = selections.map((leaf, index) => `fragment O${index} on Query { ${leaf} }`);
      const spreads = selections.map((_, index) => `...O${index}`);
      return { query: `{ ${selections.join(' ')} ${spreads.join(' ')} } ${fragments.join(' ')}` };
    },
  };
}

/**
 * Variables whose types nest lists `step` levels deep, as many as fit in 4,000 tokens. No argument
 * takes such a list, so the best such a document can hope for is a clear validation error.
 */
function nestedListVariables(seed: number): HostileFamily {
  return {
    name: 'nested list types in variables',
    shape: 'variables typed `[[[…ID…]]]`, n levels deep',
    boundBy: 'document nesting',
    request(step) {
      const random = new SeededRandom(seed, 'list-types');
      const count = Math.max(1, Math.floor(4_000 / (2 * step + 4)));
      const definitions = range(count).map(
        (index) =>
          `$v${index}: ${'['.repeat(step)}${random.pick(['ID', 'Int', 'String!'])}${']'.repeat(step)}`,
      );
      return { query: `query Nested(${definitions.join(', ')}) { __typename }` };
    },
  };
}

/** `nodes(ids: $ids)` with `step` hundred ids in the variables: work for coercion, not validation. */
function largeVariableValues(seed: number): HostileFamily {
  return {
    name: 'large variable values',
    shape: '`nodes(ids: $ids)` with n hundred ids',
    boundBy: 'MAX_VARIABLE_LIST_ITEMS',
    request(step) {
      const random = new SeededRandom(seed, 'variables');
      const block = range(100).map(() => random.hex(12));
      return {
        query: 'query Many($ids: [ID!]!) { nodes(ids: $ids) { id } }',
        variables: { ids: range(step).flatMap(() => block) },
      };
    },
  };
}

/**
 * A `JSON` variable (what createImport's `inputs` is) of `step` thousand import rows: one value to
 * GraphQL, so no list bound applies; only MAX_BODY_BYTES bounds what parsing the body costs. The
 * variable is declared and unused, so the answer is a validation error and nothing is created.
 */
function largeJsonValue(seed: number): HostileFamily {
  return {
    name: 'large JSON value',
    shape: 'a `JSON` variable of n thousand import rows',
    boundBy: 'MAX_BODY_BYTES',
    request(step) {
      const random = new SeededRandom(seed, 'json');
      const block = range(1_000).map((row) => ({ code: `SKU-${random.hex(8)}`, name: `Item ${row}` }));
      return {
        query: 'query Rows($rows: JSON) { __typename }',
        variables: { rows: range(step).flatMap(() => block) },
      };
    },
  };
}

export function hostileFamilies(seed: number): HostileFamily[] {
  return [
    fragmentChain(seed),
    diamonds(seed),
    wideFanOut(seed),
    inlineFragmentSpreads(seed),
    aliasesTimesFragments(seed),
    overlappingFields(seed),
    nestedListVariables(seed),
    largeVariableValues(seed),
    largeJsonValue(seed),
  ];
}

/**
 * The largest step whose request `accepts` takes (steps grow until one is refused, then the
 * boundary is searched between the last two); `accepts` must take step 1 and refuse from some
 * step on.
 */
export function largestAccepted(
  family: HostileFamily,
  accepts: (request: HostileRequest) => boolean,
): number {
  if (!accepts(family.request(1))) throw new Error(`the first step of ${family.name} is refused`);
  let accepted = 1;
  let refused = 2;
  while (accepts(family.request(refused))) {
    accepted = refused;
    refused *= 2;
    if (refused > 1_000_000) throw new Error(`${family.name} is never refused`);
  }
  while (refused - accepted > 1) {
    const middle = Math.floor((accepted + refused) / 2);
    if (accepts(family.request(middle))) accepted = middle;
    else refused = middle;
  }
  return accepted;
}

/**
 * Whether `request` passes what the gateway checks before validation: the nesting, the parser's
 * token limit, MAX_QUERY_SELECTIONS and MAX_VARIABLE_LIST_ITEMS.
 */
export function passesChecksBeforeValidation(rules: OperationRules, request: HostileRequest): boolean {
  if (rules.checkSource(request.query)) return false;
  try {
    const document = parse(request.query, rules.parseOptions);
    return (
      rules.checkDocument(document) === undefined &&
      rules.checkVariables(rules.listVariablesOf(document), undefined, request.variables) === undefined
    );
  } catch {
    return false;
  }
}
