import { describe, expect, it } from 'vitest';
import { sailpointSimulator } from '../../../src/simulators/sailpoint/index.ts';
import { useSimulator } from '../../support/simulators.ts';
import {
  TERMINAL,
  exportDocument,
  get,
  importForm,
  postImport,
  token,
  type JobStatus,
} from './sailpoint-api.ts';

const FIVE_MINUTES = 5 * 60_000;

describe('SailPoint simulator: job lifecycle on the manual clock', () => {
  const sim = useSimulator(sailpointSimulator, { imports: 12, rateLimits: false });

  /** Polls a job every `stepMs` of simulated time until it ends; returns each distinct state seen. */
  async function follow(jobId: string, stepMs: number): Promise<JobStatus[]> {
    const seen: JobStatus[] = [];
    // Five simulated minutes fit in one token's 749 s.
    const bearer = await token(sim.url);
    for (let elapsed = 0; elapsed <= FIVE_MINUTES; elapsed += stepMs) {
      const reply = await get<JobStatus>(sim.url, `/v2025/sp-config/import/${jobId}`, bearer);
      expect(reply.status).toBe(200);
      if (seen.at(-1)?.status !== reply.body.status) seen.push(reply.body);
      if (TERMINAL.has(reply.body.status)) return seen;
      await sim.advance(stepMs);
    }
    return seen;
  }

  it('moves an API import NOT_STARTED → IN_PROGRESS → COMPLETE within five minutes, with the backup', async () => {
    const bearer = await token(sim.url);
    const document = exportDocument([
      { type: 'TRANSFORM', id: 't1', name: 'Lowercase Email' },
      { type: 'RULE', id: 'r1', name: 'Correlation - Employee ID' },
    ]);
    const created = await postImport<JobStatus>(sim.url, bearer, importForm(document));
    const states = await follow(created.body.jobId, 2_000);
    expect(states.map((state) => state.status)).toEqual(['NOT_STARTED', 'IN_PROGRESS', 'COMPLETE']);
    const [queued, running, done] = states as [JobStatus, JobStatus, JobStatus];
    expect(queued.modified).toBe(queued.created);
    expect(Date.parse(running.modified)).toBeGreaterThan(Date.parse(queued.modified));
    expect(Date.parse(done.modified)).toBeGreaterThan(Date.parse(running.modified));
    expect(Date.parse(done.completed!)).toBeLessThanOrEqual(Date.parse(done.modified));
    expect(Date.parse(done.completed!) - Date.parse(done.created)).toBeLessThan(FIVE_MINUTES);
    expect(done.message).toBe('Download import results for details.');
    expect(done.expiration).toBe(queued.expiration);
  });

  it('finishes an import without backup in seconds, like the spec example (≈1.4 s)', async () => {
    const bearer = await token(sim.url);
    const document = exportDocument([{ type: 'TRIGGER_SUBSCRIPTION', id: 'x1', name: 'test trigger' }]);
    const created = await postImport<JobStatus>(
      sim.url,
      bearer,
      importForm(document, { excludeBackup: true }),
    );
    const states = await follow(created.body.jobId, 250);
    const done = states.at(-1)!;
    expect(done.status).toBe('COMPLETE');
    expect(Date.parse(done.completed!) - Date.parse(done.created)).toBeLessThan(6_000);
  });

  it('fails a job whose document asks for it, with a message and its per-object errors to download', async () => {
    const bearer = await token(sim.url);
    const document = exportDocument([{ type: 'SOURCE', id: 's1', name: 'Workday fail-job' }]);
    const created = await postImport<JobStatus>(sim.url, bearer, importForm(document), { version: 'beta' });
    const done = (await follow(created.body.jobId, 5_000)).at(-1)!;
    expect(done.status).toBe('FAILED');
    expect(done.message).toEqual(expect.any(String));
    const download = await get<{ results: Record<string, { errors: { key: string; text: string }[] }> }>(
      sim.url,
      `/beta/sp-config/import/${done.jobId}/download`,
      bearer,
    );
    expect(download.status).toBe(200);
    expect(download.body.results.SOURCE!.errors).toEqual([
      expect.objectContaining({
        key: 'IMPORT_FAILED',
        text: expect.stringContaining(done.message!) as string,
      }),
    ]);
  });

  it('moves seeded and added non-terminal jobs to a terminal status within five minutes', async () => {
    await sim.control('POST', '/__sim/reset');
    const queued = await sim.control<JobStatus>('POST', '/__sim/imports', { status: 'NOT_STARTED' });
    const running = await sim.control<JobStatus>('POST', '/__sim/imports', { status: 'IN_PROGRESS' });
    const open = (await sim.control<JobStatus[]>('GET', '/__sim/imports')).filter(
      (job) => !TERMINAL.has(job.status),
    );
    expect(open.map((job) => job.jobId)).toEqual(expect.arrayContaining([queued.jobId, running.jobId]));
    expect(open.length).toBeGreaterThanOrEqual(4);
    for (let elapsed = 0; elapsed < FIVE_MINUTES; elapsed += 30_000) await sim.advance(30_000);
    const later = await sim.control<JobStatus[]>('GET', '/__sim/imports');
    for (const job of open) {
      const now = later.find((candidate) => candidate.jobId === job.jobId)!;
      expect(TERMINAL.has(now.status), `${job.jobId} is still ${now.status}`).toBe(true);
      expect(Date.parse(now.modified)).toBeGreaterThan(Date.parse(job.modified));
    }
  });
});
