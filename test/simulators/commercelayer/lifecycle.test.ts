import { beforeAll, describe, expect, it } from 'vitest';
import { commerceLayerSimulator } from '../../../src/simulators/commercelayer/index.ts';
import { useSimulator, type SimulatorUnderTest } from '../../support/simulators.ts';
import {
  ApiClient,
  issueToken,
  one,
  skuInputs,
  type ImportAttributes,
  type ImportResource,
} from './client.ts';

const FIVE_MINUTES = 300_000;

/** Creates an import and follows it second by second until it ends, recording every state seen. */
async function follow(sim: SimulatorUnderTest, api: ApiClient, attributes: Record<string, unknown>) {
  const created = await api.create(attributes);
  expect(created.status, created.text).toBe(201);
  const id = one(created).id;
  const seen: ImportAttributes[] = [one(created).attributes];
  for (let elapsed = 0; elapsed < FIVE_MINUTES; elapsed += 1000) {
    await sim.advance(1000);
    const current = one(await api.get(`/api/imports/${id}`)).attributes;
    seen.push(current);
    if (current.status === 'completed' || current.status === 'interrupted') break;
  }
  return { id, seen, last: seen.at(-1)! };
}

describe('Commerce Layer lifecycle of a created import', () => {
  const sim = useSimulator(commerceLayerSimulator, { imports: 0, rateLimits: false });
  let api: ApiClient;
  beforeAll(async () => {
    api = new ApiClient(sim.url, await issueToken(sim.url));
  });

  it('pending → in_progress → completed, counts rising step by step, updated_at moving', async () => {
    const { seen, last } = await follow(sim, api, { resource_type: 'skus', inputs: skuInputs(100, 20) });
    const statuses = seen
      .map((state) => state.status)
      .filter((status, index, all) => status !== all[index - 1]);
    expect(statuses).toEqual(['pending', 'in_progress', 'completed']);
    const progress = seen.map((state) => state.processed_count + state.errors_count);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(new Set(progress.filter((count) => count > 0 && count < 100)).size).toBeGreaterThan(3);
    expect(new Set(seen.map((state) => state.updated_at)).size).toBeGreaterThan(5);
    // The docs' example: 100 items take about a minute.
    const took = Date.parse(last.completed_at!) - Date.parse(last.created_at);
    expect(took).toBeGreaterThan(30_000);
    expect(took).toBeLessThan(FIVE_MINUTES);
    expect(last).toMatchObject({
      processed_count: 95,
      errors_count: 5,
      inputs_size: 100,
      updated_at: last.completed_at,
    });
    expect(last.errors_log).toMatchObject({ SKU00019: { name: ['is invalid'] } });
    expect(Object.keys(last.errors_log)).toHaveLength(5);
    expect(last.started_at! > last.created_at).toBe(true);
    expect(last.attachment_url).toMatch(/^https:\/\/.+\.gz\?/);
  });

  it('errors past 10 % interrupt the import where it stopped', async () => {
    const { last } = await follow(sim, api, { resource_type: 'skus', inputs: skuInputs(50, 5) });
    expect(last.status).toBe('interrupted');
    // 10 % of 50 is 5: the sixth error ends it, at the 30th input.
    expect(last).toMatchObject({ errors_count: 6, processed_count: 24, completed_at: null });
    expect(last.interrupted_at).toBe(last.updated_at);
  });

  it('skip_errors keeps going past 10 %', async () => {
    const { last } = await follow(sim, api, {
      resource_type: 'skus',
      inputs: skuInputs(50, 5),
      skip_errors: true,
    });
    expect(last).toMatchObject({ status: 'completed', errors_count: 10, processed_count: 40 });
  });

  it('duplicate and missing keys fail, "warn" values warn, CSV inputs run the same way', async () => {
    const csv =
      'code,name\nA1,first\nA1,again\n,nameless\nB2,warn me\nC3,ok\nD4,ok\nE5,ok\nF6,ok\nG7,ok\nH8,ok\nI9,ok\n';
    const { last } = await follow(sim, api, {
      resource_type: 'skus',
      format: 'csv',
      inputs: csv,
      skip_errors: true,
    });
    expect(last).toMatchObject({
      status: 'completed',
      inputs_size: 11,
      errors_count: 2,
      processed_count: 9,
      warnings_count: 1,
    });
    expect(last.errors_log).toEqual({
      A1: { code: ['has already been taken'] },
      unknown: { code: ["can't be blank"] },
    });
    expect(last.warnings_log).toEqual({ B2: ['name could not be updated'] });
  });

  it('10,000 inputs still end within five simulated minutes', async () => {
    const { last, seen } = await follow(sim, api, {
      resource_type: 'prices',
      inputs: skuInputs(10_000).map(({ code }) => ({ sku_code: code, amount_cents: 100 })),
    });
    expect(last.status).toBe('completed');
    expect(seen.length * 1000).toBeLessThanOrEqual(FIVE_MINUTES);
  });

  it('_interrupt stops a pending import for good', async () => {
    const created = await api.create({ resource_type: 'skus', inputs: skuInputs(40) });
    const id = one(created).id;
    await sim.advance(500);
    const interrupted = await api.update(id, { _interrupt: true });
    expect(interrupted.status).toBe(200);
    const { attributes } = one(interrupted);
    expect(attributes.status).toBe('interrupted');
    expect(attributes.interrupted_at).toBe(attributes.updated_at);
    await sim.advance(FIVE_MINUTES);
    expect(one(await api.get(`/api/imports/${id}`)).attributes).toEqual(attributes);
  });

  it('_interrupt stops a running import with its counts as they were', async () => {
    const created = await api.create({ resource_type: 'skus', inputs: skuInputs(300) });
    const id = one(created).id;
    await sim.advance(20_000);
    const running = one(await api.get(`/api/imports/${id}`)).attributes;
    expect(running.status).toBe('in_progress');
    const interrupted = one(await api.update(id, { _interrupt: true })).attributes;
    expect(interrupted).toMatchObject({ status: 'interrupted', processed_count: running.processed_count });
    await sim.advance(FIVE_MINUTES);
    expect(one(await api.get(`/api/imports/${id}`)).attributes.processed_count).toBe(running.processed_count);
  });

  it('a deleted import is gone and stays gone', async () => {
    const created = await api.create({ resource_type: 'skus', inputs: skuInputs(30) });
    const id = one(created).id;
    await sim.advance(10_000);
    expect((await api.call('DELETE', `/api/imports/${id}`)).status).toBe(204);
    await sim.advance(FIVE_MINUTES);
    expect((await api.get(`/api/imports/${id}`)).status).toBe(404);
    const snapshot = await sim.control<ImportResource[]>('GET', '/__sim/imports');
    expect(snapshot.map((item) => item.id)).not.toContain(id);
  });
});

