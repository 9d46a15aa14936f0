import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../../src/graphql/schema.ts';
import { pageCostRule } from '../../src/server/limits/page-cost-rule.ts';
import { countingDocument, nodeCount } from '../support/counting-document.ts';

const schema = buildGatewaySchema();
const check = (query: string, maxCost = 1_000) =>
  validate(schema, parse(query), [pageCostRule({ maxCost })]).map((error) => error.message);

/** Each fragment spreads the one below twice; F0 selects `__typename`. */
const chain = (levels: number) =>
  `{ ...F${levels} } fragment F0 on Query { __typename } ` +
  Array.from(
    { length: levels },
    (_, level) => `fragment F${level + 1} on Query { ...F${level} ...F${level} }`,
  ).join(' ');

const PAGE = '{ imports(first: 100) { edges { cursor node { id status createdAt providerId } } } }';

describe('pageCostRule', () => {
  it('lets an ordinary page through', () => {
    expect(
      check('{ imports(first: 25) { totalCount edges { cursor node { id status createdAt } } } }'),
    ).toEqual([]);
  });

  it('multiplies nested selections by first/last', () => {
    // 1 + 100 × (edges 1 + cursor 1 + node 1 + 4 scalars) = 701
    expect(check(PAGE, 701)).toEqual([]);
    expect(check(PAGE, 700)).toEqual([
      'This operation would cost 701, above the limit of 700: ask for smaller pages (first/last) or fewer nested connections.',
    ]);
  });

  it('counts a variable page size as the maximum', () => {
    const query =
      'query ($n: Int) { imports(last: $n) { edges { cursor node { id status createdAt providerId } } } }';
    expect(check(query, 700)).toHaveLength(1);
    expect(check(query, 701)).toEqual([]);
  });

  it('counts fragments and many aliases', () => {
    const aliases = Array.from({ length: 50 }, (_, index) => `a${index}: imports(first: 5) { ...F }`).join(
      ' ',
    );
    expect(
      check(`{ ${aliases} } fragment F on ImportConnection { edges { node { id status } } }`),
    ).toHaveLength(1);
  });

  it('charges every selection, __typename included', () => {
    expect(check('{ __typename __typename }', 2)).toEqual([]);
    expect(check('{ __typename __typename __typename }', 2)).toHaveLength(1);
  });

  it('prices each fragment once, however often it is spread', () => {
    // 2^16 spreads of F0 once expanded; the rule walks each selection set of the text a few times.
    const counting = countingDocument(parse(chain(16)));
    const errors = validate(schema, counting.document, [pageCostRule({ maxCost: 1_000_000 })]);
    expect(errors).toEqual([]);
    expect(counting.walks).toBeLessThanOrEqual(3 * nodeCount(counting.document));
  });

  it('stops at the limit: a chain of 2^24 selections is refused as costing too much', () => {
    const counting = countingDocument(parse(chain(24)));
    const errors = validate(schema, counting.document, [pageCostRule({ maxCost: 20_000 })]);
    expect(errors.map((error) => error.message)).toEqual([
      expect.stringMatching(/^This operation would cost at least \d+, above the limit of 20000: /),
    ]);
    expect(counting.walks).toBeLessThanOrEqual(3 * nodeCount(counting.document));
  });
});
