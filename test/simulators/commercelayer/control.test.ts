import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commerceLayerSimulator } from '../../../src/simulators/commercelayer/index.ts';
import { JsonSchemaValidator } from '../../support/openapi.ts';
import { useSimulator } from '../../support/simulators.ts';
import {
  ApiClient,
  firstError,
  issueToken,
  one,
  requestToken,
  skuInputs,
  type ImportResource,
} from './client.ts';

const written = new JsonSchemaValidator('commercelayer/written/imports-api.schema.json');
const snapshotOf = (sim: { control<T>(method: string, path: string): Promise<T> }) =>
  sim.control<ImportResource[]>('GET', '/__sim/imports');

describe('Commerce Layer control API: faults, stats, add, reset', () => {
  const sim = useSimulator(commerceLayerSimulator, { imports: 12, rateLimits: false });
  /** Never touched but for its clock: what reset must give back. */
  const twin = useSimulator(commerceLayerSimulator, { imports: 12, rateLimits: false });
  let api: ApiClient;
  beforeAll(async () => {
    api = new ApiClient(sim.url, await issueToken(sim.url));
  });

  it('errorRate 1 with 503 and retryAfterSeconds: the vendor envelope with Retry-After', async () => {
    await sim.control('PUT', '/__sim/faults', { errorRate: 1, errorStatus: 503, retryAfterSeconds: 7 });
    const answer = await api.get('/api/imports');
    await sim.control('DELETE', '/__sim/faults');
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('7');
    written.assert('/definitions/errorDocument', answer.body);
    expect(firstError(answer)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: '503' });
  });

  it('resetRate 1: the connection is lost, but the import was created', async () => {
    const before = (await snapshotOf(sim)).length;
    await sim.control('PUT', '/__sim/faults', { resetRate: 1 });
    await expect(
      api.create({ resource_type: 'skus', inputs: skuInputs(2), reference: 'lost-answer' }),
    ).rejects.toThrow();
    await sim.control('DELETE', '/__sim/faults');
    const after = await snapshotOf(sim);
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)!.attributes.reference).toBe('lost-answer');
  });

  it('malformedRate 1: a 200 whose body is not JSON', async () => {
    await sim.control('PUT', '/__sim/faults', { malformedRate: 1 });
    const answer = await api.get('/api/imports');
    await sim.control('DELETE', '/__sim/faults');
    expect(answer.status).toBe(200);
    expect(answer.json).toBe(false);
    expect(() => JSON.parse(answer.text) as unknown).toThrow();
  });

  it('expireTokens: the old token gets INVALID_TOKEN, a new one works', async () => {
    const old = new ApiClient(sim.url, await issueToken(sim.url));
    expect((await old.get('/api/imports')).status).toBe(200);
    await sim.control('PUT', '/__sim/faults', { expireTokens: true });
    const refused = await old.get('/api/imports');
    expect(refused.status).toBe(401);
    expect(firstError(refused).code).toBe('INVALID_TOKEN');
    expect((await new ApiClient(sim.url, await issueToken(sim.url)).get('/api/imports')).status).toBe(200);
    api.token = await issueToken(sim.url);
  });

  it('a token expires with the simulated clock after expires_in', async () => {
    const client = new ApiClient(sim.url, await issueToken(sim.url));
    await sim.advance(7_199_000);
    expect((await client.get('/api/imports')).status).toBe(200);
    await sim.advance(2_000);
    expect(firstError(await client.get('/api/imports')).code).toBe('INVALID_TOKEN');
    api.token = await issueToken(sim.url);
  });

  it('stats count vendor requests by route template', async () => {
    await sim.control('DELETE', '/__sim/stats');
    const id = (await snapshotOf(sim))[0]!.id;
    await api.get('/api/imports');
    await api.get('/api/imports?page[number]=2');
    await api.get(`/api/imports/${id}`);
    await api.update(id, { reference: 'counted' });
    await requestToken(sim.url);
    const stats = await sim.control<{ requests: Record<string, number> }>('GET', '/__sim/stats');
    expect(stats.requests).toEqual({
      'GET /api/imports': 2,
      'GET /api/imports/{id}': 1,
      'PATCH /api/imports/{id}': 1,
      'POST /oauth/token': 1,
    });
  });

  it('settings: maxConcurrentImports refuses a creation at the cap with a 422, and is checked', async () => {
    expect(await sim.control('GET', '/__sim/settings')).toEqual({ maxConcurrentImports: null });
    const busy = (await snapshotOf(sim)).filter((item) =>
      ['pending', 'in_progress'].includes(item.attributes.status),
    ).length;
    await sim.control('PUT', '/__sim/settings', { maxConcurrentImports: busy + 1 });
    try {
      expect((await api.create({ resource_type: 'tags', inputs: [{ name: 'a' }] })).status).toBe(201);
      const refused = await api.create({ resource_type: 'tags', inputs: [{ name: 'b' }] });
      expect(refused.status).toBe(422);
      written.assert('/definitions/errorDocument', refused.body);
      const [error] = (refused.body as { errors: { code: string; status: string; title: string }[] }).errors;
      expect(error).toMatchObject({ code: 'VALIDATION_ERROR', status: '422' });
      expect(error!.title).toMatch(/too many imports/);
      for (const bad of [{ maxConcurrentImports: 0 }, { maxConcurrentImports: 'ten' }, { cap: 3 }, [1]]) {
        const answer = await fetch(`${sim.url}/__sim/settings`, { method: 'PUT', body: JSON.stringify(bad) });
        expect(answer.status, JSON.stringify(bad)).toBe(400);
        expect(((await answer.json()) as { error: string }).error).toMatch(
          /maxConcurrentImports|Unknown settings|JSON object/,
        );
      }
    } finally {
      expect(await sim.control('DELETE', '/__sim/settings')).toEqual({ maxConcurrentImports: null });
    }
    expect((await api.create({ resource_type: 'tags', inputs: [{ name: 'c' }] })).status).toBe(201);
  });

  it('add: flat vendor attributes, the rest generated, visible through the API and moving on', async () => {
    const added = await sim.control<ImportResource>('POST', '/__sim/imports', {
      status: 'pending',
      resource_type: 'prices',
      created_at: '2026-10-01T10:00:00.000Z',
      reference: 'added-1',
    });
    expect(added).toMatchObject({
      type: 'imports',
      attributes: { status: 'pending', resource_type: 'prices', reference: 'added-1' },
    });
    expect(added.attributes.inputs_size).toBeGreaterThan(0);
    written.assert('/definitions/importResource', added);
    const fetched = one(await api.get(`/api/imports/${added.id}`));
    expect(fetched.attributes).toEqual(added.attributes);
    await sim.advance(300_000);
    expect(one(await api.get(`/api/imports/${added.id}`)).attributes.status).toMatch(
      /^(completed|interrupted)$/,
    );
  });

  it('add: terminal imports get consistent counts and times; running ones continue from their counts', async () => {
    const done = await sim.control<ImportResource>('POST', '/__sim/imports', {
      status: 'completed',
      inputs_size: 40,
      errors_count: 3,
    });
    expect(done.attributes).toMatchObject({ processed_count: 37, errors_count: 3 });
    expect(Object.keys(done.attributes.errors_log)).toHaveLength(3);
    expect(done.attributes.completed_at! >= done.attributes.started_at!).toBe(true);
    const running = await sim.control<ImportResource>('POST', '/__sim/imports', {
      id: 'MyOwnIdAbc',
      status: 'in_progress',
      inputs: skuInputs(20),
      processed_count: 10,
    });
    expect(running).toMatchObject({
      id: 'MyOwnIdAbc',
      attributes: { status: 'in_progress', processed_count: 10, inputs_size: 20 },
    });
    await sim.advance(60_000);
    expect(one(await api.get('/api/imports/MyOwnIdAbc')).attributes).toMatchObject({
      status: 'completed',
      processed_count: 20,
    });
  });

  it.each([
    [{ status: 'finished' }, /status must be one of/],
    [{ resource_type: 'rockets' }, /resource_type must be one of/],
    [{ created_at: 'last tuesday' }, /created_at must be an ISO-8601/],
    [{ inputs_size: -1 }, /inputs_size must be a whole number/],
    [{ colour: 'red' }, /Unknown import attributes: colour/],
    [{ status: 'completed', inputs_size: 5, processed_count: 9 }, /inputs_size/],
    [{ status: 'pending', completed_at: '2026-10-01T10:00:00Z' }, /pending import has not started/],
    [{ id: 'MyOwnIdAbc' }, /exists already/],
    [{ inputs: 'not an array' }, /inputs is invalid/],
  ])('add refuses %j', async (attributes, message) => {
    const response = await fetch(`${sim.url}/__sim/imports`, {
      method: 'POST',
      body: JSON.stringify(attributes),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(message);
  });

  it('reset brings back the seeded imports, as a fresh simulator holds them at the same instant', async () => {
    await sim.control('POST', '/__sim/reset');
    const clockOf = async (target: typeof sim) =>
      Date.parse((await target.control<{ now: string }>('GET', '/__sim/clock')).now);
    await twin.advance((await clockOf(sim)) - (await clockOf(twin)));
    const afterReset = await snapshotOf(sim);
    expect(afterReset).toHaveLength(12);
    expect(afterReset).toEqual(await snapshotOf(twin));
  });
});

