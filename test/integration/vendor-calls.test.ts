import { describe, expect, it } from 'vitest';
import { messagesOf } from '../../src/providers/commercelayer/message-log.ts';
import { useGateway } from '../support/gateway.ts';

const gateway = useGateway({ imports: 60 });

const ALL_SCALARS = `id provider providerId status providerStatus terminal resourceType fileName format
  createdAt updatedAt startedAt completedAt progress counts { total processed errors warnings }`;

function listRequests(requests: Record<string, number>, route: string): number {
  return requests[route] ?? 0;
}

describe('vendor requests per query (no N+1)', () => {
  it('a page of 50 with every scalar costs at most 2 Commerce Layer and 1 Fleetio list requests', async () => {
    // Warm up once so token requests (one per token lifetime) are not counted against the page.
    await gateway.graphql(`{ imports(first: 1) { edges { cursor } } }`);
    await gateway.resetStats();
    const response = await gateway.graphql<{ imports: { edges: unknown[] } }>(
      `{ imports(first: 50) { edges { cursor node { ${ALL_SCALARS} } } } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.imports.edges).toHaveLength(50);
    const stats = await gateway.stats();
    expect(listRequests(stats.commercelayer, 'GET /api/imports')).toBeLessThanOrEqual(2);
    expect(Object.values(stats.commercelayer).reduce((sum, count) => sum + count, 0)).toBeLessThanOrEqual(2);
    expect(Object.values(stats.fleetio).reduce((sum, count) => sum + count, 0)).toBeLessThanOrEqual(1);
  });

  it('50 nodes cost at most one Commerce Layer request per 25 ids and fewer Fleetio requests than ids', async () => {
    const page = await gateway.graphql<{ imports: { nodes: { id: string; provider: string }[] } }>(
      `{ imports(first: 100, filter: { providers: [FLEETIO, COMMERCE_LAYER] }) { nodes { id provider } } }`,
    );
    const nodes = page.data!.imports.nodes;
    const fleetioIds = nodes.filter((node) => node.provider === 'FLEETIO').slice(0, 25);
    const commerceIds = nodes.filter((node) => node.provider === 'COMMERCE_LAYER').slice(0, 25);
    expect(fleetioIds.length + commerceIds.length).toBe(50);
    await gateway.resetStats();
    const ids = [...fleetioIds, ...commerceIds].map((node) => node.id);
    const response = await gateway.graphql<{ nodes: ({ id: string; providerId: string } | null)[] }>(
      `query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Import { providerId status } } }`,
      { ids },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.nodes.map((node) => node?.id)).toEqual(ids);
    const stats = await gateway.stats();
    expect(Object.values(stats.commercelayer).reduce((sum, count) => sum + count, 0)).toBeLessThanOrEqual(1);
    expect(Object.values(stats.fleetio).reduce((sum, count) => sum + count, 0)).toBeLessThan(
      fleetioIds.length,
    );
  });

  it("the messages of a page of Commerce Layer imports cost one request per 25 imports, and are each import's logs", async () => {
    await gateway.graphql(`{ imports(first: 1) { edges { cursor } } }`);
    await gateway.resetStats();
    const response = await gateway.graphql<{
      imports: { nodes: { providerId: string; messages: { nodes: unknown[] } }[] };
    }>(
      `{ imports(first: 30, filter: { providers: [COMMERCE_LAYER] }) {
        nodes { providerId messages(first: 100) { nodes { severity code text subject } } } } }`,
    );
    expect(response.errors).toBeUndefined();
    const nodes = response.data!.imports.nodes;
    expect(nodes).toHaveLength(30);
    const stats = (await gateway.stats()).commercelayer;
    // The list (two pages of 25 for 30 items), then the logs of 30 imports in two id lists.
    expect(stats['GET /api/imports']).toBeLessThanOrEqual(4);
    expect(stats['GET /api/imports/{id}'] ?? 0).toBe(0);
    const truth = await gateway.control<
      { id: string; attributes: { errors_log: unknown; warnings_log: unknown } }[]
    >('commercelayer', 'GET', '/__sim/imports');
    const byId = new Map(truth.map((resource) => [resource.id, resource.attributes]));
    for (const node of nodes) {
      const attributes = byId.get(node.providerId)!;
      const expected = messagesOf(attributes.errors_log, attributes.warnings_log)
        .slice(0, 100)
        .map(({ severity, code, text, subject }) => ({ severity, code, text, subject }));
      expect(node.messages.nodes, node.providerId).toEqual(expected);
    }
    expect(nodes.some((node) => node.messages.nodes.length > 0)).toBe(true);
  });

  it('terminal SailPoint jobs cost no vendor request when listed, once registered COMPLETE and FAILED jobs are settled', async () => {
    const query = `{ imports(first: 100, filter: { providers: [SAILPOINT], statuses: [SUCCEEDED, PARTIALLY_SUCCEEDED, FAILED, CANCELLED] }) {
      nodes { providerId status terminal } } }`;
    const jobs = await gateway.control<{ status: string }[]>('sailpoint', 'GET', '/__sim/imports');
    const finished = jobs.filter((job) => job.status === 'COMPLETE' || job.status === 'FAILED').length;
    await gateway.resetStats();
    // The first list to filter by status reads the download of each registered COMPLETE job not
    // read yet (earlier pages may have read some), once: a COMPLETE job may have PARTIALLY_SUCCEEDED
    // or FAILED; a FAILED job's download is tried once too, for its counts.
    const first = await gateway.graphql<{ imports: { nodes: { terminal: boolean }[] } }>(query);
    expect(first.errors).toBeUndefined();
    expect(first.data!.imports.nodes.length).toBeGreaterThan(0);
    const settling = (await gateway.stats()).sailpoint;
    expect(
      Object.keys(settling).every((route) => route.endsWith('/download') || route === 'POST /oauth/token'),
    ).toBe(true);
    expect(settling['GET /v2025/sp-config/import/{id}/download'] ?? 0).toBeLessThanOrEqual(finished);
    // From then on, nothing.
    await gateway.resetStats();
    const again = await gateway.graphql<{ imports: { nodes: { terminal: boolean }[] } }>(query);
    expect(again.data).toEqual(first.data);
    expect((await gateway.stats()).sailpoint).toEqual({});
  });
});
