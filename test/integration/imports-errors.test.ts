import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';

const gateway = useGateway({ imports: 20 });

interface Connection {
  imports: { edges: { node: { provider: string } }[]; totalCount: number } | null;
}

describe('imports when a provider fails', () => {
  for (const [fault, code] of [
    [{ errorRate: 1, errorStatus: 503 }, 'UPSTREAM_UNAVAILABLE'],
    [{ errorRate: 1, errorStatus: 429, retryAfterSeconds: 30 }, 'RATE_LIMITED'],
    [{ malformedRate: 1 }, 'UPSTREAM_ERROR'],
  ] as const) {
    it(`returns the other providers' edges and a typed ${code} error for Fleetio`, async () => {
      await gateway.control('fleetio', 'PUT', '/__sim/faults', fault);
      try {
        const response = await gateway.graphql<Connection>(
          `{ imports(first: 100) { edges { node { provider } } } }`,
        );
        expect(response.data!.imports!.edges.length).toBeGreaterThan(0);
        expect(new Set(response.data!.imports!.edges.map((edge) => edge.node.provider))).toEqual(
          new Set(['SAILPOINT', 'COMMERCE_LAYER']),
        );
        expect(response.errors).toHaveLength(1);
        const [error] = response.errors!;
        expect(error!.path).toEqual(['imports']);
        expect(error!.extensions).toMatchObject({ code, provider: 'FLEETIO' });
        if (code === 'RATE_LIMITED')
          expect(error!.extensions!.upstream).toMatchObject({ status: 429, retryAfterSeconds: 30 });
        if (code === 'UPSTREAM_UNAVAILABLE')
          expect(error!.extensions!.upstream).toMatchObject({ status: 503 });
        expect(JSON.stringify(error)).not.toContain('sim-fleetio');
      } finally {
        await gateway.control('fleetio', 'DELETE', '/__sim/faults');
      }
    });
  }
});

describe('bad input', () => {
  it.each([
    ['{ imports(first: 1000) { totalCount } }', 'BAD_USER_INPUT', /between 1 and 100/],
    ['{ imports(first: -1) { totalCount } }', 'BAD_USER_INPUT', /between 1 and 100/],
    ['{ imports(first: 1, last: 1) { totalCount } }', 'BAD_USER_INPUT', /not both/],
    ['{ imports(after: "bogus!") { totalCount } }', 'BAD_USER_INPUT', /cursor is malformed/],
    [
      '{ imports(filter: { createdAfter: "yesterday" }) { totalCount } }',
      'GRAPHQL_VALIDATION_FAILED',
      /ISO-8601/,
    ],
    ['{ imports(filter: { providers: [ACME] }) { totalCount } }', 'GRAPHQL_VALIDATION_FAILED', /ACME/],
    ['{ import(id: "nope") { id } }', 'BAD_USER_INPUT', /not an id this API issued/],
  ])('%s → %s', async (query, code, message) => {
    const response = await gateway.graphql(query);
    expect(response.errors?.[0]?.extensions?.code).toBe(code);
    expect(response.errors?.[0]?.message).toMatch(message);
  });

  it('an id of the right shape that names nothing is NOT_FOUND', async () => {
    const ghost = Buffer.from('Import:2:1700000000000:doesnotexist').toString('base64url');
    const response = await gateway.graphql(`query ($id: ID!) { import(id: $id) { id } }`, { id: ghost });
    expect(response.data).toEqual({ import: null });
    expect(response.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('a cursor taken under another order is refused', async () => {
    const first = await gateway.graphql<{ imports: { pageInfo: { endCursor: string } } }>(
      '{ imports(first: 2) { pageInfo { endCursor } } }',
    );
    const response = await gateway.graphql(
      'query ($after: String) { imports(first: 2, after: $after, orderBy: { field: UPDATED_AT, direction: ASC }) { totalCount } }',
      { after: first.data!.imports.pageInfo.endCursor },
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('providers', () => {
  it('lists every provider with capabilities', async () => {
    const response = await gateway.graphql<{
      providers: { provider: string; enabled: boolean; healthy: boolean }[];
    }>('{ providers { provider enabled healthy capabilities } }');
    expect(response.data!.providers.map((info) => [info.provider, info.enabled, info.healthy])).toEqual([
      ['FLEETIO', true, true],
      ['SAILPOINT', true, true],
      ['COMMERCE_LAYER', true, true],
    ]);
  });
});
