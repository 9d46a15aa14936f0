import { createServer } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import type { ImportSource } from '../../../src/imports/import-source.ts';
import { UpstreamError } from '../../../src/providers/http/upstream-error.ts';
import { createFleetioSimulator, fleetioSimulator } from '../../../src/simulators/fleetio/index.ts';
import { awaitRoomInMinute } from '../../simulators/fleetio/fleetio-http.ts';
import { useSimulator } from '../../support/simulators.ts';
import { SIMULATOR_CREDENTIALS, WRONG_CREDENTIALS } from '../../support/secrets.ts';
import { SIM_KEYS, sourceFor } from './fleetio-source.ts';

const ORDER = { field: 'CREATED_AT', direction: 'DESC' } as const;

async function failure(work: Promise<unknown>): Promise<UpstreamError> {
  const error = await work.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  const upstreamError = error as UpstreamError;
  expect(upstreamError.provider).toBe('FLEETIO');
  // Nothing secret in what reaches clients.
  const visible = JSON.stringify({ message: upstreamError.message, upstream: upstreamError.upstream });
  for (const secret of Object.values(SIM_KEYS)) expect(visible).not.toContain(secret);
  return upstreamError;
}

const list = (source: ImportSource) => source.list({ order: ORDER, limit: 5, conditions: {} });

describe('Fleetio source: vendor failures become typed errors', () => {
  const sim = useSimulator(fleetioSimulator, { imports: 30, rateLimits: false });
  const sources: ImportSource[] = [];
  const open = (...args: Parameters<typeof sourceFor> extends [unknown, ...infer Rest] ? Rest : never) => {
    const { source } = sourceFor(sim, ...args);
    sources.push(source);
    return source;
  };
  afterEach(async () => {
    await sim.control('DELETE', '/__sim/faults');
    await Promise.all(sources.splice(0).map((source) => source.close()));
  });

  test.each([
    [500, 'Internal Server Error'],
    [503, 'Service Unavailable'],
  ])('%i is UPSTREAM_UNAVAILABLE with the RFC 7807 title', async (status, title) => {
    await sim.control('PUT', '/__sim/faults', { errorRate: 1, errorStatus: status });
    const error = await failure(list(open()));
    expect(error.failure).toBe('unavailable');
    expect(error.upstream).toEqual({ status, title });
    expect(error.message).toBe(`Fleetio answered ${status} (${title}).`);
  });

  test('429 is RATE_LIMITED with Retry-After in seconds, for lists, counts and lookups alike', async () => {
    await sim.control('PUT', '/__sim/faults', { errorRate: 1, errorStatus: 429, retryAfterSeconds: 7 });
    const source = open();
    for (const work of [list(source), source.count({}), source.get([{ providerId: '1', createdAt: 0 }])]) {
      const error = await failure(work);
      expect(error.failure).toBe('rate-limited');
      expect(error.upstream).toEqual({ status: 429, retryAfterSeconds: 7 });
      expect(error.message).toContain('retry after 7 s');
    }
  });

  test('a body cut in half is UPSTREAM_ERROR', async () => {
    await sim.control('PUT', '/__sim/faults', { malformedRate: 1 });
    const error = await failure(list(open()));
    expect(error.failure).toBe('error');
    expect(error.upstream).toEqual({ status: 200 });
    expect(error.message).toContain('not valid JSON');
  });

  test('a connection reset before the answer is UPSTREAM_UNAVAILABLE and ambiguous', async () => {
    await sim.control('PUT', '/__sim/faults', { resetRate: 1 });
    const error = await failure(list(open()));
    expect(error.failure).toBe('unavailable');
    expect(error.ambiguous).toBe(true);
  });

  test('an unknown key is a 401, a key of a user who is not an admin a 403, both UPSTREAM_ERROR', async () => {
    const unknown = await failure(
      list(open({ apiKey: WRONG_CREDENTIALS.fleetioApiKey, accountToken: SIM_KEYS.accountToken })),
    );
    expect(unknown.failure).toBe('error');
    expect(unknown.upstream).toEqual({ status: 401, title: 'Unauthorized' });
    expect(unknown.message).toContain('check FLEETIO_API_KEY and FLEETIO_ACCOUNT_TOKEN');
    const readonly = await failure(
      list(open({ apiKey: SIMULATOR_CREDENTIALS.fleetioReadonlyKey, accountToken: SIM_KEYS.accountToken })),
    );
    expect(readonly.failure).toBe('error');
    expect(readonly.upstream).toEqual({ status: 403, title: 'Forbidden' });
  });

  test('a filter value Fleetio refuses is BAD_USER_INPUT; a wrong base URL is UPSTREAM_ERROR', async () => {
    const farFuture = Date.UTC(10_000, 0, 1);
    const refused = await failure(
      open().list({ order: ORDER, limit: 5, conditions: { createdAfter: farFuture } }),
    );
    expect(refused.failure).toBe('invalid-request');
    expect(refused.upstream).toEqual({ status: 400 });
    expect(refused.message).toContain('filter[created_at][gte]');
    const lost = await failure(list(open(SIM_KEYS, `${sim.url}/wrong`)));
    expect(lost.failure).toBe('error');
    expect(lost.upstream).toMatchObject({ status: 404 });
    expect(lost.message).toContain('FLEETIO_BASE_URL');
  });

  test('a refused connection is UPSTREAM_UNAVAILABLE', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const error = await failure(list(open(SIM_KEYS, `http://127.0.0.1:${port}/api`)));
    expect(error.failure).toBe('unavailable');
    expect(error.message).toBe('Fleetio refused the connection.');
  });
});

describe('Fleetio source: the simulator’s own rate limit', () => {
  const sim = useSimulator(createFleetioSimulator({ requestsPerMinute: 1 }), { imports: 10 });

  test('the request past the limit is RATE_LIMITED with the seconds left in the minute', async () => {
    const { source } = sourceFor(sim);
    // Fleetio counts per calendar minute: both requests must land in the same one, on a busy CI too.
    await awaitRoomInMinute(10_000);
    await list(source).catch(() => undefined);
    const error = await failure(list(source));
    expect(error.failure).toBe('rate-limited');
    expect(error.upstream.status).toBe(429);
    expect(error.upstream.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(error.upstream.retryAfterSeconds).toBeLessThanOrEqual(60);
    await source.close();
  });
});