describe('Commerce Layer rate limits', () => {
  const sim = useSimulator(commerceLayerSimulator, { imports: 3 });

  it('POST /oauth/token: 30 a minute, then the JSON:API 429 with the X-Ratelimit headers', async () => {
    for (let index = 0; index < 30; index++) {
      const answer = await requestToken(sim.url);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-ratelimit-remaining')).toBe(String(29 - index));
    }
    const refused = await requestToken(sim.url);
    expect(refused.status).toBe(429);
    written.assert('/definitions/errorDocument', refused.body);
    expect(firstError(refused)).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: '429' });
    expect(refused.headers.get('x-ratelimit-limit')).toBe('30');
    expect(refused.headers.get('x-ratelimit-interval')).toBe('60');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('reads: the 10-second burst of 50 per endpoint; the headers describe the 200-a-minute average', async () => {
    await sim.control('PUT', '/__sim/faults', { rateLimits: false });
    const api = new ApiClient(sim.url, await issueToken(sim.url));
    await sim.control('PUT', '/__sim/faults', { rateLimits: true });
    for (let index = 0; index < 50; index++) {
      const answer = await api.get('/api/imports');
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-ratelimit-limit')).toBe('200');
      expect(answer.headers.get('x-ratelimit-interval')).toBe('60');
      expect(answer.headers.get('x-ratelimit-remaining')).toBe(String(199 - index));
    }
    const refused = await api.get('/api/imports');
    expect(refused.status).toBe(429);
    expect(firstError(refused).code).toBe('TOO_MANY_REQUESTS');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('150');
    // The burst is per endpoint: another one still answers, counting against the same average.
    const other = await api.get('/api/imports/NoSuchOneX');
    expect(other.status).toBe(404);
    expect(other.headers.get('x-ratelimit-remaining')).toBe('149');
  });

  it('with limits off no rate-limit headers are sent', async () => {
    await sim.control('PUT', '/__sim/faults', { rateLimits: false });
    const answer = await requestToken(sim.url);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-ratelimit-limit')).toBeNull();
  });
});

