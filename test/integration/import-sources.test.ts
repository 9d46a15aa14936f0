/**
 * `ImportConnection.sources` and `totalCountPrecision` (README, Partial results): what a page says,
 * in its data, about each provider, with one vendor made to fail through its simulator's faults.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { useGateway, type GatewayUnderTest } from '../support/gateway.ts';
import { subscribeWs, wsClient } from '../support/live-clients.ts';

interface SourceView {
  provider: string;
  state: 'OK' | 'FAILED' | 'DISABLED';
  error: { code: string; message: string; retryable: boolean; retryAfterSeconds: number | null } | null;
}

interface Page {
  imports: {
    edges: { node: { provider: string } }[];
    totalCount: number;
    totalCountIsEstimate: boolean;
    totalCountPrecision: string;
    sources: SourceView[];
  };
}

const PAGE = `query ($filter: ImportFilter) {
  imports(first: 100, filter: $filter) {
    edges { node { provider } }
    totalCount totalCountIsEstimate totalCountPrecision
    sources { provider state error { code message retryable retryAfterSeconds } }
  }
}`;

const ok = (provider: string): SourceView => ({ provider, state: 'OK', error: null });

async function withFleetioFault<T>(
  gateway: GatewayUnderTest,
  fault: Record<string, unknown>,
  work: () => Promise<T>,
): Promise<T> {
  await gateway.control('fleetio', 'PUT', '/__sim/faults', fault);
  try {
    return await work();
  } finally {
    await gateway.control('fleetio', 'DELETE', '/__sim/faults');
  }
}

describe('sources and totalCountPrecision, every provider configured', () => {
  // A breaker that never opens, so one case's failures do not fail the next case's vendor.
  const gateway = useGateway({ imports: 20, env: { UPSTREAM_BREAKER_FAILURES: '1000' } });
  const clients: Client[] = [];
  afterAll(async () => {
    for (const client of clients) await client.dispose();
  });

  it('all answering: every source OK, and the precision says what totalCountIsEstimate said', async () => {
    const all = await gateway.graphql<Page>(PAGE);
    expect(all.errors).toBeUndefined();
    expect(all.data!.imports.sources).toEqual([ok('FLEETIO'), ok('SAILPOINT'), ok('COMMERCE_LAYER')]);
    // Fleetio's count is an estimate at any size.
    expect(all.data!.imports.totalCountIsEstimate).toBe(true);
    expect(all.data!.imports.totalCountPrecision).toBe('APPROXIMATE');

    const exact = await gateway.graphql<Page>(PAGE, {
      filter: { providers: ['COMMERCE_LAYER', 'SAILPOINT'] },
    });
    expect(exact.errors).toBeUndefined();
    // A provider the filter leaves out is not listed; the others keep the providers' order.
    expect(exact.data!.imports.sources).toEqual([ok('SAILPOINT'), ok('COMMERCE_LAYER')]);
    expect(exact.data!.imports.totalCountIsEstimate).toBe(false);
    expect(exact.data!.imports.totalCountPrecision).toBe('EXACT');
    expect(exact.data!.imports.totalCount).toBe(exact.data!.imports.edges.length);
  });

  for (const [name, fault, expected] of [
    [
      '429 with Retry-After',
      { errorRate: 1, errorStatus: 429, retryAfterSeconds: 30 },
      { code: 'RATE_LIMITED', retryable: true, retryAfterSeconds: 30 },
    ],
    [
      '503',
      { errorRate: 1, errorStatus: 503 },
      { code: 'UPSTREAM_UNAVAILABLE', retryable: true, retryAfterSeconds: null },
    ],
    [
      'a garbled body',
      { malformedRate: 1 },
      { code: 'UPSTREAM_ERROR', retryable: false, retryAfterSeconds: null },
    ],
  ] as const) {
    it(`Fleetio failing with ${name}: its rows absent, its source FAILED with the error's code, the count AT_LEAST`, async () => {
      const response = await withFleetioFault(gateway, fault, () => gateway.graphql<Page>(PAGE));
      const page = response.data!.imports;
      expect(page.edges.length).toBeGreaterThan(0);
      expect(new Set(page.edges.map((edge) => edge.node.provider))).toEqual(
        new Set(['SAILPOINT', 'COMMERCE_LAYER']),
      );
      expect(page.totalCountPrecision).toBe('AT_LEAST');
      expect(page.totalCount).toBe(page.edges.length);

      // The same failure, once in the data and once in `errors`, with the same words and hint.
      expect(response.errors).toHaveLength(1);
      const [error] = response.errors!;
      expect(error!.path).toEqual(['imports']);
      expect(error!.extensions).toMatchObject({
        code: expected.code,
        provider: 'FLEETIO',
        retryable: expected.retryable,
      });
      expect(error!.extensions!.retryAfterSeconds).toBe(expected.retryAfterSeconds ?? undefined);
      expect(page.sources).toEqual([
        { provider: 'FLEETIO', state: 'FAILED', error: { ...expected, message: error!.message } },
        ok('SAILPOINT'),
        ok('COMMERCE_LAYER'),
      ]);
    });
  }

  it('answers the same sources over a WebSocket as over HTTP', async () => {
    const fault = { errorRate: 1, errorStatus: 429, retryAfterSeconds: 12 };
    const [overHttp, overWs] = await withFleetioFault(gateway, fault, async () => {
      const http = await gateway.graphql<Page>(PAGE);
      const client = wsClient(gateway.url);
      clients.push(client);
      const query = subscribeWs<Page>(client, PAGE);
      await query.untilCompleted();
      return [http, query.results[0]!] as const;
    });
    expect(overWs.data!.imports.sources).toEqual(overHttp.data!.imports.sources);
    expect(overWs.data!.imports.sources[0]).toMatchObject({
      state: 'FAILED',
      error: { code: 'RATE_LIMITED', retryable: true, retryAfterSeconds: 12 },
    });
    expect(overWs.data!.imports.totalCountPrecision).toBe('AT_LEAST');
    expect(overWs.errors?.[0]?.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      retryable: true,
      retryAfterSeconds: 12,
    });
  });
});

describe('sources, Fleetio not configured', () => {
  const gateway = useGateway({ imports: 5, providers: ['sailpoint', 'commercelayer'] });

  it('lists Fleetio as DISABLED, with no error, and counts the others exactly', async () => {
    const response = await gateway.graphql<Page>(PAGE);
    expect(response.errors).toBeUndefined();
    expect(response.data!.imports.sources).toEqual([
      { provider: 'FLEETIO', state: 'DISABLED', error: null },
      ok('SAILPOINT'),
      ok('COMMERCE_LAYER'),
    ]);
    expect(response.data!.imports.totalCountPrecision).toBe('EXACT');

    const named = await gateway.graphql<Page>(PAGE, { filter: { providers: ['FLEETIO'] } });
    expect(named.data!.imports.sources).toEqual([{ provider: 'FLEETIO', state: 'DISABLED', error: null }]);
    expect(named.data!.imports.edges).toEqual([]);
  });
});
