import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeImportId } from '../../src/imports/global-id.ts';
import { useGateway } from '../support/gateway.ts';
import { WEBHOOK_SECRETS } from '../support/secrets.ts';
import {
  addCommerceLayerImport,
  advanceClock,
  IMPORT_UPDATED,
  IMPORTS_CHANGED,
  subscribeWs,
  wsClient,
  type ChangeView,
  type ImportView,
} from '../support/live-clients.ts';
import { waitFor } from '../support/wait.ts';

const CL_SECRET = WEBHOOK_SECRETS.commerceLayer;
const FLEETIO_SECRET = WEBHOOK_SECRETS.fleetio;

/** Polls once a minute: whatever subscribers see within a test came from a webhook. */
const gateway = useGateway({
  providers: ['commercelayer', 'fleetio'],
  imports: 5,
  env: { COMMERCELAYER_WEBHOOK_SECRET: CL_SECRET, FLEETIO_WEBHOOK_SECRET: FLEETIO_SECRET },
  gateway: { live: { activePollMs: 60_000, idlePollMs: 60_000, changePollMs: 60_000 } },
});

const client = (() => {
  let created: ReturnType<typeof wsClient> | undefined;
  return () => (created ??= wsClient(gateway.url));
})();

beforeAll(async () => {
  await gateway.control('commercelayer', 'PUT', '/__sim/webhooks', {
    url: `${gateway.url}/webhooks/commercelayer`,
    secret: CL_SECRET,
  });
  await gateway.control('fleetio', 'PUT', '/__sim/webhooks', {
    url: `${gateway.url}/webhooks/fleetio`,
    secret: FLEETIO_SECRET,
  });
});
afterAll(async () => {
  await client().dispose();
});

async function postWebhook(path: string, body: string, headers: Record<string, string>) {
  const response = await fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return response.status;
}

const signCl = (body: string, secret: string = CL_SECRET) =>
  createHmac('sha256', secret).update(body).digest('base64');

async function clResource(providerId: string): Promise<unknown> {
  const all = await gateway.control<{ id: string }[]>('commercelayer', 'GET', '/__sim/imports');
  return all.find((resource) => resource.id === providerId);
}

const listRequests = async () => (await gateway.stats()).commercelayer['GET /api/imports'] ?? 0;

