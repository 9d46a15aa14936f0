import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import { advance, created, readAll, transformDocument } from './mutations.ts';

/** `Import.preview` through the gateway's HTTP API against the simulators. */
const gateway = useGateway({ imports: 4 });

const PREVIEW = `query ($id: ID!) { import(id: $id) { status terminal preview } }`;
const TRACK = `mutation ($providerId: String!) { trackImport(input: { provider: SAILPOINT, providerId: $providerId }) {
  import { preview } } }`;

async function previewOf(id: string) {
  const response = await gateway.graphql<{ import: { terminal: boolean; preview: boolean } }>(PREVIEW, {
    id,
  });
  expect(response.errors).toBeUndefined();
  return response.data!.import;
}

describe('Import.preview', () => {
  it('is true for a SailPoint job created as a preview, once read finished and tracked again', async () => {
    const document = transformDocument('2cd0a1f3e8b94c0b', 'Lower Email');
    const [dryRun] = await created(gateway, { provider: 'SAILPOINT', document, preview: true });
    const [real] = await created(gateway, { provider: 'SAILPOINT', document });
    expect((await previewOf(dryRun!.id)).preview).toBe(true);
    expect((await previewOf(real!.id)).preview).toBe(false);
    // Its messages read the finished job from SailPoint and save it again: still a preview (the
    // registry's own refresh is covered in test/providers/sailpoint/preview-refresh.test.ts).
    await advance(gateway, 5 * 60_000);
    const messages = await readAll<{ code: string | null }>(gateway, 'messages', dryRun!.id, 50);
    expect(messages.nodes.some((node) => node.code === 'IMPORT_PREVIEW')).toBe(true);
    expect(await previewOf(dryRun!.id)).toMatchObject({ terminal: true, preview: true });
    const tracked = await gateway.graphql<{ trackImport: { import: { preview: boolean } } }>(TRACK, {
      providerId: dryRun!.providerId,
    });
    expect(tracked.data!.trackImport.import.preview).toBe(true);
  });

  it('is false for a job tracked from elsewhere and for vendors without previews', async () => {
    const job = await gateway.control<{ jobId: string }>('sailpoint', 'POST', '/__sim/imports', {
      status: 'COMPLETE',
    });
    const tracked = await gateway.graphql<{ trackImport: { import: { preview: boolean } } }>(TRACK, {
      providerId: job.jobId,
    });
    expect(tracked.data!.trackImport.import.preview).toBe(false);
    const listed = await gateway.graphql<{ imports: { nodes: { provider: string; preview: boolean }[] } }>(
      '{ imports(first: 50, filter: { providers: [FLEETIO, COMMERCE_LAYER] }) { nodes { provider preview } } }',
    );
    const nodes = listed.data!.imports.nodes;
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((node) => !node.preview)).toBe(true);
  });
});
