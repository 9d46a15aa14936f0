import { describe, expect, it } from 'vitest';
import { messagesOf } from '../../src/providers/commercelayer/message-log.ts';
import { useGateway } from '../support/gateway.ts';
import { SIMULATOR_CREDENTIALS } from '../support/secrets.ts';
import { like } from './mutations.ts';

/**
 * The message fields a frontend files messages by (rowNumber, field, recordId, recordType), the
 * `severities` filter and `totalCount`, through the gateway's HTTP API against each simulator.
 */
const gateway = useGateway({ imports: 40 });

interface Message {
  severity: string;
  subject: string | null;
  rowNumber: number | null;
  field: string | null;
  recordId: string | null;
  recordType: string | null;
}
interface Messages {
  totalCount: number | null;
  nodes: Message[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const MESSAGES = `query ($id: ID!, $first: Int, $after: String, $severities: [ImportMessageSeverity!]) {
  import(id: $id) { messages(first: $first, after: $after, severities: $severities) {
    totalCount nodes { severity subject rowNumber field recordId recordType } pageInfo { hasNextPage endCursor } } } }`;

async function messages(id: string, variables: Record<string, unknown> = {}) {
  return gateway.graphql<{ import: { messages: Messages } }>(MESSAGES, { id, first: 100, ...variables });
}

async function listed(provider: string, status: string): Promise<{ id: string; providerId: string }[]> {
  const response = await gateway.graphql<{ imports: { nodes: { id: string; providerId: string }[] } }>(
    `{ imports(first: 100, filter: { providers: [${provider}], statuses: [${status}] }) { nodes { id providerId } } }`,
  );
  expect(response.errors).toBeUndefined();
  return response.data!.imports.nodes;
}

describe('ImportMessage fields, severities and totalCount', () => {
  it("Fleetio: each error row's number, record id and type, as the vendor's row results give them", async () => {
    const [item] = await listed('FLEETIO', 'PARTIALLY_SUCCEEDED');
    expect(item).toBeDefined();
    const response = await fetch(
      `${gateway.simulators.fleetio.url}/api/imports/${item!.providerId}/results?filter[status][include]=error&sort[id]=asc&per_page=100`,
      {
        headers: {
          authorization: `Token ${SIMULATOR_CREDENTIALS.fleetioApiKey}`,
          'account-token': SIMULATOR_CREDENTIALS.fleetioAccountToken,
        },
      },
    );
    const rows = (
      (await response.json()) as {
        records: { row_number: number; record_id: number | null; imported_type: string }[];
      }
    ).records;
    expect(rows.length).toBeGreaterThan(0);
    const page = (await messages(item!.id)).data!.import.messages;
    // Fleetio pages its row results without a total.
    expect(page.totalCount).toBeNull();
    expect(page.nodes.slice(0, rows.length)).toEqual(
      rows.map((row) =>
        like({
          severity: 'ERROR',
          rowNumber: row.row_number,
          recordId: row.record_id === null ? null : String(row.record_id),
          recordType: row.imported_type,
          field: null,
        }),
      ),
    );
    // Only rows in error are messages: a filter without ERROR is empty, and says so.
    const warnings = (await messages(item!.id, { severities: ['WARNING', 'INFO'] })).data!.import.messages;
    expect(warnings).toMatchObject({ totalCount: 0, nodes: [] });
  });

  it("Commerce Layer: the log key and attribute, each severity alone, and the whole log's size", async () => {
    const truth = await gateway.control<
      { id: string; attributes: { errors_log: unknown; warnings_log: unknown } }[]
    >('commercelayer', 'GET', '/__sim/imports');
    const logged = new Map(truth.map((resource) => [resource.id, resource.attributes]));
    const candidates = [
      ...(await listed('COMMERCE_LAYER', 'PARTIALLY_SUCCEEDED')),
      ...(await listed('COMMERCE_LAYER', 'FAILED')),
    ];
    const item = candidates.find((candidate) => {
      const logs = logged.get(candidate.providerId)!;
      return messagesOf(logs.errors_log, logs.warnings_log).some((message) => message.severity === 'ERROR');
    });
    expect(item).toBeDefined();
    const logs = logged.get(item!.providerId)!;
    const all = messagesOf(logs.errors_log, logs.warnings_log);
    for (const severity of ['ERROR', 'WARNING'] as const) {
      const expected = all.filter((message) => message.severity === severity);
      const page = (await messages(item!.id, { severities: [severity] })).data!.import.messages;
      expect(page.totalCount).toBe(expected.length);
      expect(page.nodes).toEqual(
        expected.slice(0, 100).map((message) => ({
          severity,
          subject: message.subject,
          rowNumber: null,
          field: severity === 'ERROR' ? message.code : null,
          recordId: message.subject,
          recordType: null,
        })),
      );
    }
    expect((await messages(item!.id)).data!.import.messages.totalCount).toBe(all.length);
  });

  it('SailPoint: the object type, a filtered total, and cursors bound to their filter', async () => {
    const note = (key: string) => ({ key, text: key, details: {} });
    const job = await gateway.control<{ jobId: string }>('sailpoint', 'POST', '/__sim/imports', {
      status: 'COMPLETE',
      results: {
        results: {
          RULE: { infos: [note('I1')], warnings: [], errors: [note('E1'), note('E2')], importedObjects: [] },
          SOURCE: { infos: [note('I2')], warnings: [note('W1')], errors: [note('E3')], importedObjects: [] },
        },
      },
    });
    const tracked = await gateway.graphql<{ trackImport: { import: { id: string } } }>(
      `mutation ($providerId: String!) { trackImport(input: { provider: SAILPOINT, providerId: $providerId }) { import { id } } }`,
      { providerId: job.jobId },
    );
    const id = tracked.data!.trackImport.import.id;
    const first = (await messages(id, { severities: ['ERROR'], first: 2 })).data!.import.messages;
    expect(first.totalCount).toBe(3);
    expect(first.nodes.map((node) => [node.severity, node.recordType, node.rowNumber])).toEqual([
      ['ERROR', 'RULE', null],
      ['ERROR', 'RULE', null],
    ]);
    const next = (await messages(id, { severities: ['ERROR'], after: first.pageInfo.endCursor })).data!.import
      .messages;
    expect(next.nodes.map((node) => node.recordType)).toEqual(['SOURCE']);
    expect((await messages(id)).data!.import.messages.totalCount).toBe(6);

    const elsewhere = await messages(id, { after: first.pageInfo.endCursor });
    expect(elsewhere.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringContaining('severities') as string,
    });
    for (const severities of [[], ['ERROR', 'ERROR', 'INFO', 'WARNING']]) {
      const refused = await messages(id, { severities });
      expect(refused.errors?.[0]?.extensions?.code, JSON.stringify(severities)).toBe('BAD_USER_INPUT');
    }
  });
});
