import { describe, expect, it } from 'vitest';
import { registerSailpointJobs } from '../../../src/providers/sailpoint/registration.ts';
import { UpstreamError } from '../../../src/providers/http/upstream-error.ts';
import { createSailpointSimulator } from '../../../src/simulators/sailpoint/index.ts';
import { useSimulator } from '../../support/simulators.ts';
import type { JobStatus } from '../../simulators/sailpoint/sailpoint-api.ts';
import { takeStats, useSailpointSource } from './support.ts';

const DAY = 24 * 3_600_000;
const STATUS = 'GET /v2025/sp-config/import/{id}';
const DOWNLOAD = 'GET /v2025/sp-config/import/{id}/download';

/** Only the sp-config routes: a month of simulated time renews the token, which is not the point here. */
const jobRequests = (stats: Record<string, number>) =>
  Object.fromEntries(Object.entries(stats).filter(([route]) => route === STATUS || route === DOWNLOAD));

describe('SailPoint source: jobs SailPoint no longer answers for', () => {
  const sim = useSimulator(createSailpointSimulator(), { imports: 2, rateLimits: false });
  const gateway = useSailpointSource(sim);

  async function register(attributes: Record<string, unknown>): Promise<JobStatus & { expiration: string }> {
    const body = await sim.control<JobStatus & { expiration: string }>('POST', '/__sim/imports', attributes);
    expect(await registerSailpointJobs(gateway.store, [body], gateway.now)).toBe(1);
    return body;
  }
  const lookUp = async (jobId: string) => (await gateway.source.get([{ providerId: jobId }])).get(jobId)!;

  it('tells a 404 before the expiration (not found, asked again) from one after it (expired, never asked again)', async () => {
    const job = await register({ status: 'IN_PROGRESS' });
    const expiration = Date.parse(job.expiration);
    // SailPoint has forgotten it; on the gateway's clock its expiration is still days ahead.
    await sim.advance(8 * DAY);
    gateway.now += 5_000;
    await takeStats(sim);
    const early = await lookUp(job.jobId);
    expect(early).toMatchObject({ status: 'RUNNING', terminal: false });
    expect(early.expiredAt).toBeUndefined();
    const notFound: unknown = await gateway.source.messages!(early, { first: 5 }).catch(
      (error: unknown) => error,
    );
    expect(notFound).toBeInstanceOf(UpstreamError);
    expect(notFound).toMatchObject({ failure: 'not-found' });
    expect((notFound as Error).message).toMatch(
      new RegExp(
        `does not know import job ${job.jobId} \\(404\\) although it keeps a job until its expiration, ${job.expiration.slice(0, 16)}`,
      ),
    );
    expect(jobRequests(await takeStats(sim))).toEqual({ [STATUS]: 2 });

    // Past the expiration: the next refresh saves it expired, FAILED (it was last seen running).
    gateway.now = expiration + 1;
    const expired = await lookUp(job.jobId);
    expect(expired).toMatchObject({
      status: 'FAILED',
      providerStatus: 'IN_PROGRESS',
      terminal: true,
      progress: null,
      expiredAt: new Date(expiration),
    });
    const page = await gateway.source.messages!(expired, { first: 5 });
    expect(page).toEqual({
      items: [],
      hasNextPage: false,
      unavailable: expect.stringMatching(/expired on .*before the gateway read them/) as string,
    });
    expect(jobRequests(await takeStats(sim))).toEqual({ [STATUS]: 1 });

    // Never asked again, however long it is since its last read.
    gateway.now += 30 * DAY;
    await lookUp(job.jobId);
    await gateway.source.list({
      order: { field: 'UPDATED_AT', direction: 'DESC' },
      limit: 100,
      conditions: { statuses: ['FAILED'] },
    });
    await gateway.source.records!(expired, { first: 5 });
    expect(jobRequests(await takeStats(sim))).toEqual({});
  });

  it('keeps the status of a finished job that expired before its messages were read', async () => {
    const job = await register({ status: 'FAILED' });
    await sim.advance(8 * DAY);
    gateway.now = Date.parse(job.expiration) + 1;
    const item = await lookUp(job.jobId);
    await takeStats(sim);
    const page = await gateway.source.messages!(item, { first: 5 });
    expect(page.unavailable).toMatch(/expired/);
    const saved = await lookUp(job.jobId);
    expect(saved).toMatchObject({
      status: 'FAILED',
      providerStatus: 'FAILED',
      terminal: true,
      expiredAt: new Date(job.expiration),
    });
    expect((await gateway.source.messages!(saved, { first: 5 })).unavailable).toMatch(/expired/);
    expect(jobRequests(await takeStats(sim))).toEqual({ [STATUS]: 1 });
  });
});
