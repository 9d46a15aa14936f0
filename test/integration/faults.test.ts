import { describe, expect, it } from 'vitest';
import { registerSailpointJobs } from '../../src/providers/sailpoint/registration.ts';
import type { SimulatedProvider } from '../../src/simulators/index.ts';
import { useGateway, type GatewayUnderTest, type GraphQLResponse } from '../support/gateway.ts';

const VENDORS: readonly SimulatedProvider[] = ['fleetio', 'sailpoint', 'commercelayer'];
const PROVIDER_OF = { fleetio: 'FLEETIO', sailpoint: 'SAILPOINT', commercelayer: 'COMMERCE_LAYER' } as const;

interface Page {
  imports: { edges: { node: { provider: string; providerId: string } }[] } | null;
}

const PAGE = `query ($first: Int, $filter: ImportFilter) {
  imports(first: $first, filter: $filter) { edges { node { provider providerId status } } }
}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timed<T>(work: Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work;
  return { ms: performance.now() - started, value };
}

const providersIn = (response: GraphQLResponse<Page>) =>
  new Set(response.data?.imports?.edges.map((edge) => edge.node.provider));

const requestsTo = (requests: Record<string, number>) =>
  Object.values(requests).reduce((sum, count) => sum + count, 0);

async function withFaults<T>(
  gateway: GatewayUnderTest,
  vendors: readonly SimulatedProvider[],
  fault: Record<string, unknown>,
  work: () => Promise<T>,
): Promise<T> {
  await Promise.all(vendors.map((vendor) => gateway.control(vendor, 'PUT', '/__sim/faults', fault)));
  try {
    return await work();
  } finally {
    await Promise.all(vendors.map((vendor) => gateway.control(vendor, 'DELETE', '/__sim/faults')));
  }
}

describe('imports under injected faults (rate limits off)', () => {
  const gateway = useGateway({ imports: 10 });

  for (const [name, fault] of [
    ['503', { errorRate: 0.3, errorStatus: 503 }],
    ['429 with Retry-After', { errorRate: 0.3, errorStatus: 429, retryAfterSeconds: 1 }],
  ] as const) {
    it(`at 30 % injected ${name}, 20 queries succeed within the deadline or return partial data with typed errors`, async () => {
      // Steady operation: tokens in the cache, and the registered SailPoint jobs the pages can
      // show settled (their downloads read once, which a first list does; outcomes.ts).
      await gateway.graphql(PAGE, { first: 20 });
      await gateway.resetStats();
      const outcomes = await withFaults(gateway, VENDORS, fault, () =>
        // Distinct page sizes, so no two queries share a vendor request (single flight).
        Promise.all(
          Array.from({ length: 20 }, (_, i) => timed(gateway.graphql<Page>(PAGE, { first: i + 1 }))),
        ),
      );
      let complete = 0;
      for (const { ms, value: response } of outcomes) {
        expect(ms).toBeLessThan(25_000);
        expect(response.status).toBe(200);
        expect(response.data?.imports).not.toBeNull();
        for (const error of response.errors ?? []) {
          expect(error.path).toEqual(['imports']);
          expect(['UPSTREAM_UNAVAILABLE', 'RATE_LIMITED']).toContain(error.extensions?.code);
          expect(Object.values(PROVIDER_OF)).toContain(error.extensions?.provider);
        }
        if (!response.errors) complete += 1;
      }
      const stats = await gateway.stats();
      const sent = VENDORS.reduce((sum, vendor) => sum + requestsTo(stats[vendor]), 0);
      const slowest = Math.max(...outcomes.map((outcome) => outcome.ms));
      console.info(
        `30 % ${name}: ${complete}/20 complete, ${20 - complete} partial; ${sent} vendor requests; slowest ${Math.round(slowest)} ms`,
      );
      // Three retries make a lost vendor call rare (0.3^4 < 1 %): most pages are whole.
      expect(complete).toBeGreaterThanOrEqual(15);
    });
  }

  it('an expired token is renewed once, without the client noticing', async () => {
    // A SailPoint job still running and due for a refresh, so the page reads it from SailPoint.
    const job = await gateway.control<Record<string, unknown>>('sailpoint', 'POST', '/__sim/imports', {
      status: 'IN_PROGRESS',
    });
    expect((await gateway.graphql<Page>(PAGE, { first: 100 })).errors).toBeUndefined();
    await registerSailpointJobs(gateway.gateway.store, [job], Date.now() - 60_000);
    await gateway.resetStats();
    await Promise.all(
      (['sailpoint', 'commercelayer'] as const).map((vendor) =>
        gateway.control(vendor, 'PUT', '/__sim/faults', { expireTokens: true }),
      ),
    );
    const response = await gateway.graphql<Page>(PAGE, { first: 100 });
    expect(response.errors).toBeUndefined();
    expect(providersIn(response)).toEqual(new Set(Object.values(PROVIDER_OF)));
    const stats = await gateway.stats();
    expect(stats.sailpoint['POST /oauth/token']).toBe(1);
    expect(stats.commercelayer['POST /oauth/token']).toBe(1);
    // Each rejected request was sent once more with the new token.
    expect(Object.entries(stats.sailpoint).find(([route]) => route.includes('/import/'))?.[1]).toBe(2);
  });

  it('malformed JSON from one vendor is a typed UPSTREAM_ERROR for that provider only', async () => {
    const response = await withFaults(gateway, ['commercelayer'], { malformedRate: 1 }, () =>
      gateway.graphql<Page>(PAGE, { first: 50 }),
    );
    expect(providersIn(response)).toEqual(new Set(['FLEETIO', 'SAILPOINT']));
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]!.extensions).toMatchObject({
      code: 'UPSTREAM_ERROR',
      provider: 'COMMERCE_LAYER',
      upstream: { status: 200 },
    });
  });

  it('connection resets at one vendor are a typed UPSTREAM_UNAVAILABLE for that provider only', async () => {
    await gateway.resetStats();
    const response = await withFaults(gateway, ['fleetio'], { resetRate: 1 }, () =>
      gateway.graphql<Page>(PAGE, { first: 50 }),
    );
    expect(providersIn(response)).toEqual(new Set(['SAILPOINT', 'COMMERCE_LAYER']));
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]!.extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      provider: 'FLEETIO',
    });
    // A lost answer to a GET is worth another try: the first attempt and three retries.
    expect((await gateway.stats()).fleetio).toEqual({ 'GET /api/v1/imports': 4 });
  });
});

describe('a vendor that is down', () => {
  const COOLDOWN_MS = 1_000;
  const gateway = useGateway({
    imports: 10,
    env: {
      UPSTREAM_BREAKER_FAILURES: '2',
      UPSTREAM_BREAKER_COOLDOWN_MS: String(COOLDOWN_MS),
      UPSTREAM_RETRIES: '1',
    },
  });
  const health = async () => {
    const response = await gateway.graphql<{ providers: { provider: string; healthy: boolean }[] }>(
      '{ providers { provider healthy } }',
    );
    return Object.fromEntries(response.data!.providers.map((info) => [info.provider, info.healthy]));
  };
  const readiness = async () => {
    const response = await fetch(`${gateway.url}/readyz`);
    return {
      status: response.status,
      body: (await response.json()) as { providers: Record<string, string> },
    };
  };

  it('opens its circuit, shows it in providers and /readyz, answers fast, and closes when the vendor is back', async () => {
    await withFaults(gateway, ['fleetio'], { errorRate: 1, errorStatus: 503 }, async () => {
      for (let i = 0; i < 2; i++) {
        const response = await gateway.graphql<Page>(PAGE, { first: 10 });
        expect(response.errors?.[0]?.extensions).toMatchObject({
          code: 'UPSTREAM_UNAVAILABLE',
          provider: 'FLEETIO',
          upstream: { status: 503 },
        });
      }
      expect(await health()).toEqual({ FLEETIO: false, SAILPOINT: true, COMMERCE_LAYER: true });
      expect(await readiness()).toEqual({
        status: 200,
        body: {
          status: 'ready',
          providers: { FLEETIO: 'unhealthy', SAILPOINT: 'healthy', COMMERCE_LAYER: 'healthy' },
        },
      });

      await gateway.resetStats();
      const timings: number[] = [];
      for (let i = 0; i < 5; i++) {
        const { ms, value: response } = await timed(gateway.graphql<Page>(PAGE, { first: 10 }));
        timings.push(ms);
        expect(providersIn(response)).toEqual(new Set(['SAILPOINT', 'COMMERCE_LAYER']));
        expect(response.errors).toHaveLength(1);
        expect(response.errors![0]!.message).toMatch(
          /^Fleetio is failing; the gateway stops calling it for \d+ s\.$/,
        );
        expect(response.errors![0]!.extensions).toMatchObject({
          code: 'UPSTREAM_UNAVAILABLE',
          provider: 'FLEETIO',
        });
      }
      console.info(`circuit open: queries answered in ${timings.map((ms) => Math.round(ms)).join(', ')} ms`);
      expect(Math.max(...timings)).toBeLessThan(200);
      expect((await gateway.stats()).fleetio).toEqual({});
    });

    // The vendor is back; after the cool-down one probe goes through and closes the circuit.
    await sleep(COOLDOWN_MS + 100);
    const response = await gateway.graphql<Page>(PAGE, { first: 10 });
    expect(response.errors).toBeUndefined();
    expect(providersIn(response).has('FLEETIO')).toBe(true);
    expect(await health()).toEqual({ FLEETIO: true, SAILPOINT: true, COMMERCE_LAYER: true });
    expect((await readiness()).body.providers.FLEETIO).toBe('healthy');
  });
});

describe('the only vendor down', () => {
  const gateway = useGateway({
    imports: 5,
    providers: ['fleetio'],
    env: { UPSTREAM_BREAKER_FAILURES: '1', UPSTREAM_RETRIES: '0' },
  });

  it('makes /readyz answer 503', async () => {
    await withFaults(gateway, ['fleetio'], { resetRate: 1 }, async () => {
      await gateway.graphql<Page>(PAGE, { first: 1 });
      const response = await fetch(`${gateway.url}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'unavailable', providers: { FLEETIO: 'unhealthy' } });
    });
  });
});

