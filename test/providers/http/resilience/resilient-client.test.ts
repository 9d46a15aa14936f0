import { afterEach, describe, expect, it } from 'vitest';
import { setDeadline } from '../../../../src/deadline.ts';
import type { ResilienceEvent } from '../../../../src/providers/http/resilience/events.ts';
import type { ResilienceOptions, VendorPolicy } from '../../../../src/providers/http/resilience/options.ts';
import { UpstreamClient } from '../../../../src/providers/http/upstream-client.ts';
import { UpstreamError } from '../../../../src/providers/http/upstream-error.ts';
import { useScriptedVendor } from './scripted-vendor.ts';

const vendor = useScriptedVendor();
const clients: UpstreamClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

/** A client with fast retries; `events` collects what the resilience layer did. */
function clientFor(resilience: ResilienceOptions = {}, policy: VendorPolicy = {}) {
  const events: ResilienceEvent[] = [];
  const client = new UpstreamClient(
    'FLEETIO',
    {
      resilience: {
        retry: { baseDelayMs: 20, maxDelayMs: 100, ...resilience.retry },
        onEvent: (event) => events.push(event),
        ...resilience,
      },
    },
    policy,
  );
  clients.push(client);
  return { client, events };
}

const get = (client: UpstreamClient, path: string, init: { signal?: AbortSignal; auth?: string } = {}) =>
  client.request({
    method: 'GET',
    url: vendor.url + path,
    headers: { authorization: init.auth ?? 'Token a' },
    signal: init.signal,
  });

const failureOf = (work: Promise<unknown>) =>
  work.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(UpstreamError);
      return error as UpstreamError;
    },
  );

