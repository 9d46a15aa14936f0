import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import { matching } from './mutations.ts';

const gateway = useGateway({ imports: 20, providers: ['sailpoint', 'commercelayer'] });

interface Listed {
  providerId: string;
  messages: { available: boolean; unavailableReason: string | null; nodes: unknown[] };
}

const FAILED_JOBS_WITH_MESSAGES = `{ imports(first: 100, filter: { providers: [SAILPOINT], statuses: [FAILED] }) {
  nodes { providerId messages(first: 5) { available unavailableReason nodes { text } } } } }`;

describe('a failing messages field does not take the list down', () => {
  it('answers the list, an empty unavailable connection per failed field, and the errors with their paths', async () => {
    // Served from the registry (terminal jobs); each FAILED job's message is read from SailPoint.
    const healthy = await gateway.graphql<{ imports: { nodes: Listed[] } }>(FAILED_JOBS_WITH_MESSAGES);
    expect(healthy.errors).toBeUndefined();
    const nodes = healthy.data!.imports.nodes;
    expect(nodes.length).toBeGreaterThan(1);
    // Each job's overall message, but for jobs that expired before the gateway read them.
    const readable = nodes.flatMap((node, index) => (node.messages.available ? [index] : []));
    expect(readable.length).toBeGreaterThan(1);
    for (const index of readable) expect(nodes[index]!.messages.nodes).toHaveLength(1);

    await gateway.control('sailpoint', 'PUT', '/__sim/faults', { errorRate: 1, errorStatus: 500 });
    let failing;
    try {
      failing = await gateway.graphql<{ imports: { nodes: Listed[] } }>(FAILED_JOBS_WITH_MESSAGES);
    } finally {
      await gateway.control('sailpoint', 'DELETE', '/__sim/faults');
    }
    expect(failing.data!.imports.nodes.map((node) => node.providerId)).toEqual(
      nodes.map((node) => node.providerId),
    );
    for (const index of readable) {
      expect(failing.data!.imports.nodes[index]!.messages).toEqual({
        available: false,
        unavailableReason: matching(/SailPoint (answered 500|is failing)/),
        nodes: [],
      });
    }
    // One error per failed field, in the order the vendor calls failed.
    const paths = failing.errors!.map((error) => error.path!);
    expect(paths.sort((a, b) => Number(a[2]) - Number(b[2]))).toEqual(
      readable.map((index) => ['imports', 'nodes', index, 'messages']),
    );
    for (const error of failing.errors!) {
      expect(error.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'SAILPOINT' });
    }
  });
});
