import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CommerceLayerClient } from '../../../src/providers/commercelayer/client.ts';
import type { ImportSource } from '../../../src/imports/import-source.ts';
import { UpstreamError } from '../../../src/providers/http/upstream-error.ts';
import { commerceLayerSimulator } from '../../../src/simulators/commercelayer/index.ts';
import { useSimulator } from '../../support/simulators.ts';
import { memoryLogger, ORDERS, settingsFor, sourceFor } from './support.ts';
import { WRONG_CREDENTIALS } from '../../support/secrets.ts';

const ALLOWED_UPSTREAM_KEYS = ['status', 'code', 'title', 'trackingId', 'retryAfterSeconds'];

async function failureOf(work: Promise<unknown>): Promise<UpstreamError> {
  const error = await work.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  const upstreamError = error as UpstreamError;
  expect(upstreamError.provider).toBe('COMMERCE_LAYER');
  for (const key of Object.keys(upstreamError.upstream)) expect(ALLOWED_UPSTREAM_KEYS).toContain(key);
  return upstreamError;
}

describe('Commerce Layer errors', () => {
  const sim = useSimulator(commerceLayerSimulator, { imports: 30, rateLimits: false });
  let source: ImportSource;
  const list = () => source.list({ order: ORDERS[0]!, limit: 10, conditions: {} });

  beforeAll(async () => {
    source = sourceFor(sim);
    await list(); // token and tie-order probe done, so the faults below hit the list itself
  });
  afterEach(async () => {
    await sim.control('DELETE', '/__sim/faults');
  });
  afterAll(async () => {
    await source.close();
  });

  it.each([
    [500, 'INTERNAL_SERVER_ERROR', 'Internal Server Error', 'internal server error'],
    [503, 'SERVICE_UNAVAILABLE', 'Service unavailable', 'service unavailable'],
  ])('%i is UPSTREAM_UNAVAILABLE with the vendor code and title', async (status, code, title, reason) => {
    await sim.control('PUT', '/__sim/faults', { errorRate: 1, errorStatus: status });
    const error = await failureOf(list());
    expect(error.failure).toBe('unavailable');
    expect(error.upstream).toEqual({ status, code, title });
    expect(error.message).toBe(`Commerce Layer answered ${status} (${reason}) to the import list request.`);
  });

  it('429 is RATE_LIMITED with Retry-After when the vendor sends one', async () => {
    await sim.control('PUT', '/__sim/faults', { errorRate: 1, errorStatus: 429, retryAfterSeconds: 7 });
    const error = await failureOf(source.count({}));
    expect(error.failure).toBe('rate-limited');
    expect(error.upstream).toEqual({
      status: 429,
      code: 'TOO_MANY_REQUESTS',
      title: 'Too many requests',
      retryAfterSeconds: 7,
    });
    expect(error.message).toBe(
      'Commerce Layer answered 429 (rate limit exceeded) to the import list request; retry after 7 s.',
    );
  });

  it("the simulator's own rate limit (no Retry-After) is RATE_LIMITED too", async () => {
    await sim.control('PUT', '/__sim/faults', { rateLimits: true });
    let error: UpstreamError | undefined;
    // 50 reads per 10 s per endpoint [D]: the 51st at the latest is refused.
    for (let attempt = 0; attempt < 60 && !error; attempt++) {
      error = await source.count({}).then(
        () => undefined,
        (reason: unknown) => reason as UpstreamError,
      );
    }
    expect(error?.failure).toBe('rate-limited');
    expect(error?.upstream).toEqual({ status: 429, code: 'TOO_MANY_REQUESTS', title: 'Too many requests' });
  });

  it('a body cut short is UPSTREAM_ERROR', async () => {
    await sim.control('PUT', '/__sim/faults', { malformedRate: 1 });
    const error = await failureOf(list());
    expect(error.failure).toBe('error');
    expect(error.upstream).toEqual({ status: 200 });
    expect(error.message).toBe('The Commerce Layer API sent a body that is not valid JSON.');
  });

  it('a lost response (socket reset) is UPSTREAM_UNAVAILABLE and ambiguous', async () => {
    await sim.control('PUT', '/__sim/faults', { resetRate: 1 });
    const error = await failureOf(source.get([{ providerId: 'AbcdeFghij' }]));
    expect(error.failure).toBe('unavailable');
    expect(error.ambiguous).toBe(true);
  });

  it('a failing token endpoint fails the list, named as the token request', async () => {
    await sim.control('PUT', '/__sim/faults', { errorRate: 1, errorStatus: 502 });
    const fresh = sourceFor(sim, { trustTieOrder: false });
    const error = await failureOf(fresh.list({ order: ORDERS[0]!, limit: 5, conditions: {} }));
    expect(error.failure).toBe('unavailable');
    expect(error.message).toBe('Commerce Layer answered 502 (bad gateway) to the access token request.');
    await fresh.close();
  });

  it('wrong client credentials are UPSTREAM_ERROR naming the settings, never the secret', async () => {
    const { log, lines } = memoryLogger();
    const wrong = sourceFor(sim, { log }, { clientSecret: WRONG_CREDENTIALS.commerceLayerClientSecret });
    const error = await failureOf(wrong.count({}));
    expect(error.failure).toBe('error');
    expect(error.upstream).toEqual({ status: 401, code: 'UNAUTHORIZED', title: 'invalid_client' });
    expect(error.message).toContain('COMMERCELAYER_CLIENT_ID and COMMERCELAYER_CLIENT_SECRET');
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(
      WRONG_CREDENTIALS.commerceLayerClientSecret,
    );
    expect(lines.join('')).not.toContain(WRONG_CREDENTIALS.commerceLayerClientSecret);
    await wrong.close();
  });

  describe('through the generic client', () => {
    let client: CommerceLayerClient;
    beforeAll(() => {
      client = new CommerceLayerClient(settingsFor(sim.url));
    });
    afterAll(async () => {
      await client.close();
    });

    it('404 on a lookup by id is NOT_FOUND', async () => {
      const error = await failureOf(
        client.getJson('/imports/NoSuchImport', [], { what: 'the import lookup', importId: 'NoSuchImport' }),
      );
      expect(error.failure).toBe('not-found');
      expect(error.upstream).toEqual({ status: 404, code: 'RECORD_NOT_FOUND', title: 'Record not found' });
      expect(error.message).toBe('Commerce Layer has no import NoSuchImport (404).');
    });

    it('a 400 for a filter the gateway built is UPSTREAM_ERROR; for a value the caller gave, BAD_USER_INPUT', async () => {
      const unknown = await failureOf(client.listImports([['filter[q][nothing_eq]', '1']]));
      expect(unknown.failure).toBe('error');
      expect(unknown.upstream.code).toBe('FILTER_NOT_ALLOWED');
      const value = await failureOf(client.listImports([['filter[q][created_at_gteq]', 'not a date']]));
      expect(value.failure).toBe('invalid-request');
      expect(value.upstream).toEqual({
        status: 400,
        code: 'INVALID_FILTER_VALUE',
        title: 'Invalid filter value',
      });
    });

    it('422 on a document the caller wrote is BAD_USER_INPUT', async () => {
      const error = await failureOf(
        client.sendJson(
          'POST',
          '/imports',
          { data: { type: 'imports', attributes: { resource_type: 'nothing', inputs: [] } } },
          {
            what: 'the import creation',
            callerInput: true,
          },
        ),
      );
      expect(error.failure).toBe('invalid-request');
      expect(error.upstream.status).toBe(422);
      expect(error.upstream.code).toBe('VALIDATION_ERROR');
    });
  });
});
