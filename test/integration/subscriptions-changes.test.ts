import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.ts';
import {
  addCommerceLayerImport,
  IMPORTS_CHANGED,
  subscribeWs,
  wsClient,
  type ChangeView,
} from '../support/live-clients.ts';

const SECRET = 'cl-webhook-secret-for-change-tests';

/** importsChanged polls every 40 ms; a watched import only once a minute. */
const gateway = useGateway({
  providers: ['commercelayer'],
  imports: 5,
  env: { COMMERCELAYER_WEBHOOK_SECRET: SECRET },
  gateway: { live: { activePollMs: 60_000, idlePollMs: 60_000, changePollMs: 40, maxBackoffMs: 200 } },
});

const changesOf = (changes: { data: { importsChanged: ChangeView }[] }, providerId: string) =>
  changes.data
    .map((data) => data.importsChanged)
    .filter((change) => change.import.providerId === providerId)
    .map((change) => [change.kind, change.previousStatus, change.import.status]);

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
