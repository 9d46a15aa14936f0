import { describe, expect, it } from 'vitest';
import { encodeImportId } from '../../src/imports/global-id.ts';
import { importFromCommerceLayer } from '../../src/providers/commercelayer/map.ts';
import { parseImportResource } from '../../src/providers/commercelayer/wire.ts';
import { useGateway, type GraphQLResponse } from '../support/gateway.ts';
import {
  advance,
  createImport,
  created,
  IMPORT_FIELDS,
  readAll,
  readImport,
  userErrorsOf,
  watchToEnd,
  type ImportView,
  type MessageNode,
  type UserErrorView,
  like,
  matching,
} from './mutations.ts';

const gateway = useGateway({ imports: 6, providers: ['commercelayer'] });

interface TruthResource {
  id: string;
  attributes: {
    reference: string | null;
    reference_origin: string | null;
    inputs_size: number;
    metadata: Record<string, unknown>;
    status: string;
  };
}

async function truth(): Promise<TruthResource[]> {
  return gateway.control<TruthResource[]>('commercelayer', 'GET', '/__sim/imports');
}

const skus = (count: number, prefix = 'SKU') =>
  Array.from({ length: count }, (_, index) => ({ code: `${prefix}-${index}`, name: `Sku ${index}` }));

const INTERRUPT = `mutation ($id: ID!) { interruptImport(input: { id: $id }) {
  import { ${IMPORT_FIELDS} } userErrors { field message code } } }`;
const DELETE = `mutation ($id: ID!) { deleteImport(input: { id: $id }) { deletedId userErrors { field message code } } }`;

