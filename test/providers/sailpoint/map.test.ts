import { describe, expect, it } from 'vitest';
import { mapJobStatus, outcomeOf, SAILPOINT_STATUSES } from '../../../src/providers/sailpoint/map.ts';
import {
  parseImportResults,
  parseJobStatus,
  parseTokenGrant,
  WireShapeError,
  type SpConfigImportJobStatus,
  type SpConfigImportResults,
} from '../../../src/providers/sailpoint/wire.ts';

// The spec's status example [S], with the fraction written as the vendor writes it.
const job = (status: string, extra: Partial<SpConfigImportJobStatus> = {}): SpConfigImportJobStatus => ({
  jobId: '3469b87d-48ca-439a-868f-2160001da8c1',
  status,
  type: 'IMPORT',
  expiration: '2021-05-20T15:04:24Z',
  created: '2021-05-13T16:42:39.333Z',
  modified: '2021-05-13T16:42:40.71Z',
  ...extra,
});

const message = (text: string) => ({ key: 'KEY', text, details: {} });
const results: SpConfigImportResults = {
  results: {
    TRANSFORM: {
      infos: [],
      warnings: [],
      errors: [message('rejected')],
      importedObjects: [{ type: 'TRANSFORM', id: 't1', name: 'Lowercase' }],
    },
    SOURCE: {
      infos: [message('updated')],
      warnings: [message('credentials'), message('credentials')],
      errors: [],
      importedObjects: [
        { type: 'SOURCE', id: 's1', name: 'Workday' },
        { type: 'SOURCE', id: 's2', name: 'LDAP' },
      ],
    },
  },
  exportJobId: 'be9e116d-6c5c-4d54-b5ab-2a9d5ea0b1f1',
};

describe('SailPoint map: job status → Import', () => {
  it.each([
    ['NOT_STARTED', 'PENDING', false, 0, null],
    ['IN_PROGRESS', 'RUNNING', false, null, null],
    ['COMPLETE', 'SUCCEEDED', true, 1, null],
    ['CANCELLED', 'CANCELLED', true, null, 'INTERRUPTED'],
    ['FAILED', 'FAILED', true, null, 'VENDOR_ERROR'],
  ] as const)('maps %s to %s (terminal %s)', (raw, status, terminal, progress, failure) => {
    const completed = terminal ? { completed: '2021-05-13T16:42:40.705Z' } : {};
    const item = mapJobStatus(job(raw, completed));
    expect(item).toEqual({
      provider: 'SAILPOINT',
      providerId: '3469b87d-48ca-439a-868f-2160001da8c1',
      status,
      providerStatus: raw,
      terminal,
      resourceType: null,
      fileName: null,
      format: 'JSON',
      createdAt: new Date('2021-05-13T16:42:39.333Z'),
      updatedAt: new Date('2021-05-13T16:42:40.710Z'),
      startedAt: null,
      completedAt: terminal ? new Date('2021-05-13T16:42:40.705Z') : null,
      counts: { total: null, processed: null, errors: null, warnings: null },
      progress,
      failure: failure === null ? null : { code: failure, message: null },
    });
  });

  it('covers every status of the spec enum', () => {
    expect(Object.keys(SAILPOINT_STATUSES).sort()).toEqual(
      ['CANCELLED', 'COMPLETE', 'FAILED', 'IN_PROGRESS', 'NOT_STARTED'].sort(),
    );
  });

  it('passes an unknown status through as RUNNING, not terminal', () => {
    const item = mapJobStatus(job('PAUSED_FOR_REVIEW'));
    expect(item).toMatchObject({
      status: 'RUNNING',
      providerStatus: 'PAUSED_FOR_REVIEW',
      terminal: false,
      progress: null,
    });
  });

  it('makes a COMPLETE job with any object error PARTIALLY_SUCCEEDED, with counts and types', () => {
    const item = mapJobStatus(job('COMPLETE', { completed: '2021-05-13T16:42:40.705Z' }), outcomeOf(results));
    expect(item).toMatchObject({
      status: 'PARTIALLY_SUCCEEDED',
      providerStatus: 'COMPLETE',
      terminal: true,
      resourceType: 'SOURCE,TRANSFORM',
      counts: { total: null, processed: 3, errors: 1, warnings: 2 },
      progress: 1,
    });
  });

  it('keeps a COMPLETE job without errors SUCCEEDED, and an empty result without types', () => {
    const clean = structuredClone(results);
    clean.results.TRANSFORM!.errors = [];
    expect(mapJobStatus(job('COMPLETE'), outcomeOf(clean))).toMatchObject({
      status: 'SUCCEEDED',
      counts: { processed: 3, errors: 0, warnings: 2 },
    });
    expect(mapJobStatus(job('COMPLETE'), outcomeOf({ results: {} }))).toMatchObject({
      status: 'SUCCEEDED',
      resourceType: null,
      counts: { processed: 0, errors: 0, warnings: 0 },
    });
  });

  it('reads COMPLETE with errors and nothing imported as FAILED (specs/VENDOR-REFERENCE.md §2)', () => {
    const nothing = structuredClone(results);
    for (const result of Object.values(nothing.results)) result.importedObjects = [];
    expect(mapJobStatus(job('COMPLETE'), outcomeOf(nothing))).toMatchObject({
      status: 'FAILED',
      providerStatus: 'COMPLETE',
      terminal: true,
      counts: { processed: 0, errors: 1 },
    });
  });

  it('keeps a FAILED job FAILED with its download, and ignores an outcome for a job not finished', () => {
    expect(mapJobStatus(job('FAILED'), outcomeOf(results))).toMatchObject({
      status: 'FAILED',
      counts: { processed: 3, errors: 1 },
    });
    for (const status of ['CANCELLED', 'IN_PROGRESS'])
      expect(mapJobStatus(job(status), outcomeOf(results))).toMatchObject({ resourceType: null });
  });
});

