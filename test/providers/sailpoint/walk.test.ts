import { beforeAll, describe, expect, it } from 'vitest';
import type { Import } from '../../../src/imports/model.ts';
import type { ImportOrder } from '../../../src/imports/order.ts';
import type { ImportConditions } from '../../../src/imports/import-source.ts';
import { mapJobStatus } from '../../../src/providers/sailpoint/map.ts';
import { registerSailpointJobs } from '../../../src/providers/sailpoint/registration.ts';
import { parseJobStatus } from '../../../src/providers/sailpoint/wire.ts';
import { createSailpointSimulator } from '../../../src/simulators/sailpoint/index.ts';
import { useSimulator } from '../../support/simulators.ts';
import { exportDocument } from '../../simulators/sailpoint/sailpoint-api.ts';
import { expected, ids, settledTruth, takeStats, useSailpointSource, walk } from './support.ts';

const MINUTE = 60_000;
const ORDERS: ImportOrder[] = [
  { field: 'CREATED_AT', direction: 'DESC' },
  { field: 'CREATED_AT', direction: 'ASC' },
  { field: 'UPDATED_AT', direction: 'DESC' },
  { field: 'UPDATED_AT', direction: 'ASC' },
];
const SIZES = [1, 7, 25, 100];

/** Jobs whose results the walk can filter by type: clean, with object errors, and a failure. */
const ADDED_DOCUMENTS = [
  [
    { type: 'SOURCE', id: 's1', name: 'Workday HR' },
    { type: 'TRANSFORM', id: 't1', name: 'Lowercase Email' },
  ],
  [
    { type: 'TRANSFORM', id: 't2', name: 'Broken Mapping (invalid)' },
    { type: 'RULE', id: 'r1', name: 'Correlation' },
  ],
  [{ type: 'ROLE', id: 'role1', name: 'Finance Analyst' }],
  [{ type: 'RULE', id: 'r2', name: 'Before Provisioning' }],
  [{ type: 'SOURCE', id: 's2', name: 'Legacy LDAP fail-job' }],
];