describe('Commerce Layer imports through mutations', () => {
  it('creates a JSON import, watches it to completion and reads its messages', async () => {
    const inputs = skus(20);
    inputs[3]!.name = 'an invalid name';
    inputs[5]!.name = 'please warn';
    const [item] = await created(gateway, {
      provider: 'COMMERCE_LAYER',
      resourceType: 'skus',
      inputs,
      reference: 'spring-catalog',
      metadata: { batch: 7 },
    });
    expect(item).toMatchObject({ provider: 'COMMERCE_LAYER', status: 'PENDING', resourceType: 'skus' });
    expect(item!.counts.total).toBe(20);

    const seen = await watchToEnd(gateway, item!.id);
    expect(seen[0]!.status).toBe('PENDING');
    expect(seen.at(-1)).toMatchObject({
      status: 'PARTIALLY_SUCCEEDED',
      providerStatus: 'completed',
      counts: { total: 20, processed: 19, errors: 1, warnings: 1 },
    });

    const vendor = (await truth()).find((resource) => resource.id === item!.providerId)!;
    expect(vendor.attributes).toMatchObject({
      reference: 'spring-catalog',
      reference_origin: 'import-gateway',
      metadata: { batch: 7, import_gateway: { part: 1 } },
    });

    const messages = await readAll<MessageNode>(gateway, 'messages', item!.id, 1);
    expect(messages.pages).toBe(2);
    expect(messages.nodes).toEqual([
      { severity: 'ERROR', code: 'name', text: 'name is invalid', subject: 'SKU-3' },
      { severity: 'WARNING', code: null, text: 'name could not be updated', subject: 'SKU-5' },
    ]);
    // The vendor lists no records an import created: an empty connection that says so.
    const records = await readAll(gateway, 'records', item!.id, 10);
    expect(records).toEqual({ nodes: [], pages: 1, available: false });
  });

  it('pages messages one at a time while the import runs, neither repeating nor skipping one', async () => {
    // Errors and warnings throughout, inputs without a code (all logged under one key, which
    // keeps growing) and duplicates (a new key after warnings were shown).
    const inputs: Record<string, unknown>[] = skus(150, 'RUN');
    inputs.forEach((input, index) => {
      if (index % 4 === 1) input.name = 'an invalid name';
      if (index % 5 === 2) input.name = 'please warn';
      if (index % 7 === 3) delete input.code;
      if (index % 11 === 10) input.code = `RUN-${index - 1}`;
    });
    const [item] = await created(gateway, {
      provider: 'COMMERCE_LAYER',
      resourceType: 'skus',
      inputs,
      skipErrors: true,
    });
    const PAGE = `query ($id: ID!, $after: String) { import(id: $id) { terminal
      messages(first: 1, after: $after) { nodes { severity code text subject } pageInfo { hasNextPage endCursor } } } }`;
    const read: MessageNode[] = [];
    let after: string | null = null;
    let grewWhileRead = false;
    for (let pages = 0; ; pages++) {
      expect(pages).toBeLessThan(1000);
      const response: GraphQLResponse<{
        import: {
          terminal: boolean;
          messages: { nodes: MessageNode[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
        };
      }> = await gateway.graphql(PAGE, { id: item!.id, after });
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      const { terminal, messages } = response.data!.import;
      read.push(...messages.nodes);
      after = messages.pageInfo.endCursor ?? after;
      if (terminal && !messages.pageInfo.hasNextPage) break;
      if (!terminal && read.length > 0) grewWhileRead = true;
      // About a third of a progress step per page: the reader keeps catching up with the logs.
      await advance(gateway, 1_000);
    }
    expect(grewWhileRead).toBe(true);
    const vendor = (await truth()).find((resource) => resource.id === item!.providerId)!;
    const logs = vendor.attributes as unknown as {
      errors_log: Record<string, Record<string, string[]>>;
      warnings_log: Record<string, string[]>;
    };
    // The vendor's final logs, message by message, as the gateway words them.
    const final: MessageNode[] = [
      ...Object.entries(logs.errors_log).flatMap(([subject, attributes]) =>
        Object.entries(attributes).flatMap(([code, texts]) =>
          texts.map((text) => ({ severity: 'ERROR', code, text: `${code} ${text}`, subject })),
        ),
      ),
      ...Object.entries(logs.warnings_log).flatMap(([subject, texts]) =>
        texts.map((text) => ({ severity: 'WARNING', code: null, text, subject })),
      ),
    ];
    expect(final.length).toBeGreaterThan(60);
    const sorted = (messages: MessageNode[]) => messages.map((message) => JSON.stringify(message)).sort();
    expect(sorted(read)).toEqual(sorted(final));
  });

  it('creates a CSV import', async () => {
    const csv = 'code,name\nCSV-1,Alpha\nCSV-2,"Beta, the second"\n\nCSV-3,Gamma\n';
    const [item] = await created(gateway, {
      provider: 'COMMERCE_LAYER',
      resourceType: 'skus',
      format: 'CSV',
      inputs: csv,
    });
    expect(item!.counts.total).toBe(3);
    const seen = await watchToEnd(gateway, item!.id);
    expect(seen.at(-1)!.status).toBe('SUCCEEDED');
  });

  it('splits more than 10,000 inputs as the vendor tools do, watches both parts to completion and deletes both', async () => {
    await gateway.resetStats();
    const imports = await created(gateway, {
      provider: 'COMMERCE_LAYER',
      resourceType: 'skus',
      inputs: skus(10_001, 'BULK'),
      reference: 'bulk',
      skipErrors: true,
    });
    expect(imports.map((item) => item.counts.total)).toEqual([10_000, 1]);
    expect((await gateway.stats()).commercelayer['POST /api/imports']).toBe(2);
    const vendor = await truth();
    const parts = imports.map(
      (item) => vendor.find((resource) => resource.id === item.providerId)!.attributes,
    );
    expect(
      parts.map((part) => [
        part.reference,
        part.inputs_size,
        part.metadata.group_id,
        part.metadata.progress_number,
      ]),
    ).toEqual([
      ['bulk-1', 10_000, 'bulk', '1/2'],
      ['bulk-2', 1, 'bulk', '2/2'],
    ]);

    for (const item of imports) {
      const seen = await watchToEnd(gateway, item.id);
      expect(seen.at(-1), item.providerId).toMatchObject({
        status: 'SUCCEEDED',
        providerStatus: 'completed',
        terminal: true,
        counts: { total: item.counts.total, processed: item.counts.total, errors: 0 },
      });
    }
    expect(
      (await truth()).filter((resource) => imports.some((item) => item.providerId === resource.id)),
    ).toEqual(imports.map(() => like({ attributes: like({ status: 'completed' }) })));

    for (const item of imports) {
      const deleted = await gateway.graphql<{ deleteImport: { deletedId: string } }>(DELETE, { id: item.id });
      expect(deleted.data!.deleteImport).toEqual({ deletedId: item.id, userErrors: [] });
      expect((await readImport(gateway, item.id)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    const left = await truth();
    expect(left.filter((resource) => imports.some((item) => item.providerId === resource.id))).toEqual([]);
  });

  it('interrupts unfinished imports (CANCELLED, in lists and filters too), refuses a second time, and deletes', async () => {
    const imports = [
      ...(await created(gateway, {
        provider: 'COMMERCE_LAYER',
        resourceType: 'skus',
        inputs: skus(500, 'STOP-A'),
      })),
      ...(await created(gateway, {
        provider: 'COMMERCE_LAYER',
        resourceType: 'skus',
        inputs: skus(500, 'STOP-B'),
      })),
    ];
    for (const item of imports) {
      const response = await gateway.graphql<{
        interruptImport: { import: { status: string; providerStatus: string } };
      }>(INTERRUPT, { id: item.id });
      expect(response.errors).toBeUndefined();
      expect(response.data!.interruptImport).toMatchObject({
        import: { status: 'CANCELLED', providerStatus: 'interrupted' },
        userErrors: [],
      });
    }
    // CANCELLED is what the gateway interrupted; the vendor's own stops stay FAILED.
    const cancelled = await gateway.graphql<{ imports: { nodes: { id: string }[]; totalCount: number } }>(
      '{ imports(first: 50, filter: { statuses: [CANCELLED] }) { nodes { id } totalCount } }',
    );
    expect(cancelled.data!.imports.nodes.map((node) => node.id).sort()).toEqual(
      imports.map((item) => item.id).sort(),
    );
    expect(cancelled.data!.imports.totalCount).toBe(2);
    const failed = await gateway.graphql<{ imports: { nodes: { id: string }[] } }>(
      '{ imports(first: 50, filter: { statuses: [FAILED] }) { nodes { id } } }',
    );
    expect(failed.data!.imports.nodes.map((node) => node.id)).not.toContain(imports[0]!.id);

    const again = await gateway.graphql<{ interruptImport: { userErrors: UserErrorView[] } }>(INTERRUPT, {
      id: imports[0]!.id,
    });
    expect(userErrorsOf(again, 'interruptImport')).toEqual([
      like({
        field: ['input', 'id'],
        code: 'BAD_USER_INPUT',
        message: matching(/already finished/),
      }),
    ]);

    for (const item of imports) {
      const deleted = await gateway.graphql<{ deleteImport: { deletedId: string } }>(DELETE, { id: item.id });
      expect(deleted.data!.deleteImport).toEqual({ deletedId: item.id, userErrors: [] });
    }
    expect((await truth()).some((resource) => imports.some((item) => item.providerId === resource.id))).toBe(
      false,
    );
    const gone = await readImport(gateway, imports[0]!.id);
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const twice = await gateway.graphql<{ deleteImport: { userErrors: UserErrorView[] } }>(DELETE, {
      id: imports[0]!.id,
    });
    expect(userErrorsOf(twice, 'deleteImport')).toEqual([
      like({ code: 'NOT_FOUND', field: ['input', 'id'] }),
    ]);
  });

  it('interrupted: CANCELLED when the gateway did it, else PARTIALLY_SUCCEEDED when records were written, FAILED when none; filters stay exact', async () => {
    const [mine] = await created(gateway, {
      provider: 'COMMERCE_LAYER',
      resourceType: 'skus',
      inputs: skus(300, 'HALT'),
    });
    const halted = await gateway.graphql<{ interruptImport: { import: ImportView } }>(INTERRUPT, {
      id: mine!.id,
    });
    expect(halted.data!.interruptImport.import.status).toBe('CANCELLED');
    // Stopped by the vendor past 10 % of errors: processed_count counts records written.
    const stops: [Record<string, unknown>, string][] = [
      [{ inputs_size: 50, processed_count: 30, errors_count: 6 }, 'PARTIALLY_SUCCEEDED'],
      [{ inputs_size: 50, processed_count: 0, errors_count: 6 }, 'FAILED'],
      [{ inputs_size: 50, processed_count: null, errors_count: 6 }, 'PARTIALLY_SUCCEEDED'],
    ];
    for (const [counts, expected] of stops) {
      const added = await gateway.control<{ id: string; attributes: { created_at: string } }>(
        'commercelayer',
        'POST',
        '/__sim/imports',
        { status: 'interrupted', resource_type: 'skus', ...counts },
      );
      const id = encodeImportId({
        provider: 'COMMERCE_LAYER',
        providerId: added.id,
        createdAt: new Date(added.attributes.created_at),
      });
      expect((await readImport(gateway, id)).data!.import!.status, JSON.stringify(counts)).toBe(expected);
    }

    const snapshot = await gateway.control<{ id: string; attributes: { errors_log?: object } }[]>(
      'commercelayer',
      'GET',
      '/__sim/imports',
    );
    const truthNow = snapshot.map((resource) =>
      importFromCommerceLayer(parseImportResource(resource), {
        interruptedByGateway: resource.id === mine!.providerId,
        errorsLogged: Object.keys(resource.attributes.errors_log ?? {}).length > 0,
      }),
    );
    const outcomes = ['CANCELLED', 'FAILED', 'PARTIALLY_SUCCEEDED', 'SUCCEEDED'];
    const subsets = Array.from({ length: 15 }, (_, mask) =>
      outcomes.filter((_, bit) => (mask + 1) & (1 << bit)),
    );
    for (const statuses of subsets) {
      const listed = await gateway.graphql<{
        imports: { nodes: { providerId: string }[]; totalCount: number };
      }>(
        `query ($statuses: [ImportStatus!]) {
          imports(first: 100, filter: { providers: [COMMERCE_LAYER], statuses: $statuses }) { nodes { providerId } totalCount }
        }`,
        { statuses },
      );
      const expected = truthNow
        .filter((item) => statuses.includes(item.status))
        .map((item) => item.providerId);
      expect(listed.data!.imports.nodes.map((node) => node.providerId).sort(), statuses.join()).toEqual(
        expected.sort(),
      );
      expect(listed.data!.imports.totalCount, statuses.join()).toBe(expected.length);
    }
  });

  it('refuses bad input with clear userErrors and creates nothing', async () => {
    const before = (await truth()).length;
    await gateway.resetStats();
    const base = { provider: 'COMMERCE_LAYER', resourceType: 'skus', inputs: skus(2) };
    const cases: [Record<string, unknown>, string[], RegExp][] = [
      [{ ...base, resourceType: undefined }, ['input', 'resourceType'], /needs resourceType/],
      [{ ...base, resourceType: 'widgets' }, ['input', 'resourceType'], /does not import "widgets"/],
      [{ ...base, inputs: [] }, ['input', 'inputs'], /empty/],
      [{ ...base, inputs: undefined }, ['input', 'inputs'], /required/],
      [{ ...base, inputs: { code: 'A' } }, ['input', 'inputs'], /JSON array/],
      [{ ...base, inputs: [{ code: 'A' }, 'B'] }, ['input', 'inputs', '1'], /not a JSON object/],
      [{ ...base, format: 'CSV', inputs: 'code,name\n"A,1' }, ['input', 'inputs'], /CSV does not parse/],
      [{ ...base, format: 'CSV', inputs: 'code,name\nA,1,extra' }, ['input', 'inputs'], /CSV does not parse/],
      [{ ...base, format: 'CSV', inputs: [{ code: 'A' }] }, ['input', 'inputs'], /CSV text/],
      [{ ...base, metadata: ['x'] }, ['input', 'metadata'], /JSON object/],
      [{ ...base, document: { objects: [] } }, ['input', 'document'], /SailPoint imports only/],
      [
        { ...base, inputs: Array.from({ length: 100_001 }, () => ({})) },
        ['input', 'inputs'],
        /More than 100000 inputs/,
      ],
      [{ ...base, idempotencyKey: ' ' }, ['input', 'idempotencyKey'], /idempotency key/],
    ];
    for (const [input, field, message] of cases) {
      const response = await createImport(gateway, input);
      const errors = userErrorsOf(response, 'createImport');
      expect(errors, JSON.stringify(input).slice(0, 200)).toEqual([
        { field, code: 'BAD_USER_INPUT', message: matching(message) },
      ]);
      expect(response.data!.createImport.imports).toEqual([]);
    }
    expect((await truth()).length).toBe(before);
    expect((await gateway.stats()).commercelayer['POST /api/imports']).toBeUndefined();
  });

  it('refuses ids that are not Commerce Layer imports', async () => {
    const wrongType = Buffer.from('Widget:2:1700000000000:abc').toString('base64url');
    for (const id of ['nope', wrongType]) {
      const response = await gateway.graphql<{ interruptImport: { userErrors: UserErrorView[] } }>(
        INTERRUPT,
        { id },
      );
      expect(userErrorsOf(response, 'interruptImport')).toEqual([
        like({ field: ['input', 'id'], code: 'BAD_USER_INPUT' }),
      ]);
    }
    // A Fleetio id, on a gateway where Fleetio is not configured.
    const fleetio = Buffer.from('Import:0:1700000000000:42').toString('base64url');
    const response = await gateway.graphql<{ deleteImport: { userErrors: UserErrorView[] } }>(DELETE, {
      id: fleetio,
    });
    expect(userErrorsOf(response, 'deleteImport')).toEqual([
      like({
        field: ['input', 'id'],
        code: 'BAD_USER_INPUT',
        message: matching(/not enabled/),
      }),
    ]);
  });

  it('a vendor failure before anything was created is a GraphQL error with the vendor details', async () => {
    await gateway.control('commercelayer', 'PUT', '/__sim/faults', { errorRate: 1, errorStatus: 503 });
    let response;
    try {
      response = await createImport(gateway, {
        provider: 'COMMERCE_LAYER',
        resourceType: 'tags',
        inputs: [{ name: 'x' }],
      });
    } finally {
      await gateway.control('commercelayer', 'DELETE', '/__sim/faults');
    }
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      provider: 'COMMERCE_LAYER',
      upstream: { status: 503 },
    });
  });

  it('refuses a split that does not fit in the 10 free queue slots, after one list request, creating nothing', async () => {
    const busy = () =>
      truth().then(
        (all) => all.filter((item) => ['pending', 'in_progress'].includes(item.attributes.status)).length,
      );
    const before = await busy();
    expect(before).toBeLessThanOrEqual(8);
    // Eight pending or in progress: two slots free.
    for (let index = before; index < 8; index++)
      await gateway.control('commercelayer', 'POST', '/__sim/imports', {
        status: 'pending',
        resource_type: 'tags',
      });
    const count = (await truth()).length;
    await gateway.resetStats();
    const response = await createImport(gateway, {
      provider: 'COMMERCE_LAYER',
      resourceType: 'skus',
      inputs: skus(25_000, 'QUEUE'),
    });
    expect(userErrorsOf(response, 'createImport')).toEqual([
      {
        field: ['input', 'inputs'],
        code: 'BAD_USER_INPUT',
        message: matching(
          /at most 10 imports at a time and 8 are pending or in progress: 2 of the 3 parts fit now/,
        ),
      },
    ]);
    expect(response.data!.createImport.imports).toEqual([]);
    expect((await truth()).length).toBe(count);
    expect((await gateway.stats()).commercelayer).toEqual({ 'GET /api/imports': 1 });

    // Two parts fit.
    const fitting = await created(gateway, {
      provider: 'COMMERCE_LAYER',
      resourceType: 'skus',
      inputs: skus(20_000, 'QUEUE'),
    });
    expect(fitting).toHaveLength(2);
    expect(await busy()).toBe(10);

    // With the simulator enforcing the cap [I], a single import beyond it is the vendor's 422.
    await gateway.control('commercelayer', 'PUT', '/__sim/settings', { maxConcurrentImports: 10 });
    try {
      const single = await createImport(gateway, {
        provider: 'COMMERCE_LAYER',
        resourceType: 'tags',
        inputs: [{ name: 'one-more' }],
      });
      expect(userErrorsOf(single, 'createImport')).toEqual([
        like({ code: 'BAD_USER_INPUT', message: matching(/too many imports pending or in progress/) }),
      ]);
      expect(await busy()).toBe(10);
    } finally {
      await gateway.control('commercelayer', 'DELETE', '/__sim/settings');
    }
  });
});
