import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commerceLayerSimulator } from '../../src/simulators/commercelayer/index.ts';
import { useSimulator } from '../support/simulators.ts';
import { commerceLayerSdk, listAll, newestFirst, truth, type SdkUnderTest } from './commercelayer-client.ts';

describe('@commercelayer/sdk reading the Commerce Layer simulator', () => {
  const sim = useSimulator(commerceLayerSimulator, { imports: 30, rateLimits: false });
  let sdk: SdkUnderTest;
  beforeAll(async () => {
    sdk = await commerceLayerSdk(sim);
  });
  afterEach(() => {
    expect(sdk.network.refused).toEqual([]);
  });

  it('finds its API origin from the token the simulator issued, and reaches only loopback', async () => {
    expect(sdk.cl.currentOrganization).toBe('sim-org');
    await sdk.cl.imports.list({ pageSize: 1 });
    const intended = sdk.network.requests.map((request) => request.intended.origin);
    expect(intended).toEqual(['https://auth.commercelayer.io', 'https://sim-org.commercelayer.io']);
    expect(sdk.network.requests.at(-1)!.intended.pathname).toBe('/api/imports');
  });

  it('lists with filters, sort and pages as the ground truth says', async () => {
    for (const [status, type] of [
      ['completed', 'skus'],
      ['completed', 'skus'],
      ['completed', 'prices'],
      ['pending', 'skus'],
    ]) {
      await sim.control('POST', '/__sim/imports', { status, resource_type: type });
    }
    const expected = (await truth(sim))
      .filter((item) => item.attributes.status === 'completed' && item.attributes.resource_type === 'skus')
      .sort(newestFirst);
    expect(expected.length).toBeGreaterThan(3);
    const filters = { status_eq: 'completed', resource_type_eq: 'skus' };
    const first = await sdk.cl.imports.list({ filters, sort: ['-created_at', 'id'], pageSize: 3 });
    const second = await sdk.cl.imports.list({
      filters,
      sort: { created_at: 'desc', id: 'asc' },
      pageSize: 3,
      pageNumber: 2,
    });
    expect([...first, ...second].map((item) => item.id)).toEqual(expected.slice(0, 6).map((item) => item.id));
    expect(first.meta).toMatchObject({
      recordCount: expected.length,
      pageCount: Math.ceil(expected.length / 3),
    });
    expect(first.hasNextPage()).toBe(true);
    expect(await sdk.cl.imports.count({ status_eq: 'completed' })).toBe(
      (await truth(sim)).filter((item) => item.attributes.status === 'completed').length,
    );
    const busy = await listAll(sdk.cl, { status_in: ['pending', 'in_progress'] });
    const busyTruth = (await truth(sim)).filter((item) =>
      ['pending', 'in_progress'].includes(item.attributes.status),
    );
    expect(busy.ids.sort()).toEqual(busyTruth.map((item) => item.id).sort());
  });

  it('honours, as the SDK encodes them, the predicates the gateway sends', async () => {
    type Attributes = Record<string, unknown>;
    const cases: [Record<string, string | number | boolean | string[]>, (item: Attributes) => boolean][] = [
      [{ errors_count_null: true }, (item) => item.errors_count === null],
      [{ processed_count_null: false }, (item) => item.processed_count !== null],
      [
        { status_eq: 'interrupted', processed_count_gt: 0 },
        (item) => item.status === 'interrupted' && (item.processed_count as number) > 0,
      ],
      [
        { status_eq: 'completed', errors_count_eq: 0 },
        (item) => item.status === 'completed' && item.errors_count === 0,
      ],
      [
        { status_not_in: ['completed', 'interrupted'] },
        (item) => !['completed', 'interrupted'].includes(item.status as string),
      ],
      [
        { resource_type_in: ['skus', 'prices'] },
        (item) => ['skus', 'prices'].includes(item.resource_type as string),
      ],
    ];
    const all = await truth(sim);
    for (const [filters, holds] of cases) {
      const expected = all
        .filter((item) => holds(item.attributes as unknown as Attributes))
        .map((item) => item.id);
      // Each case selects some imports and leaves some out, so an ignored filter would show.
      expect(expected.length, JSON.stringify(filters)).toBeGreaterThan(0);
      expect(expected.length, JSON.stringify(filters)).toBeLessThan(all.length);
      const listed = await listAll(sdk.cl, filters);
      expect(listed.ids.sort(), JSON.stringify(filters)).toEqual(expected.sort());
      expect(listed.recordCount, JSON.stringify(filters)).toBe(expected.length);
    }
  });

  it('answers a sparse fieldset for the ids asked, as the gateway reads error logs', async () => {
    const ids = (await truth(sim)).slice(0, 3).map((item) => item.id);
    const listed = await sdk.cl.imports.list({
      filters: { id_in: ids },
      fields: ['errors_log', 'warnings_log'],
      pageSize: 25,
    });
    expect(Array.from(listed, (item) => item.id).sort()).toEqual([...ids].sort());
    for (const item of listed) {
      expect(Object.keys(item).sort()).toEqual(['errors_log', 'id', 'type', 'warnings_log']);
    }
  });
});
