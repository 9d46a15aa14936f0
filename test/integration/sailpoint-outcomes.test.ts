import { describe, expect, it } from 'vitest';
import { registerSailpointJobs } from '../../src/providers/sailpoint/registration.ts';
import { useGateway } from '../support/gateway.ts';
import { IMPORT_FIELDS, readAll, like, type ImportView, type MessageNode } from './mutations.ts';

/**
 * SailPoint outcomes (specs/VENDOR-REFERENCE.md §2): a COMPLETE job in which every object failed
 * and none was imported reads FAILED; a FAILED job's download is tried once and its per-object
 * errors are shown. All through the gateway's HTTP API against the simulator.
 */
const gateway = useGateway({ imports: 0, providers: ['sailpoint'] });

const TRACK = `mutation ($providerId: String!) { trackImport(input: { provider: SAILPOINT, providerId: $providerId }) {
  import { ${IMPORT_FIELDS} } userErrors { field message code } } }`;
const DOWNLOAD = 'GET /v2025/sp-config/import/{id}/download';

const error = (key: string, text: string) => ({ key, text, details: {} });
/** Every object refused, nothing imported: the job is COMPLETE but did nothing. */
const NOTHING_IMPORTED = {
  results: {
    RULE: {
      infos: [],
      warnings: [],
      errors: [error('IMPORT_VALIDATION_FAILED', 'Object [r1, Rule one] was rejected by the target service')],
      importedObjects: [],
    },
    TRANSFORM: {
      infos: [],
      warnings: [],
      errors: [error('UNKNOWN_REFERENCE_RESOLVER', 'Unable to resolve reference for object [t1]')],
      importedObjects: [],
    },
  },
};

/** The ids a status filter lists, and the total it counts (counted apart from the page). */
const filtered = async (status: string) => {
  const response = await gateway.graphql<{
    imports: { totalCount: number; nodes: { providerId: string }[] };
  }>(
    `{ imports(first: 100, filter: { providers: [SAILPOINT], statuses: [${status}] }) { totalCount nodes { providerId } } }`,
  );
  const { nodes, totalCount } = response.data!.imports;
  return { ids: nodes.map((node) => node.providerId).sort(), totalCount };
};

describe('SailPoint outcomes', () => {
  it('reads a COMPLETE job with every object failed and none imported as FAILED, and filters on it exactly', async () => {
    const tracked = await gateway.control<{ jobId: string }>('sailpoint', 'POST', '/__sim/imports', {
      status: 'COMPLETE',
      results: NOTHING_IMPORTED,
    });
    const response = await gateway.graphql<{ trackImport: { import: ImportView } }>(TRACK, {
      providerId: tracked.jobId,
    });
    expect(response.data!.trackImport.import).toMatchObject({
      status: 'FAILED',
      providerStatus: 'COMPLETE',
      terminal: true,
      counts: like({ processed: 0, errors: 2 }),
    });

    // Registered without a vendor call (demo mode): settled by its download before any status filter.
    const registered = await gateway.control<{ jobId: string }>('sailpoint', 'POST', '/__sim/imports', {
      status: 'COMPLETE',
      results: NOTHING_IMPORTED,
    });
    expect(await registerSailpointJobs(gateway.gateway.store, [registered], Date.now())).toBe(1);
    expect(await filtered('FAILED')).toEqual({
      ids: [tracked.jobId, registered.jobId].sort(),
      totalCount: 2,
    });
    expect(await filtered('PARTIALLY_SUCCEEDED')).toEqual({ ids: [], totalCount: 0 });
    expect(await filtered('SUCCEEDED')).toEqual({ ids: [], totalCount: 0 });
  });

  it("tries a FAILED job's download once and shows its per-object errors", async () => {
    const failed = await gateway.control<{ jobId: string; message: string }>(
      'sailpoint',
      'POST',
      '/__sim/imports',
      { status: 'FAILED', message: 'Backup export did not finish; no objects were imported.' },
    );
    await gateway.resetStats();
    const response = await gateway.graphql<{ trackImport: { import: ImportView } }>(TRACK, {
      providerId: failed.jobId,
    });
    const job = response.data!.trackImport.import;
    expect(job).toMatchObject({ status: 'FAILED', providerStatus: 'FAILED', counts: like({ processed: 0 }) });
    expect(job.counts.errors).toBeGreaterThan(0);
    const messages = await readAll<MessageNode>(gateway, 'messages', job.id, 100);
    expect(messages.nodes.length).toBe(job.counts.errors);
    for (const node of messages.nodes)
      expect(node).toMatchObject({
        severity: 'ERROR',
        code: 'IMPORT_FAILED',
        text: expect.stringContaining(failed.message) as string,
      });
    await readAll<MessageNode>(gateway, 'messages', job.id, 100);
    expect((await gateway.stats()).sailpoint[DOWNLOAD]).toBe(1);
  });
});