describe("with the vendors' rate limits on and the gateway's limiter on", () => {
  // No retries: a 429 from a vendor would reach the client, so none in the answers means none sent.
  const gateway = useGateway({
    imports: 30,
    rateLimits: true,
    env: { UPSTREAM_RATE_LIMITS: 'documented', UPSTREAM_RETRIES: '0' },
  });
  const no429 = (responses: GraphQLResponse<Page>[]) => {
    const statuses = responses.flatMap((response) =>
      (response.errors ?? []).map(
        (error) => (error.extensions?.upstream as { status?: number } | undefined)?.status,
      ),
    );
    expect(statuses).not.toContain(429);
  };

  it("a burst past Commerce Layer's 50 reads in 10 s waits in the queue and succeeds, with no 429", async () => {
    await gateway.resetStats();
    const started = performance.now();
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        gateway.graphql<Page>(PAGE, {
          first: 2,
          // Distinct filters, so that each query costs its own vendor request.
          filter: {
            providers: ['COMMERCE_LAYER'],
            createdAfter: new Date(Date.UTC(2020, 0, 1, 0, 0, i)).toISOString(),
          },
        }),
      ),
    );
    const elapsed = performance.now() - started;
    no429(responses);
    expect(responses.filter((response) => response.errors)).toEqual([]);
    const reads = (await gateway.stats()).commercelayer['GET /api/imports'] ?? 0;
    console.info(
      `Commerce Layer burst: 60 queries, ${reads} list requests, ${Math.round(elapsed)} ms, no 429`,
    );
    expect(reads).toBeGreaterThanOrEqual(60);
    // The requests beyond the 50th waited for the burst window: the gateway queued, the vendor never refused.
    expect(elapsed).toBeGreaterThan(9_000);
    expect(elapsed).toBeLessThan(25_000);
  });

  it("a burst past SailPoint's 100 requests in 10 s waits in the queue and succeeds, with no 429", async () => {
    // 110 fresh jobs to track (seeded ones may be past their expiration): each costs a status read.
    const added = await Promise.all(
      Array.from({ length: 110 }, () =>
        gateway.control<{ jobId: string }>('sailpoint', 'POST', '/__sim/imports', { status: 'IN_PROGRESS' }),
      ),
    );
    const jobIds = added.map((job) => job.jobId);
    await gateway.resetStats();
    const { ms, value: responses } = await timed(
      Promise.all(
        jobIds.map((jobId) =>
          gateway.graphql<{ trackImport: { import: { providerId: string } | null; userErrors: unknown[] } }>(
            'mutation ($id: String!) { trackImport(input: { provider: SAILPOINT, providerId: $id }) { import { providerId } userErrors { code message } } }',
            { id: jobId },
          ),
        ),
      ),
    );
    expect(responses.filter((response) => response.errors)).toEqual([]);
    expect(responses.map((response) => response.data?.trackImport.import?.providerId)).toEqual(jobIds);
    const sent = requestsTo((await gateway.stats()).sailpoint);
    console.info(
      `SailPoint burst: 110 trackImport, ${sent} SailPoint requests in ${Math.round(ms)} ms, no 429`,
    );
    expect(sent).toBeGreaterThan(100);
    // More than 100 requests cannot all fit in one 10 s window: the gateway must have waited.
    expect(ms).toBeGreaterThan(9_000);
  }, 40_000);

  it("a burst past Fleetio's 20 a minute: 20 reach Fleetio, the others are refused by the gateway at once", async () => {
    await gateway.resetStats();
    const { ms, value: responses } = await timed(
      Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          gateway.graphql<Page>(PAGE, { first: i + 1, filter: { providers: ['FLEETIO'] } }),
        ),
      ),
    );
    no429(responses);
    const refused = responses.filter((response) => response.errors);
    for (const response of refused) {
      expect(response.errors![0]!.extensions).toMatchObject({
        code: 'RATE_LIMITED',
        provider: 'FLEETIO',
        upstream: {},
      });
      expect(response.errors![0]!.message).toMatch(/Fleetio allows 20 requests a minute/);
    }
    const sent = (await gateway.stats()).fleetio['GET /api/v1/imports'] ?? 0;
    console.info(
      `Fleetio burst: 25 queries, ${sent} sent to Fleetio, ${refused.length} refused by the gateway in ${Math.round(ms)} ms`,
    );
    expect(sent).toBeLessThanOrEqual(20);
    // A query may need more than one Fleetio request; whatever did not fit was refused, not sent.
    expect(refused.length).toBeGreaterThanOrEqual(25 - 20);
    expect(25 - refused.length).toBeLessThanOrEqual(sent);
    expect(ms).toBeLessThan(2_000);
  });
});
