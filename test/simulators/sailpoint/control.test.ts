import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { sailpointSimulator } from '../../../src/simulators/sailpoint/index.ts';
import { useSimulator } from '../../support/simulators.ts';
import {
  answer,
  exportDocument,
  get,
  importForm,
  postImport,
  requestToken,
  token,
  type ApiAnswer,
  type JobStatus,
} from './sailpoint-api.ts';

const sample = exportDocument([{ type: 'TRANSFORM', id: 't1', name: 'Lowercase Email' }]);

describe('SailPoint simulator: what each control call does to the vendor API', () => {
  const sim = useSimulator(sailpointSimulator, { imports: 8, rateLimits: false });

  it('reset brings back exactly the seeded jobs', async () => {
    const seeded = await sim.control<JobStatus[]>('GET', '/__sim/imports');
    await sim.control('POST', '/__sim/imports', { status: 'FAILED' });
    await postImport(sim.url, await token(sim.url), importForm(sample));
    expect(await sim.control<JobStatus[]>('GET', '/__sim/imports')).toHaveLength(seeded.length + 2);
    expect(await sim.control('POST', '/__sim/reset')).toEqual({ imports: seeded.length });
    expect(await sim.control('GET', '/__sim/imports')).toEqual(seeded);
  });

  it('errorRate 1 with 503 and retryAfterSeconds answers the vendor envelope with Retry-After', async () => {
    const bearer = await token(sim.url);
    await sim.control('PUT', '/__sim/faults', { errorRate: 1, errorStatus: 503, retryAfterSeconds: 7 });
    try {
      for (const reply of [
        await get(sim.url, '/v2025/sp-config/import/x', bearer),
        await requestToken(sim.url),
      ]) {
        expect(reply.status).toBe(503);
        expect(reply.headers.get('retry-after')).toBe('7');
        expect(reply.body).toMatchObject({ detailCode: '503 Service Unavailable' });
        expect((reply.body as { trackingId: string }).trackingId).toMatch(/^[0-9a-f]{32}$/);
      }
    } finally {
      await sim.control('DELETE', '/__sim/faults');
    }
  });

  it('resetRate 1 loses the response but the import was created', async () => {
    const bearer = await token(sim.url);
    const before = await sim.control<JobStatus[]>('GET', '/__sim/imports');
    await sim.control('PUT', '/__sim/faults', { resetRate: 1 });
    try {
      await expect(postImport(sim.url, bearer, importForm(sample))).rejects.toThrow();
    } finally {
      await sim.control('DELETE', '/__sim/faults');
    }
    const after = await sim.control<JobStatus[]>('GET', '/__sim/imports');
    expect(after).toHaveLength(before.length + 1);
    const lost = after.find((job) => !before.some((known) => known.jobId === job.jobId))!;
    expect((await get(sim.url, `/v2025/sp-config/import/${lost.jobId}`, bearer)).status).toBe(200);
  });

  it('malformedRate 1 cuts the JSON body short', async () => {
    const bearer = await token(sim.url);
    const job = (await sim.control<JobStatus[]>('GET', '/__sim/imports')).at(-1);
    await sim.control('PUT', '/__sim/faults', { malformedRate: 1 });
    try {
      const reply = await get(sim.url, `/v2025/sp-config/import/${job!.jobId}`, bearer);
      expect(reply.status).toBe(200);
      expect(reply.body).toBeUndefined();
      expect(() => JSON.parse(reply.text) as unknown).toThrow();
    } finally {
      await sim.control('DELETE', '/__sim/faults');
    }
  });

  it('expireTokens expires every issued token with the documented 401; a new token works', async () => {
    const job = (await sim.control<JobStatus[]>('GET', '/__sim/imports')).at(-1);
    const old = await token(sim.url);
    await sim.control('PUT', '/__sim/faults', { expireTokens: true });
    const refused = await get(sim.url, `/v2025/sp-config/import/${job!.jobId}`, old);
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ error: 'JWT validation failed: JWT is expired' });
    const fresh = await token(sim.url);
    expect((await get(sim.url, `/v2025/sp-config/import/${job!.jobId}`, fresh)).status).toBe(200);
    await sim.control('DELETE', '/__sim/faults');
  });

  it('tokens expire after expires_in (749 s) of simulated time', async () => {
    const issued = await requestToken(sim.url);
    expect(issued.body.expires_in).toBe(749);
    await sim.advance(748_000);
    expect((await get(sim.url, '/v2025/sp-config/import/x', issued.body.access_token)).status).toBe(404);
    await sim.advance(1_000);
    expect((await get(sim.url, '/v2025/sp-config/import/x', issued.body.access_token)).status).toBe(401);
  });

  it('rateLimits: the 101st request of a token in a 10 s window gets 429; other tokens and /oauth/token do not', async () => {
    const bearer = await token(sim.url);
    const other = await token(sim.url);
    await sim.control('PUT', '/__sim/faults', { rateLimits: true });
    try {
      // Windows are calendar-aligned 10 s of real time: start near the beginning of one.
      if (Date.now() % 10_000 > 8_000) await sleep(10_050 - (Date.now() % 10_000));
      const statuses: number[] = [];
      for (let request = 0; request < 100; request++) {
        statuses.push((await get(sim.url, '/v2024/sp-config/import/x', bearer)).status);
      }
      expect(new Set(statuses)).toEqual(new Set([404]));
      const refused = await get(sim.url, '/beta/sp-config/import/x', bearer);
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({ message: ' Rate Limit Exceeded ' });
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(10);
      expect((await get(sim.url, '/beta/sp-config/import/x', other)).status).toBe(404);
      const tokens: ApiAnswer[] = [];
      for (let request = 0; request < 110; request++) tokens.push(await requestToken(sim.url));
      expect(tokens.every((reply) => reply.status === 200)).toBe(true);
    } finally {
      await sim.control('DELETE', '/__sim/faults');
    }
  });

  it('stats count vendor requests per route template, each version separately', async () => {
    await sim.control('DELETE', '/__sim/stats');
    const bearer = await token(sim.url);
    await get(sim.url, '/v2025/sp-config/import/a', bearer);
    await get(sim.url, '/v2025/sp-config/import/b', bearer);
    await get(sim.url, '/beta/sp-config/import/a/download', bearer);
    await postImport(sim.url, bearer, importForm(sample), { version: 'v2024' });
    await sim.control('GET', '/__sim/imports');
    expect(await sim.control('GET', '/__sim/stats')).toEqual({
      requests: {
        'POST /oauth/token': 1,
        'GET /v2025/sp-config/import/{id}': 2,
        'GET /beta/sp-config/import/{id}/download': 1,
        'POST /v2024/sp-config/import': 1,
      },
    });
  });

  it('add creates jobs from vendor attributes, generating the rest, and explains bad ones', async () => {
    const bearer = await token(sim.url);
    const results = { results: { RULE: { infos: [], warnings: [], errors: [], importedObjects: [] } } };
    const done = await sim.control<JobStatus>('POST', '/__sim/imports', {
      status: 'COMPLETE',
      created: '2026-11-01T08:00:00.5Z',
      results,
    });
    expect(done).toMatchObject({ status: 'COMPLETE', type: 'IMPORT', created: '2026-11-01T08:00:00.5Z' });
    expect(done.expiration).toBe('2026-11-08T08:00:00Z');
    expect(Date.parse(done.completed!)).toBeGreaterThan(Date.parse(done.created));
    expect((await get(sim.url, `/v2025/sp-config/import/${done.jobId}`, bearer)).body).toEqual(done);
    expect((await get(sim.url, `/v2025/sp-config/import/${done.jobId}/download`, bearer)).body).toEqual(
      results,
    );

    const cancelled = await sim.control<JobStatus>('POST', '/__sim/imports', {
      jobId: 'c0ffee00-0000-4000-8000-000000000001',
      status: 'CANCELLED',
      message: 'Stopped by an administrator.',
    });
    expect(cancelled).toMatchObject({ status: 'CANCELLED', message: 'Stopped by an administrator.' });
    const withDocument = await sim.control<JobStatus>('POST', '/__sim/imports', {
      status: 'COMPLETE',
      document: exportDocument([{ type: 'SOURCE', id: 's9', name: 'Okta' }]),
      options: { excludeBackup: true },
    });
    const download = await get<{ results: Record<string, unknown>; exportJobId?: string }>(
      sim.url,
      `/beta/sp-config/import/${withDocument.jobId}/download`,
      bearer,
    );
    expect(Object.keys(download.body.results)).toEqual(['SOURCE']);
    expect(download.body.exportJobId).toBeUndefined();

    const refusals: [unknown, string][] = [
      [{ status: 'done' }, 'status must be one of'],
      [{ type: 'EXPORT' }, 'type must be IMPORT'],
      [{ created: 'yesterday' }, 'created must be an ISO-8601 instant'],
      [{ jobId: 'c0ffee00-0000-4000-8000-000000000001' }, 'already exists'],
      [{ file_name: 'x.json' }, 'Unknown SailPoint job attributes: file_name'],
      [{ status: 'IN_PROGRESS', completed: '2026-11-01T00:00:00Z' }, 'has no completed time'],
      [{ status: 'COMPLETE', created: '2026-11-01T10:00:00Z', modified: '2026-11-01T09:00:00Z' }, 'modified'],
      [{ document: { objects: 'none' } }, 'document:'],
      [{ options: { includeTypes: ['NOPE'] } }, 'includeTypes'],
      [{ preview: 'yes' }, 'preview must be true or false'],
      [{ status: 'NOT_STARTED', message: 'queued' }, 'has no message yet'],
      [{ status: 'NOT_STARTED', created: '2099-01-01T00:00:00Z' }, 'in the future'],
      [{ results: [] }, 'results must be'],
    ];
    for (const [attributes, reason] of refusals) {
      const reply = await answer<{ error: string }>(
        await fetch(`${sim.url}/__sim/imports`, { method: 'POST', body: JSON.stringify(attributes) }),
      );
      expect(reply.status, JSON.stringify(attributes)).toBe(400);
      expect(reply.body.error).toContain(reason);
    }
  });

  it('offers no webhooks, as the vendor has none', async () => {
    const reply = await fetch(`${sim.url}/__sim/webhooks`, {
      method: 'PUT',
      body: JSON.stringify({ url: 'http://127.0.0.1:9/hook', secret: 's' }),
    });
    expect(reply.status).toBe(404);
  });
});