describe('SailPoint wire: checking what the vendor sent', () => {
  it('reads the spec example, including the undeclared description and a null completed', () => {
    const parsed = parseJobStatus({
      ...job('IN_PROGRESS'),
      description: null,
      completed: null,
      message: null,
    });
    expect(parsed).toEqual(job('IN_PROGRESS'));
  });

  it.each([
    ['not an object', []],
    ['no jobId', { ...job('COMPLETE'), jobId: undefined }],
    ['a numeric status', { ...job('COMPLETE'), status: 3 }],
    ['no created', { ...job('COMPLETE'), created: undefined }],
    ['a bad modified', { ...job('COMPLETE'), modified: 'yesterday' }],
    ['a numeric completed', { ...job('COMPLETE'), completed: 12 }],
    ['a numeric message', { ...job('COMPLETE'), message: 12 }],
  ])('refuses a job status with %s', (_, body) => {
    expect(() => parseJobStatus(body)).toThrow(WireShapeError);
  });

  it('reads results and refuses wrong shapes', () => {
    expect(parseImportResults(results)).toEqual(results);
    expect(() => parseImportResults({})).toThrow(/`results`/);
    expect(() =>
      parseImportResults({ results: { SOURCE: { infos: [], warnings: [], errors: [] } } }),
    ).toThrow(/importedObjects/);
    expect(() =>
      parseImportResults({
        results: { SOURCE: { infos: [], warnings: [], errors: 'none', importedObjects: [] } },
      }),
    ).toThrow(/errors/);
  });

  it('reads a token grant and refuses one without a lifetime', () => {
    expect(parseTokenGrant({ access_token: 'a.b.c', expires_in: 749, token_type: 'bearer' })).toEqual({
      accessToken: 'a.b.c',
      expiresInSeconds: 749,
    });
    expect(() => parseTokenGrant({ access_token: 'a.b.c' })).toThrow(/expires_in/);
  });
});
