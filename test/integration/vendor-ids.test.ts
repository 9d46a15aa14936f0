import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/gateway.ts';
import { encodeImportId } from '../../src/imports/global-id.ts';
import type { ImportProvider } from '../../src/imports/model.ts';
import { registerSailpointJobs } from '../../src/providers/sailpoint/registration.ts';
import type { SimulatedProvider } from '../../src/simulators/index.ts';
import { postGraphql, useGateway, type GraphQLResponse } from '../support/gateway.ts';
import { IMPORT_UPDATED, subscribeWs, wsClient } from '../support/live-clients.ts';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy.ts';
import { WEBHOOK_SECRETS } from '../support/secrets.ts';

/**
 * Vendor ids a caller hands in are checked by each provider's format before any vendor request
 * (src/imports/vendor-ids.ts). The instance under test reaches each simulator through a
 * recording proxy, so "no vendor request" also covers requests no simulator route would count,
 * such as one whose path a `..` moved up.
 */
const gateway = useGateway({
  imports: 5,
  env: { COMMERCELAYER_WEBHOOK_SECRET: WEBHOOK_SECRETS.commerceLayer },
});

const SIMULATED: Record<ImportProvider, SimulatedProvider> = {
  FLEETIO: 'fleetio',
  SAILPOINT: 'sailpoint',
  COMMERCE_LAYER: 'commercelayer',
};

/** How each provider's message describes its ids (src/providers/<vendor>/ids.ts). */
const SHAPE: Record<ImportProvider, string> = {
  FLEETIO: 'Fleetio import ids are 1 to 15 digits, e.g. 31007.',
  SAILPOINT:
    'SailPoint import job ids are letters, digits and dashes (at most 64), e.g. 4fb10503-1c49-4603-8f8d-886e1f6aa47b.',
  COMMERCE_LAYER: 'Commerce Layer import ids are letters and digits (at most 64), e.g. XAyRWNUzyN.',
};

/** Vendor ids no provider issues; the overlong one is of the right characters, one too many. */
function forgedIds(provider: ImportProvider): string[] {
  const overlong = provider === 'FLEETIO' ? '1'.repeat(16) : 'a'.repeat(65);
  return ['.', '..', 'a/b', '', overlong, ...(provider === 'FLEETIO' ? ['abc'] : [])];
}

const globalId = (provider: ImportProvider, providerId: string) =>
  encodeImportId({ provider, providerId, createdAt: new Date(Date.UTC(2026, 0, 5, 9)) });

/** What the caller is told about a global id carrying `providerId`. */
function refusal(provider: ImportProvider, providerId: string): RegExp | string {
  // An empty vendor id is no global id at all: decoding refuses it before any provider is asked.
  if (providerId === '') return /is not an id this API issued/;
  const noun = provider === 'SAILPOINT' ? 'import job id' : 'import id';
  const label = SHAPE[provider].split(` ${noun}s`)[0]!;
  const shown = JSON.stringify(providerId.length > 40 ? `${providerId.slice(0, 40)}…` : providerId);
  return `This id was not issued by this API: it names ${label} ${noun} ${shown}, and ${SHAPE[provider]}`;
}

const expectMessage = (message: string | undefined, expected: RegExp | string) =>
  typeof expected === 'string' ? expect(message).toBe(expected) : expect(message).toMatch(expected);

let proxies: Record<SimulatedProvider, RecordingProxy>;
let instance: RunningGateway;
const graphql = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) =>
  postGraphql<T>(instance.url, query, variables);