describe('vendor webhooks', () => {
  it('brings a signed Commerce Layer webhook to subscribers without waiting for a poll', async () => {
    const { id } = await addCommerceLayerImport(gateway);
    const updates = subscribeWs<{ importUpdated: ImportView }>(client(), IMPORT_UPDATED, { id });
    await updates.until((s) => s.results.length === 1);
    const polls = await listRequests();

    // Polls are a minute apart: within these 3 s waits, only a webhook can bring the news.
    await advanceClock(gateway, 10_000); // past the start delay: the simulator sends imports.start
    await updates.until((s) => s.data.some((data) => data.importUpdated.status === 'RUNNING'), 3_000);
    await advanceClock(gateway, 60_000); // imports.complete
    await updates.untilCompleted(3_000);

    expect(updates.data.map((data) => data.importUpdated.status)).toEqual([
      'PENDING',
      'RUNNING',
      'SUCCEEDED',
    ]);
    expect(await listRequests()).toBe(polls);
  });

  it('refuses forged and unsigned webhooks with 401 and publishes nothing; a malformed body is 400', async () => {
    const { id, providerId } = await addCommerceLayerImport(gateway);
    const updates = subscribeWs<{ importUpdated: ImportView }>(client(), IMPORT_UPDATED, { id });
    await updates.until((s) => s.results.length === 1);

    const resource = (await clResource(providerId)) as { attributes: Record<string, unknown> };
    const forged = JSON.stringify({
      data: {
        ...resource,
        attributes: {
          ...resource.attributes,
          status: 'completed',
          updated_at: new Date(Date.now() + 86_400_000).toISOString(),
        },
      },
    });
    const topic = { 'X-CommerceLayer-Topic': 'imports.complete' };
    expect(
      await postWebhook('/webhooks/commercelayer', forged, {
        ...topic,
        'X-CommerceLayer-Signature': signCl(forged, WEBHOOK_SECRETS.other),
      }),
    ).toBe(401);
    expect(await postWebhook('/webhooks/commercelayer', forged, topic)).toBe(401);
    expect(
      await postWebhook('/webhooks/commercelayer', forged, {
        ...topic,
        'X-CommerceLayer-Signature': 'not base64!',
      }),
    ).toBe(401);
    expect(
      await postWebhook('/webhooks/fleetio', '{"event":"import_completed","payload":{"id":1}}', {
        'X-Fleetio-Webhook-Signature': '00'.repeat(32),
      }),
    ).toBe(401);
    const malformed = '{"data": {"id": "x"}}';
    expect(
      await postWebhook('/webhooks/commercelayer', malformed, {
        ...topic,
        'X-CommerceLayer-Signature': signCl(malformed),
      }),
    ).toBe(400);
    expect(
      await postWebhook('/webhooks/commercelayer', 'not json', {
        ...topic,
        'X-CommerceLayer-Signature': signCl('not json'),
      }),
    ).toBe(400);

    // Nothing reached the subscriber: the next event it sees is the real start.
    await advanceClock(gateway, 10_000);
    await updates.until((s) => s.results.length === 2, 3_000);
    expect(updates.data.map((data) => data.importUpdated.status)).toEqual(['PENDING', 'RUNNING']);
    updates.cancel();
  });

  it('announces nothing twice for a webhook that comes again or late', async () => {
    const before = await listRequests();
    const changes = subscribeWs<{ importsChanged: ChangeView }>(client(), IMPORTS_CHANGED, {
      filter: { providers: ['COMMERCE_LAYER'] },
    });
    // Its change poll reading once means the subscription is live.
    await waitFor('the change poll to read', async () => (await listRequests()) > before);

    const { providerId } = await addCommerceLayerImport(gateway);
    const pending = JSON.stringify({ data: await clResource(providerId) });
    await advanceClock(gateway, 120_000);
    const mine = () => changes.data.filter((data) => data.importsChanged.import.providerId === providerId);
    await changes.until(
      () => mine().some((data) => data.importsChanged.import.status === 'SUCCEEDED'),
      3_000,
    );
    const final = JSON.stringify({ data: await clResource(providerId) });

    // The complete webhook once more, then the creation one, late.
    expect(
      await postWebhook('/webhooks/commercelayer', final, {
        'X-CommerceLayer-Topic': 'imports.complete',
        'X-CommerceLayer-Signature': signCl(final),
      }),
    ).toBe(200);
    expect(
      await postWebhook('/webhooks/commercelayer', pending, {
        'X-CommerceLayer-Topic': 'imports.create',
        'X-CommerceLayer-Signature': signCl(pending),
      }),
    ).toBe(200);
    // A marker after them: once it is seen, anything the replays caused would have been seen too.
    const marker = await addCommerceLayerImport(gateway);
    await changes.until(
      () => changes.data.some((data) => data.importsChanged.import.providerId === marker.providerId),
      3_000,
    );

    expect(
      mine().map(({ importsChanged: change }) => [change.kind, change.previousStatus, change.import.status]),
    ).toEqual([
      ['CREATED', null, 'PENDING'],
      ['UPDATED', 'PENDING', 'RUNNING'],
      ['UPDATED', 'RUNNING', 'SUCCEEDED'],
    ]);
    changes.cancel();
  });

  it("an import the gateway interrupted stays CANCELLED through the vendor's interrupt webhook", async () => {
    const before = await listRequests();
    const changes = subscribeWs<{ importsChanged: ChangeView }>(client(), IMPORTS_CHANGED, {
      filter: { providers: ['COMMERCE_LAYER'] },
    });
    await waitFor('the change poll to read', async () => (await listRequests()) > before);
    const { id, providerId } = await addCommerceLayerImport(gateway);
    const mine = () => changes.data.filter((data) => data.importsChanged.import.providerId === providerId);
    await changes.until(() => mine().length > 0, 3_000);

    const interrupted = await gateway.graphql<{ interruptImport: { import: { status: string } } }>(
      `mutation ($id: ID!) { interruptImport(input: { id: $id }) { import { status } } }`,
      { id },
    );
    expect(interrupted.data!.interruptImport.import.status).toBe('CANCELLED');
    // The simulator sends imports.interrupt; a marker after it shows what it caused.
    const marker = await addCommerceLayerImport(gateway);
    await changes.until(
      () => changes.data.some((data) => data.importsChanged.import.providerId === marker.providerId),
      3_000,
    );
    await waitFor('the webhook to be read', () =>
      mine().some((data) => data.importsChanged.import.status !== 'PENDING'),
    );
    expect(mine().map(({ importsChanged: change }) => change.import.status)).toEqual([
      'PENDING',
      'CANCELLED',
    ]);
    changes.cancel();
  });

  it('reads a Fleetio import again on its import_completed webhook', async () => {
    const added = await gateway.control<{ id: number; created_at: string }>(
      'fleetio',
      'POST',
      '/__sim/imports',
      {
        status: 'processing',
      },
    );
    const id = encodeImportId({
      provider: 'FLEETIO',
      providerId: String(added.id),
      createdAt: new Date(added.created_at),
    });
    const updates = subscribeWs<{ importUpdated: ImportView }>(client(), IMPORT_UPDATED, { id });
    await updates.until((s) => s.results.length === 1);
    expect(updates.data[0]!.importUpdated.status).toBe('RUNNING');

    await advanceClock(gateway, 300_000);
    await updates.untilCompleted(3_000);
    expect(updates.data.at(-1)!.importUpdated.terminal).toBe(true);
  });
});
