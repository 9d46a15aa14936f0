import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import { SIMULATOR_CREDENTIALS } from '../support/secrets.ts';
import {
  createImport,
  MESSAGES,
  readAll,
  RECORDS,
  userErrorsOf,
  type MessageNode,
  type UserErrorView,
  like,
  matching,
} from './mutations.ts';

const gateway = useGateway({ imports: 40 });

const FLEETIO_HEADERS = {
  authorization: `Token ${SIMULATOR_CREDENTIALS.fleetioApiKey}`,
  'account-token': SIMULATOR_CREDENTIALS.fleetioAccountToken,
};

interface Listed {
  id: string;
  providerId: string;
  status: string;
  counts: { total: number | null };
}

async function fleetioImports(status: string): Promise<Listed[]> {
  const response = await gateway.graphql<{ imports: { nodes: Listed[] } }>(
    `query ($statuses: [ImportStatus!]) { imports(first: 100, filter: { providers: [FLEETIO], statuses: $statuses }) {
      nodes { id providerId status counts { total } } } }`,
    { statuses: [status] },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.imports.nodes;
}

/** The records file straight from the simulator: the redirect, then the pre-signed storage URL, which needs no credentials. */
async function vendorRecords(providerId: string): Promise<{ id: number }[]> {
  const base = gateway.simulators.fleetio.url;
  const redirect = await fetch(`${base}/api/v1/imports/${providerId}/records`, {
    headers: FLEETIO_HEADERS,
    redirect: 'manual',
  });
  expect(redirect.status).toBe(302);
  const file = await fetch(redirect.headers.get('location')!);
  return (await file.json()) as { id: number }[];
}

async function vendorErrorRows(providerId: string): Promise<{ message: string; row_number: number }[]> {
  const base = gateway.simulators.fleetio.url;
  const rows: { message: string; row_number: number }[] = [];
  let cursor = '';
  for (;;) {
    const response = await fetch(
      `${base}/api/imports/${providerId}/results?filter[status][include]=error&sort[id]=asc&per_page=100&start_cursor=${cursor}`,
      { headers: FLEETIO_HEADERS },
    );
    const page = (await response.json()) as {
      records: { message: string; row_number: number }[];
      next_cursor: string | null;
    };
    rows.push(...page.records);
    if (!page.next_cursor) return rows;
    cursor = page.next_cursor;
  }
}

describe('Fleetio in the total', () => {
  it('makes totalCountIsEstimate true, even far under Fleetio’s cap of 500', async () => {
    const total = async (providers: string[]) => {
      const response = await gateway.graphql<{
        imports: { totalCount: number; totalCountIsEstimate: boolean };
      }>(
        `query ($providers: [ImportProvider!]) { imports(first: 1, filter: { providers: $providers }) {
          totalCount totalCountIsEstimate } }`,
        { providers },
      );
      expect(response.errors).toBeUndefined();
      return response.data!.imports;
    };
    const fleetio = await total(['FLEETIO']);
    expect(fleetio.totalCount).toBeLessThan(500);
    expect(fleetio.totalCountIsEstimate).toBe(true);
    expect((await total(['FLEETIO', 'COMMERCE_LAYER'])).totalCountIsEstimate).toBe(true);
    // Without Fleetio the sum is exact: the flag tells Fleetio apart, it is not always on.
    expect((await total(['COMMERCE_LAYER'])).totalCountIsEstimate).toBe(false);
  });
});

describe('changeableUntil', () => {
  it('is completedAt + 24 h for completed Fleetio imports, null for every other import', async () => {
    const response = await gateway.graphql<{
      imports: {
        nodes: {
          provider: string;
          providerStatus: string;
          terminal: boolean;
          completedAt: string | null;
          changeableUntil: string | null;
        }[];
      };
    }>('{ imports(first: 100) { nodes { provider providerStatus terminal completedAt changeableUntil } } }');
    expect(response.errors).toBeUndefined();
    const nodes = response.data!.imports.nodes;
    const rollbackable = nodes.filter(
      (node) =>
        node.provider === 'FLEETIO' && ['complete', 'partially_complete'].includes(node.providerStatus),
    );
    expect(rollbackable.length).toBeGreaterThan(0);
    for (const node of rollbackable) {
      // terminal keeps its meaning: a completed import is terminal, even while it may be rolled back.
      expect(node.terminal).toBe(true);
      expect(Date.parse(node.changeableUntil!)).toBe(Date.parse(node.completedAt!) + 24 * 3_600_000);
    }
    const others = nodes.filter((node) => !rollbackable.includes(node));
    expect(new Set(others.map((node) => node.provider))).toEqual(
      new Set(['FLEETIO', 'SAILPOINT', 'COMMERCE_LAYER']),
    );
    for (const node of others) expect(node.changeableUntil, JSON.stringify(node)).toBeNull();
  });
});

describe('Fleetio messages and records', () => {
  it('reads the records of a complete import through the redirect', async () => {
    let item: Listed | undefined;
    let truth: { id: number }[] = [];
    for (const candidate of await fleetioImports('SUCCEEDED')) {
      truth = await vendorRecords(candidate.providerId);
      item = candidate;
      if (truth.length > 3) break;
    }
    expect(truth.length).toBeGreaterThan(3);
    const pageSize = Math.ceil(truth.length / 4);
    await gateway.resetStats();
    const records = await readAll<{
      type: string;
      providerId: string;
      name: string | null;
      raw: { id: number };
    }>(gateway, 'records', item!.id, pageSize);
    expect(records.available).toBe(true);
    expect(records.nodes.map((node) => node.providerId)).toEqual(truth.map((record) => String(record.id)));
    expect(records.nodes.map((node) => node.raw)).toEqual(truth);
    expect(records.pages).toBe(Math.ceil(truth.length / pageSize));
    // One redirect per page; the storage route refuses a request carrying Authorization (400), and none failed.
    expect((await gateway.stats()).fleetio['GET /api/v1/imports/{id}/records']).toBe(records.pages);
  });

  it("reads the error rows of an import as messages, page by page, across Fleetio's 100-row pages", async () => {
    // An import with more error rows than one vendor page holds (per_page is at most 100 [D]).
    let item: Listed | undefined;
    let truth: { message: string; row_number: number }[] = [];
    for (const candidate of [
      ...(await fleetioImports('PARTIALLY_SUCCEEDED')),
      ...(await fleetioImports('FAILED')),
    ]) {
      truth = await vendorErrorRows(candidate.providerId);
      item = candidate;
      if (truth.length > 100) break;
    }
    expect(truth.length).toBeGreaterThan(100);
    const expected = truth.map((row) =>
      like({ severity: 'ERROR', text: row.message, subject: matching(new RegExp(`row ${row.row_number}$`)) }),
    );
    for (const pageSize of [30, 100]) {
      await gateway.resetStats();
      const messages = await readAll<MessageNode>(gateway, 'messages', item!.id, pageSize);
      expect(messages.nodes, `first: ${pageSize}`).toEqual(expected);
      expect(messages.pages).toBe(Math.ceil(truth.length / pageSize));
      // A gateway page that ends past row 100 read Fleetio's second page too.
      const requests = (await gateway.stats()).fleetio['GET /api/imports/{id}/results'] ?? 0;
      expect(requests).toBeGreaterThan(messages.pages);
    }
  });

  it('binds cursors to their import and connection, and bounds first', async () => {
    const [one, two] = await fleetioImports('PARTIALLY_SUCCEEDED');
    const first = await gateway.graphql<{ import: { messages: { pageInfo: { endCursor: string } } } }>(
      MESSAGES,
      {
        id: one!.id,
        first: 1,
      },
    );
    const cursor = first.data!.import.messages.pageInfo.endCursor;
    for (const [query, id, after, first_, pattern] of [
      [MESSAGES, two!.id, cursor, 1, /another import/],
      [RECORDS, one!.id, cursor, 1, /another connection/],
      [MESSAGES, one!.id, 'garbage!', 1, /malformed/],
      [MESSAGES, one!.id, null, 0, /between 1 and 100/],
      [MESSAGES, one!.id, null, 101, /between 1 and 100/],
    ] as const) {
      const response = await gateway.graphql(query, { id, after, first: first_ });
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0]?.message).toMatch(pattern);
    }
  });

  it('answers UNSUPPORTED_OPERATION for every write Fleetio or the listing providers lack', async () => {
    const [item] = await fleetioImports('SUCCEEDED');
    const create = await createImport(gateway, { provider: 'FLEETIO', inputs: [{ name: 'Truck 1' }] });
    expect(userErrorsOf(create, 'createImport')).toEqual([
      {
        field: ['input', 'provider'],
        code: 'UNSUPPORTED_OPERATION',
        message: matching(/Fleetio.*creating imports/),
      },
    ]);
    for (const mutation of ['interruptImport', 'deleteImport']) {
      const response = await gateway.graphql<Record<string, { userErrors: UserErrorView[] }>>(
        `mutation ($id: ID!) { ${mutation}(input: { id: $id }) { userErrors { field message code } } }`,
        { id: item!.id },
      );
      expect(userErrorsOf(response, mutation)).toEqual([
        like({ field: ['input', 'id'], code: 'UNSUPPORTED_OPERATION' }),
      ]);
    }
    for (const provider of ['FLEETIO', 'COMMERCE_LAYER']) {
      const response = await gateway.graphql<{ trackImport: { import: null; userErrors: UserErrorView[] } }>(
        `mutation ($provider: ImportProvider!) { trackImport(input: { provider: $provider, providerId: "1" }) {
          import { id } userErrors { field message code } } }`,
        { provider },
      );
      expect(userErrorsOf(response, 'trackImport')).toEqual([
        like({
          field: ['input', 'provider'],
          code: 'UNSUPPORTED_OPERATION',
          message: matching(/lists every import itself/),
        }),
      ]);
    }
    const providers = await gateway.graphql<{ providers: { provider: string; capabilities: string[] }[] }>(
      '{ providers { provider capabilities } }',
    );
    expect(providers.data!.providers).toEqual([
      { provider: 'FLEETIO', capabilities: ['LIST', 'MESSAGES', 'RECORDS'] },
      { provider: 'SAILPOINT', capabilities: ['LIST', 'CREATE', 'TRACK', 'MESSAGES', 'RECORDS'] },
      { provider: 'COMMERCE_LAYER', capabilities: ['LIST', 'CREATE', 'INTERRUPT', 'DELETE', 'MESSAGES'] },
    ]);
  });
});