beforeAll(async () => {
  const started = await Promise.all(
    (['fleetio', 'sailpoint', 'commercelayer'] as const).map(
      async (provider) => [provider, await startRecordingProxy(gateway.simulators[provider].url)] as const,
    ),
  );
  proxies = Object.fromEntries(started) as Record<SimulatedProvider, RecordingProxy>;
  instance = await gateway.startInstance({
    configure: (config) => ({
      ...config,
      fleetio: config.fleetio && { ...config.fleetio, baseUrl: `${proxies.fleetio.url}/api` },
      sailpoint: config.sailpoint && { ...config.sailpoint, baseUrl: proxies.sailpoint.url },
      commerceLayer: config.commerceLayer && {
        ...config.commerceLayer,
        baseUrl: proxies.commercelayer.url,
        authUrl: proxies.commercelayer.url,
      },
    }),
  });
  const jobs = await gateway.control<unknown[]>('sailpoint', 'GET', '/__sim/imports');
  await registerSailpointJobs(instance.store, jobs, Date.now());
});
afterAll(async () => {
  await instance?.close();
  await Promise.all(Object.values(proxies ?? {}).map((proxy) => proxy.close()));
});

beforeEach(async () => {
  await gateway.resetStats();
  for (const proxy of Object.values(proxies)) proxy.seen.length = 0;
});

/** Neither a simulator route nor a proxy saw a request since the test began. */
async function expectNoVendorRequest(): Promise<void> {
  expect(await gateway.stats()).toEqual({ fleetio: {}, sailpoint: {}, commercelayer: {} });
  const seen = Object.values(proxies).flatMap((proxy) =>
    proxy.seen.map(({ method, path }) => `${method} ${path}`),
  );
  expect(seen).toEqual([]);
}

type Refused = GraphQLResponse<Record<string, unknown>>;
const firstError = (response: Refused) => response.errors?.[0];

describe.each(['FLEETIO', 'SAILPOINT', 'COMMERCE_LAYER'] as const)('forged %s ids', (provider) => {
  const ids = forgedIds(provider);

  it.each([
    ['import', 'query ($id: ID!) { import(id: $id) { id } }'],
    ['node', 'query ($id: ID!) { node(id: $id) { id } }'],
    ['nodes', 'query ($id: ID!) { nodes(ids: [$id]) { id } }'],
  ])('%s: BAD_USER_INPUT, no vendor request', async (_field, query) => {
    for (const providerId of ids) {
      const response = await graphql(query, { id: globalId(provider, providerId) });
      expect(response.errors, providerId).toHaveLength(1);
      expect(firstError(response)?.extensions?.code, providerId).toBe('BAD_USER_INPUT');
      expectMessage(firstError(response)?.message, refusal(provider, providerId));
    }
    await expectNoVendorRequest();
  });

  it.each(['interruptImport', 'deleteImport'])(
    '%s: a BAD_USER_INPUT userError, no vendor request',
    async (field) => {
      for (const providerId of ids) {
        const response = await graphql<
          Record<string, { userErrors: { field: string[]; code: string; message: string }[] }>
        >(`mutation ($id: ID!) { ${field}(input: { id: $id }) { userErrors { field code message } } }`, {
          id: globalId(provider, providerId),
        });
        expect(response.errors, providerId).toBeUndefined();
        const [problem, ...more] = response.data![field]!.userErrors;
        expect(more).toEqual([]);
        expect(problem).toMatchObject({ field: ['input', 'id'], code: 'BAD_USER_INPUT' });
        expectMessage(problem!.message, refusal(provider, providerId));
      }
      await expectNoVendorRequest();
    },
  );

  it('trackImport: refused before any vendor request (UNSUPPORTED_OPERATION where it cannot track)', async () => {
    for (const providerId of ids) {
      const response = await graphql<{
        trackImport: { userErrors: { field: string[]; code: string; message: string }[] };
      }>(
        'mutation ($provider: ImportProvider!, $providerId: String!) { trackImport(input: { provider: $provider, providerId: $providerId }) { import { id } userErrors { field code message } } }',
        { provider, providerId },
      );
      const [problem, ...more] = response.data!.trackImport.userErrors;
      expect(more).toEqual([]);
      if (provider !== 'SAILPOINT') {
        expect(problem).toMatchObject({ field: ['input', 'provider'], code: 'UNSUPPORTED_OPERATION' });
        continue;
      }
      const shown = JSON.stringify(providerId.length > 40 ? `${providerId.slice(0, 40)}…` : providerId);
      expect(problem).toEqual({
        field: ['input', 'providerId'],
        code: 'BAD_USER_INPUT',
        message: `${shown} is not a SailPoint import job id: ${SHAPE.SAILPOINT}`,
      });
    }
    await expectNoVendorRequest();
  });

  it('importUpdated over WebSocket: ends with BAD_USER_INPUT, no vendor request', async () => {
    const client = wsClient(instance.url);
    try {
      for (const providerId of ids) {
        const updates = subscribeWs(client, IMPORT_UPDATED, { id: globalId(provider, providerId) });
        await updates.untilCompleted();
        expect(updates.failure, providerId).toBeUndefined();
        expect(updates.results).toHaveLength(1);
        const error = updates.results[0]!.errors?.[0];
        expect(error?.extensions?.code, providerId).toBe('BAD_USER_INPUT');
        expectMessage(error?.message, refusal(provider, providerId));
      }
    } finally {
      await client.dispose();
    }
    await expectNoVendorRequest();
  });
});

