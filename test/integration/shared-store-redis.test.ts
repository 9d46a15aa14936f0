import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/gateway.ts';
import { postGraphql, useGateway, type GraphQLResponse } from '../support/gateway.ts';
import { spawnGateway, type GatewayProcess } from '../support/gateway-process.ts';
import { deleteKeys, testKeyPrefix, testRedisUrl } from '../support/redis.ts';
import {
  advance,
  CREATE_IMPORT,
  created,
  IMPORT_FIELDS,
  type CreatePayload,
  transformDocument,
  type ImportView,
} from './mutations.ts';

const redisUrl = await testRedisUrl();
const prefix = testKeyPrefix();

/** Instance A; B (in this process) and C (a child process) join it on the same Redis. */
const gateway = useGateway({
  providers: ['commercelayer', 'sailpoint'],
  imports: 3,
  env: redisUrl ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix } : {},
});

const SAILPOINT_DOCUMENT = transformDocument('c3d1f3a0', 'Upper Email');

const READ = `query ($id: ID!) { import(id: $id) { ${IMPORT_FIELDS} } }`;
const LIST = `query ($filter: ImportFilter) { imports(first: 100, filter: $filter) { nodes { ${IMPORT_FIELDS} } } }`;
const TRACK = `mutation ($providerId: String!) { trackImport(input: { provider: SAILPOINT, providerId: $providerId }) {
  import { ${IMPORT_FIELDS} } userErrors { field message code } } }`;
const INTERRUPT = `mutation ($id: ID!) { interruptImport(input: { id: $id }) {
  import { ${IMPORT_FIELDS} } userErrors { field message code } } }`;

function answered<T>(response: GraphQLResponse<T>): T {
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data!;
}

const listedAt = async (url: string, filter: Record<string, unknown>) =>
  answered(await postGraphql<{ imports: { nodes: ImportView[] } }>(url, LIST, { filter })).imports.nodes;

const createAt = async (url: string, input: Record<string, unknown>) =>
  answered(await postGraphql<CreatePayload>(url, CREATE_IMPORT, { input })).createImport;

async function vendorCalls(vendor: 'sailpoint' | 'commercelayer', route: string): Promise<number> {
  return (await gateway.stats())[vendor][route] ?? 0;
}

describe.skipIf(!redisUrl)(
  'instances sharing the registry, idempotency keys and import facts in Redis',
  () => {
    let instanceB: RunningGateway;
    const dirs: string[] = [];
    const children: GatewayProcess[] = [];

    beforeAll(async () => {
      instanceB = await gateway.startInstance();
    });
    afterAll(async () => {
      await Promise.all(children.map((child) => child.kill()));
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      await deleteKeys(redisUrl!, prefix);
    });

    it('lists and finds on B a SailPoint job created through A, and serves A what B read of it', async () => {
      const [job] = await created(gateway, { provider: 'SAILPOINT', document: SAILPOINT_DOCUMENT });
      const onB = await listedAt(instanceB.url, { providers: ['SAILPOINT'] });
      expect(onB.map((item) => item.id)).toContain(job!.id);
      expect(
        answered(await postGraphql<{ import: ImportView }>(instanceB.url, READ, { id: job!.id })).import,
      ).toEqual(job);
      // The jobs registered at A's start are B's as well.
      expect(onB.length).toBeGreaterThan(1);

      await advance(gateway, 5 * 60_000);
      const tracked = answered(
        await postGraphql<{ trackImport: { import: ImportView } }>(instanceB.url, TRACK, {
          providerId: job!.providerId,
        }),
      ).trackImport.import;
      expect(tracked).toMatchObject({ id: job!.id, terminal: true });
      await gateway.resetStats();
      // A answers what B just read, from the shared registry, without asking SailPoint.
      expect(answered(await gateway.graphql<{ import: ImportView }>(READ, { id: job!.id })).import).toEqual(
        tracked,
      );
      expect(await vendorCalls('sailpoint', 'GET /v2025/sp-config/import/{id}')).toBe(0);
    });

    it('answers a creation retried on B with what A created under the key, for either vendor', async () => {
      await gateway.resetStats();
      const commerce = {
        provider: 'COMMERCE_LAYER',
        resourceType: 'skus',
        inputs: [{ code: 'SHARED-1' }],
        idempotencyKey: 'shared-retry-cl',
      };
      const first = await createAt(gateway.url, commerce);
      const retried = await createAt(instanceB.url, commerce);
      expect(retried.userErrors).toEqual([]);
      expect(retried.import!.id).toBe(first.import!.id);
      expect(await vendorCalls('commercelayer', 'POST /api/imports')).toBe(1);
      // The key keeps its first request on every instance.
      const reused = await createAt(instanceB.url, { ...commerce, inputs: [{ code: 'OTHER' }] });
      expect(reused.userErrors).toEqual([expect.objectContaining({ code: 'BAD_USER_INPUT' })]);

      const sailpoint = {
        provider: 'SAILPOINT',
        document: SAILPOINT_DOCUMENT,
        idempotencyKey: 'shared-retry-sp',
      };
      const job = await createAt(gateway.url, sailpoint);
      expect((await createAt(instanceB.url, sailpoint)).import!.id).toBe(job.import!.id);
      expect(await vendorCalls('sailpoint', 'POST /v2025/sp-config/import')).toBe(1);
    });

    it('shows on B as CANCELLED an import A interrupted', async () => {
      const [item] = await created(gateway, {
        provider: 'COMMERCE_LAYER',
        resourceType: 'skus',
        inputs: Array.from({ length: 50 }, (_, index) => ({ code: `CANCEL-${index}` })),
      });
      const interrupted = answered(
        await gateway.graphql<{ interruptImport: { import: ImportView } }>(INTERRUPT, { id: item!.id }),
      ).interruptImport.import;
      expect(interrupted).toMatchObject({ status: 'CANCELLED', providerStatus: 'interrupted' });
      const read = answered(await postGraphql<{ import: ImportView }>(instanceB.url, READ, { id: item!.id }));
      expect(read.import).toMatchObject({ status: 'CANCELLED' });
      const cancelled = await listedAt(instanceB.url, {
        providers: ['COMMERCE_LAYER'],
        statuses: ['CANCELLED'],
      });
      expect(cancelled.map((node) => node.id)).toContain(item!.id);
    });

    it('makes a retry that reaches another process mid-creation wait for the first call’s job', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gateway-test-'));
      dirs.push(dir);
      const instanceC = await spawnGateway({ env: { ...gateway.env, DATA_DIR: dir }, options: {} });
      children.push(instanceC);
      await gateway.resetStats();
      // SailPoint cannot be searched for an upload: a retry that saw the first call's part in flight
      // could only answer "may have been created". Waiting on the key's lock, it answers the job.
      await gateway.control('sailpoint', 'PUT', '/__sim/faults', { latencyMs: 400 });
      const input = {
        provider: 'SAILPOINT',
        document: SAILPOINT_DOCUMENT,
        idempotencyKey: 'two-processes-one-key',
      };
      try {
        const onA = createAt(gateway.url, input);
        await new Promise((resolve) => setTimeout(resolve, 150));
        const onC = await createAt(instanceC.url, input);
        expect(onC.userErrors).toEqual([]);
        expect(onC.import!.id).toBe((await onA).import!.id);
      } finally {
        await gateway.control('sailpoint', 'PUT', '/__sim/faults', { latencyMs: 0 });
      }
      expect(await vendorCalls('sailpoint', 'POST /v2025/sp-config/import')).toBe(1);
    });
  },
);
