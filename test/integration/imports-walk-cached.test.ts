/**
 * The walks of imports-walk.test.ts with the page cache on (PAGE_CACHE_TTL_MS): each page starts
 * from what the previous one fetched past its end, and the walk is still the ground truth.
 */
import { describe, expect, it } from 'vitest';
import { useGateway, type GatewayUnderTest } from '../support/gateway.ts';
import { groundTruth, keyOf, sortTruth } from './ground-truth.ts';
import { walkImports } from './walk.ts';

const gateway = useGateway({ imports: 40, env: { PAGE_CACHE_TTL_MS: '60000' } });

function requestsOf(stats: Record<string, Record<string, number>>): number {
  return Object.values(stats)
    .flatMap((routes) => Object.entries(routes))
    .filter(([route]) => route !== 'POST /oauth/token')
    .reduce((sum, [, count]) => sum + count, 0);
}

describe('imports connection with the page cache on', () => {
  for (const size of [1, 7, 25, 100]) {
    it(`walks forward and backward by ${size}, equal to the ground truth`, async () => {
      const truth = sortTruth(await groundTruth(gateway), 'CREATED_AT', 'DESC').map(keyOf);
      expect((await walkImports(gateway, { size, forward: true })).map(keyOf)).toEqual(truth);
      expect((await walkImports(gateway, { size, forward: false })).map(keyOf)).toEqual(truth);
    });
  }

  it('walks by updatedAt ascending and applies filters exactly', async () => {
    const orderBy = { field: 'UPDATED_AT', direction: 'ASC' } as const;
    const truth = sortTruth(await groundTruth(gateway), 'UPDATED_AT', 'ASC').map(keyOf);
    expect((await walkImports(gateway, { size: 13, forward: true, orderBy })).map(keyOf)).toEqual(truth);
    const all = await walkImports(gateway, { size: 100, forward: true });
    for (const filter of [
      { statuses: ['SUCCEEDED', 'PARTIALLY_SUCCEEDED'] },
      { providers: ['COMMERCE_LAYER'], statuses: ['FAILED'] },
      { providers: ['FLEETIO', 'SAILPOINT'] },
    ]) {
      const expected = all.filter(
        (item) =>
          (!filter.statuses || filter.statuses.includes(item.status)) &&
          (!filter.providers || filter.providers.includes(item.provider)),
      );
      const walked = await walkImports(gateway, { size: 9, forward: true, filter });
      expect(walked.map(keyOf), JSON.stringify(filter)).toEqual(expected.map(keyOf));
    }
  });

  it('fetches each vendor page once over a walk, and asks again for none of it', async () => {
    await walkImports(gateway, { size: 1, forward: true }); // tokens and the tie-order probe
    await gateway.resetStats();
    const walked = await walkImports(gateway, {
      size: 10,
      forward: true,
      filter: { providers: ['FLEETIO', 'COMMERCE_LAYER'] },
    });
    const stats = await gateway.stats();
    // 40 Fleetio imports fit one page of 100; 40 Commerce Layer imports take two pages of 25.
    expect(walked).toHaveLength(80);
    expect(stats.fleetio['GET /api/v1/imports']).toBe(1);
    expect(stats.commercelayer['GET /api/imports']).toBe(2);
    expect(requestsOf(stats)).toBe(3);
  });

  it('neither repeats nor skips when new imports arrive at the top during a walk', async () => {
    const before = sortTruth(await groundTruth(gateway), 'CREATED_AT', 'DESC');
    const walked = await walkImports(gateway, {
      size: 10,
      forward: true,
      afterPage: async (pageIndex) => {
        if (pageIndex !== 2) return;
        // As the vendors stamp them: created now, above every position the walk has reached.
        const newest = new Date(before[0]!.createdAt + 60_000).toISOString();
        await gateway.control('commercelayer', 'POST', '/__sim/imports', {
          status: 'pending',
          created_at: newest,
        });
        await gateway.control('fleetio', 'POST', '/__sim/imports', {
          status: 'complete',
          created_at: newest,
        });
      },
    });
    expect(walked.map(keyOf)).toEqual(before.map(keyOf));
  });
});

describe('page cache entries expire', () => {
  it('an import back-dated below the position is seen once the TTL has passed', async () => {
    const instance = await gateway.startInstance({
      configure: (config) => ({ ...config, pageCacheTtlMs: 300 }),
    });
    // A second instance, whose registry holds no SailPoint jobs: the walk covers the two others.
    const short = { ...gateway, graphql: graphqlAt(instance.url) };
    const listed = async () =>
      sortTruth(await groundTruth(gateway), 'CREATED_AT', 'DESC').filter(
        (item) => item.provider !== 'SAILPOINT',
      );
    const before = await listed();
    const walked = await walkImports(short, {
      size: 10,
      forward: true,
      afterPage: async (pageIndex) => {
        if (pageIndex !== 1) return;
        const older = new Date(before[35]!.createdAt - 1).toISOString();
        await gateway.control('commercelayer', 'POST', '/__sim/imports', {
          status: 'completed',
          created_at: older,
        });
        await new Promise((resolve) => setTimeout(resolve, 400));
      },
    });
    const after = await listed();
    expect(after).toHaveLength(before.length + 1);
    expect(walked.map(keyOf)).toEqual(after.map(keyOf));
    await instance.close();
  });
});

describe("a caller's mutation drops its cached pages", () => {
  it('the page after a deletion comes from the vendor and no longer shows the deleted import', async () => {
    interface Page {
      imports: { nodes: { id: string; providerId: string }[]; pageInfo: { endCursor: string } };
    }
    const PAGE = `query ($after: String) {
      imports(first: 10, after: $after, filter: { providers: [COMMERCE_LAYER] }) {
        nodes { id providerId } pageInfo { endCursor } } }`;
    const first = await gateway.graphql<Page>(PAGE);
    const after = first.data!.imports.pageInfo.endCursor;
    // Page one fetched a whole vendor page: what it did not show waits for page two.
    const cached = await gateway.graphql<Page>(PAGE, { after });
    const doomed = cached.data!.imports.nodes[0]!;
    const deleted = await gateway.graphql<{ deleteImport: { deletedId: string | null } }>(
      `mutation ($id: ID!) { deleteImport(input: { id: $id }) { deletedId } }`,
      { id: doomed.id },
    );
    expect(deleted.data!.deleteImport.deletedId).toBe(doomed.id);
    await gateway.resetStats();
    const second = await gateway.graphql<Page>(PAGE, { after });
    expect(second.errors).toBeUndefined();
    const left = sortTruth(await groundTruth(gateway), 'CREATED_AT', 'DESC').filter(
      (item) => item.provider === 'COMMERCE_LAYER',
    );
    expect(left.map((item) => item.providerId)).not.toContain(doomed.providerId);
    expect(second.data!.imports.nodes.map((node) => node.providerId)).toEqual(
      left.slice(10, 20).map((item) => item.providerId),
    );
    expect(second.data!.imports.nodes.map((node) => node.id)).not.toContain(doomed.id);
    expect((await gateway.stats()).commercelayer['GET /api/imports']).toBeGreaterThan(0);
  });
});

function graphqlAt(url: string): GatewayUnderTest['graphql'] {
  return async (query, variables) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  };
}
