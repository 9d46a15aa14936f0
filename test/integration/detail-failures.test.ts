import { afterAll, describe, expect, it } from 'vitest';
import { postGraphql, useGateway } from '../support/gateway.ts';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy.ts';
import { matching } from './mutations.ts';

const gateway = useGateway({ imports: 30, providers: ['fleetio'] });

interface Listed {
  providerId: string;
  messages: { available: boolean; unavailableReason: string | null; nodes: unknown[] };
}

const IMPORTS_WITH_MESSAGES = `{ imports(first: 100, filter: { providers: [FLEETIO], statuses: [PARTIALLY_SUCCEEDED, FAILED] }) {
  nodes { providerId messages(first: 5) { available unavailableReason nodes { text } } } } }`;

let proxy: RecordingProxy | undefined;
afterAll(() => proxy?.close());

describe('a failing messages field does not take the list down', () => {
  it('answers the list, an empty unavailable connection per failed field, and the errors with their paths', async () => {
    const healthy = await gateway.graphql<{ imports: { nodes: Listed[] } }>(IMPORTS_WITH_MESSAGES);
    expect(healthy.errors).toBeUndefined();
    const nodes = healthy.data!.imports.nodes;
    expect(nodes.length).toBeGreaterThan(1);
    expect(nodes.every((node) => node.messages.available)).toBe(true);

    // A second instance reaches Fleetio through a proxy on which only the row results (the
    // messages) fail, as one vendor route breaking while the list still answers.
    proxy = await startRecordingProxy(gateway.simulators.fleetio.url, {
      failWith: (_method, path) => (/\/imports\/\d+\/results/.test(path) ? 500 : undefined),
    });
    const behindProxy = await gateway.startInstance({
      configure: (config) => ({ ...config, fleetio: { ...config.fleetio!, baseUrl: `${proxy!.url}/api` } }),
    });
    const failing = await postGraphql<{ imports: { nodes: Listed[] } }>(
      behindProxy.url,
      IMPORTS_WITH_MESSAGES,
    );
    expect(failing.data!.imports.nodes.map((node) => node.providerId)).toEqual(
      nodes.map((node) => node.providerId),
    );
    for (const node of failing.data!.imports.nodes) {
      expect(node.messages).toEqual({
        available: false,
        unavailableReason: matching(/Fleetio (answered 500|is failing)/),
        nodes: [],
      });
    }
    // One error per failed field, each with the field's path.
    const paths = failing.errors!.map((error) => error.path!);
    expect(paths.sort((a, b) => Number(a[2]) - Number(b[2]))).toEqual(
      nodes.map((_node, index) => ['imports', 'nodes', index, 'messages']),
    );
    for (const error of failing.errors!) {
      expect(error.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'FLEETIO' });
    }
  });
});
