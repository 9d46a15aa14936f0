import { beforeAll, describe, expect, it } from 'vitest';
import { loadImportConnection } from '../../../src/imports/connection.ts';
import { registerSailpointJobs } from '../../../src/providers/sailpoint/registration.ts';
import { UpstreamError } from '../../../src/providers/http/upstream-error.ts';
import { sailpointSimulator } from '../../../src/simulators/sailpoint/index.ts';
import { WRONG_CREDENTIALS } from '../../support/secrets.ts';
import { useSimulator, type SimulatorUnderTest } from '../../support/simulators.ts';
import type { JobStatus } from '../../simulators/sailpoint/sailpoint-api.ts';
import { ADMIN, takeStats, useSailpointSource, type SourceUnderTest } from './support.ts';

const STATUS = 'GET /v2025/sp-config/import/{id}';
const TOKEN = 'POST /oauth/token';

/** Registers a running job and returns a lookup that has to ask the vendor each time it is called. */
function staleLookup(sim: SimulatorUnderTest, gateway: SourceUnderTest) {
  let jobId = '';
  beforeAll(async () => {
    const body = await sim.control<JobStatus>('POST', '/__sim/imports', { status: 'IN_PROGRESS' });
    await registerSailpointJobs(gateway.store, [body], gateway.now);
    jobId = body.jobId;
  });
  return {
    get jobId() {
      return jobId;
    },
    /** Reads the job through the source, past its refresh interval. */
    async read() {
      gateway.now += 5_000;
      return (await gateway.source.get([{ providerId: jobId }])).get(jobId);
    },
    async failure(): Promise<UpstreamError> {
      gateway.now += 5_000;
      const error: unknown = await gateway.source.get([{ providerId: jobId }]).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(UpstreamError);
      return error as UpstreamError;
    },
  };
}

/** Nothing of a secret may reach an error: not the client secret, not a bearer token. */
function expectNoSecret(error: UpstreamError) {
  const visible = JSON.stringify({ message: error.message, upstream: error.upstream });
  expect(visible).not.toContain(ADMIN.clientSecret);
  expect(visible).not.toMatch(/eyJ[\w-]+\./);
  expect(
    Object.keys(error.upstream).every((key) =>
      ['status', 'code', 'title', 'trackingId', 'retryAfterSeconds'].includes(key),
    ),
  ).toBe(true);
}