describe('ids of the right shape', () => {
  it("still reach the vendors through the proxies, and every simulated id has its provider's shape", async () => {
    const listed = await graphql<{
      imports: { nodes: { id: string; provider: ImportProvider; providerId: string }[] };
    }>('{ imports(first: 100) { nodes { id provider providerId } } }');
    const nodes = listed.data!.imports.nodes;
    expect(new Set(nodes.map((node) => node.provider))).toEqual(
      new Set(['FLEETIO', 'SAILPOINT', 'COMMERCE_LAYER']),
    );
    for (const node of nodes) {
      expect(instance.providers.get(node.provider)!.ids.accepts(node.providerId), node.providerId).toBe(true);
    }
    for (const provider of ['FLEETIO', 'COMMERCE_LAYER'] as const) {
      const node = nodes.find((candidate) => candidate.provider === provider)!;
      for (const proxy of Object.values(proxies)) proxy.seen.length = 0;
      const found = await graphql<{ import: { providerId: string } }>(
        'query ($id: ID!) { import(id: $id) { providerId } }',
        {
          id: node.id,
        },
      );
      expect(found.data?.import.providerId).toBe(node.providerId);
      expect(proxies[SIMULATED[provider]].seen.length).toBeGreaterThan(0);
    }
    const job = nodes.find((candidate) => candidate.provider === 'SAILPOINT')!;
    proxies.sailpoint.seen.length = 0;
    const tracked = await graphql<{ trackImport: { import: { providerId: string } | null } }>(
      'mutation ($id: String!) { trackImport(input: { provider: SAILPOINT, providerId: $id }) { import { providerId } } }',
      { id: ` ${job.providerId} ` },
    );
    expect(tracked.data?.trackImport.import?.providerId).toBe(job.providerId);
    expect(proxies.sailpoint.seen.map(({ path }) => path)).toContain(
      `/v2025/sp-config/import/${job.providerId}`,
    );
  });
});

describe('webhooks', () => {
  it("refuses a signed delivery naming an import by an id off its provider's format (400)", async () => {
    const body = JSON.stringify({
      data: {
        id: '..',
        type: 'imports',
        attributes: {
          status: 'completed',
          resource_type: 'skus',
          format: 'json',
          created_at: '2026-01-05T09:00:00.000Z',
          updated_at: '2026-01-05T09:01:00.000Z',
          started_at: '2026-01-05T09:00:05.000Z',
          completed_at: '2026-01-05T09:01:00.000Z',
          interrupted_at: null,
          inputs_size: 3,
          processed_count: 3,
          errors_count: 0,
          warnings_count: 0,
        },
      },
    });
    const response = await fetch(`${instance.url}/webhooks/commercelayer`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-commercelayer-topic': 'imports.complete',
        'x-commercelayer-signature': createHmac('sha256', WEBHOOK_SECRETS.commerceLayer)
          .update(body)
          .digest('base64'),
      },
      body,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      message: `".." is not a Commerce Layer import id: ${SHAPE.COMMERCE_LAYER}`,
    });
    await expectNoVendorRequest();
  });
});
