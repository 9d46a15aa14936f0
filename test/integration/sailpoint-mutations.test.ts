import { describe, expect, it } from 'vitest';
import { registerSailpointJobs } from '../../src/providers/sailpoint/registration.ts';
import { useGateway } from '../support/gateway.ts';
import {
  advance,
  createImport,
  created,
  IMPORT_FIELDS,
  readAll,
  readImport,
  userErrorsOf,
  type ImportView,
  type MessageNode,
  type UserErrorView,
  like,
  matching,
} from './mutations.ts';

const gateway = useGateway({ imports: 4, providers: ['sailpoint'] });

const object = (type: string, id: string, name: string, body: Record<string, unknown> = {}) => ({
  version: 1,
  self: { type, id, name },
  object: { name, ...body },
});

/** An sp-config export: a transform, a source (whose credentials must be set again) and a rule the target refuses. */
const DOCUMENT = {
  version: 1,
  timestamp: '2026-03-02T10:00:00Z',
  tenant: 'acme-sb',
  description: 'Promote HR config',
  objects: [
    object('TRANSFORM', '2cd0a1f3e8b94c0b', 'Lower Email', { type: 'lower', attributes: {} }),
    object('SOURCE', '9f1e7d3c5b2a4e6f', 'Workday HR', {
      owner: { type: 'IDENTITY', id: '7a7a7a7a', name: 'Ann Admin' },
      connector: 'workday',
    }),
    object('RULE', '4b4b4b4b4b4b4b4b', 'An invalid rule', { type: 'BeforeProvisioning' }),
  ],
};

const TRACK = `mutation ($providerId: String!) { trackImport(input: { provider: SAILPOINT, providerId: $providerId }) {
  import { ${IMPORT_FIELDS} } userErrors { field message code } } }`;

interface RecordNode {
  type: string;
  providerId: string;
  name: string | null;
  raw: unknown;
}

