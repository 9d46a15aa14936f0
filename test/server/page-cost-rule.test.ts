import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../../src/graphql/schema.ts';
import { pageCostRule } from '../../src/server/limits/page-cost-rule.ts';

const schema = buildGatewaySchema();
const check = (query: string, maxCost = 1_000) =>
  validate(schema, parse(query), [pageCostRule({ maxCost })]).map((error) => error.message);

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
});
