import { describe, expect, it } from 'vitest';
import { createSailpointSimulator } from '../../../src/simulators/sailpoint/index.ts';
import { useSimulator } from '../../support/simulators.ts';
import type { JobStatus } from '../../simulators/sailpoint/sailpoint-api.ts';
import { takeStats, useSailpointSource } from './support.ts';

const DOWNLOAD = 'GET /v2025/sp-config/import/{id}/download';

describe('SailPoint source: a FAILED job whose download the vendor refuses', () => {
  // The vendor's answer for a FAILED job's download is not documented: this tenant has none.
  const sim = useSimulator(
    createSailpointSimulator({ failedJobsHaveResults: false, tokenLifetimeSeconds: 86_400 }),
    {
      imports: 0,
      rateLimits: false,
    },
  );
  const gateway = useSailpointSource(sim);

  it('tries the download once, then shows the overall message without asking again', async () => {
    const message = 'Backup export did not finish; no objects were imported.';
    const { jobId } = await sim.control<JobStatus>('POST', '/__sim/imports', { status: 'FAILED', message });
    await takeStats(sim);
    const item = await gateway.source.track!(jobId);
    expect(item).toMatchObject({ status: 'FAILED', terminal: true, counts: { errors: null } });
    expect((await takeStats(sim))[DOWNLOAD]).toBe(1);

    for (let read = 0; read < 2; read++) {
      const page = await gateway.source.messages!(item!, { first: 10 });
      expect(page.items.map(({ node }) => node)).toEqual([
        { severity: 'ERROR', code: 'JOB_FAILED', text: message, subject: null },
      ]);
    }
    expect((await takeStats(sim))[DOWNLOAD]).toBeUndefined();
  });
});