describe('SailPoint source: registry-backed walks against the simulator', () => {
  const sim = useSimulator(createSailpointSimulator({ tokenLifetimeSeconds: 86_400 }), {
    imports: 60,
    rateLimits: false,
  });
  const gateway = useSailpointSource(sim);
  let truth: Import[] = [];

  beforeAll(async () => {
    const simNow = sim.simulator.clock.now();
    for (const [index, objects] of ADDED_DOCUMENTS.entries()) {
      await sim.control('POST', '/__sim/imports', {
        status: 'IN_PROGRESS',
        created: new Date(simNow - (index + 1) * MINUTE).toISOString(),
        document: exportDocument(objects),
        options: { excludeBackup: true },
      });
    }
    expect(await gateway.registerAll()).toBe(65);
    // Every running job ends; the refresh that first sees one COMPLETE reads its results, once,
    // and each job registered COMPLETE has its download read once by the first page that shows it.
    await sim.advance(5 * MINUTE);
    gateway.now += 10_000;
    await gateway.source.list({ order: ORDERS[0]!, limit: 100, conditions: {} });
    truth = await settledTruth(sim, gateway.now);
    await takeStats(sim);
  });

  it('holds what the simulator holds, with the outcome of every COMPLETE job', async () => {
    const all = await gateway.source.list({ order: ORDERS[1]!, limit: 1000, conditions: {} });
    expect(all.items).toEqual(expected(truth, ORDERS[1]!, {}));
    expect(truth.filter((item) => item.status === 'PARTIALLY_SUCCEEDED').length).toBeGreaterThanOrEqual(2);
    expect(truth.some((item) => item.resourceType === 'SOURCE,TRANSFORM')).toBe(true);
    expect(new Set(truth.map((item) => item.status))).toEqual(
      new Set(['SUCCEEDED', 'PARTIALLY_SUCCEEDED', 'FAILED', 'CANCELLED']),
    );
  });

  const at = (index: number) => truth[Math.floor(truth.length * index)]!;
  const filters: [string, () => ImportConditions][] = [
    ['no filter', () => ({})],
    ['statuses SUCCEEDED', () => ({ statuses: ['SUCCEEDED'] })],
    [
      'statuses FAILED, CANCELLED, PARTIALLY_SUCCEEDED',
      () => ({ statuses: ['FAILED', 'CANCELLED', 'PARTIALLY_SUCCEEDED'] }),
    ],
    ['statuses PENDING, RUNNING (none left)', () => ({ statuses: ['PENDING', 'RUNNING'] })],
    [
      'createdAfter/createdBefore',
      () => ({ createdAfter: at(0.2).createdAt.getTime(), createdBefore: at(0.8).createdAt.getTime() }),
    ],
    [
      'updatedAfter/updatedBefore and a status',
      () => ({
        updatedAfter: at(0.1).updatedAt.getTime(),
        updatedBefore: at(0.9).updatedAt.getTime(),
        statuses: ['SUCCEEDED', 'FAILED'],
      }),
    ],
    ['resourceTypes SOURCE', () => ({ resourceTypes: ['SOURCE'] })],
    ['resourceTypes RULE, ROLE', () => ({ resourceTypes: ['RULE', 'ROLE'] })],
    ['resourceTypes in the wrong case (none)', () => ({ resourceTypes: ['source', 'Rule'] })],
  ];

  for (const [name, conditionsOf] of filters) {
    it(`walks forward and backward, every order and page size: ${name}`, async () => {
      const conditions = conditionsOf();
      for (const order of ORDERS) {
        const want = ids(expected(truth, order, conditions));
        if (name === 'no filter') expect(want).toHaveLength(65);
        else if (name.includes('none')) expect(want).toEqual([]);
        else expect(want.length).toBeGreaterThan(1);
        for (const size of SIZES) {
          for (const direction of ['forward', 'backward'] as const) {
            const got = ids(await walk(gateway.source, order, size, conditions, direction));
            expect(got, `${order.field} ${order.direction} ${size} ${direction}`).toEqual(want);
          }
        }
      }
      // Every job is terminal now: walks are answered from the registry alone.
      expect(await takeStats(sim)).toEqual({});
    });
  }

  it('counts from the registry, exactly and without a vendor request', async () => {
    for (const [, conditionsOf] of filters) {
      const conditions = conditionsOf();
      expect(await gateway.source.count(conditions)).toEqual({
        count: expected(truth, ORDERS[0]!, conditions).length,
        estimate: false,
      });
    }
    expect(await takeStats(sim)).toEqual({});
  });

  it('neither repeats nor skips when imports are registered during a walk', async () => {
    const simNow = sim.simulator.clock.now();
    const order: ImportOrder = { field: 'CREATED_AT', direction: 'ASC' };
    const before = expected(truth, order, {});
    const added: Import[] = [];
    const addJob = async (created: number) => {
      const body = await sim.control('POST', '/__sim/imports', {
        status: 'COMPLETE',
        created: new Date(created).toISOString(),
      });
      expect(await registerSailpointJobs(gateway.store, [body], gateway.now)).toBe(1);
      added.push(mapJobStatus(parseJobStatus(body)));
    };
    const got = await walk(gateway.source, order, 7, {}, 'forward', {
      async afterPage(pages) {
        if (pages !== 2) return;
        // One behind the cursor (already walked past) and one ahead of everything.
        await addJob(before[0]!.createdAt.getTime() - MINUTE);
        await addJob(simNow);
      },
    });
    expect(ids(got)).toEqual([...ids(before), added[1]!.providerId]);

    // Walking back from the newest, a job created at the far end during the walk is met once.
    const descending: ImportOrder = { field: 'CREATED_AT', direction: 'DESC' };
    const now = expected([...truth, ...added], descending, {});
    const back = await walk(gateway.source, descending, 25, {}, 'forward', {
      async afterPage(pages) {
        if (pages === 1) await addJob(now.at(-1)!.createdAt.getTime() - MINUTE);
      },
    });
    expect(ids(back)).toEqual([...ids(now), added[2]!.providerId]);
    expect(new Set(ids(back)).size).toBe(back.length);
  });
});
