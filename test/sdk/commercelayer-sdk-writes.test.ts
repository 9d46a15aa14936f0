import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClock } from '../../src/simulators/core/clock.ts';
import { commerceLayerSimulator } from '../../src/simulators/commercelayer/index.ts';
import { useSimulator } from '../support/simulators.ts';
import { apiError, commerceLayerSdk, truth, type SdkUnderTest } from './commercelayer-client.ts';

const HOUR = 3_600_000;
/** SKU inputs; every `invalidEvery`-th one fails (the simulator fails a value saying "invalid"). */
const skus = (count: number, invalidEvery = 0) =>
  Array.from({ length: count }, (_, index) => ({
    code: `SDK${index}`,
    name: invalidEvery > 0 && (index + 1) % invalidEvery === 0 ? 'invalid name' : `Item ${index}`,
  }));

describe('@commercelayer/sdk writing to the Commerce Layer simulator', () => {
  // Simulated time three hours behind the wall clock: tokens valid for the simulator have
  // expired for the SDK, which only then renews a token the API refused as INVALID_TOKEN.
  const sim = useSimulator(commerceLayerSimulator, {
    imports: 5,
    rateLimits: false,
    clock: createClock('manual', Date.now() - 3 * HOUR),
  });
  let sdk: SdkUnderTest;
  beforeAll(async () => {
    sdk = await commerceLayerSdk(sim);
  });
  afterEach(() => {
    expect(sdk.network.refused).toEqual([]);
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
    const again = await apiError(sdk.cl, sdk.cl.imports._interrupt(created.id));
    expect(again.status).toBe(422);
    expect(again.first()).toMatchObject({ code: 'VALIDATION_ERROR' });

    await sdk.cl.imports.delete(created.id);
    expect(await find()).toBeUndefined();
    const gone = await apiError(sdk.cl, sdk.cl.imports.retrieve(created.id));
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