interface Delivery {
  headers: IncomingHttpHeaders;
  raw: string;
}

describe('Commerce Layer webhooks', () => {
  const sim = useSimulator(commerceLayerSimulator, { imports: 2, rateLimits: false });
  const secret = 'whsec-test';
  const deliveries: Delivery[] = [];
  let receiver: Server;

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        deliveries.push({ headers: request.headers, raw: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    await sim.control('PUT', '/__sim/webhooks', { url: `http://127.0.0.1:${port}/hooks`, secret });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  async function waitFor(count: number): Promise<void> {
    for (let tries = 0; deliveries.length < count && tries < 200; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(deliveries.length).toBeGreaterThanOrEqual(count);
  }

  it('signs every import event and names its topic', async () => {
    const api = new ApiClient(sim.url, await issueToken(sim.url));
    const first = one(await api.create({ resource_type: 'skus', inputs: skuInputs(5) })).id;
    // Deliveries are asynchronous and may overtake each other: wait for each before the next.
    await waitFor(1);
    await sim.advance(10_000);
    await waitFor(2);
    await sim.advance(290_000);
    await waitFor(3);
    const second = one(await api.create({ resource_type: 'skus', inputs: skuInputs(5) })).id;
    await waitFor(4);
    await api.update(second, { _interrupt: true });
    await waitFor(5);
    await api.call('DELETE', `/api/imports/${second}`);
    await waitFor(6);

    const topics = deliveries.map((delivery) => delivery.headers['x-commercelayer-topic']);
    expect(topics).toEqual([
      'imports.create',
      'imports.start',
      'imports.complete',
      'imports.create',
      'imports.interrupt',
      'imports.destroy',
    ]);
    for (const delivery of deliveries) {
      const expected = createHmac('sha256', secret).update(delivery.raw).digest('base64');
      expect(delivery.headers['x-commercelayer-signature']).toBe(expected);
      const body = JSON.parse(delivery.raw) as { data: ImportResource };
      written.assert('/definitions/importDocument', body);
    }
    const bodies = deliveries.map((delivery) => (JSON.parse(delivery.raw) as { data: ImportResource }).data);
    expect(bodies.map((data) => data.id)).toEqual([first, first, first, second, second, second]);
    expect(bodies.map((data) => data.attributes.status)).toEqual([
      'pending',
      'in_progress',
      'completed',
      'pending',
      'interrupted',
      'interrupted',
    ]);
  });
});
