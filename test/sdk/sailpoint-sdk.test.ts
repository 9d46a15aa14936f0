import { Configuration, SPConfigBetaApi, SPConfigV2024Api } from 'sailpoint-api-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sailpointSimulator } from '../../src/simulators/sailpoint/index.ts';
import { useSimulator } from '../support/simulators.ts';
import { watchOutgoingHttp } from './outgoing-http.ts';
import { exportFile, httpError, type TruthJob } from './sailpoint-client.ts';

const CLIENT = { clientId: 'sim-sailpoint-client', clientSecret: 'sim-sailpoint-secret' };

const OBJECTS = [
  { type: 'TRANSFORM', id: 'b3c0d5e2-0000-4000-8000-000000000001', name: 'Lowercase email' },
  { type: 'TRANSFORM', id: 'b3c0d5e2-0000-4000-8000-000000000002', name: 'an invalid transform' },
  { type: 'RULE', id: 'b3c0d5e2-0000-4000-8000-000000000003', name: 'Account profile rule' },
];

describe('sailpoint-api-client against the SailPoint simulator', () => {
  const sim = useSimulator(sailpointSimulator, { imports: 3 });
  const outgoing = watchOutgoingHttp();
  const truth = () => sim.control<TruthJob[]>('GET', '/__sim/imports');
  let configuration: Configuration;
  beforeAll(() => {
    // Given its parameters, the SDK reads no SAIL_* variable, ./config.json or ~/.sailpoint/config.yaml;
    // should it read the environment after all, it is sent to a host the guard refuses.
    vi.stubEnv('SAIL_BASE_URL', 'https://sdk-read-the-environment.invalid');
    vi.stubEnv('SAIL_CLIENT_ID', 'from-the-environment');
    vi.stubEnv('SAIL_CLIENT_SECRET', 'from-the-environment');
    configuration = new Configuration({ ...CLIENT, baseurl: sim.url, tokenUrl: `${sim.url}/oauth/token` });
  });
  afterEach(() => {
    expect(outgoing.refused).toEqual([]);
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it('gets its token itself, a multipart client_credentials request the simulator accepts', async () => {
    const token = await (configuration.accessToken as Promise<string>);
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      client_id: string;
    };
    expect(claims.client_id).toBe('sim-sailpoint-client');
    expect(outgoing.started).toEqual(['127.0.0.1 /oauth/token']);
  });

  it('imports through the beta API, then reads status and download matching the ground truth', async () => {
    const api = new SPConfigBetaApi(configuration);
    const created = await api.importSpConfig({
      data: exportFile(OBJECTS),
      _options: { includeTypes: ['TRANSFORM', 'RULE'], excludeBackup: true },
    });
    expect(created.status).toBe(202);
    const job = created.data;
    expect(job).toMatchObject({ type: 'IMPORT', status: 'NOT_STARTED' });
    expect((await truth()).find((item) => item.jobId === job.jobId)).toMatchObject({
      status: job.status,
      created: job.created,
    });

    await sim.advance(60_000);
    const status = (await api.getSpConfigImportStatus({ id: job.jobId })).data;
    expect(status.status).toBe('COMPLETE');
    expect((await truth()).find((item) => item.jobId === job.jobId)).toMatchObject({
      status: 'COMPLETE',
      completed: status.completed,
    });

    const results = (await api.getSpConfigImport({ id: job.jobId })).data.results;
    expect(results.TRANSFORM!.importedObjects.map((item) => item.id)).toEqual([OBJECTS[0]!.id]);
    expect(results.TRANSFORM!.errors).toHaveLength(1);
    expect(results.RULE!.importedObjects.map((item) => item.name)).toEqual([OBJECTS[2]!.name]);
    const { requests } = await sim.control<{ requests: Record<string, number> }>('GET', '/__sim/stats');
    expect(requests).toMatchObject({
      'POST /beta/sp-config/import': 1,
      'GET /beta/sp-config/import/{id}': 1,
      'GET /beta/sp-config/import/{id}/download': 1,
    });
  });

  it('answers a missing job and a user without ORG_ADMIN in the ErrorResponseDto the SDK hands back', async () => {
    const missing = await httpError(
      new SPConfigBetaApi(configuration).getSpConfigImportStatus({ id: 'no-such-job' }),
    );
    expect(missing.response.status).toBe(404);
    expect(missing.response.data).toMatchObject({ detailCode: '404 Not found' });

    const helpdesk = new Configuration({
      ...CLIENT,
      baseurl: sim.url,
      tokenUrl: `${sim.url}/oauth/token`,
      clientId: 'sim-sailpoint-helpdesk',
    });
    const [someJob] = await truth();
    const forbidden = await httpError(
      new SPConfigBetaApi(helpdesk).getSpConfigImportStatus({ id: someJob!.jobId }),
    );
    expect(forbidden.response.status).toBe(403);
    expect(forbidden.response.data).toMatchObject({ detailCode: '403 Forbidden' });
  });

  it('v2024: the 1.4 SDK sends no X-SailPoint-Experimental, so the call is refused until configured to', async () => {
    const bare = new SPConfigV2024Api(configuration);
    const refused = await httpError(bare.importSpConfig({ data: exportFile(OBJECTS.slice(0, 1)) }));
    expect(refused.response.status).toBe(400);
    expect(JSON.stringify(refused.response.data)).toContain('X-SailPoint-Experimental: true');

    const experimental = new Configuration({
      ...CLIENT,
      baseurl: sim.url,
      tokenUrl: `${sim.url}/oauth/token`,
    });
    experimental.experimental = true;
    // The SDK says so on stdout at every experimental call.
    const warnings = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    experimental.baseOptions = { headers: { 'X-SailPoint-Experimental': 'true' } };
    const api = new SPConfigV2024Api(experimental);
    const job = (await api.importSpConfig({ data: exportFile(OBJECTS.slice(0, 1)) })).data;
    await sim.advance(60_000);
    const status = (await api.getSpConfigImportStatus({ id: job.jobId })).data;
    expect((await truth()).find((item) => item.jobId === job.jobId)?.status).toBe(status.status);
    expect(status.status).toBe('COMPLETE');
    const results = (await api.getSpConfigImport({ id: job.jobId })).data.results;
    expect(results.TRANSFORM!.importedObjects.map((item) => item.id)).toEqual([OBJECTS[0]!.id]);
    expect(warnings).toHaveBeenCalledWith('Warning: You are using Experimental APIs');
    warnings.mockRestore();
  });
});
