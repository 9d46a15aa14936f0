import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import { created } from './mutations.ts';

/**
 * `Import.failure` (README, Import failures) through the gateway's HTTP API, each failure driven
 * through a simulator's control API: what each vendor says, and the gateway's own interrupt.
 */
const gateway = useGateway({ imports: 0, providers: ['fleetio', 'sailpoint', 'commercelayer'] });

interface FailureView {
  providerId: string;
  status: string;
  failure: { code: string; message: string | null } | null;
}

const FIELDS = 'providerId status failure { code message }';

/** The imports of one provider, by vendor id, as the list gives them. */
async function listed(provider: string): Promise<Map<string, FailureView>> {
  const response = await gateway.graphql<{ imports: { nodes: FailureView[] } }>(
    `{ imports(first: 100, filter: { providers: [${provider}] }) { nodes { ${FIELDS} } } }`,
  );
  expect(response.errors).toBeUndefined();
  return new Map(response.data!.imports.nodes.map((node) => [node.providerId, node]));
}

describe('Import.failure', () => {
  it('Fleetio: from the status alone, null for a complete import', async () => {
    const cases = [
      ['failed', 'VENDOR_ERROR'],
      ['partially_complete', 'REJECTED_BY_VENDOR'],
      ['incomplete', 'UNKNOWN'],
      ['complete', null],
    ] as const;
    const ids: string[] = [];
    for (const [status] of cases) {
      const added = await gateway.control<{ id: number }>('fleetio', 'POST', '/__sim/imports', { status });
      ids.push(String(added.id));
    }
    const imports = await listed('FLEETIO');
    cases.forEach(([, code], index) => {
      expect(imports.get(ids[index]!)!.failure).toEqual(code === null ? null : { code, message: null });
    });
  });

  it("SailPoint: a FAILED job's message, and refused objects of a COMPLETE job", async () => {
    const TRACK = `mutation ($providerId: String!) { trackImport(input: { provider: SAILPOINT, providerId: $providerId }) {
      import { ${FIELDS} } } }`;
    const failed = await gateway.control<{ jobId: string; message: string }>(
      'sailpoint',
      'POST',
      '/__sim/imports',
      {
        status: 'FAILED',
        message: 'Backup export did not finish; no objects were imported.',
      },
    );
    const refused = await gateway.control<{ jobId: string }>('sailpoint', 'POST', '/__sim/imports', {
      status: 'COMPLETE',
      results: {
        results: {
          RULE: {
            infos: [],
            warnings: [],
            errors: [{ key: 'IMPORT_VALIDATION_FAILED', text: 'Object [r1] was rejected', details: {} }],
            importedObjects: [],
          },
        },
      },
    });
    const track = async (providerId: string) =>
      (await gateway.graphql<{ trackImport: { import: FailureView } }>(TRACK, { providerId })).data!
        .trackImport.import;
    expect(await track(failed.jobId)).toMatchObject({
      status: 'FAILED',
      failure: { code: 'VENDOR_ERROR', message: failed.message },
    });
    expect(await track(refused.jobId)).toMatchObject({
      status: 'FAILED',
      failure: { code: 'REJECTED_BY_VENDOR', message: null },
    });
  });

  it("Commerce Layer: the vendor's stop past its error threshold, and the gateway's interrupt", async () => {
    const stopped = await gateway.control<{ id: string }>('commercelayer', 'POST', '/__sim/imports', {
      status: 'interrupted',
      resource_type: 'skus',
      inputs_size: 50,
      processed_count: 30,
      errors_count: 6,
    });
    const [mine] = await created(gateway, {
      provider: 'COMMERCE_LAYER',
      resourceType: 'skus',
      inputs: Array.from({ length: 300 }, (_, index) => ({ code: `FAIL-${index}`, name: `Sku ${index}` })),
    });
    const halted = await gateway.graphql<{ interruptImport: { import: FailureView } }>(
      `mutation ($id: ID!) { interruptImport(input: { id: $id }) { import { ${FIELDS} } } }`,
      { id: mine!.id },
    );
    expect(halted.data!.interruptImport.import).toMatchObject({
      status: 'CANCELLED',
      failure: { code: 'INTERRUPTED', message: null },
    });
    const imports = await listed('COMMERCE_LAYER');
    expect(imports.get(stopped.id)).toMatchObject({
      status: 'PARTIALLY_SUCCEEDED',
      failure: { code: 'ERROR_THRESHOLD_REACHED', message: null },
    });
    expect(imports.get(mine!.providerId)!.failure).toEqual({ code: 'INTERRUPTED', message: null });
  });
});
