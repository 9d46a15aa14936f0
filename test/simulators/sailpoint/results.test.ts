import { describe, expect, it } from 'vitest';
import { createSailpointSimulator, sailpointSimulator } from '../../../src/simulators/sailpoint/index.ts';
import { useSimulator } from '../../support/simulators.ts';
import {
  exportDocument,
  get,
  importForm,
  postImport,
  requestToken,
  token,
  type JobStatus,
  type SelfRef,
} from './sailpoint-api.ts';

interface Message {
  key: string;
  text: string;
}
interface Results {
  results: Record<
    string,
    { infos: Message[]; warnings: Message[]; errors: Message[]; importedObjects: SelfRef[] }
  >;
  exportJobId?: string;
}

const identity = (name: string) => ({ type: 'IDENTITY', id: `id-${name}`, name });
const objects = [
  { type: 'SOURCE', id: 's1', name: 'Workday HR', object: { owner: identity('Priya Raman') } },
  { type: 'SOURCE', id: 's2', name: 'Legacy LDAP', object: { owner: identity('missing owner') } },
  { type: 'TRANSFORM', id: 't1', name: 'Lowercase Email' },
  { type: 'TRANSFORM', id: 't2', name: 'Broken Mapping (invalid)' },
  {
    type: 'IDENTITY_PROFILE',
    id: 'p1',
    name: 'Employees',
    object: { authoritativeSource: { type: 'SOURCE', id: 's1', name: 'Workday HR' } },
  },
  { type: 'ROLE', id: 'role1', name: 'Finance Analyst' },
];

describe('SailPoint simulator: import results', () => {
  const sim = useSimulator(sailpointSimulator, { imports: 1, rateLimits: false });

  async function importAndDownload(
    options?: unknown,
    query = '',
  ): Promise<{ job: JobStatus; results: Results }> {
    const bearer = await token(sim.url);
    const created = await postImport<JobStatus>(
      sim.url,
      bearer,
      importForm(exportDocument(objects), options),
      { query },
    );
    expect(created.status, created.text).toBe(202);
    const early = await get(sim.url, `/v2025/sp-config/import/${created.body.jobId}/download`, bearer);
    expect(early.status).toBe(400);
    await sim.advance(5 * 60_000);
    const job = await get<JobStatus>(sim.url, `/v2025/sp-config/import/${created.body.jobId}`, bearer);
    const results = await get<Results>(
      sim.url,
      `/v2025/sp-config/import/${created.body.jobId}/download`,
      bearer,
    );
    expect(results.status).toBe(200);
    return { job: job.body, results: results.body };
  }

  it('reports per object type: imported objects, errors that still COMPLETE the job, warnings and the backup id', async () => {
    const { job, results } = await importAndDownload();
    expect(job.status).toBe('COMPLETE');
    expect(Object.keys(results.results)).toEqual(['SOURCE', 'TRANSFORM', 'IDENTITY_PROFILE', 'ROLE']);
    const { SOURCE, TRANSFORM, IDENTITY_PROFILE, ROLE } = results.results;
    expect(SOURCE!.importedObjects).toEqual([{ type: 'SOURCE', id: 's1', name: 'Workday HR' }]);
    expect(SOURCE!.errors.map((error) => error.key)).toEqual(['UNKNOWN_REFERENCE_RESOLVER']);
    expect(SOURCE!.errors[0]!.text).toContain('missing owner');
    expect(SOURCE!.warnings).toHaveLength(1);
    expect(TRANSFORM!.importedObjects.map((object) => object.id)).toEqual(['t1']);
    expect(TRANSFORM!.errors.map((error) => error.key)).toEqual(['IMPORT_VALIDATION_FAILED']);
    // The profile's source reference points into the same document, so it resolves.
    expect(IDENTITY_PROFILE!.importedObjects.map((object) => object.id)).toEqual(['p1']);
    expect(ROLE!.errors.map((error) => error.key)).toEqual(['IMPORT_UNSUPPORTED_TYPE']);
    expect(results.exportJobId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('preview imports nothing, says what would be imported, and takes no backup', async () => {
    const { job, results } = await importAndDownload(undefined, '?preview=true');
    expect(job.status).toBe('COMPLETE');
    expect(results.exportJobId).toBeUndefined();
    for (const result of Object.values(results.results)) expect(result.importedObjects).toEqual([]);
    const previews = Object.values(results.results).flatMap((result) =>
      result.infos.filter((info) => info.key === 'IMPORT_PREVIEW').map((info) => info.text),
    );
    expect(previews).toEqual([
      'Object to be imported: [s1, Workday HR]',
      'Object to be imported: [t1, Lowercase Email]',
      'Object to be imported: [p1, Employees]',
    ]);
    expect(results.results.SOURCE!.errors.map((error) => error.key)).toEqual(['UNKNOWN_REFERENCE_RESOLVER']);
  });

  it('honours includeTypes over excludeTypes, objectOptions, defaultReferences and excludeBackup', async () => {
    const included = await importAndDownload({
      includeTypes: ['TRANSFORM', 'SOURCE'],
      excludeTypes: ['TRANSFORM'],
      objectOptions: { SOURCE: { includedIds: [], includedNames: ['Legacy LDAP'] } },
      defaultReferences: [{ type: 'IDENTITY', id: 'id-admin', name: 'Admin' }],
      excludeBackup: true,
    });
    expect(Object.keys(included.results.results)).toEqual(['SOURCE', 'TRANSFORM']);
    const source = included.results.results.SOURCE!;
    expect(source.importedObjects.map((object) => object.id)).toEqual(['s2']);
    expect(source.errors).toEqual([]);
    expect(source.infos.map((info) => info.key)).toContain('DEFAULT_REFERENCE_USED');
    expect(included.results.exportJobId).toBeUndefined();

    const excluded = await importAndDownload({ excludeTypes: ['TRANSFORM', 'SOURCE'] });
    expect(Object.keys(excluded.results.results)).toEqual(['IDENTITY_PROFILE', 'ROLE']);
  });
});

describe('SailPoint simulator options', () => {
  const sim = useSimulator(
    createSailpointSimulator({
      tokenLifetimeSeconds: 60,
      expiredJobsNotFound: false,
      resultsNotReadyStatus: 404,
      retentionDays: 1,
    }),
    { imports: 6, rateLimits: false },
  );

  it('apply token lifetime, retention, expired-job visibility and the not-ready status', async () => {
    const issued = await requestToken(sim.url);
    expect(issued.body.expires_in).toBe(60);
    const bearer = issued.body.access_token;
    const old = await sim.control<JobStatus>('POST', '/__sim/imports', {
      status: 'COMPLETE',
      created: '2026-10-01T00:00:00Z',
    });
    expect(old.expiration).toBe('2026-10-02T00:00:00Z');
    expect((await get(sim.url, `/v2025/sp-config/import/${old.jobId}`, bearer)).status).toBe(200);
    const queued = await sim.control<JobStatus>('POST', '/__sim/imports', { status: 'NOT_STARTED' });
    const early = await get(sim.url, `/v2025/sp-config/import/${queued.jobId}/download`, bearer);
    expect(early.status).toBe(404);
    await sim.advance(60_000);
    expect((await get(sim.url, `/v2025/sp-config/import/${old.jobId}`, bearer)).status).toBe(401);
  });
});
