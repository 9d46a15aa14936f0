import { afterEach, describe, expect, test } from 'vitest';
import { createFleetioSimulator, fleetioSimulator } from '../../../src/simulators/fleetio/index.ts';
import { useSimulator } from '../../support/simulators.ts';
import {
  ADMIN,
  awaitRoomInMinute,
  call,
  s3ErrorFields,
  type CursorPage,
  type ImportRecord,
} from './fleetio-http.ts';

describe('Fleetio simulator: control API effects a client can see', () => {
  const sim = useSimulator(fleetioSimulator, { imports: 20, rateLimits: false });
  const list = (query = '') => call(`${sim.url}/api/v1/imports${query}`);
  const snapshot = () => sim.control<ImportRecord[]>('GET', '/__sim/imports');
  const stats = () => sim.control<{ requests: Record<string, number> }>('GET', '/__sim/stats');

  afterEach(async () => {
    await sim.control('DELETE', '/__sim/faults');
  });

  test('errorRate 1 with 503 and retryAfterSeconds: the RFC 7807 envelope with Retry-After', async () => {
    await sim.control('PUT', '/__sim/faults', { errorRate: 1, errorStatus: 503, retryAfterSeconds: 7 });
    const answer = await list();
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('7');
    expect(answer.body).toMatchObject({
      status: 503,
      title: 'Service Unavailable',
      instance: '/api/v1/imports',
    });
    await sim.control('DELETE', '/__sim/faults');
    expect((await list()).status).toBe(200);
  });

  test('resetRate 1: the connection is lost, yet the request was served', async () => {
    await sim.control('DELETE', '/__sim/stats');
    await sim.control('PUT', '/__sim/faults', { resetRate: 1 });
    await expect(fetch(`${sim.url}/api/v1/imports`, { headers: ADMIN })).rejects.toThrow();
    const item = (await snapshot()).find((candidate) => candidate.status === 'complete')!;
    await expect(
      fetch(`${sim.url}/api/v1/imports/${item.id}/records`, { headers: ADMIN, redirect: 'manual' }),
    ).rejects.toThrow();
    expect((await stats()).requests).toEqual({
      'GET /api/v1/imports': 1,
      'GET /api/v1/imports/{id}/records': 1,
    });
  });

  test('malformedRate 1: a 200 whose body is not JSON', async () => {
    await sim.control('PUT', '/__sim/faults', { malformedRate: 1 });
    const answer = await list();
    expect(answer.status).toBe(200);
    expect(answer.text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(answer.text) as unknown).toThrow();
  });

  test('expireTokens: issued storage URLs expire, API keys are static, a new redirect works', async () => {
    const item = (await snapshot()).find((candidate) => candidate.status === 'complete')!;
    const records = () => call(`${sim.url}/api/v1/imports/${item.id}/records`);
    const before = (await records()).headers.get('location')!;
    expect((await call(before, {})).status).toBe(200);
    await sim.control('PUT', '/__sim/faults', { expireTokens: true });
    const expired = await call(before, {});
    expect(expired.status).toBe(403);
    expect(s3ErrorFields(expired.text)).toMatchObject({
      Code: 'AccessDenied',
      Message: 'Request has expired',
    });
    const again = await records();
    expect(again.status).toBe(302);
    expect((await call(again.headers.get('location')!, {})).status).toBe(200);
  });

  test('stats count vendor routes by template, storage included, control calls and unknown routes not', async () => {
    await sim.control('DELETE', '/__sim/stats');
    const item = (await snapshot()).find((candidate) => candidate.status === 'complete')!;
    await list();
    await list('?per_page=5');
    const redirect = await call(`${sim.url}/api/v1/imports/${item.id}/records`);
    await call(redirect.headers.get('location')!, {});
    await call(`${sim.url}/api/imports/${item.id}/results`);
    await call(`${sim.url}/api/v1/nothing-here`);
    expect((await stats()).requests).toEqual({
      'GET /api/v1/imports': 2,
      'GET /api/v1/imports/{id}/records': 1,
      'GET /storage/import-records/{file}': 1,
      'GET /api/imports/{id}/results': 1,
    });
    await sim.control('DELETE', '/__sim/stats');
    expect((await stats()).requests).toEqual({});
  });

  test('add: any subset of attributes, the rest generated, sequential ids, visible through the API', async () => {
    const before = await snapshot();
    const full = await sim.control<ImportRecord>('POST', '/__sim/imports', {
      status: 'complete',
      type: 'ContactImport',
      file_name: 'drivers.csv',
      file_size: '5230',
      note: 'from a test',
      created_at: '2026-10-30T14:00:00Z',
      updated_at: '2026-10-30T14:01:30.250Z',
    });
    expect(full).toMatchObject({
      id: Math.max(...before.map((item) => item.id)) + 1,
      status: 'complete',
      type: 'ContactImport',
      file_name: 'drivers.csv',
      file_size: '5230',
      note: 'from a test',
      created_at: '2026-10-30T09:00:00.000-05:00',
      updated_at: '2026-10-30T09:01:30.250-05:00',
      completed_at: '2026-10-30T09:01:30.250-05:00',
    });
    const generated = await sim.control<ImportRecord>('POST', '/__sim/imports', {});
    expect(generated.id).toBe(full.id + 1);
    expect(generated.status).toBe('new');
    expect(generated.file_size).toMatch(/^\d+$/);
    expect(generated.type).toMatch(/Import$/);
    const chosen = await sim.control<ImportRecord>('POST', '/__sim/imports', {
      id: 90_000,
      status: 'failed',
    });
    expect(chosen.id).toBe(90_000);
    expect((await sim.control<ImportRecord>('POST', '/__sim/imports', {})).id).toBe(90_001);
    const page = (await list('?filter[status][include]=failed&sort[id]=desc&per_page=2'))
      .body as CursorPage<ImportRecord>;
    expect(page.records[0]).toEqual(chosen);
  });

  test('add refuses invalid attributes with a clear 400', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ status: 'done' }, /status must be one of new, queued/],
      [{ type: 'Vehicle' }, /type must be one of VehicleImport/],
      [{ file_size: 12.5 }, /file_size must be a whole number/],
      [{ created_at: 'last week' }, /created_at must be an ISO 8601/],
      [
        { created_at: '2026-10-02T00:00:00Z', updated_at: '2026-10-01T00:00:00Z' },
        /updated_at must not be before/,
      ],
      [{ id: 'seven' }, /id must be a positive integer/],
      [{ state: 'complete' }, /Unknown Fleetio import attributes: state/],
      [{ note: 5 }, /note must be a string or null/],
    ];
    for (const [attributes, message] of cases) {
      const response = await fetch(`${sim.url}/__sim/imports`, {
        method: 'POST',
        body: JSON.stringify(attributes),
      });
      expect(response.status, JSON.stringify(attributes)).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(message);
    }
    const taken = (await snapshot())[0]!.id;
    const duplicate = await fetch(`${sim.url}/__sim/imports`, {
      method: 'POST',
      body: JSON.stringify({ id: taken }),
    });
    expect(duplicate.status).toBe(400);
  });

  test('reset brings back the seeded imports, as they stand at the current instant', async () => {
    await sim.control('POST', '/__sim/reset');
    const seeded = await snapshot();
    await sim.control('POST', '/__sim/imports', { status: 'processing' });
    expect(await snapshot()).not.toEqual(seeded);
    await sim.control('POST', '/__sim/reset');
    expect(await snapshot()).toEqual(seeded);
    await sim.advance(90_000);
    const moved = await snapshot();
    expect(moved).not.toEqual(seeded);
    await sim.control('POST', '/__sim/imports', {});
    await sim.control('POST', '/__sim/reset');
    expect(await snapshot()).toEqual(moved);
  });
});