describe('SailPoint source: vendor failures become typed errors', () => {
  const sim = useSimulator(sailpointSimulator, { imports: 5, rateLimits: false });
  const gateway = useSailpointSource(sim);
  const lookup = staleLookup(sim, gateway);

  beforeAll(async () => {
    // A token in the cache, so each fault below hits the status request itself.
    expect(await lookup.read()).toMatchObject({ providerStatus: 'IN_PROGRESS' });
  });

  it.each([
    [500, '500.0 Internal Fault', /SailPoint answered 500 \(internal server error\) to the status request/],
    [503, '503 Service Unavailable', /SailPoint answered 503 \(service unavailable\)/],
    [502, '502 Bad Gateway', /SailPoint answered 502 \(bad gateway\)/],
  ])('%i → unavailable, with detailCode and trackingId', async (errorStatus, code, message) => {
    await sim.control('PUT', '/__sim/faults', { errorRate: 1, errorStatus });
    const error = await lookup.failure();
    expect(error).toMatchObject({ provider: 'SAILPOINT', failure: 'unavailable' });
    expect(error.message).toMatch(message);
    expect(error.upstream).toEqual({ status: errorStatus, code, trackingId: error.upstream.trackingId });
    expect(error.upstream.trackingId).toMatch(/^[0-9a-f]{32}$/);
    expectNoSecret(error);
  });

  it('429 → rate-limited with Retry-After', async () => {
    await sim.control('PUT', '/__sim/faults', { errorRate: 1, errorStatus: 429, retryAfterSeconds: 7 });
    const error = await lookup.failure();
    expect(error).toMatchObject({ failure: 'rate-limited', upstream: { status: 429, retryAfterSeconds: 7 } });
    expect(error.message).toBe(
      `SailPoint answered 429 (rate limit exceeded) to the status request of import job ${lookup.jobId}; retry after 7 s.`,
    );
  });

  it('400 on a lookup → error (nothing the caller sent), with the detailCode', async () => {
    await sim.control('PUT', '/__sim/faults', { errorRate: 1, errorStatus: 400 });
    const error = await lookup.failure();
    expect(error).toMatchObject({
      failure: 'error',
      upstream: { status: 400, code: '400.1 Bad Request Content' },
    });
  });

  it('a cut-short body → error', async () => {
    await sim.control('PUT', '/__sim/faults', { malformedRate: 1 });
    const error = await lookup.failure();
    expect(error).toMatchObject({ failure: 'error', upstream: { status: 200 } });
    expect(error.message).toMatch(/SailPoint API sent a body that is not valid JSON/);
  });

  it('a lost response (connection reset) → unavailable, possibly applied', async () => {
    await sim.control('PUT', '/__sim/faults', { resetRate: 1 });
    const error = await lookup.failure();
    expect(error).toMatchObject({ failure: 'unavailable', ambiguous: true });
  });

  it('a 401 that persists after one new token → error, after exactly one renewal and one retry', async () => {
    await sim.control('PUT', '/__sim/faults', { errorRate: 1, errorStatus: 401 });
    await takeStats(sim);
    const error = await lookup.failure();
    expect(error).toMatchObject({ failure: 'error', upstream: { status: 401 } });
    expect(await takeStats(sim)).toEqual({ [STATUS]: 1, [TOKEN]: 1 });
  });

  it('fails a list page whose stale job cannot be read, and the merged connection reports it', async () => {
    await sim.control('PUT', '/__sim/faults', { errorRate: 1, errorStatus: 503 });
    gateway.now += 5_000;
    const page = await loadImportConnection([gateway.source], {
      first: 100,
      conditions: { statuses: ['RUNNING'] },
    });
    expect(page.edges).toEqual([]);
    expect(page.failures).toHaveLength(1);
    expect(page.failures[0]).toMatchObject({
      provider: 'SAILPOINT',
      failure: 'unavailable',
      upstream: { status: 503 },
    });
    // A page of terminal jobs needs no vendor request (in creation order, nothing can move into it).
    const terminal = await gateway.source.list({
      order: { field: 'CREATED_AT', direction: 'ASC' },
      limit: 3,
      conditions: {},
    });
    // With a status filter, the running jobs that may have finished since are read first.
    await expect(
      gateway.source.list({
        order: { field: 'CREATED_AT', direction: 'ASC' },
        limit: 3,
        conditions: { statuses: ['SUCCEEDED', 'PARTIALLY_SUCCEEDED'] },
      }),
    ).rejects.toMatchObject({ failure: 'unavailable' });
    await sim.control('DELETE', '/__sim/faults');
    expect(terminal.items.map((item) => item.terminal)).toEqual([true, true, true]);
  });

  it('recovers once the vendor does', async () => {
    await sim.control('DELETE', '/__sim/faults');
    expect(await lookup.read()).toMatchObject({ providerStatus: 'IN_PROGRESS' });
  });

  beforeAll(async () => {
    expect(await gateway.registerAll()).toBeGreaterThan(0);
    // The first list reads the downloads of the jobs registered COMPLETE (once ever), so the
    // faults below meet only what each test reads.
    await gateway.source.list({
      order: { field: 'CREATED_AT', direction: 'ASC' },
      limit: 100,
      conditions: {},
    });
  });
});

