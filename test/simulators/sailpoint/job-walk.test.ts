import { describe, expect, it } from 'vitest';
import { sailpointSimulator } from '../../../src/simulators/sailpoint/index.ts';
import { useSimulator } from '../../support/simulators.ts';
import { exportDocument, get, importForm, postImport, token, type JobStatus } from './sailpoint-api.ts';

/**
 * SailPoint has no list endpoint [S], so "walking the list" means what the gateway does: fetch
 * every job it knows by id. Walked against the ground truth of `GET /__sim/imports` through every
 * version prefix, with jobs added in the middle of the walk.
 */
describe('SailPoint simulator: every job fetched by id equals the ground truth', () => {
  const sim = useSimulator(sailpointSimulator, { imports: 60, rateLimits: false });

  const byCreatedThenId = (a: JobStatus, b: JobStatus) =>
    Date.parse(a.created) - Date.parse(b.created) || (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0);

  it('holds 60 distinct jobs, oldest first, some sharing exact timestamps', async () => {
    const jobs = await sim.control<JobStatus[]>('GET', '/__sim/imports');
    expect(jobs).toHaveLength(60);
    expect(new Set(jobs.map((job) => job.jobId)).size).toBe(60);
    expect([...jobs].sort(byCreatedThenId)).toEqual(jobs);
    const createdTwice = jobs.filter((job, index) => index > 0 && job.created === jobs[index - 1]!.created);
    expect(createdTwice.length).toBeGreaterThanOrEqual(2);
    expect(
      createdTwice.some((job) => jobs.find((other) => other !== job && other.modified === job.modified)),
    ).toBe(true);
  });

  it('answers each job by id on every version, 404 past expiration, including jobs added mid-walk', async () => {
    const bearer = await token(sim.url);
    const before = await sim.control<JobStatus[]>('GET', '/__sim/imports');
    const now = Date.parse((await sim.control<{ now: string }>('GET', '/__sim/clock')).now);
    const walked = new Map<string, JobStatus | 'gone'>();
    let added: JobStatus[] = [];
    for (const [index, job] of before.entries()) {
      if (index === 30) {
        const viaControl = await sim.control<JobStatus>('POST', '/__sim/imports', { status: 'IN_PROGRESS' });
        const viaApi = await postImport<JobStatus>(
          sim.url,
          bearer,
          importForm(exportDocument([{ type: 'RULE', id: 'r1', name: 'Correlation' }])),
          { version: 'v2024' },
        );
        added = [viaControl, viaApi.body];
      }
      const version = (['v2025', 'v2024', 'beta'] as const)[index % 3];
      const reply = await get<JobStatus>(sim.url, `/${version}/sp-config/import/${job.jobId}`, bearer);
      expect(walked.has(job.jobId)).toBe(false);
      if (Date.parse(job.expiration) <= now) {
        expect(reply.status).toBe(404);
        walked.set(job.jobId, 'gone');
      } else {
        expect(reply.status).toBe(200);
        expect(reply.body).toEqual(job);
        walked.set(job.jobId, reply.body);
      }
    }
    const after = await sim.control<JobStatus[]>('GET', '/__sim/imports');
    expect(after).toHaveLength(before.length + 2);
    expect([...after].sort(byCreatedThenId)).toEqual(after);
    for (const job of added) {
      expect(after).toContainEqual(job);
      expect((await get(sim.url, `/beta/sp-config/import/${job.jobId}`, bearer)).body).toEqual(job);
    }
    const expired = [...walked.values()].filter((job) => job === 'gone').length;
    expect(expired).toBeGreaterThan(0);
    expect(expired).toBeLessThan(before.length / 4);
  });

  it('serves results whose keys are the object types of the imported objects', async () => {
    const bearer = await token(sim.url);
    const jobs = await sim.control<JobStatus[]>('GET', '/__sim/imports');
    let downloads = 0;
    for (const job of jobs.filter((candidate) => candidate.status === 'COMPLETE')) {
      const reply = await get<{ results: Record<string, { importedObjects: { type: string }[] }> }>(
        sim.url,
        `/v2025/sp-config/import/${job.jobId}/download`,
        bearer,
      );
      if (reply.status === 404) continue;
      downloads++;
      for (const [type, result] of Object.entries(reply.body.results)) {
        for (const imported of result.importedObjects) expect(imported.type).toBe(type);
      }
    }
    expect(downloads).toBeGreaterThan(20);
  });
});