describe('Commerce Layer lifecycle of seeded imports', () => {
  const sim = useSimulator(commerceLayerSimulator, { imports: 20, rateLimits: false });

  it('some are still on their way at start, and all of them end within five minutes', async () => {
    const atStart = await sim.control<ImportResource[]>('GET', '/__sim/imports');
    const statuses = new Set(atStart.map((item) => item.attributes.status));
    expect(statuses).toEqual(new Set(['pending', 'in_progress', 'completed', 'interrupted']));
    const moving = atStart.filter((item) => ['pending', 'in_progress'].includes(item.attributes.status));

    const seen = new Map(moving.map((item) => [item.id, [item.attributes.status]]));
    for (let elapsed = 0; elapsed < FIVE_MINUTES; elapsed += 5_000) {
      await sim.advance(5_000);
      for (const item of await sim.control<ImportResource[]>('GET', '/__sim/imports')) {
        const history = seen.get(item.id);
        if (history && history.at(-1) !== item.attributes.status) history.push(item.attributes.status);
      }
    }
    for (const history of seen.values()) {
      expect(history.slice(-1)[0]).toMatch(/^(completed|interrupted)$/);
      expect(history).toContain('in_progress');
    }
    const settled = atStart.filter((item) => !seen.has(item.id));
    const now = await sim.control<ImportResource[]>('GET', '/__sim/imports');
    for (const item of settled) expect(now.find((other) => other.id === item.id)).toEqual(item);
  });
});

describe('Commerce Layer arrivals', () => {
  const sim = useSimulator(commerceLayerSimulator, { imports: 0, arrivals: true, rateLimits: false });

  it('a new import arrives every minute or so, and each one ends', async () => {
    await sim.advance(10 * 60_000);
    const arrived = await sim.control<ImportResource[]>('GET', '/__sim/imports');
    expect(arrived.length).toBeGreaterThanOrEqual(7);
    expect(arrived.length).toBeLessThanOrEqual(15);
    const gaps = arrived
      .slice(1)
      .map(
        (item, index) =>
          Date.parse(item.attributes.created_at) - Date.parse(arrived[index]!.attributes.created_at),
      );
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(40_000);
    for (const gap of gaps) expect(gap).toBeLessThanOrEqual(80_000);
    const older = arrived.filter(
      (item) =>
        Date.parse(item.attributes.created_at) < Date.parse(arrived.at(-1)!.attributes.created_at) - 300_000,
    );
    expect(older.every((item) => ['completed', 'interrupted'].includes(item.attributes.status))).toBe(true);
  });
});
