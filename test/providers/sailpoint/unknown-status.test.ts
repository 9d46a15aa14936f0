import { describe, expect, it } from 'vitest';
import { registerSailpointJobs } from '../../../src/providers/sailpoint/registration.ts';
import { createSailpointSimulator } from '../../../src/simulators/sailpoint/index.ts';
import { capturingLogger } from '../../support/log-capture.ts';
import { useSimulator } from '../../support/simulators.ts';
import type { JobStatus } from '../../simulators/sailpoint/sailpoint-api.ts';
import { useSailpointSource } from './support.ts';

const everything = {
  order: { field: 'CREATED_AT', direction: 'DESC' },
  limit: 1000,
  conditions: {},
} as const;

describe('SailPoint source: a job status the spec does not list', () => {
  const sim = useSimulator(createSailpointSimulator({ tokenLifetimeSeconds: 86_400 }), {
    imports: 0,
    rateLimits: false,
  });
  const capture = capturingLogger('warn');
  // Every list reads every non-terminal job again: the most a log could be asked to repeat.
  const gateway = useSailpointSource(sim, { log: capture.log, options: { refreshAfterMs: 0 } });

  it('reads it as RUNNING, not terminal, and warns once per value however often it is read', async () => {
    const jobs: JobStatus[] = [];
    for (const status of ['PAUSED', 'PAUSED', 'PAUSED', 'ON_HOLD'])
      jobs.push(await sim.control<JobStatus>('POST', '/__sim/imports', { status }));
    expect(jobs.map((job) => job.status)).toEqual(['PAUSED', 'PAUSED', 'PAUSED', 'ON_HOLD']);
    expect(await registerSailpointJobs(gateway.store, jobs, gateway.now)).toBe(4);

    gateway.now += 1;
    const first = await gateway.source.list(everything);
    gateway.now += 1;
    const second = await gateway.source.list(everything);
    for (const listed of [first, second]) {
      expect(listed.items).toHaveLength(4);
      for (const item of listed.items) {
        expect(item).toMatchObject({ status: 'RUNNING', terminal: false });
        expect(['PAUSED', 'ON_HOLD']).toContain(item.providerStatus);
      }
    }
    const warnings = capture.entries().filter((entry) => entry.level === 40);
    expect(warnings.map((entry) => [entry.provider, entry.providerStatus])).toEqual([
      ['SAILPOINT', 'PAUSED'],
      ['SAILPOINT', 'ON_HOLD'],
    ]);
  });
});