describe('Fleetio simulator: the account-token rate limit', () => {
  const sim = useSimulator(fleetioSimulator, { imports: 5 });

  test('the 21st request of a calendar minute gets the 429, other account tokens and storage are not held back', async () => {
    await awaitRoomInMinute();
    const item = (await sim.control<ImportRecord[]>('GET', '/__sim/imports'))[0]!;
    const location = (await call(`${sim.url}/api/v1/imports/${item.id}/records`)).headers.get('location')!;
    for (let index = 0; index < 19; index++)
      expect((await call(`${sim.url}/api/v1/imports`)).status).toBe(200);
    const refused = await call(`${sim.url}/api/v1/imports`);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      error: expect.stringMatching(/^Too many requests detected from your account token\./) as string,
    });
    const secondsToNextMinute = Math.ceil((60_000 - (Date.now() % 60_000)) / 1000);
    expect(Math.abs(Number(refused.headers.get('retry-after')) - secondsToNextMinute)).toBeLessThanOrEqual(1);
    expect((await call(location, {})).status).toBe(200);
    const otherAccount = await call(`${sim.url}/api/v1/imports`, {
      ...ADMIN,
      'account-token': 'someone-else',
    });
    expect(otherAccount.status).toBe(401);
    await sim.control('PUT', '/__sim/faults', { rateLimits: false });
    expect((await call(`${sim.url}/api/v1/imports`)).status).toBe(200);
  });
});

describe('Fleetio simulator: a configured rate limit', () => {
  const sim = useSimulator(createFleetioSimulator({ requestsPerMinute: 3 }), { imports: 5 });

  test('requestsPerMinute sets the limit', async () => {
    await awaitRoomInMinute();
    const statuses: number[] = [];
    for (let index = 0; index < 4; index++) statuses.push((await call(`${sim.url}/api/v1/imports`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
