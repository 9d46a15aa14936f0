import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../../src/graphql/schema.ts';
import { listVariablesOf, variableListItemsError } from '../../src/server/limits/variable-list-items.ts';

const schema = buildGatewaySchema();
const listVariables = (query: string) => listVariablesOf(schema, parse(query));
const refused = (query: string, variables: unknown, max = 10, operationName?: string) =>
  variableListItemsError({ listVariables: listVariables(query), operationName, variables, max })?.message;

describe('MAX_VARIABLE_LIST_ITEMS', () => {
  it('counts the items of typed lists, in input objects too, and refuses past the limit', () => {
    const byFilter = 'query ($filter: ImportFilter) { imports(filter: $filter) { totalCount } }';
    const filter = (statuses: number, resourceTypes: number) => ({
      filter: {
        statuses: Array.from({ length: statuses }, () => 'FAILED'),
        resourceTypes: Array.from({ length: resourceTypes }, (_, index) => `type${index}`),
      },
    });
    expect(refused(byFilter, filter(5, 5))).toBeUndefined();
    expect(refused(byFilter, filter(6, 5))).toMatch(/more than 10 list items \(MAX_VARIABLE_LIST_ITEMS\)/);

    const byIds = 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }';
    expect(refused(byIds, { ids: Array.from({ length: 10 }, String) })).toBeUndefined();
    expect(refused(byIds, { ids: Array.from({ length: 11 }, String) })).toBeDefined();
  });

  it('counts a JSON value as one, however large, and ignores variables no list can be in', () => {
    const byJson =
      'mutation ($inputs: JSON, $first: Int) { createImport(input: { provider: COMMERCE_LAYER, resourceType: "skus", inputs: $inputs }) { userErrors { message } } }';
    const inputs = Array.from({ length: 10_000 }, (_, index) => ({ code: `SKU-${index}` }));
    expect(refused(byJson, { inputs, first: 3 })).toBeUndefined();
  });

  it('checks the operation the request names, and stops counting at the limit', () => {
    const two =
      'query A($ids: [ID!]!) { nodes(ids: $ids) { id } } query B($other: [ID!]) { nodes(ids: $other) { id } }';
    const many = { ids: Array.from({ length: 1_000_000 }, String), other: ['x'] };
    expect(refused(two, many, 10, 'B')).toBeUndefined();
    expect(refused(two, many, 10, 'A')).toBeDefined();
  });
});
