import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';

/**
 * The simulators with semantic variations (README, Simulators): some imports report a status their
 * vendor could add, some Commerce Layer imports null counts (specs/VENDOR-REFERENCE.md §3.1), Fleetio
 * lists come with empty `filtered_by`/`sorted_by`. The ground truth (`GET /__sim/imports`) tells the
 * same story, and the gateway's answers are checked against it: an unknown status reads RUNNING, not
 * terminal, the raw value as `providerStatus` (specs/VENDOR-REFERENCE.md §2, "A status the spec does
 * not list"); a null count stays null, never 0.
 */
const gateway = useGateway({ imports: 25, variations: { seed: 5, kinds: ['semantic'] } });

/** The documented statuses, written out here rather than taken from the adaptors. */
const KNOWN: Record<Provider, readonly string[]> = {
  FLEETIO: [
    'new',
    'queued',
    'processing',
    'partially_complete',
    'failed',
    'complete',
    'incomplete',
    'rolled_back',
    'rolling_back',
    'unsupported',
  ],
  SAILPOINT: ['NOT_STARTED', 'IN_PROGRESS', 'COMPLETE', 'CANCELLED', 'FAILED'],
  COMMERCE_LAYER: ['pending', 'in_progress', 'completed', 'interrupted'],
};
type Provider = 'FLEETIO' | 'SAILPOINT' | 'COMMERCE_LAYER';

interface Node {
  provider: Provider;
  providerId: string;
  status: string;
  providerStatus: string;
  terminal: boolean;
  counts: { total: number | null; processed: number | null; errors: number | null; warnings: number | null };
}

interface Truth {
  provider: Provider;
  providerId: string;
  status: string;
  attributes?: Record<string, unknown>;
}

async function truth(): Promise<Truth[]> {
  const [fleetio, sailpoint, commerce] = await Promise.all([
    gateway.control<{ id: number; status: string }[]>('fleetio', 'GET', '/__sim/imports'),
    gateway.control<{ jobId: string; status: string }[]>('sailpoint', 'GET', '/__sim/imports'),
    gateway.control<{ id: string; attributes: Record<string, unknown> }[]>(
      'commercelayer',
      'GET',
      '/__sim/imports',
    ),
  ]);
  return [
    ...fleetio.map((item) => ({
      provider: 'FLEETIO' as const,
      providerId: String(item.id),
      status: item.status,
    })),
    ...sailpoint.map((job) => ({
      provider: 'SAILPOINT' as const,
      providerId: job.jobId,
      status: job.status,
    })),
    ...commerce.map((resource) => ({
      provider: 'COMMERCE_LAYER' as const,
      providerId: resource.id,
      status: resource.attributes.status as string,
      attributes: resource.attributes,
    })),
  ];
}

async function listed(): Promise<Map<string, Node>> {
  const response = await gateway.graphql<{ imports: { nodes: Node[]; pageInfo: { hasNextPage: boolean } } }>(
    `{ imports(first: 100) { nodes { provider providerId status providerStatus terminal
        counts { total processed errors warnings } } pageInfo { hasNextPage } } }`,
  );
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  expect(response.data!.imports.pageInfo.hasNextPage).toBe(false);
  return new Map(response.data!.imports.nodes.map((node) => [`${node.provider}:${node.providerId}`, node]));
}

describe('gateway answers under semantic variations', () => {
  it('lists every import once, an unknown status as RUNNING and not terminal, with the raw status', async () => {
    const [vendors, nodes] = await Promise.all([truth(), listed()]);
    expect([...nodes.keys()].sort()).toEqual(
      vendors.map((item) => `${item.provider}:${item.providerId}`).sort(),
    );
    for (const provider of ['FLEETIO', 'SAILPOINT', 'COMMERCE_LAYER'] as const) {
      const unknown = vendors.filter(
        (item) => item.provider === provider && !KNOWN[provider].includes(item.status),
      );
      expect(unknown.length, provider).toBeGreaterThan(0);
      for (const item of unknown) {
        const node = nodes.get(`${provider}:${item.providerId}`)!;
        expect(node).toMatchObject({ status: 'RUNNING', terminal: false, providerStatus: item.status });
      }
    }
  });

  it('keeps null Commerce Layer counts null, and judges a completed import by its log then', async () => {
    const [vendors, nodes] = await Promise.all([truth(), listed()]);
    const nulled = vendors.filter(
      (item) => item.provider === 'COMMERCE_LAYER' && item.attributes!.errors_count === null,
    );
    expect(nulled.some((item) => item.status === 'completed')).toBe(true);
    for (const item of nulled) {
      const node = nodes.get(`COMMERCE_LAYER:${item.providerId}`)!;
      const { inputs_size: total, processed_count: processed, warnings_count: warnings } = item.attributes!;
      expect(node.counts).toEqual({ total, processed, errors: null, warnings });
      if (item.status !== 'completed') continue;
      const logged = Object.keys(item.attributes!.errors_log as object).length > 0;
      expect(node.status, item.providerId).toBe(logged ? 'PARTIALLY_SUCCEEDED' : 'SUCCEEDED');
    }
  });
});
