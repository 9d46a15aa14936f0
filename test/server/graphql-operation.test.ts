import { describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../../src/graphql/schema.ts';
import { prepareOperation } from '../../src/server/operation/prepare.ts';

const schema = buildGatewaySchema();
const QUERY = 'subscription ($id: ID!) { importUpdated(id: $id) { id status } }';

describe('prepareOperation', () => {
  it('parses and validates a query text once, then shares its document', () => {
    const first = prepareOperation(schema, { query: QUERY, variables: { id: 'a' } });
    const second = prepareOperation(schema, { query: QUERY, variables: { id: 'b' } });
    if ('errors' in first || 'errors' in second) throw new Error('unexpected errors');
    expect(second.args.document).toBe(first.args.document);
    expect(second.args.variableValues).toEqual({ id: 'b' });
  });

  it('keeps reporting a document that does not validate, and the variables of each request', () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const invalid = prepareOperation(schema, { query: '{ imports { nope } }' });
      expect('errors' in invalid && invalid.errors[0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    const badVariables = prepareOperation(schema, { query: QUERY, variables: {} });
    expect('errors' in badVariables && badVariables.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
  });
});
