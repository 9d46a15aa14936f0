import { describe, expect, it } from 'vitest';
import { expiredJob, mapJobStatus, outcomeOf } from '../../../src/providers/sailpoint/map.ts';
import type {
  SpConfigImportJobStatus,
  SpConfigImportResults,
} from '../../../src/providers/sailpoint/wire.ts';

const job = (status: string, message?: string): SpConfigImportJobStatus => ({
  jobId: '3469b87d-48ca-439a-868f-2160001da8c1',
  status,
  created: '2021-05-13T16:42:39.333Z',
  modified: '2021-05-13T16:42:40.71Z',
  completed: '2021-05-13T16:42:40.705Z',
  ...(message === undefined ? {} : { message }),
});

const download = (errors: number, imported: number): SpConfigImportResults => ({
  results: {
    SOURCE: {
      infos: [],
      warnings: [],
      errors: Array.from({ length: errors }, () => ({ key: 'KEY', text: 'refused' })),
      importedObjects: Array.from({ length: imported }, (_, index) => ({ type: 'SOURCE', id: `s${index}` })),
    },
  },
});

describe('SailPoint map: Import.failure (README, Import failures)', () => {
  it("gives a FAILED job VENDOR_ERROR with the job's message, and keeps it once the download is read", () => {
    const failed = job('FAILED', '  Backup export did not finish.  ');
    const expected = { code: 'VENDOR_ERROR', message: 'Backup export did not finish.' };
    expect(mapJobStatus(failed).failure).toEqual(expected);
    expect(mapJobStatus(failed, outcomeOf(download(2, 0))).failure).toEqual(expected);
  });

  it('reads a blank message as none, and a CANCELLED job as INTERRUPTED', () => {
    expect(mapJobStatus(job('FAILED', '   ')).failure).toEqual({ code: 'VENDOR_ERROR', message: null });
    expect(mapJobStatus(job('CANCELLED')).failure).toEqual({ code: 'INTERRUPTED', message: null });
  });

  it.each([
    [0, 3, 'SUCCEEDED', null],
    [2, 1, 'PARTIALLY_SUCCEEDED', 'REJECTED_BY_VENDOR'],
    [2, 0, 'FAILED', 'REJECTED_BY_VENDOR'],
  ] as const)(
    'a COMPLETE job with %i errors and %i imported is %s, failure %s',
    (errors, imported, status, code) => {
      const item = mapJobStatus(job('COMPLETE'), outcomeOf(download(errors, imported)));
      expect(item.status).toBe(status);
      expect(item.failure).toEqual(code === null ? null : { code, message: null });
    },
  );

  it('gives a job that expired unseen EXPIRED; one last seen finished keeps its failure', () => {
    const expiredAt = new Date('2021-05-20T15:04:25Z');
    const running = mapJobStatus({ ...job('IN_PROGRESS'), completed: null });
    expect(running.failure).toBeNull();
    expect(expiredJob(running, expiredAt)).toMatchObject({ status: 'FAILED', failure: { code: 'EXPIRED' } });
    const succeeded = mapJobStatus(job('COMPLETE'), outcomeOf(download(0, 1)));
    expect(expiredJob(succeeded, expiredAt).failure).toBeNull();
  });
});
