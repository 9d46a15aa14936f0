import { describe, expect, it } from 'vitest';
import { createSailpointSimulator, sailpointSimulator } from '../../../src/simulators/sailpoint/index.ts';
import { useSimulator } from '../../support/simulators.ts';
import {
  HELPDESK,
  answer,
  exportDocument,
  get,
  importForm,
  postImport,
  token,
  type ApiAnswer,
  type JobStatus,
} from './sailpoint-api.ts';
import { DOWNLOAD, IMPORT, STATUS, VERSIONS, expectSpecError, specs, written } from './sailpoint-schemas.ts';

const sample = exportDocument([
  { type: 'SOURCE', id: '2c9180835d191a86015d28455b4b232a', name: 'HR Active Directory' },
  { type: 'TRANSFORM', id: 'c953134c2224f42fa84efa5cbb395904', name: 'Lowercase Email' },
]);

describe('SailPoint simulator contract: sp-config import, status and download', () => {
  const sim = useSimulator(sailpointSimulator, { imports: 20, rateLimits: false });

  it('every seeded job status and every available download matches the spec', async () => {
    const bearer = await token(sim.url);
    const jobs = await sim.control<JobStatus[]>('GET', '/__sim/imports');
    const seen = new Set<string>();
    for (const job of jobs) {
      specs.v2025.assertSchema('/components/schemas/SpConfigImportJobStatus', job);
      written.assert('/definitions/SpConfigImportJobStatus', job);
      const status = await get(sim.url, `/beta/sp-config/import/${job.jobId}`, bearer);
      if (status.status === 404) continue; // past its expiration
      seen.add(job.status);
      const download = await get(sim.url, `/beta/sp-config/import/${job.jobId}/download`, bearer);
      // A FAILED job's download holds its per-object errors (specs/VENDOR-REFERENCE.md §2) [I].
      if (job.status === 'COMPLETE' || job.status === 'FAILED') {
        expect(download.status).toBe(200);
        specs.beta.assertResponse(DOWNLOAD, 'get', 200, download.body);
      } else {
        expectSpecError('beta', DOWNLOAD, 'get', download, 400);
      }
    }
    expect([...seen].sort()).toEqual(['CANCELLED', 'COMPLETE', 'FAILED', 'IN_PROGRESS', 'NOT_STARTED']);
  });

  it('POST import 202, GET status 200 and GET download 200 on every version', async () => {
    for (const version of VERSIONS) {
      const bearer = await token(sim.url);
      const created = await postImport<JobStatus>(
        sim.url,
        bearer,
        importForm(sample, { excludeBackup: true }),
        {
          version,
        },
      );
      expect(created.status, created.text).toBe(202);
      specs[version].assertResponse(IMPORT, 'post', 202, created.body);
      written.assert('/definitions/SpConfigImportJobStatus', created.body);
      expect(created.body.status).toBe('NOT_STARTED');

      await sim.advance(5 * 60_000);
      const status = await get<JobStatus>(
        sim.url,
        `/${version}/sp-config/import/${created.body.jobId}`,
        bearer,
      );
      expect(status.status).toBe(200);
      specs[version].assertResponse(STATUS, 'get', 200, status.body);
      written.assert('/definitions/SpConfigImportJobStatus', status.body);
      expect(status.body.status).toBe('COMPLETE');

      const results = await get(
        sim.url,
        `/${version}/sp-config/import/${created.body.jobId}/download`,
        bearer,
      );
      expect(results.status).toBe(200);
      specs[version].assertResponse(DOWNLOAD, 'get', 200, results.body);
    }
  });

  it('POST import 400 for every malformed upload', async () => {
    const bearer = await token(sim.url);
    const raw = (parts: Record<string, string>) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(parts)) form.append(name, value);
      return form;
    };
    const cases: [string, Promise<ApiAnswer>][] = [
      ['json body', postImport(sim.url, bearer, JSON.stringify(sample), { contentType: 'application/json' })],
      ['no data part', postImport(sim.url, bearer, raw({ options: '{}' }))],
      ['empty data part', postImport(sim.url, bearer, raw({ data: '' }))],
      ['data not JSON', postImport(sim.url, bearer, raw({ data: '{"objects": [' }))],
      ['data not an export', postImport(sim.url, bearer, raw({ data: '{"version": 1}' }))],
      [
        'unknown object type',
        postImport(sim.url, bearer, importForm(exportDocument([{ type: 'GADGET', id: 'a', name: 'b' }]))),
      ],
      [
        'options not JSON',
        postImport(sim.url, bearer, raw({ data: JSON.stringify(sample), options: '{nope' })),
      ],
      ['bad includeTypes', postImport(sim.url, bearer, importForm(sample, { includeTypes: ['ROLE'] }))],
      ['bad excludeBackup', postImport(sim.url, bearer, importForm(sample, { excludeBackup: 'yes' }))],
      ['bad preview flag', postImport(sim.url, bearer, importForm(sample), { query: '?preview=maybe' })],
      [
        'broken multipart',
        postImport(sim.url, bearer, '--x\r\ngarbage', { contentType: 'multipart/form-data; boundary=zzz' }),
      ],
    ];
    for (const [name, pending] of cases) {
      const reply = await pending;
      expect(reply.status, `${name}: ${reply.text}`).toBe(400);
      expectSpecError('v2025', IMPORT, 'post', reply, 400);
    }
  });

  it('401 for a missing, malformed, forged or expired bearer on every route', async () => {
    const forged = `${(await token(sim.url)).slice(0, -4)}AAAA`;
    const expired = await token(sim.url);
    await sim.advance(750_000);
    for (const bearer of [undefined, 'not-a-jwt', forged, expired]) {
      const headers: Record<string, string> =
        bearer === undefined ? {} : { authorization: `Bearer ${bearer}` };
      for (const version of VERSIONS) {
        const created = await answer(
          await fetch(`${sim.url}/${version}/sp-config/import`, {
            method: 'POST',
            headers,
            body: importForm(sample),
          }),
        );
        expectSpecError(version, IMPORT, 'post', created, 401);
        expectSpecError(
          version,
          STATUS,
          'get',
          await answer(await fetch(`${sim.url}/${version}${IMPORT}/x`, { headers })),
          401,
        );
        const download = await answer(await fetch(`${sim.url}/${version}${IMPORT}/x/download`, { headers }));
        expectSpecError(version, DOWNLOAD, 'get', download, 401);
      }
    }
    const late = await get(sim.url, '/v2025/sp-config/import/x', expired);
    expect(late.body).toEqual({ error: 'JWT validation failed: JWT is expired' });
  });

  it('400 for a v2024 call without X-SailPoint-Experimental: true, which v2025 and beta do not need', async () => {
    const bearer = await token(sim.url);
    const { jobId } = await sim.control<JobStatus>('POST', '/__sim/imports', { status: 'COMPLETE' });
    const headers = { authorization: `Bearer ${bearer}` };
    const replies = [
      answer(
        await fetch(`${sim.url}/v2024/sp-config/import`, {
          method: 'POST',
          headers,
          body: importForm(sample),
        }),
      ),
      answer(await fetch(`${sim.url}/v2024${IMPORT}/${jobId}`, { headers })),
      answer(
        await fetch(`${sim.url}/v2024${IMPORT}/${jobId}/download`, {
          headers: { ...headers, 'x-sailpoint-experimental': 'false' },
        }),
      ),
    ];
    const [created, status, download] = await Promise.all(replies);
    for (const [reply, path, method] of [
      [created!, IMPORT, 'post'],
      [status!, STATUS, 'get'],
      [download!, DOWNLOAD, 'get'],
    ] as const) {
      expectSpecError('v2024', path, method, reply, 400);
      expect(reply.text).toMatch(/X-SailPoint-Experimental: true/);
    }
    expect((await get(sim.url, `/v2024${IMPORT}/${jobId}`, bearer)).status).toBe(200);
    for (const version of ['v2025', 'beta'])
      expect((await answer(await fetch(`${sim.url}/${version}${IMPORT}/${jobId}`, { headers }))).status).toBe(
        200,
      );
  });

  it('403 for a user without ORG_ADMIN, 404 for unknown and expired jobs', async () => {
    const helpdesk = await token(sim.url, HELPDESK);
    expectSpecError('v2025', IMPORT, 'post', await postImport(sim.url, helpdesk, importForm(sample)), 403);
    expectSpecError('v2024', STATUS, 'get', await get(sim.url, '/v2024/sp-config/import/x', helpdesk), 403);
    expectSpecError(
      'beta',
      DOWNLOAD,
      'get',
      await get(sim.url, '/beta/sp-config/import/x/download', helpdesk),
      403,
    );

    const bearer = await token(sim.url);
    for (const id of [
      'ef38f94347e94562b5bb8424a56397d8',
      '00000000-0000-4000-8000-000000000000',
      '%E2%9C%93',
    ]) {
      expectSpecError(
        'v2025',
        STATUS,
        'get',
        await get(sim.url, `/v2025/sp-config/import/${id}`, bearer),
        404,
      );
      expectSpecError(
        'beta',
        DOWNLOAD,
        'get',
        await get(sim.url, `/beta/sp-config/import/${id}/download`, bearer),
        404,
      );
    }
    const old = await sim.control<JobStatus>('POST', '/__sim/imports', {
      status: 'COMPLETE',
      created: '2026-09-01T10:00:00Z',
    });
    expect(old.expiration).toBe('2026-09-08T10:00:00Z');
    expectSpecError(
      'v2025',
      STATUS,
      'get',
      await get(sim.url, `/v2025/sp-config/import/${old.jobId}`, bearer),
      404,
    );
    const gone = await get(sim.url, `/v2025/sp-config/import/${old.jobId}/download`, bearer);
    expectSpecError('v2025', DOWNLOAD, 'get', gone, 404);
  });

  it('429 after 100 requests with one token, as the spec and our schema describe', async () => {
    await sim.control('PUT', '/__sim/faults', { rateLimits: true });
    try {
      const bearer = await token(sim.url);
      let refused: ApiAnswer | undefined;
      for (let request = 0; request < 250 && !refused; request++) {
        const reply = await get(sim.url, '/v2025/sp-config/import/x', bearer);
        if (reply.status === 429) refused = reply;
      }
      expect(refused).toBeDefined();
      expectSpecError('v2025', STATUS, 'get', refused!, 429);
      expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await sim.control('DELETE', '/__sim/faults');
    }
  });
});

describe('SailPoint simulator with unsetJobFields "null"', () => {
  const sim = useSimulator(createSailpointSimulator({ unsetJobFields: 'null' }), {
    imports: 10,
    rateLimits: false,
  });

  it('writes unset completed and message as null, as the vendor examples do', async () => {
    const jobs = await sim.control<JobStatus[]>('GET', '/__sim/imports');
    for (const job of jobs) written.assert('/definitions/SpConfigImportJobStatusWithNulls', job);
    const running = jobs.find((job) => job.status === 'IN_PROGRESS')!;
    expect(running).toMatchObject({ completed: null, message: null });
    const bearer = await token(sim.url);
    const status = await get(sim.url, `/v2025/sp-config/import/${running.jobId}`, bearer);
    expect(status.body).toEqual(running);
  });
});
