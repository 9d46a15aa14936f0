import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../../support/simulators.ts';
import { WEBHOOK_SECRETS } from '../../support/secrets.ts';
import { fixtureVendor } from './fixture-vendor.ts';

const sim = useSimulator(fixtureVendor, { imports: 2, latencyMs: 0, rateLimits: false });

async function get(path: string) {
  const response = await fetch(sim.url + path);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('shared simulator server', () => {
  it('answers unknown paths and methods with the vendor envelope', async () => {
    expect(JSON.parse((await get('/nowhere')).text)).toEqual({
      fixtureError: 404,
      reason: 'route-not-found',
    });
    const wrongMethod = await fetch(`${sim.url}/things/1`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(await wrongMethod.json()).toEqual({ fixtureError: 405, reason: 'method-not-allowed' });
  });

  it('counts vendor routes by template and never control calls', async () => {
    await sim.control('DELETE', '/__sim/stats');
    await get('/things/1');
    await get('/things/2');
    await get('/things');
    await sim.control('GET', '/__sim/imports');
    expect(await sim.control('GET', '/__sim/stats')).toEqual({
      requests: { 'GET /things/{id}': 2, 'GET /things': 1 },
    });
    await sim.control('DELETE', '/__sim/stats');
    expect(await sim.control('GET', '/__sim/stats')).toEqual({ requests: {} });
  });

  it('injects errors with Retry-After, but never on control calls', async () => {
    await sim.control('PUT', '/__sim/faults', { errorRate: 1, errorStatus: 503, retryAfterSeconds: 7 });
    try {
      const failed = await get('/things');
      expect(failed.status).toBe(503);
      expect(failed.headers.get('retry-after')).toBe('7');
      expect(JSON.parse(failed.text)).toEqual({ fixtureError: 503, reason: 'injected' });
      expect(await sim.control('GET', '/__sim/imports')).toHaveLength(2 + 0);
    } finally {
      await sim.control('DELETE', '/__sim/faults');
    }
  });

  it('loses the response of a reset request after the request took effect', async () => {
    const before = (await sim.control<unknown[]>('GET', '/__sim/imports')).length;
    await sim.control('PUT', '/__sim/faults', { resetRate: 1 });
    try {
      await expect(fetch(`${sim.url}/things`, { method: 'POST' })).rejects.toThrow();
    } finally {
      await sim.control('DELETE', '/__sim/faults');
    }
    expect(await sim.control<unknown[]>('GET', '/__sim/imports')).toHaveLength(before + 1);
  });

  it('cuts JSON bodies short at malformedRate 1', async () => {
    await sim.control('PUT', '/__sim/faults', { malformedRate: 1 });
    try {
      const response = await get('/things');
      expect(response.status).toBe(200);
      expect(() => JSON.parse(response.text) as unknown).toThrow();
    } finally {
      await sim.control('DELETE', '/__sim/faults');
    }
  });

  it('adds latency and jitter', async () => {
    await sim.control('PUT', '/__sim/faults', { latencyMs: 150, jitterMs: 20 });
    try {
      const started = performance.now();
      await get('/things');
      expect(performance.now() - started).toBeGreaterThanOrEqual(125);
    } finally {
      await sim.control('DELETE', '/__sim/faults');
    }
  });

  it('enforces rate limits only while switched on, with the vendor headers', async () => {
    await sim.control('PUT', '/__sim/faults', { rateLimits: true });
    try {
      const statuses: number[] = [];
      for (let index = 0; index < 4; index++) statuses.push((await get('/things')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await get('/things');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.headers.get('x-remaining')).toBe('0');
    } finally {
      await sim.control('DELETE', '/__sim/faults');
    }
    expect((await get('/things')).status).toBe(200);
  });

  it('PUT replaces the fault set and refuses bad ones with a reason', async () => {
    await sim.control('PUT', '/__sim/faults', { errorRate: 1 });
    await sim.control('PUT', '/__sim/faults', { latencyMs: 0 });
    expect(await sim.control('GET', '/__sim/faults')).toMatchObject({ errorRate: 0, latencyMs: 0 });
    const refused = await fetch(`${sim.url}/__sim/faults`, { method: 'PUT', body: '{"resetRate":"often"}' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: 'resetRate must be a number between 0 and 1.' });
    await sim.control('DELETE', '/__sim/faults');
  });

  it('moves the lifecycle only when the clock is advanced, and resets to the seeded state', async () => {
    await sim.control('POST', '/__sim/reset');
    const seeded = await sim.control<{ status: string }[]>('GET', '/__sim/imports');
    expect(seeded.map((thing) => thing.status)).toEqual(['new', 'new']);
    await sim.advance(59_999);
    expect((await sim.control<{ status: string }[]>('GET', '/__sim/imports'))[0]!.status).toBe('new');
    const clock = await sim.control<{ now: string }>('POST', '/__sim/clock', { advanceMs: 1 });
    const done = await sim.control<{ status: string; updated_at: string }[]>('GET', '/__sim/imports');
    expect(done.map((thing) => thing.status)).toEqual(['done', 'done']);
    expect(done[0]!.updated_at).toBe(clock.now);
    await sim.control('POST', '/__sim/imports', { status: 'odd' });
    await sim.control('POST', '/__sim/reset');
    expect(await sim.control('GET', '/__sim/imports')).toHaveLength(2);
  });

  it('explains bad control calls', async () => {
    const badClock = await fetch(`${sim.url}/__sim/clock`, { method: 'POST', body: '{"advanceMs":-5}' });
    expect(badClock.status).toBe(400);
    expect(await badClock.json()).toEqual({
      error: 'advanceMs must be a number of milliseconds, 0 or more.',
    });
    const badAdd = await fetch(`${sim.url}/__sim/imports`, { method: 'POST', body: '{"status":3}' });
    expect(await badAdd.json()).toEqual({ error: 'status must be a string' });
    const notJson = await fetch(`${sim.url}/__sim/imports`, { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
    expect((await fetch(`${sim.url}/__sim/nothing`)).status).toBe(404);
    const badHook = await fetch(`${sim.url}/__sim/webhooks`, {
      method: 'PUT',
      body: '{"url":"ftp://x","secret":"s"}',
    });
    expect(await badHook.json()).toEqual({ error: 'url must be an http(s) URL.' });
  });

  it('accepts a webhook target', async () => {
    const received: string[] = [];
    const receiver = createServer((request: IncomingMessage, response) => {
      received.push(request.url ?? '');
      response.end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      expect(await sim.control('PUT', '/__sim/webhooks', { url, secret: WEBHOOK_SECRETS.other })).toEqual({
        url,
      });
    } finally {
      await sim.control('DELETE', '/__sim/webhooks');
      receiver.close();
    }
  });
});
