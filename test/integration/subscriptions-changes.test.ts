import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import {
  addCommerceLayerImport,
  IMPORT_UPDATED,
  IMPORTS_CHANGED,
  subscribeWs,
  wsClient,
  type ChangeView,
  type ImportView,
} from '../support/live-clients.ts';
import { created } from './mutations.ts';

const SECRET = 'cl-webhook-secret-for-change-tests';

/**
 * importsChanged polls every 40 ms; a watched import only once a minute, so what ends an
 * importUpdated within a test is not a poll.
 */
const gateway = useGateway({
  providers: ['commercelayer'],
  imports: 5,
  env: { COMMERCELAYER_WEBHOOK_SECRET: SECRET },
  gateway: { live: { activePollMs: 60_000, idlePollMs: 60_000, changePollMs: 40, maxBackoffMs: 200 } },
});

let client: ReturnType<typeof wsClient>;
beforeAll(() => {
  client = wsClient(gateway.url);
});
afterAll(async () => {
  await client.dispose();
});

const changesOf = (changes: { data: { importsChanged: ChangeView }[] }, providerId: string) =>
  changes.data
    .map((data) => data.importsChanged)
    .filter((change) => change.import.providerId === providerId)
    .map((change) => [change.kind, change.previousStatus, change.import.status]);

function watchChanges() {
  return subscribeWs<{ importsChanged: ChangeView }>(client, IMPORTS_CHANGED, {
    filter: { providers: ['COMMERCE_LAYER'] },
  });
}

describe('deleteImport', () => {
  it('announces DELETED with the previous status, and ends importUpdated with NOT_FOUND', async () => {
    const changes = watchChanges();
    const [item] = await created(gateway, {
      provider: 'COMMERCE_LAYER',
      resourceType: 'skus',
      inputs: [{ code: 'DELETE-ME-1', name: 'ok' }],
    });
    await changes.until((s) => changesOf(s, item!.providerId).length === 1);
    const updates = subscribeWs<{ importUpdated: ImportView }>(client, IMPORT_UPDATED, { id: item!.id });
    await updates.until((s) => s.results.length === 1);
    expect(updates.data[0]!.importUpdated.status).toBe('PENDING');

    const deleted = await gateway.graphql<{ deleteImport: { deletedId: string | null } }>(
      'mutation ($id: ID!) { deleteImport(input: { id: $id }) { deletedId } }',
      { id: item!.id },
    );
    expect(deleted.data!.deleteImport.deletedId).toBe(item!.id);

    await changes.until((s) => changesOf(s, item!.providerId).length === 2, 3_000);
    expect(changesOf(changes, item!.providerId)).toEqual([
      ['CREATED', null, 'PENDING'],
      ['DELETED', 'PENDING', 'PENDING'],
    ]);
    await updates.untilCompleted(3_000);
    expect(updates.failure).toBeUndefined();
    expect(updates.results).toHaveLength(2);
    expect(updates.results[1]!.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    changes.cancel();
  });
});

describe('an import a webhook shows before the change poll could look', () => {
  it('is CREATED, not UPDATED', async () => {
    // A new instance (its own DATA_DIR), whose change poll has never looked at Commerce Layer.
    const instance = await gateway.startInstance();
    const fresh = wsClient(instance.url);
    // The vendor now fails every request: the change poll cannot read anything...
    await gateway.control('commercelayer', 'PUT', '/__sim/faults', { errorRate: 1, errorStatus: 500 });
    try {
      const changes = subscribeWs<{ importsChanged: ChangeView }>(fresh, IMPORTS_CHANGED, {
        filter: { providers: ['COMMERCE_LAYER'] },
      });
      const { providerId } = await addCommerceLayerImport(gateway, 5);
      const all = await gateway.control<{ id: string }[]>('commercelayer', 'GET', '/__sim/imports');
      const body = JSON.stringify({ data: all.find((resource) => resource.id === providerId) });
      // ...but the creation webhook still arrives.
      const response = await fetch(`${instance.url}/webhooks/commercelayer`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-commercelayer-topic': 'imports.create',
          'x-commercelayer-signature': createHmac('sha256', SECRET).update(body).digest('base64'),
        },
        body,
      });
      expect(response.status).toBe(200);
      await changes.until((s) => changesOf(s, providerId).length === 1, 3_000);
      expect(changesOf(changes, providerId)).toEqual([['CREATED', null, 'PENDING']]);
    } finally {
      await gateway.control('commercelayer', 'DELETE', '/__sim/faults');
      await fresh.dispose();
    }
  });
});
