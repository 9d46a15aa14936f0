import { describe, expect, it } from 'vitest';
import { expiredJob, mapJobStatus, outcomeOf, withOutcome } from '../../../src/providers/sailpoint/map.ts';

const job = (status: string) => ({
  jobId: '3469b87d-48ca-439a-868f-2160001da8c1',
  status,
  created: '2021-05-13T16:42:39.333Z',
  modified: '2021-05-13T16:42:40.71Z',
});

describe('SailPoint map: preview', () => {
  it('marks a job a preview only when the caller knows it is one', () => {
    expect(mapJobStatus(job('IN_PROGRESS')).preview ?? false).toBe(false);
    expect(mapJobStatus(job('IN_PROGRESS'), undefined, true).preview).toBe(true);
  });

  it('keeps the mark through the download and an expiry', () => {
    const running = mapJobStatus(job('IN_PROGRESS'), undefined, true);
    const results = { results: { SOURCE: { infos: [], warnings: [], errors: [], importedObjects: [] } } };
    expect(withOutcome({ ...running, providerStatus: 'COMPLETE' }, outcomeOf(results)).preview).toBe(true);
    expect(expiredJob(running, new Date('2021-05-20T15:04:25Z')).preview).toBe(true);
  });
});