describe('SailPoint jobs through mutations', () => {
  it('creates a job, registers it at once, and reads its messages and imported objects once complete', async () => {
    await gateway.resetStats();
    const [job] = await created(gateway, {
      provider: 'SAILPOINT',
      document: DOCUMENT,
      options: { excludeBackup: true },
    });
    expect(job).toMatchObject({ provider: 'SAILPOINT', status: 'PENDING', providerStatus: 'NOT_STARTED' });
    expect((await gateway.stats()).sailpoint['POST /v2025/sp-config/import']).toBe(1);
    // Registered at once: SailPoint cannot list jobs, yet the new one is in the list.
    const listed = await gateway.graphql<{ imports: { nodes: { id: string }[] } }>(
      '{ imports(first: 100, filter: { providers: [SAILPOINT] }) { nodes { id } } }',
    );
    expect(listed.data!.imports.nodes.map((node) => node.id)).toContain(job!.id);

    // Not finished yet: no messages, no records, and not an error.
    const early = await readAll<MessageNode>(gateway, 'messages', job!.id, 10);
    expect(early).toEqual({ nodes: [], pages: 1, available: true });

    await advance(gateway, 5 * 60_000);
    const messages = await readAll<MessageNode>(gateway, 'messages', job!.id, 2);
    expect(messages.nodes).toContainEqual(
      like({ severity: 'ERROR', code: 'IMPORT_VALIDATION_FAILED', subject: 'RULE' }),
    );
    expect(messages.nodes).toContainEqual(
      like({ severity: 'WARNING', code: 'IMPORT_CREDENTIALS_NOT_SET', subject: 'SOURCE' }),
    );
    expect(messages.pages).toBe(Math.ceil(messages.nodes.length / 2));
    const status = await readImport(gateway, job!.id);
    expect(status.data!.import).toMatchObject({
      status: 'PARTIALLY_SUCCEEDED',
      providerStatus: 'COMPLETE',
      terminal: true,
    });
    expect(status.data!.import!.counts).toMatchObject({ errors: 1, processed: 2 });

    const records = await readAll<RecordNode>(gateway, 'records', job!.id, 1);
    expect(records.nodes.map(({ type, providerId, name }) => ({ type, providerId, name }))).toEqual([
      { type: 'SOURCE', providerId: '9f1e7d3c5b2a4e6f', name: 'Workday HR' },
      { type: 'TRANSFORM', providerId: '2cd0a1f3e8b94c0b', name: 'Lower Email' },
    ]);

    // The download was read once and kept: reading again costs no vendor request.
    await gateway.resetStats();
    await readAll(gateway, 'messages', job!.id, 100);
    await readAll(gateway, 'records', job!.id, 100);
    expect((await gateway.stats()).sailpoint).toEqual({});
  });

  it('creates a preview job: messages but no imported objects', async () => {
    const [job] = await created(gateway, { provider: 'SAILPOINT', document: DOCUMENT, preview: true });
    await advance(gateway, 5 * 60_000);
    const messages = await readAll<MessageNode>(gateway, 'messages', job!.id, 50);
    expect(messages.nodes.some((node) => node.code === 'IMPORT_PREVIEW')).toBe(true);
    expect((await readAll<RecordNode>(gateway, 'records', job!.id, 50)).nodes).toEqual([]);
  });

  it('tracks a job created elsewhere, read from SailPoint first', async () => {
    const job = await gateway.control<{ jobId: string }>('sailpoint', 'POST', '/__sim/imports', {
      status: 'COMPLETE',
      document: DOCUMENT,
    });
    const response = await gateway.graphql<{
      trackImport: { import: ImportView; userErrors: UserErrorView[] };
    }>(TRACK, {
      providerId: job.jobId,
    });
    expect(userErrorsOf(response, 'trackImport')).toEqual([]);
    // A COMPLETE job's download is read at once, so its errors show from the start.
    expect(response.data!.trackImport.import).toMatchObject({
      providerId: job.jobId,
      status: 'PARTIALLY_SUCCEEDED',
    });
    const listed = await gateway.graphql<{ imports: { nodes: { providerId: string }[] } }>(
      '{ imports(first: 100, filter: { providers: [SAILPOINT] }) { nodes { providerId } } }',
    );
    expect(listed.data!.imports.nodes.map((node) => node.providerId)).toContain(job.jobId);

    const unknown = await gateway.graphql<{ trackImport: { userErrors: UserErrorView[] } }>(TRACK, {
      providerId: 'no-such-job',
    });
    expect(userErrorsOf(unknown, 'trackImport')).toEqual([
      like({ field: ['input', 'providerId'], code: 'NOT_FOUND' }),
    ]);
  });

  it('shows a job registered COMPLETE without a vendor call (demo mode) exactly, from the first page on', async () => {
    // DOCUMENT holds a rule the target refuses: COMPLETE, with an error in its download.
    const body = await gateway.control<{ jobId: string }>('sailpoint', 'POST', '/__sim/imports', {
      status: 'COMPLETE',
      document: DOCUMENT,
    });
    await gateway.resetStats();
    expect(await registerSailpointJobs(gateway.gateway.store, [body], Date.now())).toBe(1);
    expect(await gateway.stats()).toMatchObject({ sailpoint: {} });
    const PARTIAL = `{ imports(first: 100, filter: { providers: [SAILPOINT], statuses: [PARTIALLY_SUCCEEDED] }) {
      totalCount nodes { id providerId status counts { errors processed } resourceType } } }`;
    const listed = await gateway.graphql<{
      imports: { totalCount: number; nodes: { id: string; providerId: string }[] };
    }>(PARTIAL);
    expect(listed.errors).toBeUndefined();
    const registered = listed.data!.imports.nodes.find((node) => node.providerId === body.jobId);
    expect(registered).toEqual({
      id: registered?.id,
      providerId: body.jobId,
      status: 'PARTIALLY_SUCCEEDED',
      counts: { errors: 1, processed: 2 },
      resourceType: 'RULE,SOURCE,TRANSFORM',
    });
    expect(listed.data!.imports.totalCount).toBe(listed.data!.imports.nodes.length);
    // Its download was read once, and is the copy messages use: nothing more is asked.
    expect(
      (await gateway.stats()).sailpoint['GET /v2025/sp-config/import/{id}/download'],
    ).toBeGreaterThanOrEqual(1);
    await gateway.resetStats();
    expect((await gateway.graphql(PARTIAL)).data).toEqual(listed.data);
    const messages = await readAll<MessageNode>(gateway, 'messages', registered!.id, 10);
    expect(messages.nodes).toContainEqual(like({ severity: 'ERROR', subject: 'RULE' }));
    expect((await gateway.stats()).sailpoint).toEqual({});
  });

  it('refuses what is not an export, and bad options, before anything is sent', async () => {
    await gateway.resetStats();
    const cases: [Record<string, unknown>, string[]][] = [
      [{}, ['input', 'document']],
      [{ document: [1, 2] }, ['input', 'document']],
      [{ document: { name: 'not an export' } }, ['input', 'document']],
      [{ document: { objects: [{ object: {} }] } }, ['input', 'document', 'objects', '0']],
      [{ document: { objects: [] } }, ['input', 'document']],
      [{ document: DOCUMENT, options: 'all' }, ['input', 'options']],
      [{ document: DOCUMENT, options: { includeTypes: 'SOURCE' } }, ['input', 'options', 'includeTypes']],
      [{ document: DOCUMENT, options: { excludeBackup: 'yes' } }, ['input', 'options', 'excludeBackup']],
      [{ document: DOCUMENT, resourceType: 'skus' }, ['input', 'resourceType']],
    ];
    for (const [input, field] of cases) {
      const errors = userErrorsOf(
        await createImport(gateway, { provider: 'SAILPOINT', ...input }),
        'createImport',
      );
      expect(errors, JSON.stringify(input)).toEqual([like({ field, code: 'BAD_USER_INPUT' })]);
    }
    expect((await gateway.stats()).sailpoint['POST /v2025/sp-config/import']).toBeUndefined();
  });

  it("maps SailPoint's 400 field by field, with the vendor's reason in the message", async () => {
    // What only SailPoint can judge (types it does not know) comes back from its 400, cause by cause.
    const cases: [Record<string, unknown>, string[], RegExp][] = [
      [
        { document: { objects: [object('WIDGET', '1', 'Gadget')] } },
        ['input', 'document', 'objects', '0', 'self', 'type'],
        /objects\[0\]\.self\.type must be an sp-config object type, not "WIDGET"/,
      ],
      [
        { document: DOCUMENT, options: { includeTypes: ['WIDGET'] } },
        ['input', 'options', 'includeTypes'],
        /options\.includeTypes holds "WIDGET", which is not an importable object type/,
      ],
      [
        { document: DOCUMENT, options: { objectOptions: { SOURCE: { includedIds: [7] } } } },
        ['input', 'options', 'objectOptions', 'SOURCE', 'includedIds'],
        /options\.objectOptions\.SOURCE\.includedIds must be an array of strings/,
      ],
    ];
    const jobsBefore = (await gateway.control<unknown[]>('sailpoint', 'GET', '/__sim/imports')).length;
    await gateway.resetStats();
    for (const [input, field, reason] of cases) {
      const refused = await createImport(gateway, { provider: 'SAILPOINT', ...input });
      expect(userErrorsOf(refused, 'createImport'), JSON.stringify(input)).toEqual([
        {
          field,
          code: 'BAD_USER_INPUT',
          message: matching(
            new RegExp(`^SailPoint refused the import \\(400\\.1 Bad Request Content\\): ${reason.source}`),
          ),
        },
      ]);
      expect(refused.data!.createImport.imports).toEqual([]);
    }
    // Each was sent (the gateway cannot judge them) and none created a job.
    expect((await gateway.stats()).sailpoint['POST /v2025/sp-config/import']).toBe(cases.length);
    expect((await gateway.control<unknown[]>('sailpoint', 'GET', '/__sim/imports')).length).toBe(jobsBefore);
  });

  it('answers UNSUPPORTED_OPERATION for interrupt and delete', async () => {
    const [job] = await created(gateway, { provider: 'SAILPOINT', document: DOCUMENT });
    for (const mutation of ['interruptImport', 'deleteImport']) {
      const response = await gateway.graphql<Record<string, { userErrors: UserErrorView[] }>>(
        `mutation ($id: ID!) { ${mutation}(input: { id: $id }) { userErrors { field message code } } }`,
        { id: job!.id },
      );
      expect(userErrorsOf(response, mutation)).toEqual([
        like({ field: ['input', 'id'], code: 'UNSUPPORTED_OPERATION' }),
      ]);
    }
  });

  it('reports a job that expired before it was read as expired, and stops asking SailPoint for it', async () => {
    const [job] = await created(gateway, { provider: 'SAILPOINT', document: DOCUMENT });
    const vendorJob = (
      await gateway.control<{ jobId: string; expiration: string }[]>('sailpoint', 'GET', '/__sim/imports')
    ).find((entry) => entry.jobId === job!.providerId)!;
    // Past its expiration on both clocks: the simulator's (moved here) and the gateway's (the real
    // one, which is past the manual clock's start in November 2026).
    await advance(gateway, 8 * 24 * 3_600_000);
    const messages = await gateway.graphql<{ import: { messages: Record<string, unknown> } }>(
      `query ($id: ID!) { import(id: $id) { messages(first: 5) { available unavailableReason nodes { text } } } }`,
      { id: job!.id },
    );
    expect(messages.errors).toBeUndefined();
    expect(messages.data!.import.messages).toEqual({
      available: false,
      unavailableReason: matching(
        /deleted import job .* when the job expired on 20.*before the gateway read them/,
      ),
      nodes: [],
    });
    const expired = {
      status: 'FAILED',
      providerStatus: 'NOT_STARTED',
      terminal: true,
      expiredAt: new Date(vendorJob.expiration).toISOString(),
    };
    const EXPIRY = `query ($id: ID!) { import(id: $id) { status providerStatus terminal expiredAt
      records(first: 5) { available unavailableReason } } }`;
    await gateway.resetStats();
    const read = await gateway.graphql<{ import: Record<string, unknown> }>(EXPIRY, { id: job!.id });
    expect(read.errors).toBeUndefined();
    expect(read.data!.import).toEqual({
      ...expired,
      records: { available: false, unavailableReason: matching(/expired on/) },
    });
    const failed = await gateway.graphql<{ imports: { nodes: { id: string }[] } }>(
      '{ imports(first: 100, filter: { providers: [SAILPOINT], statuses: [FAILED] }) { nodes { id } } }',
    );
    expect(failed.data!.imports.nodes.map((node) => node.id)).toContain(job!.id);
    // Terminal and expired: neither the lookup, the list nor the detail asked SailPoint again.
    expect((await gateway.stats()).sailpoint).toEqual({});
  });
});
