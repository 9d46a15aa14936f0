import type { ApiError, QueryFilter } from '@commercelayer/sdk';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClock } from '../../src/simulators/core/clock.ts';
import { commerceLayerSimulator } from '../../src/simulators/commercelayer/index.ts';
import { useSimulator } from '../support/simulators.ts';
import { commerceLayerSdk, truth, type SdkUnderTest, type TruthImport } from './commercelayer-client.ts';

const HOUR = 3_600_000;
/** SKU inputs; every `invalidEvery`-th one fails (the simulator fails a value saying "invalid"). */
const skus = (count: number, invalidEvery = 0) =>
  Array.from({ length: count }, (_, index) => ({
    code: `SDK${index}`,
    name: invalidEvery > 0 && (index + 1) % invalidEvery === 0 ? 'invalid name' : `Item ${index}`,
  }));

/** `-created_at,id` as the simulator orders (plain string comparison of ids). */
const newestFirst = (a: TruthImport, b: TruthImport) =>
  a.attributes.created_at !== b.attributes.created_at
    ? a.attributes.created_at < b.attributes.created_at
      ? 1
      : -1
    : a.id < b.id
      ? -1
      : 1;

describe('@commercelayer/sdk against the Commerce Layer simulator', () => {
  // Simulated time three hours behind the wall clock: tokens valid for the simulator have
  // expired for the SDK, which only then renews a token the API refused as INVALID_TOKEN.
  const sim = useSimulator(commerceLayerSimulator, {
    imports: 30,
    rateLimits: false,
    clock: createClock('manual', Date.now() - 3 * HOUR),
  });
  let sdk: SdkUnderTest;
  beforeAll(async () => {
    sdk = await commerceLayerSdk(sim);
  });
  /** The SDK's own reading of a refusal (its ApiError: status and JSON:API errors). */
  async function apiError(call: Promise<unknown>): Promise<ApiError> {
    const error = await call.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    if (!sdk.cl.isApiError(error)) throw new Error(`expected an ApiError, got ${String(error)}`);
    return error;
  }
  /** Every page of a filtered list, walked with the SDK's own `hasNextPage`. */
  async function listAll(filters: QueryFilter): Promise<{ ids: string[]; recordCount: number }> {
    const ids: string[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await sdk.cl.imports.list({ filters, pageSize: 25, pageNumber });
      ids.push(...Array.from(page, (item) => item.id));
      if (!page.hasNextPage()) return { ids, recordCount: page.meta.recordCount };
    }
  }
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
    const busy = await listAll({ status_in: ['pending', 'in_progress'] });
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
      const listed = await listAll(filters);
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

  it('creates, retrieves, interrupts and deletes an import, each answer matching the ground truth', async () => {
    const created = await sdk.cl.imports.create({ resource_type: 'skus', format: 'json', inputs: skus(40) });
    const find = async () => (await truth(sim)).find((item) => item.id === created.id);
    expect(created).toMatchObject({ type: 'imports', status: 'pending', inputs_size: 40 });
    expect((await find())?.attributes).toMatchObject({ status: 'pending', inputs_size: 40 });

    await sim.advance(12_000);
    const running = await sdk.cl.imports.retrieve(created.id);
    const runningTruth = (await find())!.attributes;
    expect(running.status).toBe('in_progress');
    expect(running).toMatchObject({
      processed_count: runningTruth.processed_count,
      errors_count: runningTruth.errors_count,
    });

    const interrupted = await sdk.cl.imports.update({ id: created.id, _interrupt: true });
    expect(interrupted.status).toBe('interrupted');
    expect(interrupted.interrupted_at).toBe((await find())!.attributes.interrupted_at);
    expect((await find())!.attributes.status).toBe('interrupted');
    const again = await apiError(sdk.cl.imports._interrupt(created.id));
    expect(again.status).toBe(422);
    expect(again.first()).toMatchObject({ code: 'VALIDATION_ERROR' });

    await sdk.cl.imports.delete(created.id);
    expect(await find()).toBeUndefined();
    const gone = await apiError(sdk.cl.imports.retrieve(created.id));
    expect(gone.status).toBe(404);
    expect(gone.first()).toMatchObject({ code: 'RECORD_NOT_FOUND' });
  });

  it('follows an import to completed with the counts of the ground truth', async () => {
    const created = await sdk.cl.imports.create({
      resource_type: 'skus',
      inputs: skus(12, 6),
      skip_errors: true,
    });
    await sim.advance(300_000);
    const done = await sdk.cl.imports.retrieve(created.id);
    const doneTruth = (await truth(sim)).find((item) => item.id === created.id)!.attributes;
    expect(done.status).toBe('completed');
    expect(done).toMatchObject({
      inputs_size: 12,
      processed_count: doneTruth.processed_count,
      errors_count: doneTruth.errors_count,
    });
    expect([done.processed_count, done.errors_count]).toEqual([10, 2]);
  });

  it('renews a token the simulator refuses as expired, as its refreshToken hook is meant to', async () => {
    const before = sdk.cl.currentAccessToken;
    await sim.control('PUT', '/__sim/faults', { expireTokens: true });
    const page = await sdk.cl.imports.list({ pageSize: 2 });
    expect(page.meta.recordCount).toBe((await truth(sim)).length);
    expect(sdk.cl.currentAccessToken).not.toBe(before);
    const tokenRequests = sdk.network.requests.filter(
      (request) => request.intended.pathname === '/oauth/token',
    );
    expect(tokenRequests).toHaveLength(2);
  });
});

describe('@commercelayer/sdk against the Commerce Layer simulator with its documented rate limits', () => {
  const sim = useSimulator(commerceLayerSimulator, { imports: 3 });
  let sdk: SdkUnderTest;
  beforeAll(async () => {
    sdk = await commerceLayerSdk(sim);
  });
  afterEach(() => {
    expect(sdk.network.refused).toEqual([]);
  });

  it('sends the X-Ratelimit headers the SDK reads, and a 429 it reads as an ApiError', async () => {
    const reader = sdk.cl.addRawResponseReader({ headers: true });
    const [first] = await sdk.cl.imports.list();
    const before = { ...reader.headers } as Record<string, string>;
    await sdk.cl.imports.retrieve(first!.id);
    const after = { ...reader.headers } as Record<string, string>;
    expect(before).toMatchObject({ 'x-ratelimit-limit': '200', 'x-ratelimit-interval': '60' });
    expect(Number(after['x-ratelimit-remaining'])).toBe(Number(before['x-ratelimit-remaining']) - 1);

    // 50 reads of one endpoint in 10 s is the documented burst (live): the 51st is refused.
    const answers = await Promise.allSettled(
      Array.from({ length: 50 }, () => sdk.cl.imports.retrieve(first!.id)),
    );
    const refused = answers.filter((answer) => answer.status === 'rejected');
    expect(refused).toHaveLength(1);
    const error = (refused[0] as PromiseRejectedResult).reason as unknown;
    expect(sdk.cl.isApiError(error) && error.status).toBe(429);
  });
});