describe('SailPoint source: credentials and tokens', () => {
  const sim = useSimulator(sailpointSimulator, { imports: 5, rateLimits: false });
  const wrongSecret = useSailpointSource(sim, {
    credentials: { ...ADMIN, clientSecret: WRONG_CREDENTIALS.sailpointClientSecret },
  });
  const helpdesk = useSailpointSource(sim, { credentials: { ...ADMIN, clientId: 'sim-sailpoint-helpdesk' } });
  const beta = useSailpointSource(sim, { apiVersion: 'beta' });
  const gateway = useSailpointSource(sim);
  const lookup = staleLookup(sim, gateway);
  const wrongLookup = staleLookup(sim, wrongSecret);
  const helpdeskLookup = staleLookup(sim, helpdesk);

  it('bad client credentials → error naming the settings, never the secret', async () => {
    const error = await wrongLookup.failure();
    expect(error).toMatchObject({ failure: 'error', upstream: { status: 401, code: 'invalid_client' } });
    expect(error.message).toMatch(
      /SailPoint refused the client credentials \(401\).*SAILPOINT_CLIENT_SECRET/,
    );
    expectNoSecret(error);
    expect(error.message).not.toContain(WRONG_CREDENTIALS.sailpointClientSecret);
  });

  it('a user without ORG_ADMIN → 403 error with the detailCode', async () => {
    const error = await helpdeskLookup.failure();
    expect(error).toMatchObject({ failure: 'error', upstream: { status: 403, code: '403 Forbidden' } });
    expect(error.message).toMatch(/ORG_ADMIN/);
  });

  it('a token endpoint that fails → the same typed error, naming the token request', async () => {
    await sim.control('PUT', '/__sim/faults', { errorRate: 1, errorStatus: 500 });
    const error = await lookup.failure();
    await sim.control('DELETE', '/__sim/faults');
    expect(error).toMatchObject({ failure: 'unavailable', upstream: { status: 500 } });
    expect(error.message).toMatch(/to the access token request/);
  });

  it('asks for one token, keeps it, and gets a new one once when the vendor says it expired', async () => {
    await takeStats(sim);
    for (let index = 0; index < 3; index++) await lookup.read();
    expect(await takeStats(sim)).toEqual({ [TOKEN]: 1, [STATUS]: 3 });

    await sim.control('PUT', '/__sim/faults', { expireTokens: true });
    expect(await lookup.read()).toMatchObject({ providerStatus: 'IN_PROGRESS' });
    // The 401, one new token, the retry.
    expect(await takeStats(sim)).toEqual({ [TOKEN]: 1, [STATUS]: 2 });
  });

  it('shares one new token between concurrent requests that all met the expired one', async () => {
    const bodies = await Promise.all(
      Array.from({ length: 5 }, () =>
        sim.control<JobStatus>('POST', '/__sim/imports', { status: 'NOT_STARTED' }),
      ),
    );
    await registerSailpointJobs(gateway.store, bodies, gateway.now);
    await sim.control('PUT', '/__sim/faults', { expireTokens: true });
    gateway.now += 5_000;
    await takeStats(sim);
    const found = await gateway.source.get(bodies.map((body) => ({ providerId: body.jobId })));
    expect(found.size).toBe(5);
    expect(await takeStats(sim)).toEqual({ [TOKEN]: 1, [STATUS]: 10 });
  });

  it('renews the token shortly before expires_in (749 s) runs out, before the vendor refuses it', async () => {
    await lookup.read();
    await takeStats(sim);
    gateway.now += 600_000;
    await lookup.read();
    expect(await takeStats(sim)).toEqual({ [STATUS]: 1 });
    gateway.now += 90_000;
    await lookup.read();
    expect(await takeStats(sim)).toEqual({ [TOKEN]: 1, [STATUS]: 1 });
  });

  it('speaks the configured API version', async () => {
    const body = await sim.control<JobStatus>('POST', '/__sim/imports', { status: 'IN_PROGRESS' });
    await registerSailpointJobs(beta.store, [body], beta.now - 5_000);
    await takeStats(sim);
    await beta.source.get([{ providerId: body.jobId }]);
    expect(await takeStats(sim)).toEqual({ [TOKEN]: 1, 'GET /beta/sp-config/import/{id}': 1 });
  });
});
