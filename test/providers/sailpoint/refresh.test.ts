import { describe, expect, it } from 'vitest';
import type { Import } from '../../../src/imports/model.ts';
import type { ImportOrder } from '../../../src/imports/order.ts';
import { registerSailpointJobs } from '../../../src/providers/sailpoint/registration.ts';
import { createSailpointSimulator } from '../../../src/simulators/sailpoint/index.ts';
import { useSimulator } from '../../support/simulators.ts';
import { exportDocument, type JobStatus } from '../../simulators/sailpoint/sailpoint-api.ts';
import { expected, groundTruth, ids, settledTruth, takeStats, useSailpointSource } from './support.ts';

const MINUTE = 60_000;
const STATUS = 'GET /v2025/sp-config/import/{id}';
const DOWNLOAD = 'GET /v2025/sp-config/import/{id}/download';
const NEWEST_CHANGE_FIRST: ImportOrder = { field: 'UPDATED_AT', direction: 'DESC' };
const everything = { order: NEWEST_CHANGE_FIRST, limit: 1000, conditions: {} };

describe('SailPoint source: refreshing non-terminal jobs under the manual clock', () => {
  // A day-long token keeps these request counts free of token renewals; token.test.ts covers those.
  const sim = useSimulator(createSailpointSimulator({ tokenLifetimeSeconds: 86_400 }), {
    imports: 12,
    rateLimits: false,
  });
  const gateway = useSailpointSource(sim);

  const addJob = async (attributes: Record<string, unknown>) => {
    const body = await sim.control<JobStatus>('POST', '/__sim/imports', attributes);
    expect(await registerSailpointJobs(gateway.store, [body], gateway.now)).toBe(1);
    return body.jobId;
  };
  const byId = (items: readonly Import[]) => new Map(items.map((item) => [item.providerId, item]));

  it('reads each stale non-terminal job once per interval and never a terminal one', async () => {
    expect(await gateway.registerAll()).toBe(12);
    const registered = await groundTruth(sim);
    const running = registered.filter((item) => !item.terminal);
    // Registered COMPLETE or FAILED: each has its download read (a FAILED one's only tried).
    const finished = registered.filter((item) => ['COMPLETE', 'FAILED'].includes(item.providerStatus));
    expect(running.length).toBeGreaterThanOrEqual(2);
    const settled = await settledTruth(sim, gateway.now);
    await takeStats(sim);

    // Fresh from registration, no job is due for a refresh; each registered COMPLETE or FAILED job
    // has its download read once, so its status is exact from the first page on.
    expect((await gateway.source.list(everything)).items).toEqual(expected(settled, NEWEST_CHANGE_FIRST, {}));
    const first = await takeStats(sim);
    expect(first[DOWNLOAD]).toBe(finished.length);
    expect(first[STATUS]).toBeUndefined();
    await gateway.source.list(everything);
    expect(await takeStats(sim)).toEqual({});
    await sim.advance(5 * MINUTE);
    gateway.now += 4_999;
    await gateway.source.list(everything);
    expect(await takeStats(sim)).toEqual({});

    // One millisecond later the interval has passed: one status request per running job.
    gateway.now += 1;
    const listed = await gateway.source.list(everything);
    const ended = await groundTruth(sim);
    const withResults = running.filter((item) =>
      ['COMPLETE', 'FAILED'].includes(byId(ended).get(item.providerId)!.providerStatus),
    );
    const stats = await takeStats(sim);
    expect(stats[STATUS]).toBe(running.length);
    expect(stats[DOWNLOAD] ?? 0).toBe(withResults.length);
    // The token of the first page's downloads is still good.
    expect(stats['POST /oauth/token']).toBeUndefined();

    // Each moved to its terminal status (and, moving in UPDATED_AT, to the top of the list).
    const now = byId(listed.items);
    for (const { providerId } of running) {
      const truth = byId(ended).get(providerId)!;
      expect(now.get(providerId)).toMatchObject({
        providerStatus: truth.providerStatus,
        terminal: true,
        updatedAt: truth.updatedAt,
        completedAt: truth.completedAt,
      });
    }
    expect(ids(listed.items.slice(0, running.length)).sort()).toEqual(ids(running).sort());
    expect(ids(listed.items)).toEqual(ids(expected(ended, NEWEST_CHANGE_FIRST, {})));

    // Terminal now: later lists cost nothing, however old their last read.
    gateway.now += 60_000;
    await gateway.source.list(everything);
    await gateway.source.get(ids(listed.items).map((providerId) => ({ providerId })));
    expect(await takeStats(sim)).toEqual({});
  });

  it('shares one read per job between concurrent lists and lookups', async () => {
    const jobIds = [
      await addJob({ status: 'IN_PROGRESS' }),
      await addJob({ status: 'NOT_STARTED' }),
      await addJob({ status: 'IN_PROGRESS' }),
    ];
    gateway.now += 5_000;
    await takeStats(sim);
    await Promise.all([
      gateway.source.list(everything),
      gateway.source.list({ ...everything, conditions: { statuses: ['RUNNING', 'PENDING'] } }),
      gateway.source.get(jobIds.map((providerId) => ({ providerId }))),
    ]);
    expect(await takeStats(sim)).toEqual({ [STATUS]: 3 });
    // Read at most once per interval.
    gateway.now += 4_000;
    await gateway.source.list(everything);
    expect(await takeStats(sim)).toEqual({});
    // Finish them, so later tests start from a registry where every job is terminal.
    await sim.advance(5 * MINUTE);
    gateway.now += 1_000;
    expect(
      (await gateway.source.list({ ...everything, conditions: { statuses: ['RUNNING', 'PENDING'] } })).items,
    ).toEqual([]);
  });

  it('stays exact when a refresh moves a job out of the filter', async () => {
    const queued = await addJob({
      status: 'NOT_STARTED',
      document: exportDocument([{ type: 'RULE', id: 'r', name: 'r' }]),
    });
    gateway.now += 5_000;
    const before = await gateway.source.list({ ...everything, conditions: { statuses: ['PENDING'] } });
    expect(ids(before.items)).toEqual([queued]);
    await sim.advance(5 * MINUTE);
    gateway.now += 5_000;
    // Listed as PENDING in the registry, read again, found finished: not on the page.
    expect(
      (await gateway.source.list({ ...everything, conditions: { statuses: ['PENDING'] } })).items,
    ).toEqual([]);
    expect(await gateway.source.count({ statuses: ['PENDING'] })).toEqual({ count: 0, estimate: false });
    const [done] = (await gateway.source.get([{ providerId: queued }])).values();
    expect(done).toMatchObject({ status: 'SUCCEEDED', terminal: true, resourceType: 'RULE', progress: 1 });
  });

  it('finds a job that entered a filter, or moved to the top, since its last read', async () => {
    const hourAgo = new Date(sim.simulator.clock.now() - 60 * MINUTE).toISOString();
    const jobId = await addJob({
      status: 'IN_PROGRESS',
      created: hourAgo,
      modified: hourAgo,
      document: exportDocument([{ type: 'SOURCE', id: 's9', name: 'HR' }]),
      options: { excludeBackup: true },
    });
    await sim.advance(5 * MINUTE);
    gateway.now += 5_000;
    await takeStats(sim);
    // Stored RUNNING with no types and an hour-old `modified`; by now SUCCEEDED, SOURCE, just modified.
    const newestChange = await gateway.source.list({ order: NEWEST_CHANGE_FIRST, limit: 1, conditions: {} });
    expect(ids(newestChange.items)).toEqual([jobId]);
    expect(await takeStats(sim)).toEqual({ [STATUS]: 1, [DOWNLOAD]: 1 });
    const sources = await gateway.source.list({
      order: { field: 'CREATED_AT', direction: 'ASC' },
      limit: 1,
      conditions: { statuses: ['SUCCEEDED'], resourceTypes: ['SOURCE'] },
    });
    expect(ids(sources.items)).toEqual([jobId]);
  });

  it('makes a COMPLETE job with object errors PARTIALLY_SUCCEEDED, from one download', async () => {
    const document = exportDocument([
      { type: 'SOURCE', id: 's1', name: 'Workday HR' },
      { type: 'TRANSFORM', id: 't1', name: 'Lowercase Email' },
      { type: 'TRANSFORM', id: 't2', name: 'Broken Mapping (invalid)' },
    ]);
    const jobId = await addJob({ status: 'IN_PROGRESS', document, options: { excludeBackup: true } });
    await sim.advance(5 * MINUTE);
    gateway.now += 5_000;
    await takeStats(sim);
    const found = await gateway.source.get([{ providerId: jobId }, { providerId: 'not-registered' }]);
    expect([...found.keys()]).toEqual([jobId]);
    expect(found.get(jobId)).toMatchObject({
      status: 'PARTIALLY_SUCCEEDED',
      providerStatus: 'COMPLETE',
      terminal: true,
      resourceType: 'SOURCE,TRANSFORM',
      counts: { total: null, processed: 2, errors: 1, warnings: 1 },
      progress: 1,
    });
    expect(await takeStats(sim)).toEqual({ [STATUS]: 1, [DOWNLOAD]: 1 });
    // Persisted: found again by status, with no request.
    gateway.now += 60_000;
    const partial = await gateway.source.list({
      ...everything,
      conditions: { statuses: ['PARTIALLY_SUCCEEDED'] },
    });
    expect(ids(partial.items)).toContain(jobId);
    expect(await takeStats(sim)).toEqual({});
  });

  it('asks for 250 stale jobs concurrently, one request each, and pages them exactly', async () => {
    const simNow = sim.simulator.clock.now();
    const bodies: unknown[] = [];
    for (let index = 0; index < 250; index++) {
      bodies.push(
        await sim.control('POST', '/__sim/imports', {
          status: 'IN_PROGRESS',
          created: new Date(simNow - index * 1000).toISOString(),
          modified: new Date(simNow).toISOString(),
        }),
      );
    }
    expect(await registerSailpointJobs(gateway.store, bodies, gateway.now)).toBe(250);
    await sim.advance(5 * MINUTE);
    gateway.now += 5_000;
    await takeStats(sim);
    const order: ImportOrder = { field: 'CREATED_AT', direction: 'DESC' };
    const page = await gateway.source.list({ order, limit: 101, conditions: { statuses: ['RUNNING'] } });
    // The first page held 101 running jobs, all finished: the next 101 were read, and so on.
    expect(page.items).toEqual([]);
    const stats = await takeStats(sim);
    expect(stats[STATUS]).toBe(250);
    expect(Object.keys(stats).every((route) => route === STATUS || route === DOWNLOAD)).toBe(true);
    expect((await gateway.source.list({ order, limit: 1000, conditions: {} })).items).toEqual(
      expected(await groundTruthWithStore(), order, {}),
    );
  });

  it('keeps the last known state of a job the vendor no longer knows, without failing the page', async () => {
    const created = new Date(sim.simulator.clock.now() - 8 * 24 * 60 * MINUTE).toISOString();
    const gone = { jobId: 'expired-job', status: 'IN_PROGRESS', type: 'IMPORT', created, modified: created };
    expect(await registerSailpointJobs(gateway.store, [gone], gateway.now)).toBe(1);
    gateway.now += 5_000;
    await takeStats(sim);
    const listed = await gateway.source.list({ ...everything, conditions: { statuses: ['RUNNING'] } });
    expect(ids(listed.items)).toEqual(['expired-job']);
    expect(listed.items[0]).toMatchObject({
      status: 'RUNNING',
      providerStatus: 'IN_PROGRESS',
      terminal: false,
    });
    expect(await takeStats(sim)).toEqual({ [STATUS]: 1 });
    // Asked again only after another interval.
    await gateway.source.get([{ providerId: 'expired-job' }]);
    expect(await takeStats(sim)).toEqual({});
  });

  /** After everything ended, the registry's view equals the simulator's status for every job. */
  async function groundTruthWithStore(): Promise<Import[]> {
    const truth = await groundTruth(sim);
    const held = await gateway.source.get(ids(truth).map((providerId) => ({ providerId })));
    return truth.map((item) => {
      const stored = held.get(item.providerId);
      // Same status as the vendor's; the outcome read from downloads only the registry knows.
      expect(stored?.providerStatus ?? item.providerStatus).toBe(item.providerStatus);
      return stored ?? item;
    });
  }
});
