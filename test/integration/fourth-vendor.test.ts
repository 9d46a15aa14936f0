import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import { loadConfig, type ConfigError } from '../../src/config.ts';
import type { RunningGateway } from '../../src/gateway.ts';
import { encodeImportId } from '../../src/imports/global-id.ts';
import { VENDORS } from '../../src/providers/vendors.ts';
import { FourthSimulator } from '../support/fourth-vendor/simulator.ts';
import { FOURTH, fourthVendor } from '../support/fourth-vendor/vendor.ts';
import { postGraphql, useGateway } from '../support/gateway.ts';
import { IMPORT_UPDATED, subscribeWs, wsClient, type ImportView } from '../support/live-clients.ts';

/**
 * A vendor no file under src/ names (test/support/fourth-vendor/, with its own simulator on
 * loopback), given to a gateway as `[...VENDORS, fourthVendor]`: its imports are listed, found and
 * watched with the others' (docs/ARCHITECTURE.md, Adding a vendor).
 */
const TOKEN = 'fourth-vendor-token-for-tests';
const vendors = [...VENDORS, fourthVendor];
const gateway = useGateway({ providers: ['fleetio', 'commercelayer'], imports: 4 });

let simulator: FourthSimulator;
let instance: RunningGateway;
let client: Client;

interface Node {
  id: string;
  provider: string;
  providerId: string;
  createdAt: string;
}
interface Page {
  imports: {
    totalCount: number;
    nodes: Node[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}
const PAGE = `query ($first: Int, $after: String, $filter: ImportFilter) {
  imports(first: $first, after: $after, filter: $filter) {
    totalCount nodes { id provider providerId createdAt } pageInfo { hasNextPage endCursor }
  }
}`;
const page = (variables: Record<string, unknown>) => postGraphql<Page>(instance.url, PAGE, variables);

beforeAll(async () => {
  simulator = await FourthSimulator.start(TOKEN);
  // Its jobs are made within the others' creation times, so the merge has to interleave them.
  const others = await gateway.graphql<Page>(PAGE, { first: 100 });
  const times = others.data!.imports.nodes.map((node) => Date.parse(node.createdAt)).sort((a, b) => a - b);
  const [oldest, newest] = [times[0]!, times.at(-1)!];
  for (const [index, at] of [oldest + 1, Math.round((oldest + newest) / 2), newest - 1].entries()) {
    simulator.add({
      id: `job-${index + 1}`,
      state: 'queued',
      rows: 10,
      processed: 0,
      created_at: new Date(at).toISOString(),
    });
  }
  instance = await gateway.startInstance({
    configure: (config) => ({
      ...loadConfig({ ...gateway.env, FOURTH_BASE_URL: simulator.url, FOURTH_API_TOKEN: TOKEN }, vendors),
      dataDir: config.dataDir,
    }),
    gateway: { vendors, live: { activePollMs: 100, idlePollMs: 100, changePollMs: 60_000 } },
  });
  client = wsClient(instance.url);
});

afterAll(async () => {
  await client?.dispose();
  await instance?.close();
  await simulator?.close();
});

describe('a fourth vendor, from its module and a line in the vendor list', () => {
  it('is one more provider of its gateway, while the public schema has only the real ones', async () => {
    const listed = await postGraphql<{
      providers: { provider: string; enabled: boolean; capabilities: string[] }[];
    }>(instance.url, '{ providers { provider enabled capabilities } }');
    expect(listed.data!.providers.map(({ provider, enabled }) => [provider, enabled])).toEqual([
      ['FLEETIO', true],
      ['SAILPOINT', false],
      ['COMMERCE_LAYER', true],
      [FOURTH, true],
    ]);
    expect(listed.data!.providers.at(-1)!.capabilities).toEqual(['LIST']);
    // The gateway started with VENDORS alone has no such enum value.
    const refused = await gateway.graphql(
      `{ imports(first: 1, filter: { providers: [${FOURTH}] }) { totalCount } }`,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('lists its imports merged with the others, in the documented order, page after page', async () => {
    const whole = await page({ first: 100 });
    const nodes = whole.data!.imports.nodes;
    const own = nodes.filter((node) => node.provider === FOURTH);
    expect(own.map((node) => node.providerId)).toEqual(['job-3', 'job-2', 'job-1']);
    expect(whole.data!.imports.totalCount).toBe(nodes.length);
    const times = nodes.map((node) => Date.parse(node.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // Interleaved, not appended: another vendor's import comes before and after its own.
    expect(nodes.indexOf(own[0]!)).toBeGreaterThan(0);
    expect(nodes.indexOf(own.at(-1)!)).toBeLessThan(nodes.length - 1);

    const walked: Node[] = [];
    let after: string | null = null;
    do {
      const next: Page = (await page({ first: 3, after })).data!;
      walked.push(...next.imports.nodes);
      after = next.imports.pageInfo.hasNextPage ? next.imports.pageInfo.endCursor : null;
    } while (after);
    expect(walked).toEqual(nodes);

    const filtered = await page({ first: 100, filter: { providers: [FOURTH] } });
    expect(filtered.data!.imports.totalCount).toBe(3);
    expect(filtered.data!.imports.nodes).toEqual(own);
  });

  it('finds each of its imports by global id, and refuses an id its format rules out before any call', async () => {
    const own = (await page({ first: 100, filter: { providers: [FOURTH] } })).data!.imports.nodes;
    for (const { id, providerId } of own) {
      const found = await postGraphql<{
        node: { providerId: string } | null;
        import: { providerId: string; provider: string; status: string } | null;
      }>(
        instance.url,
        'query ($id: ID!) { node(id: $id) { ... on Import { providerId } } import(id: $id) { providerId provider status } }',
        { id },
      );
      expect(found.errors).toBeUndefined();
      expect(found.data).toEqual({
        node: { providerId },
        import: { providerId, provider: FOURTH, status: 'PENDING' },
      });
    }
    const lookups = simulator.requests.get('GET /v1/jobs/{id}') ?? 0;
    const forged = encodeImportId({ provider: FOURTH, providerId: '../jobs', createdAt: new Date() });
    const refused = await postGraphql(instance.url, 'query ($id: ID!) { import(id: $id) { id } }', {
      id: forged,
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toMatch(/Fourth Vendor job id/);
    expect(simulator.requests.get('GET /v1/jobs/{id}') ?? 0).toBe(lookups);
  });

  it('watches one of its imports over WebSocket, polling the vendor until it ends', async () => {
    const [job] = (await page({ first: 100, filter: { providers: [FOURTH] } })).data!.imports.nodes.filter(
      (node) => node.providerId === 'job-2',
    );
    const updates = subscribeWs<{ importUpdated: ImportView }>(client, IMPORT_UPDATED, { id: job!.id });
    await updates.until((s) => s.results.length === 1);
    expect(updates.data[0]!.importUpdated).toMatchObject({ provider: FOURTH, status: 'PENDING' });
    const createdAt = Date.parse(job!.createdAt);
    simulator.update('job-2', { state: 'running', processed: 4 }, new Date(createdAt + 1_000));
    await updates.until((s) => s.data.some((data) => data.importUpdated.status === 'RUNNING'));
    simulator.update('job-2', { state: 'done', processed: 10 }, new Date(createdAt + 2_000));
    await updates.untilCompleted();
    expect(updates.failure).toBeUndefined();
    expect(updates.data.at(-1)!.importUpdated).toMatchObject({
      status: 'SUCCEEDED',
      terminal: true,
      counts: { processed: 10 },
      progress: 1,
    });
  });

  it('has its settings read by the configuration from its own variables', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env, vendors);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ FOURTH_BASE_URL: 'http://127.0.0.1:1' })).toEqual([
      'Fourth Vendor is partly configured: set FOURTH_API_TOKEN too, or unset FOURTH_BASE_URL.',
    ]);
    expect(
      problems({ NODE_ENV: 'production', GATEWAY_API_KEYS: `ops:${'a'.repeat(64)}:imports:read` })[0],
    ).toMatch(
      /; COMMERCELAYER_BASE_URL, COMMERCELAYER_CLIENT_ID and COMMERCELAYER_CLIENT_SECRET; or FOURTH_BASE_URL and FOURTH_API_TOKEN\.$/,
    );
    const config = loadConfig({ FOURTH_BASE_URL: 'http://127.0.0.1:1/', FOURTH_API_TOKEN: TOKEN }, vendors);
    expect(config.demo).toBe(false);
    expect((config as unknown as Record<string, unknown>).fourth).toEqual({
      baseUrl: 'http://127.0.0.1:1',
      token: TOKEN,
    });
  });
});