describe('retries', () => {
  it('retries a GET on 502/503/504 and answers the first success', async () => {
    vendor.script('/r', { status: 503 }, { status: 502 }, { status: 504 });
    const { client, events } = clientFor();
    expect((await get(client, '/r')).status).toBe(200);
    expect(vendor.hits('/r')).toHaveLength(4);
    expect(events.filter((event) => event.kind === 'retry').map((event) => event.reason)).toEqual([
      '503',
      '502',
      '504',
    ]);
  });

  it('gives up after the configured retries and answers the last failure', async () => {
    vendor.script('/r', { status: 503 }, { status: 503 }, { status: 503 });
    const { client } = clientFor({ retry: { retries: 2 } });
    expect((await get(client, '/r')).status).toBe(503);
    expect(vendor.hits('/r')).toHaveLength(3);
  });

  it('does not retry a 500 or a 4xx by default; the adaptor hook decides otherwise', async () => {
    vendor.script('/r', { status: 500 }, { status: 500 });
    const { client } = clientFor();
    expect((await get(client, '/r')).status).toBe(500);
    expect(vendor.hits('/r')).toHaveLength(1);

    vendor.script('/s', { status: 500 });
    const hooked = clientFor({}, { retryable: (response) => response.status === 500 }).client;
    expect((await get(hooked, '/s')).status).toBe(200);
    expect(vendor.hits('/s')).toHaveLength(2);
  });

  it('never repeats a POST unless the adaptor marks it safe (a token request)', async () => {
    const { client } = clientFor();
    vendor.script('/create', { status: 503 });
    const post = (idempotent?: boolean) =>
      client.request({ method: 'POST', url: `${vendor.url}/create`, body: '{}', idempotent });
    expect((await post()).status).toBe(503);
    expect(vendor.hits('/create')).toHaveLength(1);
    vendor.script('/create', { status: 503 });
    expect((await post(true)).status).toBe(200);
    expect(vendor.hits('/create')).toHaveLength(3);
  });

  it('retries a GET whose connection was reset; a POST stays a typed, ambiguous failure', async () => {
    vendor.script('/r', { reset: true }, { reset: true });
    const { client } = clientFor();
    expect((await get(client, '/r')).status).toBe(200);
    expect(vendor.hits('/r')).toHaveLength(3);

    vendor.script('/create', { reset: true });
    const error = await failureOf(
      client.request({ method: 'POST', url: `${vendor.url}/create`, body: '{}' }),
    );
    expect(error).toMatchObject({ provider: 'FLEETIO', failure: 'unavailable', ambiguous: true });
    expect(vendor.hits('/create')).toHaveLength(1);
  });

  it('retries a GET that timed out', async () => {
    // undici runs header timeouts on its coarse timer (about 1 s resolution), hence the long delay.
    vendor.script('/slow', { status: 200, delayMs: 2_500 });
    const client = new UpstreamClient('FLEETIO', {
      headersTimeoutMs: 200,
      resilience: { retry: { baseDelayMs: 10 } },
    });
    clients.push(client);
    expect((await get(client, '/slow')).status).toBe(200);
    expect(vendor.hits('/slow')).toHaveLength(2);
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    const { client } = clientFor();
    vendor.script('/r', { status: 429, headers: { 'retry-after': '1' } });
    const started = Date.now();
    expect((await get(client, '/r')).status).toBe(200);
    const [first, second] = vendor.hits('/r');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1_000);

    const inAMoment = new Date(Date.now() + 1_500).toUTCString(); // whole seconds: 0.5–1.5 s away
    vendor.script('/d', { status: 503, headers: { 'retry-after': inAMoment } });
    expect((await get(client, '/d')).status).toBe(200);
    const [a, b] = vendor.hits('/d');
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(400);
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('passes a Retry-After beyond the cap straight to the caller', async () => {
    vendor.script('/r', { status: 429, headers: { 'retry-after': '30' } });
    const { client } = clientFor();
    const started = Date.now();
    const response = await get(client, '/r');
    expect(response.status).toBe(429);
    expect(Date.now() - started).toBeLessThan(200);
    expect(vendor.hits('/r')).toHaveLength(1);
  });

  it('never sleeps past the deadline: a retry that would land after it is not made', async () => {
    vendor.script('/r', { status: 503, headers: { 'retry-after': '2' } }, { status: 503 });
    const { client } = clientFor();
    const controller = new AbortController();
    setDeadline(controller.signal, Date.now() + 1_000);
    const started = Date.now();
    const response = await get(client, '/r', { signal: controller.signal });
    expect(response.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(200);
    expect(vendor.hits('/r')).toHaveLength(1);
  });

  it('stops backing off the moment the caller gives up', async () => {
    vendor.script('/r', { status: 503, headers: { 'retry-after': '3' } });
    const { client } = clientFor();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const error = await failureOf(get(client, '/r', { signal: controller.signal }));
    expect(error.message).toMatch(/cancelled/);
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('circuit breaker', () => {
  it('opens after consecutive failures, answers at once while open, probes and closes', async () => {
    const { client, events } = clientFor({
      retry: { retries: 0 },
      breaker: { failureThreshold: 2, cooldownMs: 300 },
    });
    vendor.script('/b', { status: 503 }, { status: 503 });
    expect((await get(client, '/b')).status).toBe(503);
    expect(client.isHealthy()).toBe(true);
    expect((await get(client, '/b')).status).toBe(503);
    expect(client.isHealthy()).toBe(false);

    const started = performance.now();
    const error = await failureOf(get(client, '/b'));
    expect(performance.now() - started).toBeLessThan(20);
    expect(error).toMatchObject({ provider: 'FLEETIO', failure: 'unavailable', upstream: {} });
    expect(error.message).toBe('Fleetio is failing; the gateway stops calling it for 1 s.');
    expect(vendor.hits('/b')).toHaveLength(2);

    await new Promise((resolve) => setTimeout(resolve, 320));
    expect(client.isHealthy()).toBe(true);
    expect((await get(client, '/b')).status).toBe(200);
    expect(events.filter((event) => event.kind === 'breaker').map((event) => event.state)).toEqual([
      'open',
      'half-open',
      'closed',
    ]);
  });

  it('counts transport failures and 5xx, not 4xx', async () => {
    const { client } = clientFor({ retry: { retries: 0 }, breaker: { failureThreshold: 2 } });
    vendor.script('/b', { status: 404 }, { status: 401 }, { status: 429 }, { status: 400 });
    for (let i = 0; i < 4; i++) await get(client, '/b');
    expect(client.isHealthy()).toBe(true);
    vendor.script('/b', { reset: true }, { status: 500 });
    await failureOf(get(client, '/b'));
    await get(client, '/b');
    expect(client.isHealthy()).toBe(false);
  });
});

describe('single flight', () => {
  it('concurrent identical GETs share one vendor request; nothing is kept after it', async () => {
    vendor.script('/s', { status: 200, body: '{"n":1}', delayMs: 100 });
    const { client, events } = clientFor();
    const answers = await Promise.all(Array.from({ length: 10 }, () => get(client, '/s')));
    expect(answers.map((answer) => answer.body.toString())).toEqual(Array(10).fill('{"n":1}'));
    expect(vendor.hits('/s')).toHaveLength(1);
    expect(events.filter((event) => event.kind === 'shared')).toHaveLength(9);
    await get(client, '/s');
    expect(vendor.hits('/s')).toHaveLength(2);
  });

  it('keeps credentials apart', async () => {
    const { client } = clientFor();
    vendor.script('/s', { status: 200, delayMs: 50 }, { status: 200, delayMs: 50 });
    await Promise.all([get(client, '/s', { auth: 'Token a' }), get(client, '/s', { auth: 'Token b' })]);
    expect(
      vendor
        .hits('/s')
        .map((hit) => hit.authorization)
        .sort(),
    ).toEqual(['Token a', 'Token b']);
  });

  it('one caller giving up does not cancel the request for the others', async () => {
    vendor.script('/s', { status: 200, body: '{"n":2}', delayMs: 150 });
    const { client } = clientFor();
    const impatient = new AbortController();
    const first = get(client, '/s', { signal: impatient.signal });
    const second = get(client, '/s');
    setTimeout(() => impatient.abort(), 30);
    await expect(failureOf(first)).resolves.toMatchObject({ failure: 'unavailable' });
    expect((await second).body.toString()).toBe('{"n":2}');
    expect(vendor.hits('/s')).toHaveLength(1);
  });
});

describe('rate limits', () => {
  const policy = (limit: number, windowMs: number): VendorPolicy => ({
    rateLimits: { bucketFor: () => ({ key: 'account', rules: [{ name: 'test', limit, windowMs }] }) },
  });

  it('queues requests beyond the limit until a slot frees, within the deadline', async () => {
    const { client, events } = clientFor({ rateLimits: true }, policy(2, 300));
    const started = Date.now();
    await Promise.all(['/1', '/2', '/3', '/4'].map((path) => get(client, path)));
    const sent = ['/1', '/2', '/3', '/4']
      .map((path) => vendor.hits(path)[0]!.at - started)
      .sort((a, b) => a - b);
    expect(sent[1]).toBeLessThan(100);
    expect(sent[2]).toBeGreaterThanOrEqual(300);
    expect(events.filter((event) => event.kind === 'queued')).toHaveLength(2);
  });

  it('fails with RATE_LIMITED, without calling, when the wait would pass the deadline', async () => {
    const { client } = clientFor({ rateLimits: true }, policy(1, 60_000));
    await get(client, '/1');
    const controller = new AbortController();
    setDeadline(controller.signal, Date.now() + 25_000);
    const started = Date.now();
    const error = await failureOf(get(client, '/2', { signal: controller.signal }));
    expect(Date.now() - started).toBeLessThan(50);
    expect(error).toMatchObject({ provider: 'FLEETIO', failure: 'rate-limited', upstream: {} });
    expect(error.message).toMatch(/Fleetio allows 1 requests a minute.*next free slot, in (59|60) s/);
    expect(vendor.hits('/2')).toHaveLength(0);
  });

  it('is off unless asked for', async () => {
    const { client } = clientFor({}, policy(1, 60_000));
    await Promise.all(['/1', '/2', '/3'].map((path) => get(client, path)));
    expect(vendor.hits('/3')).toHaveLength(1);
  });
});
